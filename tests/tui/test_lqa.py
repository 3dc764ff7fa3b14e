"""The MQM review keys through the real app with Pilot: `]` / `[` select, `c` confirms, `d` dismisses
(a span or a rule-QA finding), `m` marks a span of one's own; assertions look at the database."""

from __future__ import annotations

from tests.tui.helpers import make_app
from workbench.storage import assessments as assess_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store
from workbench.tui.screens.review_lqa import MarkSpanScreen


def _assess(db, doc_id, position, spans):
    store = open_store(db)
    try:
        row = seg_store.at(store, doc_id, position)
        assess_store.add(store, row.id, row.draft_id, "judge", spans)
    finally:
        store.close()


def _spans(db, doc_id, position):
    store = open_store(db)
    try:
        row = seg_store.at(store, doc_id, position)
        return assess_store.spans_of(store, row.id, row.draft_id), row
    finally:
        store.close()


SPANS = [{"span": "Chip", "category": "terminology", "severity": "minor", "explanation": "semiconductor"},
         {"span": "exports", "category": "accuracy/mistranslation", "severity": "major", "explanation": "imports"}]


async def test_spans_are_shown_and_c_confirms_d_dismisses(doc):
    db, doc_id, read = doc
    _assess(db, doc_id, 1, SPANS)
    async with make_app(db, doc_id).run_test(size=(120, 40)) as pilot:
        block = str(pilot.app.screen.query_one("#seg-mqm").content)
        assert "minor terminology \"Chip\" — semiconductor" in block and "major accuracy/mistranslation" in block
        await pilot.press("c")  # the first span is selected
        await pilot.press("right_square_bracket", "d")
        await pilot.pause()
        assert "confirmed" in str(pilot.app.screen.query_one("#seg-mqm").content)
    spans, row = _spans(db, doc_id, 1)
    assert [(s.text, s.verdict) for s in spans] == [("Chip", "confirmed"), ("exports", "dismissed")]
    assert [h["action"] for h in read.history(1)] == ["mqm-confirm", "mqm-dismiss"]
    assert row.status == "translated"  # a verdict is no decision on the segment


async def test_brackets_wrap_and_select_backwards(doc):
    db, doc_id, read = doc
    _assess(db, doc_id, 1, SPANS)
    async with make_app(db, doc_id).run_test(size=(120, 40)) as pilot:
        await pilot.press("left_square_bracket", "d")  # wraps to the last span
        await pilot.pause()
    spans, _ = _spans(db, doc_id, 1)
    assert [(s.text, s.verdict) for s in spans] == [("Chip", None), ("exports", "dismissed")]


async def test_d_dismisses_a_rule_qa_finding_for_this_text(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")  # segment 3: a forbidden glossary rendering (a rule-QA error)
        assert pilot.app.screen.row["position"] == 3
        before = pilot.app.screen.session.issues(pilot.app.screen.row)
        assert before
        await pilot.press("d")
        await pilot.pause()
        after = pilot.app.screen.session.issues(pilot.app.screen.row)
        assert len(after) == len(before) - 1
    store = open_store(db)
    try:
        dismissed = assess_store.dismissed_findings(store, doc_id)
    finally:
        store.close()
    assert {(code, text) for _, code, text in dismissed} == {
        (before[0].code, "The Mind Observation Institute believes the decision came too late.")}
    assert [h["action"] for h in read.history(3)] == ["qa-dismiss"]


async def test_m_marks_a_span_of_ones_own(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "m")
        assert isinstance(pilot.app.screen, MarkSpanScreen)
        dialog = pilot.app.screen
        dialog.query_one("#span").value = "welcomed"
        dialog.query_one("#category").value = "style"
        dialog.query_one("#severity").value = "major"
        dialog.query_one("#explanation").value = "says welcomes"
        await pilot.click("#mark")
        await pilot.pause()
        assert "major style \"welcomed\" — says welcomes" in str(pilot.app.screen.query_one("#seg-mqm").content)
    spans, _ = _spans(db, doc_id, 2)
    assert [(s.origin, s.by, s.text, s.category, s.severity) for s in spans] == [
        ("reviewer", "editor", "welcomed", "style", "major")]
    assert [h["action"] for h in read.history(2)] == ["mqm-annotate"]


async def test_a_span_not_in_the_text_is_refused_and_nothing_is_stored(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        dialog = pilot.app.screen
        dialog.query_one("#span").value = "not in the draft"
        dialog.query_one("#category").value = "style"
        await pilot.click("#mark")
        await pilot.pause()
    assert _spans(db, doc_id, 1)[0] == [] and read.history(1) == []


async def test_c_on_a_segment_without_spans_changes_nothing(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
    assert read.history(1) == []
