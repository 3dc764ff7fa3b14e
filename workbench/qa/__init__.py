"""zh→en QA checks: pure functions from (source, target, glossary matcher) to a list of Issues.

A small registry (like sacrebleu's metrics): SEGMENT_CHECKS run on one segment, in well under a
millisecond with the seed glossary, so the review UI can run them as the reviewer types;
`check_document` adds the document-level checks (consistency, length ratio).
"""

from __future__ import annotations

from typing import Callable

from workbench.glossary import Hit, Matcher
from workbench.qa.base import SEVERITIES, Issue, severity_rank
from workbench.qa.numbers import check_numbers
from workbench.qa.terms import check_terms
from workbench.qa.text import check_untranslated

SegmentCheck = Callable[[str, str, list[Hit]], list[Issue]]

SEGMENT_CHECKS: dict[str, SegmentCheck] = {
    "untranslated": check_untranslated,
    "terminology": check_terms,
    "numbers": check_numbers,
}


def check_segment(source: str, target: str | None, matcher: Matcher | None) -> list[Issue]:
    """Every per-segment issue in `target` (None: not drafted yet, nothing to check)."""
    if target is None:
        return []
    hits = matcher.find(source) if matcher is not None else []
    issues: list[Issue] = []
    for check in SEGMENT_CHECKS.values():
        issues.extend(check(source, target, hits))
        if issues and issues[0].code in ("empty", "copied"):
            break  # nothing else is meaningful on an empty or copied target
    return sorted(issues, key=lambda i: (i.span, severity_rank(i.severity)))


def check_document(rows: list[dict], matcher: Matcher | None) -> dict[int, list[Issue]]:
    """Issues per segment position for rows as from `storage.segments.for_document` (every position
    with a current text is a key, clean ones with an empty list)."""
    from workbench.storage.segments import current_text

    out: dict[int, list[Issue]] = {}
    for row in rows:
        text = current_text(row)
        if text is None:
            continue
        out[row["position"]] = check_segment(row["source"], text, matcher)
    return out


__all__ = ["Issue", "SEVERITIES", "SEGMENT_CHECKS", "check_segment", "check_document"]
