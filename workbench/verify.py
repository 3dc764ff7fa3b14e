"""Checking a document: the QA checks over every segment's current text (the reviewed target, else
the draft) with the document as context, as the `check` command, the overview and the report use it.

`qa` holds the pure checks (text in, issues out); this module reads what they need from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench import mqm, qa, risk
from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.glossary.terms import Matcher
from workbench.mqm import Span
from workbench.positions import Positions, as_positions
from workbench.qa.base import severity_rank
from workbench.rows import SegmentRow, current_text, included_rows
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
from workbench.storage import assessments as assess_store
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


def check_document(store: Store, document_id: int, *, positions: Positions | None = None,
                   corpus: bool = False, matcher: Matcher | None = None, risk_warnings: bool = False) -> DocumentCheck:
    """Check a document's current texts. The whole document is always checked (length and
    consistency need the other segments as their norm); `positions` narrows what is reported.
    `corpus`: also compare with the same sources in every other document. `risk_warnings`: also the
    risk signals shown as warnings (coverage-missing, name-missing, models-disagree)."""
    positions = as_positions(positions)
    stored = seg_store.for_document(store, document_id)
    if positions and not any(r.position in positions for r in stored):
        raise WorkbenchError(f"document {document_id} has no segments at those positions")
    every = included_rows(stored)  # a segment left out of the excerpt is not checked (nor a norm for others)
    rows = [r for r in every if not positions or r.position in positions]
    others = qa_store.same_sources_elsewhere(store, document_id) if corpus else []
    matcher = matcher if matcher is not None else manage.matcher(store)
    found = qa.check_document(every, matcher, corpus=others)
    found = _without_dismissed(found, every, assess_store.dismissed_findings(store, document_id))
    spans = assess_store.current_spans(store, document_id)
    found = _with_assessments(found, every, spans)
    if risk_warnings:
        found = _with_risk_warnings(found, document_views(store, document_id, matcher=matcher, rows=every,
                                                          spans=spans))
    if positions:
        found = qa.for_positions(found, {r.position: r.source for r in every}, positions)
    return DocumentCheck(document_id, rows, found)


def _without_dismissed(found: dict[int, list[qa.Issue]], rows: list[SegmentRow],
                       dismissed: set[tuple[int, str, str]]) -> dict[int, list[qa.Issue]]:
    """Leave out the rule-QA findings the reviewer dismissed for exactly this text."""
    if not dismissed:
        return found
    keys = {r.position: (r.id, current_text(r)) for r in rows}
    return {p: [i for i in issues if (keys[p][0], i.code, keys[p][1]) not in dismissed] for p, issues in found.items()}


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


def _with_assessments(found: dict[int, list[qa.Issue]], rows: list[SegmentRow],
                      spans: dict[int, list[Span]]) -> dict[int, list[qa.Issue]]:
    if not spans:
        return found
    out = dict(found)
    for r in rows:
        if r.position in out and spans.get(r.id):
            out[r.position] = out[r.position] + [mqm_issue(r, s) for s in live_spans(r, spans[r.id])]
    return out


def _with_risk_warnings(found: dict[int, list[qa.Issue]], views: list[risk.SegmentView]) -> dict[int, list[qa.Issue]]:
    extra = risk.risk_warnings(views)
    return {p: issues + extra.get(p, []) for p, issues in found.items()}


def issue_counts(store: Store, document_id: int, matcher: Matcher) -> tuple[int, int]:
    """(errors, warnings) the QA checks find in a document's current texts."""
    found = check_document(store, document_id, matcher=matcher).found
    severities = [i.severity for issues in found.values() for i in issues]
    return severities.count("error"), severities.count("warning")


def document_risk(store: Store, document_id: int, *, matcher: Matcher | None = None,
                  rows: list[SegmentRow] | None = None, alternatives: dict[int, list[dict]] | None = None,
                  ) -> dict[int, risk.SegmentRisk]:
    """Each segment's risk (by position): the risk signals over its current text, its glossary hits,
    its words and its alternative drafts (see workbench.risk). A caller that has read the document's
    rows or alternatives already passes them, so nothing is read twice."""
    return risk.assess(document_views(store, document_id, matcher=matcher, rows=rows, alternatives=alternatives))


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
