"""Checking a document: the QA checks over every segment's current text (the reviewed target, else
the draft) with the document as context, as the `check` command, the overview and the report use it.

`qa` holds the pure checks (text in, issues out); this module reads what they need from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench import qa, risk
from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.glossary.terms import Matcher
from workbench.positions import Positions, as_positions
from workbench.qa.base import severity_rank
from workbench.rows import SegmentRow, current_text, included_rows
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
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
    if risk_warnings:
        found = _with_risk_warnings(found, document_views(store, document_id, matcher=matcher, rows=every))
    if positions:
        found = qa.for_positions(found, {r.position: r.source for r in every}, positions)
    return DocumentCheck(document_id, rows, found)


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
                   ) -> list[risk.SegmentView]:
    """What the risk signals see of each segment of a document (all its rows), in position order."""
    matcher = matcher if matcher is not None else manage.matcher(store)
    alternatives = alternatives if alternatives is not None else alt_store.for_document(store, document_id)
    rows = rows if rows is not None else seg_store.for_document(store, document_id)
    return [risk.SegmentView(r.position, r.source, current_text(r), tuple(matcher.find(r.source)), r.tokens,
                             tuple(a["text"] for a in alternatives.get(r.id, ())))
            for r in rows]
