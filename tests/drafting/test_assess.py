"""`workbench assess`: MQM error spans of the current drafts through the drafting engine and the real
openai SDK against the loopback server, faults included: every stored span is the loopback's own
assessment of that very draft, stored once; a bad reply is never stored."""

from __future__ import annotations

import json

import pytest

from tests.drafting.helpers import add_document, settings_for, sources
from tests.drafting.test_faults import REPLY_FAULTS
from workbench import excerpts
from workbench.drafting.assess import assess_documents, collect, write_batch_file
from workbench.drafting.loopback import Loopback, assess
from workbench.drafting.run import draft_documents
from workbench.errors import WorkbenchError
from workbench.outputs import Guard
from workbench.positions import Positions
from workbench.storage import assessments as assess_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store

JUDGE = "judge-model"
SPAN_FAULTS = ["span-missing", "bad-category", "bad-severity"]
ID_FAULTS = [f for f in REPLY_FAULTS if f not in ("echo", "chinese")]  # translation-only faults


def _drafted(store, server, n=6) -> int:
    doc = add_document(store, sources(n))
    draft_documents(store, [str(doc)], settings_for(server))
    return doc


def _assess(store, server, doc, **kw):
    return assess_documents(store, [str(doc)], settings_for(server, model=JUDGE, **kw))


def assert_assessed(store, doc, failed: set[int] = frozenset()) -> dict:
    """Each current draft has exactly one assessment by JUDGE, whose spans are the loopback's for it."""
    spans = assess_store.current_spans(store, doc)
    counts = {r["draft_id"]: r["n"] for r in store.query(
        "SELECT draft_id, count(*) AS n FROM assessments WHERE error IS NULL GROUP BY draft_id")}
    for r in seg_store.for_document(store, doc):
        if r.position in failed:
            assert r.draft_id not in counts
            continue
        assert counts.get(r.draft_id) == 1, r.position
        want = [(e["span"], e["category"], e["severity"]) for e in assess(r.source, r.draft)]
        assert [(s.text, s.category, s.severity) for s in spans.get(r.id, [])] == want, r.position
    return spans


def test_assessments_are_stored_per_draft_and_a_rerun_pays_nothing(store, loopback):
    doc = _drafted(store, loopback)
    summary = _assess(store, loopback, doc)
    spans = assert_assessed(store, doc)
    assert summary.total()["drafted"] == 6 and summary.as_dict()["total"]["assessed"] == 6
    assert summary.line(False).startswith("assessed 6,")
    assert any(spans.values()) and len(spans) < 6  # some drafts without errors: an empty list is an answer
    asked = len(loopback.chat_requests)
    again = _assess(store, loopback, doc)
    assert len(loopback.chat_requests) == asked and again.total()["todo"] == 0
    assert all(v == 1 for v in loopback.paid.values())


def test_the_request_names_the_draft_and_uses_the_assessment_schema(store, loopback):
    doc = _drafted(store, loopback, 2)
    _assess(store, loopback, doc)
    payload = loopback.chat_requests[-1]["payload"]
    rows = seg_store.for_document(store, doc)
    assert payload["task"] == "mqm"
    assert payload["segments"] == [{"id": r.id, "source": r.source, "translation": r.draft} for r in rows]


@pytest.mark.parametrize("fault", ID_FAULTS + SPAN_FAULTS)
def test_a_bad_reply_is_never_stored(store, loopback, fault):
    doc = _drafted(store, loopback)
    loopback.add_faults(fault)
    summary = _assess(store, loopback, doc, concurrency=1)
    assert_assessed(store, doc)
    assert summary.total()["failed"] == 0
    faulty = [e for e in loopback.log if e["fault"] == fault]
    retry = [e for e in loopback.chat_requests if e["payload"] and "retry" in e["payload"]]
    assert len(faulty) == 1 and retry
    assert retry[0]["payload"]["retry"]["previous_reply_rejected"]


@pytest.mark.parametrize("fault, reason", [("span-missing", "is not in the translation"),
                                           ("bad-category", "unknown MQM category 'accuracy'"),
                                           ("bad-severity", "unknown MQM severity 'severe'"),
                                           ("missing", "missing ids"), ("extra", "unexpected ids")])
def test_a_segment_that_never_gets_a_good_answer_is_marked_failed(store, loopback, fault, reason):
    doc = _drafted(store, loopback, 1)
    loopback.add_faults(*[fault] * 2)  # each ask of the one segment (ATTEMPTS)
    summary = _assess(store, loopback, doc, concurrency=1)
    assert summary.total()["failed"] == 1
    row = seg_store.for_document(store, doc)[0]
    assert reason in assess_store.failures(store, doc)[row.id]
    assert assess_store.current_spans(store, doc) == {}
    paid = sum(loopback.paid.values())
    _assess(store, loopback, doc)  # a rerun tries again, from the cache: the same replies are not paid twice
    assert sum(loopback.paid.values()) == paid


def test_a_new_draft_is_assessed_again_and_the_old_spans_do_not_show(store, loopback):
    doc = _drafted(store, loopback, 3)
    _assess(store, loopback, doc)
    row = seg_store.for_document(store, doc)[0]
    draft_store.add(store, row.id, engine="llm", model="m", text="An entirely new draft of it.")
    summary = _assess(store, loopback, doc)
    assert summary.total()["todo"] == 1
    assert_assessed(store, doc)


def test_positions_limit_what_is_assessed(store, loopback):
    doc = _drafted(store, loopback, 5)
    summary = assess_documents(store, [str(doc)], settings_for(loopback, model=JUDGE),
                               positions=Positions.parse("2-3"))
    assert summary.total()["todo"] == 2


def test_a_document_without_drafts_is_refused_and_nothing_is_sent(store, loopback):
    doc = add_document(store, sources(3))
    with pytest.raises(WorkbenchError, match="has no drafts to assess"):
        _assess(store, loopback, doc)
    assert loopback.log == [] and store.one("SELECT count(*) AS n FROM assessments")["n"] == 0


def test_segments_without_a_draft_are_left_out(store, loopback):
    doc = add_document(store, sources(4))
    draft_documents(store, [str(doc)], settings_for(loopback), positions=Positions.parse("1-2"))
    summary = _assess(store, loopback, doc)
    assert summary.total()["todo"] == 2


def test_the_json_object_fallback_when_json_schema_is_refused(store):
    with Loopback(reject_json_schema=True) as server:
        doc = add_document(store, sources(3))
        draft_documents(store, [str(doc)], settings_for(server))
        assess_documents(store, [str(doc)], settings_for(server, model=JUDGE))
        assert_assessed(store, doc)


def test_the_batch_file_path_round_trips(store, loopback, tmp_path):
    doc = _drafted(store, loopback, 4)
    path = tmp_path / "mqm.jsonl"
    out = write_batch_file(store, [str(doc)], settings_for(loopback, model=JUDGE), path, Guard())
    assert out["requests"] == 2 and out["segments"] == 4
    results = []
    for raw in path.read_text().splitlines():
        line = json.loads(raw)
        status, _, body = loopback.chat(line["body"], None)
        results.append({"custom_id": line["custom_id"], "response": {"status_code": status, "body": body}})
    results.append({"custom_id": "wb:mqm:d1:s1=999999", "response": {"status_code": 200, "body": {}}})
    res = tmp_path / "results.jsonl"
    res.write_text("\n".join(json.dumps(r) for r in results))
    got = collect(store, res, settings_for(loopback, model=JUDGE))
    assert got.stored == 4 and len(got.bad) == 1 and "is not a draft of segment" in got.bad[0]
    assert_assessed(store, doc)
    assert collect(store, res, settings_for(loopback, model=JUDGE)).already == 4  # collected twice: stored once
    assert_assessed(store, doc)


def test_a_left_out_segment_is_never_assessed(store, loopback):
    """Issue 17's excerpt: the editor cut the passage, so no assessment is paid for it."""
    doc = _drafted(store, loopback, 4)
    excerpts.set_excluded(store, doc, True, positions=Positions.parse("2-3"))
    ids = {r.position: r.id for r in seg_store.for_document(store, doc)}
    before = len(loopback.chat_requests)
    _assess(store, loopback, doc)
    asked = {i for e in loopback.chat_requests[before:] for i in e["ids"]}
    assert asked == {ids[1], ids[4]}
    assert set(assess_store.assessed(store, doc, JUDGE)) == {r.draft_id for r in seg_store.for_document(store, doc)
                                                             if r.position in (1, 4)}
