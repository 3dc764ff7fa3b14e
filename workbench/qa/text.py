"""Checks on the target text itself: empty, copied source, Chinese left, punctuation for English."""

from __future__ import annotations

import re

from workbench.glossary import Hit
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
