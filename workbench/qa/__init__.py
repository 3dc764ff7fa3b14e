"""zh→en QA checks: pure functions from (source, target, glossary matcher) to a list of Issues.

A small registry (like sacrebleu's metrics): SEGMENT_CHECKS run on one segment, in well under a
millisecond with the seed glossary, so the review UI can run them as the reviewer types;
`check_document` adds the document-level checks (consistency, length ratio).
"""

from __future__ import annotations

from typing import Callable

from workbench.glossary.terms import Hit, Matcher
from workbench.qa.base import SEVERITIES, Issue, severity_rank
from workbench.qa.document import check_consistency, check_length, for_positions
from workbench.qa.markup import check_markup
from workbench.qa.numbers import check_numbers
from workbench.qa.terms import check_terms
from workbench.qa.text import check_punctuation, check_untranslated
from workbench.rows import current_text

SegmentCheck = Callable[[str, str, list[Hit]], list[Issue]]

SEGMENT_CHECKS: dict[str, SegmentCheck] = {
    "untranslated": check_untranslated,
    "terminology": check_terms,
    "numbers": check_numbers,
    "punctuation": check_punctuation,
    "markup": check_markup,
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


def check_document(rows: list[dict], matcher: Matcher | None, *, corpus: list[dict] = ()) -> dict[int, list[Issue]]:
    """Issues per segment position for rows as from `storage.segments.for_document`: every position
    with a current text is a key (clean ones with an empty list). Adds the document-level checks:
    consistency (with `corpus` rows from other documents — document_id, position, source, text — too)
    and length ratio."""
    out: dict[int, list[Issue]] = {}
    texts = []
    for row in rows:
        text = current_text(row)
        if text is None:
            continue
        out[row["position"]] = check_segment(row["source"], text, matcher)
        texts.append((row["position"], row["source"], text))
    others = [(str(r["document_id"]), r["position"], r["source"], r["text"]) for r in corpus]
    for found in (check_consistency(texts, others), check_length(texts)):
        for position, issues in found.items():
            out[position] = sorted(out[position] + issues, key=lambda i: (i.span, severity_rank(i.severity)))
    return out


__all__ = ["Issue", "SEVERITIES", "SEGMENT_CHECKS", "check_segment", "check_document", "for_positions"]
