"""zh→en QA checks: pure functions from (source, target, glossary matcher) to a list of Issues.

A small registry (like sacrebleu's metrics): SEGMENT_CHECKS run on one segment, in well under a
millisecond with the seed glossary, so the review UI can run them as the reviewer types;
`check_document` adds the document-level checks (consistency, length ratio).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from workbench.glossary.terms import Hit, Matcher
from workbench.qa.base import SEVERITIES, Issue, severity_rank
from workbench.qa.document import DocumentNorms, document_norms, for_positions
from workbench.qa.markup import check_markup
from workbench.qa.numbers import check_numbers
from workbench.qa.terms import check_terms
from workbench.qa.text import check_punctuation, check_untranslated
from workbench.rows import current_text

SegmentCheck = Callable[[str, str, list[Hit]], list[Issue]]

# The version of the checks: stored QA results (workbench.verify.refresh_stored_results) made under
# another version are computed again. Bump it whenever a check, a threshold or a message changes.
CHECKS_VERSION = 1

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


def check_document(rows: list[dict], matcher: Matcher | None, *, corpus: list[dict] = (),
                   known: dict[int, list[Issue]] | None = None) -> dict[int, list[Issue]]:
    """Issues per segment position for rows as from `storage.segments.for_document`: every position
    with a current text is a key (clean ones with an empty list). Adds the document-level checks:
    consistency (with `corpus` rows from other documents — document_id, position, source, text — too)
    and length ratio. `known`: per-segment issues found before (see check_rows)."""
    norms = document_norms(lambda: texts_of(rows), corpus_texts(corpus))
    return {row["position"]: issues for row, issues in check_rows(rows, matcher, norms, known)}


def texts_of(rows: Iterable[dict]) -> Iterator[tuple[int, str, str]]:
    """(position, source, current text) of the rows that have a text: what the document norms read."""
    for row in rows:
        text = current_text(row)
        if text is not None:
            yield row["position"], row["source"], text


def corpus_texts(corpus: Iterable[dict]) -> list[tuple[str, int, str, str]]:
    return [(str(r["document_id"]), r["position"], r["source"], r["text"]) for r in corpus]


def check_rows(rows: Iterable[dict], matcher: Matcher | None, norms: DocumentNorms,
               known: dict[int, list[Issue]] | None = None) -> Iterator[tuple[dict, list[Issue]]]:
    """(row, its issues) for each row with a current text, as the rows come: the per-segment checks and
    the document-level ones against `norms` (see `qa.document.document_norms`). `known`: per position,
    the per-segment issues found before for the row's current text (stored results), not checked again."""
    for row in rows:
        text = current_text(row)
        if text is None:
            continue
        found = known.get(row["position"]) if known else None
        issues = list(found) if found is not None else check_segment(row["source"], text, matcher)
        extra = norms.issues_at(row["position"], row["source"], text)
        yield row, sorted(issues + extra, key=lambda i: (i.span, severity_rank(i.severity))) if extra else issues


__all__ = ["CHECKS_VERSION", "Issue", "SEVERITIES", "SEGMENT_CHECKS", "DocumentNorms", "check_segment", "check_document", "check_rows",
           "corpus_texts", "document_norms", "for_positions", "texts_of"]
