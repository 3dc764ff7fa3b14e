"""Checking a document: the QA checks over every segment's current text (the reviewed target, else
the draft) with the document as context, as the `check` command, the overview and the report use it.

`qa` holds the pure checks (text in, issues out); this module reads what they need from the store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Iterator

from workbench import mqm, qa, risk
from workbench.errors import StoreError, WorkbenchError
from workbench.glossary import manage
from workbench.glossary.terms import Matcher
from workbench.mqm import Span
from workbench.positions import Positions, as_positions
from workbench.qa.base import severity_rank
from workbench.qa.document import length_issue, length_norm, length_ratio
from workbench.rows import SegmentRow, current_text, included
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
from workbench.storage import assessments as assess_store
from workbench.storage import documents as doc_store
from workbench.storage import qa as qa_store
from workbench.storage import segments as seg_store


@dataclass
class DocumentCheck:
    """The issues found in a document: `rows` are the segments asked about (all, or those at the
    positions given); `found` has a key for every checked position (clean ones with an empty list)."""

    document_id: int
    rows: list[SegmentRow]
    found: dict[int, list[qa.Issue]] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(i.severity == "error" for issues in self.found.values() for i in issues)

    def at_least(self, severity: str) -> dict[int, list[qa.Issue]]:
        """The issues of this severity and worse, per position."""
        limit = severity_rank(severity)
        return {p: [i for i in issues if severity_rank(i.severity) <= limit] for p, issues in self.found.items()}


def document_norms(store: Store, document_id: int, *, corpus: bool = False) -> qa.DocumentNorms:
    """What the document-level checks (and the risk's length signal) need of the whole document,
    read as a stream: bounded at any document size (see qa.document.document_norms). `corpus`: the
    consistency check also sees the same sources in every other document."""
    others = qa.corpus_texts(qa_store.same_sources_elsewhere(store, document_id)) if corpus else []
    return qa.document_norms(lambda: qa.texts_of(_included(seg_store.iter_document(store, document_id))), others)


def _included(rows: Iterator[SegmentRow]) -> Iterator[SegmentRow]:
    """A segment left out of the excerpt is not checked, nor a norm for the others."""
    return (r for r in rows if included(r))


def iter_check(store: Store, document_id: int, *, positions: Positions | None = None, corpus: bool = False,
               matcher: Matcher | None = None, risk_warnings: bool = False,
               ) -> Iterator[tuple[SegmentRow, list[qa.Issue]]]:
    """(row, its issues) for each checked segment with a current text, in position order, read and
    checked a chunk at a time: memory stays flat however long the document. The whole document is
    the norm of the document-level checks (length, consistency); `positions` narrows what is reported.
    `corpus`: also compare with the same sources in every other document. `risk_warnings`: also the
    risk signals shown as warnings (coverage-missing, name-missing, models-disagree)."""
    positions = as_positions(positions)
    if positions and not seg_store.for_document(store, document_id, positions):
        raise WorkbenchError(f"document {document_id} has no segments at those positions")
    matcher = matcher if matcher is not None else manage.matcher(store)
    norms = document_norms(store, document_id, corpus=corpus)
    if positions:
        norms = norms.limited_to(positions)
    dismissed = assess_store.dismissed_findings(store, document_id)  # bounded by the reviewer's dismissals
    spans = assess_store.current_spans(store, document_id)  # bounded by the assessed segments' spans
    for chunk in seg_store.chunks(_included(seg_store.iter_document(store, document_id, positions=positions))):
        extra: dict[int, list[qa.Issue]] = {}
        if risk_warnings:
            views = document_views(store, document_id, matcher=matcher, rows=chunk,
                                   alternatives=alt_store.for_segments(store, [r.id for r in chunk]), spans=spans)
            extra = risk.risk_warnings(views, {"length": norms.length})
        for row, issues in qa.check_rows(chunk, matcher, norms):
            kept = _without_dismissed(row, issues, dismissed)
            yield row, kept + [mqm_issue(row, s) for s in live_spans(row, spans.get(row.id, []))] + extra.get(row.position, [])


def _without_dismissed(row: SegmentRow, issues: list[qa.Issue], dismissed: set[tuple[int, str, str]]) -> list[qa.Issue]:
    """Leave out the rule-QA findings the reviewer dismissed for exactly this text."""
    if not dismissed:
        return issues
    text = current_text(row)
    return [i for i in issues if (row.id, i.code, text) not in dismissed]


def live_spans(row: SegmentRow, spans: list[Span]) -> list[Span]:
    """The MQM spans that speak about the segment's current text: not dismissed, and (for a span in the
    English) still there — a reviewer's correction that removed the words has dealt with it."""
    text = current_text(row) or ""
    return [s for s in spans if s.verdict != mqm.DISMISSED and (s.side == "source" or s.text in text)]


_ISSUE_SEVERITY = {"critical": "error", "major": "error", "minor": "warning"}


def mqm_issue(row: SegmentRow, span: Span) -> qa.Issue:
    """An MQM span as a QA issue `assess-<category>`: critical and major are errors, minor a warning."""
    text = current_text(row) or ""
    start = text.find(span.text) if span.side == "target" else -1
    where = (start, start + len(span.text)) if start >= 0 else (0, 0)
    said = f" — {span.explanation}" if span.explanation else ""
    whose = span.by if span.origin == mqm.MODEL else None
    verdict = " (confirmed)" if span.verdict == mqm.CONFIRMED else (" (the reviewer's)" if whose is None else "")
    return qa.Issue(f"assess-{span.category}", _ISSUE_SEVERITY[span.severity], where,
                    f'{span.severity} {span.category}{" in the source" if span.side == "source" else ""}: '
                    f'"{span.text}"{said}{verdict}', model=whose)


def check_document(store: Store, document_id: int, *, positions: Positions | None = None,
                   corpus: bool = False, matcher: Matcher | None = None, risk_warnings: bool = False) -> DocumentCheck:
    """`iter_check` collected: the rows asked about and every issue, in memory (for callers that need
    the document at once; the `check` command streams)."""
    positions = as_positions(positions)
    found = {row.position: issues for row, issues in iter_check(
        store, document_id, positions=positions, corpus=corpus, matcher=matcher, risk_warnings=risk_warnings)}
    return DocumentCheck(document_id, [r for r in seg_store.for_document(store, document_id, positions) if included(r)], found)


def issue_counts(store: Store, document_id: int, matcher: Matcher) -> tuple[int, int]:
    """(errors, warnings) the QA checks find in a document's current texts."""
    severities = [i.severity for _, issues in iter_check(store, document_id, matcher=matcher) for i in issues]
    return severities.count("error"), severities.count("warning")


def document_risk(store: Store, document_id: int, *, matcher: Matcher | None = None,
                  rows: list[SegmentRow] | None = None, alternatives: dict[int, list[dict]] | None = None,
                  stats: dict | None = None) -> dict[int, risk.SegmentRisk]:
    """Each segment's risk (by position): the risk signals over its current text, its glossary hits,
    its words and its alternative drafts (see workbench.risk). A caller that has read the document's
    rows or alternatives already passes them, so nothing is read twice; a caller passing one chunk of
    the rows passes the document's `stats` too (`risk_stats`)."""
    return risk.assess(document_views(store, document_id, matcher=matcher, rows=rows, alternatives=alternatives),
                       stats=stats)


def risk_stats(store: Store, document_id: int) -> dict:
    """The figures the risk signals take from the whole document (its length norm), read as a stream."""
    ratios = (r for _, source, text in qa.texts_of(_included(seg_store.iter_document(store, document_id)))
              if (r := length_ratio(source, text)) is not None)
    return {"length": length_norm(ratios)}


def document_views(store: Store, document_id: int, *, matcher: Matcher | None = None,
                   rows: list[SegmentRow] | None = None, alternatives: dict[int, list[dict]] | None = None,
                   spans: dict[int, list[Span]] | None = None) -> list[risk.SegmentView]:
    """What the risk signals see of each segment of a document (all its rows), in position order."""
    matcher = matcher if matcher is not None else manage.matcher(store)
    alternatives = alternatives if alternatives is not None else alt_store.for_document(store, document_id)
    rows = rows if rows is not None else seg_store.for_document(store, document_id)
    spans = spans if spans is not None else assess_store.current_spans(store, document_id)
    return [risk.SegmentView(r.position, r.source, current_text(r), tuple(matcher.find(r.source)), r.tokens,
                             tuple(a["text"] for a in alternatives.get(r.id, ())),
                             tuple(s.severity for s in live_spans(r, spans.get(r.id, []))))
            for r in rows]


# ---------------------------------------------------------------------------------------------
# Stored QA results: the per-segment counts kept in the store under what they depend on (the text,
# the glossary version, the checks version), the document-level warnings under a fingerprint of the
# document's texts; only what changed is checked again.


def text_hash(source: str, text: str | None) -> str:
    """What a segment's per-segment QA results depend on besides the glossary and the checks."""
    digest = hashlib.blake2b(source.encode("utf-8"), digest_size=16)
    digest.update(b"\x00" if text is None else b"\x01" + text.encode("utf-8"))
    return digest.hexdigest()


def refresh_stored_results(store: Store, matcher: Matcher | None = None) -> list[int]:
    """Bring the stored QA results of every document up to date (only segments whose text, glossary or
    checks version changed are checked again); returns the documents that had something to refresh."""
    version = qa_store.glossary_version(store)
    stale = qa_store.stale_documents(store, version, qa.CHECKS_VERSION)
    held: list[Matcher] = [matcher] if matcher is not None else []

    def matcher_now() -> Matcher:  # built only when some segment must really be checked again
        if not held:
            held.append(manage.matcher(store))
        return held[0]

    for document_id in stale:
        _refresh_document(store, document_id, version, matcher_now)
    return stale


def _refresh_document(store: Store, document_id: int, version: int, matcher: Callable[[], Matcher]) -> None:
    fingerprint = hashlib.blake2b(digest_size=16)
    for chunk in seg_store.chunks(seg_store.iter_document(store, document_id)):
        held = qa_store.results_of(store, [r.id for r in chunk])
        changed = []
        for row in chunk:
            text = current_text(row) if included(row) else None  # left out of the excerpt: not checked
            digest = text_hash(row.source, text)
            fingerprint.update(digest.encode("ascii"))
            old = held.get(row.id)
            if old is not None and (old["text_hash"], old["glossary_version"], old["checks_version"]) == (
                    digest, version, qa.CHECKS_VERSION):
                if (old["draft_id"], old["revision"]) != (row.draft_id, row.revision):  # same text, new state
                    changed.append({**old, "draft_id": row.draft_id, "revision": row.revision})
                continue
            issues = qa.check_segment(row.source, text, matcher()) if text is not None else []
            changed.append({"segment_id": row.id, "draft_id": row.draft_id, "revision": row.revision,
                            "text_hash": digest, "glossary_version": version, "checks_version": qa.CHECKS_VERSION,
                            "errors": sum(i.severity == "error" for i in issues),
                            "warnings": sum(i.severity == "warning" for i in issues),
                            "computed": (old["computed"] + 1) if old else 1})
        if changed:
            qa_store.save_results(store, changed)
    kept = qa_store.document_result(store, document_id)
    if kept and (kept["fingerprint"], kept["checks_version"]) == (fingerprint.hexdigest(), qa.CHECKS_VERSION):
        return
    norms = document_norms(store, document_id)
    lengths = sum(1 for _, source, text in qa.texts_of(_included(seg_store.iter_document(store, document_id)))
                  if length_issue(source, text, norms.length) is not None)
    warnings = sum(len(issues) for issues in norms.consistency.values()) + lengths
    qa_store.save_document_result(store, document_id, fingerprint.hexdigest(), qa.CHECKS_VERSION, warnings)


def stored_counts(store: Store, document_ids: list[int] | None = None, *,
                  matcher: Matcher | None = None) -> dict[int, tuple[int, int]]:
    """document id → (errors, warnings) of the QA checks in its current texts, from the stored results
    (refreshed first where something changed). A database that cannot be written (read-only, busy)
    gets the counts computed without storing them."""
    try:
        refresh_stored_results(store, matcher)
    except StoreError:
        matcher = matcher if matcher is not None else manage.matcher(store)
        ids = document_ids if document_ids is not None else [d["id"] for d in doc_store.all_documents(store)]
        return {doc_id: issue_counts(store, doc_id, matcher) for doc_id in ids}
    return qa_store.stored_counts(store, document_ids)
