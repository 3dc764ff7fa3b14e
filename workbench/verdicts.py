"""The reviewer's MQM verdicts as library calls (the review session's keys and `workbench annotate`):
confirm or dismiss a model's error span, mark a span of one's own, dismiss a rule-QA finding as a false
alarm. Each commits before it returns and is one row of the segment's revision history."""

from __future__ import annotations

from workbench import mqm
from workbench.errors import WorkbenchError
from workbench.mqm import Span
from workbench.rows import SegmentRow, current_text
from workbench.storage import Store
from workbench.storage import assessments as assess_store
from workbench.storage import segments as seg_store


def _segment(store: Store, document_id: int, position: int) -> SegmentRow:
    row = seg_store.at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position}")
    return row


def spans(store: Store, document_id: int, position: int) -> list[Span]:
    """The spans on the segment's current draft (the model's and the reviewer's own)."""
    row = _segment(store, document_id, position)
    return assess_store.spans_of(store, row.id, row.draft_id) if row.draft_id is not None else []


def document_spans(store: Store, document_id: int) -> dict[int, list[Span]]:
    """segment id → the spans on its current draft, for a whole document."""
    return assess_store.current_spans(store, document_id)


def dismissed_findings(store: Store, document_id: int) -> set[tuple[int, str, str]]:
    """(segment id, check code, text checked) of the rule-QA findings dismissed in the document."""
    return assess_store.dismissed_findings(store, document_id)


def _judge(store: Store, document_id: int, position: int, span_id: int, verdict: str, reviewer: str | None) -> Span:
    row = _segment(store, document_id, position)
    found = assess_store.span(store, span_id)
    if found is None or found.segment_id != row.id or found.draft_id != row.draft_id:
        raise WorkbenchError(f"segment {position} has no span {span_id} on its current draft")
    if found.origin != mqm.MODEL:
        raise WorkbenchError(f"span {span_id} is the reviewer's own: there is no model's finding to {verdict[:-2]}")
    note = f'{verdict} {found.category} {found.severity} "{found.text}" (by {found.by})'
    assess_store.set_verdict(store, span_id, verdict, reviewer, note)
    return assess_store.span(store, span_id)


def confirm(store: Store, document_id: int, position: int, span_id: int, *, reviewer: str | None = None) -> Span:
    """The model's span is an error (it counts in the MQM score)."""
    return _judge(store, document_id, position, span_id, mqm.CONFIRMED, reviewer)


def dismiss(store: Store, document_id: int, position: int, span_id: int, *, reviewer: str | None = None) -> Span:
    """The model's span is no error: it stays on this draft as dismissed and is not shown as a finding."""
    return _judge(store, document_id, position, span_id, mqm.DISMISSED, reviewer)


def annotate(store: Store, document_id: int, position: int, *, span: str, category: str, severity: str,
             explanation: str = "", reviewer: str | None = None) -> Span:
    """Mark an error span of the reviewer's own on the segment's current draft. The span must occur in
    the segment's current text (the target, else the draft) — in the source for an omission."""
    mqm.require_category(category)
    mqm.require_severity(severity)
    row = _segment(store, document_id, position)
    if row.draft_id is None:
        raise WorkbenchError(f"segment {position} has no draft to annotate")
    if not span or not span.strip():
        raise WorkbenchError("the span is empty: give the words that are wrong")
    text = row.source if mqm.side(category) == "source" else current_text(row)
    where = "source" if mqm.side(category) == "source" else "current text"
    if span not in (text or ""):
        raise WorkbenchError(f"{span!r} does not occur in segment {position}'s {where}")
    annotated = None if mqm.side(category) == "source" or text == row.draft else text
    note = f'marked {category} {severity} "{span}"'
    span_id = assess_store.add_own(store, row.id, row.draft_id, span, category, severity, explanation=explanation,
                                   annotated=annotated, reviewer=reviewer, note=note)
    return assess_store.span(store, span_id)


def dismiss_finding(store: Store, document_id: int, position: int, code: str, *,
                    reviewer: str | None = None) -> None:
    """A rule-QA finding on the segment's current text is a false alarm: `check` no longer lists it for
    this text (a changed text is checked afresh)."""
    row = _segment(store, document_id, position)
    text = current_text(row)
    if text is None:
        raise WorkbenchError(f"segment {position} has no text to check")
    assess_store.dismiss_finding(store, row.id, code, text, reviewer, f"dismissed QA finding {code}")
