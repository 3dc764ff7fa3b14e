"""Checks on the target text itself: empty, copied source, Chinese left, punctuation for English."""

from __future__ import annotations

import re

from workbench.glossary.terms import Hit
from workbench.qa.base import CJK, Issue


def check_untranslated(source: str, target: str, hits: list[Hit]) -> list[Issue]:
    if not target.strip():
        return [Issue("empty", "error", (0, 0), "the target is empty")]
    if target.strip() == source.strip() and CJK.search(source):
        return [Issue("copied", "error", (0, len(target)), "the target is the source copied unchanged")]
    kept = [r for h in hits for r in h.term.renderings() if CJK.search(r)]
    allowed: list[tuple[int, int]] = []
    for r in kept:
        allowed += [m.span() for m in re.finditer(re.escape(r), target)]
    issues = []
    for m in CJK.finditer(target):
        if any(a <= m.start() and m.end() <= b for a, b in allowed):
            continue
        issues.append(Issue("untranslated", "error", m.span(), f"Chinese left in the target: {m.group(0)!r}"))
    return issues


# Full-width marks with their English equivalents. “ ” ‘ ’ are not listed: they are the same code
# points as English typographic quotes, which good human translations use (WMT21: 295 of 1,948).
FULL_WIDTH = {
    "，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")", "、": ",",
    "【": "[", "】": "]", "《": "\"", "》": "\"", "「": "\"", "」": "\"", "『": "\"", "』": "\"", "〈": "<", "〉": ">",
    "～": "~", "…": "...",
}
_FULL_WIDTH_RE = re.compile("[" + "".join(k for k in FULL_WIDTH if k != "…") + "]+")
_PAIRS = (("(", ")", "（", "）"), ("[", "]", "【", "】"))

def check_punctuation(source: str, target: str, hits: list[Hit]) -> list[Issue]:
    """Full-width punctuation left in English; brackets/quotes the translation left unbalanced."""
    issues = []
    for m in _FULL_WIDTH_RE.finditer(target):
        if CJK.search(target[max(0, m.start() - 1):m.end() + 1]):
            continue  # beside Chinese the glossary kept (or that untranslated reports): not a punctuation slip
        english = "".join(FULL_WIDTH[c] for c in m.group(0))
        issues.append(Issue("punctuation-full-width", "error", m.span(),
                            f"full-width {m.group(0)!r} in English text: use {english!r}"))
    for open_en, close_en, open_zh, close_zh in _PAIRS:
        src_open = source.count(open_en) + (source.count(open_zh) if open_zh != open_en else 0)
        src_close = source.count(close_en) + (source.count(close_zh) if close_zh != close_en else 0)
        opened, closed = target.count(open_en), target.count(close_en)
        if opened != closed and src_open == src_close:
            at = target.rfind(open_en if opened > closed else close_en)
            issues.append(Issue("punctuation-unbalanced", "warning", (at, at + 1),
                                f"{opened} {open_en!r} but {closed} {close_en!r} in the target (the source is balanced)"))
    # Double quotes: curly and straight ones are both English; count them together, then direction.
    opened, closed, straight = target.count("“"), target.count("”"), target.count('"')
    src_total = source.count("“") + source.count("”") + source.count('"')
    if (opened + closed + straight) % 2 and src_total % 2 == 0:
        at = max(target.rfind("“"), target.rfind("”"), target.rfind('"'))
        issues.append(Issue("punctuation-unbalanced", "warning", (at, at + 1),
                            "an opening or closing quotation mark is missing in the target (the source is balanced)"))
    elif opened != closed and not straight and source.count("“") == source.count("”"):
        mark = "“" if opened > closed else "”"
        at = target.rfind(mark) if mark == "“" else target.find(mark)
        issues.append(Issue("punctuation-unbalanced", "warning", (at, at + 1),
                            f"{opened} “ but {closed} ” in the target: {mark!r} is turned the wrong way"))
    return issues
