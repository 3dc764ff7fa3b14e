"""MQM storage: spans per draft, verdicts, own spans and dismissed findings in the revision history."""

from __future__ import annotations

import pytest

from tests.drafting.helpers import add_document
from workbench import review, verdicts
from workbench.errors import WorkbenchError
from workbench.storage import SCHEMA_VERSION
from workbench.storage import assessments as assess_store
from workbench.storage import drafts as draft_store
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store


@pytest.fixture
def drafted(store):
    doc = add_document(store, ["他说经济增长了。", "第二句。"])
    rows = seg_store.for_document(store, doc)
    for r in rows:
        draft_store.add(store, r.id, engine="llm", model="m1", text=f"He said the economy grew {r.position}.")
    return doc, seg_store.for_document(store, doc)


def test_the_migration_is_the_last_one(store):
    version = store.one("PRAGMA user_version")["user_version"]
    assert version == SCHEMA_VERSION
    assert store.one("SELECT name FROM sqlite_master WHERE name = 'mqm_spans'")


def test_spans_belong_to_the_draft_they_were_found_in(store, drafted):
    doc, rows = drafted
    r = rows[0]
    assess_store.add(store, r.id, r.draft_id, "judge", [
        {"span": "grew", "category": "accuracy/mistranslation", "severity": "major", "explanation": "x"}])
    assert [s.text for s in verdicts.spans(store, doc, 1)] == ["grew"]
    assert assess_store.assessed(store, doc, "judge") == {r.draft_id}
    draft_store.add(store, r.id, engine="llm", model="m1", text="A new draft.")  # a redraft
    assert verdicts.spans(store, doc, 1) == []
    assert verdicts.document_spans(store, doc) == {}


def test_verdicts_and_own_spans_are_in_the_history_and_undo_passes_them(store, drafted):
    doc, rows = drafted
    r = rows[0]
    assess_store.add(store, r.id, r.draft_id, "judge", [
        {"span": "grew", "category": "accuracy/mistranslation", "severity": "major"},
        {"span": "He", "category": "style", "severity": "minor"}])
    first, second = verdicts.spans(store, doc, 1)
    review.accept(store, doc, 1, reviewer="ann")
    assert verdicts.confirm(store, doc, 1, first.id, reviewer="ann").verdict == "confirmed"
    assert verdicts.dismiss(store, doc, 1, second.id, reviewer="ann").verdict == "dismissed"
    own = verdicts.annotate(store, doc, 1, span="economy", category="terminology", severity="minor", reviewer="ann")
    assert own.origin == "reviewer" and own.counts
    actions = [h["action"] for h in review_store.history(store, r.id)]
    assert actions == ["accept", "mqm-confirm", "mqm-dismiss", "mqm-annotate"]
    assert review_store.current(store, r.id)["status"] == "reviewed"
    review.undo(store, doc, 1)  # undoes the accept, not a verdict
    assert seg_store.at(store, doc, 1).status == "translated"


def test_a_verdict_on_an_undecided_segment_leaves_it_undecided(store, drafted):
    doc, rows = drafted
    r = rows[1]
    verdicts.annotate(store, doc, 2, span="economy", category="fluency/grammar", severity="major")
    assert seg_store.at(store, doc, 2).status == "translated"
    assert review.next_undecided(store, doc, 1) == 2
    with pytest.raises(WorkbenchError, match="no decision to undo"):
        review.undo(store, doc, 2)
    assert r.id


@pytest.mark.parametrize("kw, message", [
    ({"span": "nowhere", "category": "style", "severity": "minor"}, "does not occur"),
    ({"span": "economy", "category": "accuracy", "severity": "minor"}, "unknown MQM category"),
    ({"span": "economy", "category": "style", "severity": "huge"}, "unknown MQM severity"),
    ({"span": "经济", "category": "style", "severity": "minor"}, "does not occur"),
])
def test_annotate_refuses_bad_input_and_stores_nothing(store, drafted, kw, message):
    doc, _ = drafted
    with pytest.raises(WorkbenchError, match=message):
        verdicts.annotate(store, doc, 1, **kw)
    assert store.one("SELECT count(*) AS n FROM mqm_spans")["n"] == 0
    assert store.one("SELECT count(*) AS n FROM revisions")["n"] == 0


def test_an_omission_span_is_taken_from_the_source(store, drafted):
    doc, _ = drafted
    span = verdicts.annotate(store, doc, 1, span="他说", category="accuracy/omission", severity="major")
    assert span.side == "source"


def test_a_dismissed_finding_is_remembered_for_the_text_checked(store, drafted):
    doc, rows = drafted
    verdicts.dismiss_finding(store, doc, 1, "length", reviewer="ann")
    assert assess_store.dismissed_findings(store, doc) == {(rows[0].id, "length", rows[0].draft)}
    assert [h["action"] for h in review_store.history(store, rows[0].id)] == ["qa-dismiss"]
