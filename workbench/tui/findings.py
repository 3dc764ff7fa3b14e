"""Risk and alternative drafts as display text: the list's risk marker and top reason, the pane's risk
line, the marks on the source and target, and an alternative with the words where it differs from the
draft marked. Generic over the risk signals: whatever findings a segment has, their reasons and spans
are shown, so a new signal needs nothing here.

Like text.py, everything is rich.text.Text built from visible text (never markup, no control characters).
"""

from __future__ import annotations

import difflib
import re

from rich.text import Text

from workbench.display import visible
from workbench.risk import SegmentRisk

# The risk meter: one cell, its height the risk (0–1), its colour the level.
METER = "▁▂▃▄▅▆▇█"
LEVELS = ((0.6, "high", "bold red"), (0.3, "medium", "yellow"), (0.0, "low", "green"))
STALE_STYLE = "dim"

# Marks in the segment pane (the help's legend names them).
UNCOVERED_STYLE = "black on yellow"  # source words a signal found no English for (coverage)
TARGET_MARK_STYLE = "underline red"  # where in the current text a signal found the problem
DIFF_STYLE = "bold reverse cyan"  # words of an alternative that the draft does not have
DROPPED_MARK = "‸"  # where an alternative leaves out words the draft has

# Signals whose reasons are the QA issues the pane already lists in full: named, not repeated.
SHOWN_AS_QA = {"rule_qa"}


def level(value: float) -> tuple[str, str]:
    """("high" | "medium" | "low", its style)."""
    for floor, name, style in LEVELS:
        if value >= floor:
            return name, style
    return LEVELS[-1][1], LEVELS[-1][2]


def meter(value: float) -> str:
    return METER[min(len(METER) - 1, max(0, int(value * len(METER))))]


def risk_marker(found: SegmentRisk | None, stale: bool = False) -> tuple[str, str]:
    """The list's one-cell risk marker: blank until known or with no text to judge."""
    if found is None or found.risk is None:
        return (" ", "")
    return meter(found.risk), STALE_STYLE if stale else level(found.risk)[1]


def top_reason(found: SegmentRisk | None) -> tuple[str, str]:
    """The most important reason, in words, for the list (empty when there is none)."""
    if found is None or found.risk is None or not found.reasons:
        return ("", "")
    return visible(found.reasons[0]), {"high": "red", "medium": "yellow"}.get(level(found.risk)[0], "dim")


def risk_text(found: SegmentRisk | None, *, known: bool, stale: bool = False, error: str | None = None,
              editing: bool = False) -> Text:
    """The pane's risk line: meter, level, percentage and the reasons (QA issues not repeated). While
    the editor is open it is the risk of the saved text (the QA issues above are of the text typed)."""
    if error is not None:
        return Text("Risk: could not be computed (" + visible(error) + ")", "red")
    if not known:
        return Text("Risk: being computed…", "dim")
    if found is None or found.risk is None:
        return Text("Risk: nothing to judge yet (no English)", "dim")
    name, style = level(found.risk)
    text = Text("Risk of the saved text " if editing else "Risk ", "bold")
    text.append(f"{meter(found.risk)} {name} {found.risk:.0%}", STALE_STYLE if stale else style)
    if stale:
        text.append(" (of the text before your change; updating…)", "dim")
    reasons = _reasons(found, repeat_qa=editing)  # while editing, the QA above is of the text typed
    if reasons:
        text.append(": ")
        text.append("; ".join(reasons))
    return text


def _reasons(found: SegmentRisk, repeat_qa: bool = False) -> list[str]:
    by_reason = {f.reason: f.signal for f in found.findings if f.reason}
    out = []
    for reason in found.reasons:
        as_qa = by_reason.get(reason) in SHOWN_AS_QA and not repeat_qa
        shown = "the QA issues above" if as_qa else visible(reason)
        if shown not in out:
            out.append(shown)
    return out


def spans(found: SegmentRisk | None, side: str) -> list[tuple[int, int]]:
    """Every finding's spans on one side ("source" or "target")."""
    if found is None:
        return []
    return [span for f in found.findings for span in getattr(f, f"{side}_spans")]


def stylize_spans(text: Text, marks: list[tuple[int, int]], style: str) -> Text:
    """Style the spans of `text` (spans outside it are cut to it; empty ones ignored)."""
    n = len(text.plain)
    for start, end in marks:
        start, end = max(0, start), min(n, end)
        if start < end:
            text.stylize(style, start, end)
    return text


_WORD = re.compile(r"\w+|[^\w\s]")


def word_diff(base: str, other: str) -> Text:
    """`other` with its words that `base` does not have marked, and a caret where it leaves out words of
    `base` (difflib over words; spacing ignored)."""
    shown = visible(other)
    words = list(_WORD.finditer(shown))
    base_words = [m.group() for m in _WORD.finditer(visible(base))]
    text = Text()
    cut = 0
    matcher = difflib.SequenceMatcher(None, base_words, [m.group() for m in words], autojunk=False)
    for op, _, _, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        start = words[j1].start() if j1 < len(words) else len(shown)
        text.append(shown[cut:start])
        if op == "delete":
            text.append(DROPPED_MARK, "bold red")
            cut = start
            continue
        end = words[j2 - 1].end()
        text.append(shown[start:end], DIFF_STYLE)
        cut = end
    text.append(shown[cut:])
    return text


def alternatives_text(alternatives: list[dict], base: str | None) -> Text:
    """One line per alternative draft: number, engine/model, the text with its differences from `base`."""
    text = Text()
    for n, alt in enumerate(alternatives, 1):
        if n > 1:
            text.append("\n")
        label = alt["engine"] + (f" {alt['model']}" if alt.get("model") else "")
        text.append(f"Alt {n} ({visible(label)}): ", "dim")
        text.append(word_diff(base, alt["text"]) if base is not None else Text(visible(alt["text"])))
    return text
