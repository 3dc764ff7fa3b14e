"""Every fault the loopback server injects, through the real openai SDK: afterwards each segment's
draft is exactly the translation of its own source, stored once."""

from __future__ import annotations

import json

import pytest

from tests.drafting.helpers import add_document, assert_aligned, settings_for, sources
from tests.helpers import draft_counts
from workbench.drafting.run import draft_documents
from workbench.storage import endpoints as endpoint_store
from workbench.storage import segments as seg_store

REPLY_FAULTS = ["malformed", "merged", "missing", "extra", "swapped", "duplicated", "commentary", "echo",
                "chinese", "refusal", "length"]


def _draft(store, server, doc, **kw):
    return draft_documents(store, [str(doc)], settings_for(server, **kw))


@pytest.mark.parametrize("fault", REPLY_FAULTS)
def test_a_bad_reply_is_never_stored_and_every_segment_ends_aligned(store, loopback, fault):
    doc = add_document(store, sources(6))
    loopback.add_faults(fault)
    summary = _draft(store, loopback, doc, concurrency=1)
    assert_aligned(store, doc)
    assert summary.total()["drafted"] == 6 and summary.total()["failed"] == 0
    assert set(draft_counts(store, doc).values()) == {1}
    faulty = [e for e in loopback.log if e["fault"] == fault]
    assert len(faulty) == 1
    # the faulty reply's segments were asked again, in a request that names the problem
    retry = [e for e in loopback.chat_requests if e["payload"] and "retry" in e["payload"]]
    assert retry and set(retry[0]["ids"]) <= set(faulty[0]["ids"])
    assert retry[0]["payload"]["retry"]["previous_reply_rejected"]


def test_status_500_is_retried_by_the_sdk(store, loopback):
    doc = add_document(store, sources(4))
    # an endpoint known to support json_schema: a 500 now is a passing fault, not a missing feature
    endpoint_store.remember(store, loopback.url, "gpt-4o-mini", "json_schema")
    loopback.add_faults("500")
    summary = _draft(store, loopback, doc, concurrency=1, batch_size=4)
    assert_aligned(store, doc)
    assert [e["status"] for e in loopback.log] == [500, 200]
    assert summary.total()["requests"] == 1


@pytest.mark.parametrize("known_endpoint", [True, False], ids=["sdk-retry", "while-probing"])
def test_429_waits_as_long_as_retry_after_says(store, loopback, known_endpoint):
    doc = add_document(store, sources(4))
    if known_endpoint:
        endpoint_store.remember(store, loopback.url, "gpt-4o-mini", "json_schema")
    loopback.add_faults("429")
    _draft(store, loopback, doc, concurrency=1, batch_size=4)
    assert_aligned(store, doc)
    first, second = loopback.log
    assert first["status"] == 429 and second["status"] == 200
    assert second["at"] - first["at"] >= 0.95  # Retry-After: 1
    assert endpoint_store.response_mode(store, loopback.url, "gpt-4o-mini") == "json_schema"


def test_a_hung_request_times_out_and_is_asked_again(store, loopback):
    doc = add_document(store, sources(3))
    loopback.add_faults("hang")
    _draft(store, loopback, doc, concurrency=1, batch_size=3, timeout=0.5)
    assert_aligned(store, doc)
    assert loopback.log[0]["fault"] == "hang"
    assert [e["status"] for e in loopback.log[1:]] == [200]


def test_json_schema_rejected_with_500_falls_back_and_is_remembered(store, loopback, db_path):
    loopback.reject_json_schema = True
    doc = add_document(store, sources(6))
    _draft(store, loopback, doc, concurrency=2)
    assert_aligned(store, doc)
    rejected = [e for e in loopback.log if e["status"] == 500]
    assert len(rejected) == 1  # asked once, without SDK retries: a feature missing, not a dead endpoint
    assert endpoint_store.response_mode(store, loopback.url, "gpt-4o-mini") == "json_object"
    # the next run goes straight to json_object
    doc2 = add_document(store, sources(3, start=100), title="second")
    _draft(store, loopback, doc2)
    assert len([e for e in loopback.log if e["status"] == 500]) == 1
    assert_aligned(store, doc2)


@pytest.mark.parametrize("status", [500, 400])
def test_plain_instructions_when_no_structured_output_at_all(store, loopback, status):
    loopback.reject_json_schema = loopback.reject_json_object = True
    loopback.reject_status = status  # 400: "response_format … is not supported by this model"
    doc = add_document(store, sources(3))
    _draft(store, loopback, doc)
    assert_aligned(store, doc)
    assert endpoint_store.response_mode(store, loopback.url, "gpt-4o-mini") == "plain"


def test_a_batch_that_keeps_merging_is_split_down_to_single_segments(store, loopback):
    loopback.merge_always = True
    doc = add_document(store, sources(4))
    summary = _draft(store, loopback, doc, batch_size=4)
    assert_aligned(store, doc)
    assert summary.total()["failed"] == 0
    sizes = [len(e["ids"]) for e in loopback.chat_requests]
    assert sizes[:2] == [4, 4] and 2 in sizes and sizes.count(1) == 4


def test_a_segment_that_never_validates_is_marked_draft_failed_with_the_reason(store, loopback, run_cli):
    texts = sources(5)
    loopback.echo_always = {texts[2]}
    doc = add_document(store, texts)
    summary = _draft(store, loopback, doc, batch_size=5)
    assert summary.total()["failed"] == 1 and summary.total()["drafted"] == 4
    assert_aligned(store, doc, failed={texts[2]})
    result = run_cli("segments", str(doc), "--json")
    row = json.loads(result.stdout)[2]
    assert row["draft"] is None and "source was copied back" in row["draft_error"]
    assert "draft failed" in run_cli("segments", str(doc), "--positions", "3").stdout


def test_requests_carry_segment_ids_and_sources_as_the_wire_protocol_says(store, loopback):
    texts = sources(4)
    doc = add_document(store, texts)
    _draft(store, loopback, doc, batch_size=2)
    ids = [r["id"] for r in seg_store.for_document(store, doc)]
    sent = sorted((e["payload"]["segments"] for e in loopback.chat_requests), key=lambda s: s[0]["id"])
    assert sent == [[{"id": ids[0], "source": texts[0]}, {"id": ids[1], "source": texts[1]}],
                    [{"id": ids[2], "source": texts[2]}, {"id": ids[3], "source": texts[3]}]]
    second = next(e["payload"] for e in loopback.chat_requests if e["ids"][0] == ids[2])
    assert second["context"]["before"] == [{"source": texts[0]}, {"source": texts[1]}]


def test_concurrency_is_bounded(store, loopback):
    # Bounds, not an exact count: on a loaded machine the client may not fill every slot at once.
    loopback.latency = 0.2
    doc = add_document(store, sources(24))
    _draft(store, loopback, doc, batch_size=2, concurrency=3)
    assert_aligned(store, doc)
    assert 2 <= loopback.max_inflight <= 3  # requests overlap, and never more than the limit


def test_an_endpoint_that_keeps_failing_marks_the_segments_failed_without_splitting(store, loopback):
    endpoint_store.remember(store, loopback.url, "gpt-4o-mini", "json_schema")
    doc = add_document(store, sources(4))
    loopback.add_faults(*["500"] * 4)  # two asks, each tried twice by the SDK
    summary = _draft(store, loopback, doc, batch_size=4, concurrency=1, max_retries=1)
    assert summary.total()["failed"] == 4
    assert [e["status"] for e in loopback.log] == [500] * 4
    rows = assert_aligned(store, doc, failed=set(sources(4)))
    assert all("HTTP 500" in r["draft_error"] for r in rows)
    again = _draft(store, loopback, doc, batch_size=4, concurrency=1)  # a rerun asks for them again
    assert again.total()["drafted"] == 4
    assert_aligned(store, doc)


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/v1", "http://a..b/v1"], ids=["port", "host"])
def test_an_unusable_base_url_stops_the_run_with_one_line_and_the_job_says_failed(store, url):
    """Settings built by a program (not checked by draft_settings): the HTTP stack's own errors still
    end as one line, and the job row does not claim the run was done."""
    from workbench.config import DraftSettings
    from workbench.errors import WorkbenchError

    doc = add_document(store, sources(3))
    with pytest.raises(WorkbenchError) as caught:
        draft_documents(store, [str(doc)], DraftSettings(base_url=url, timeout=5, max_retries=0))
    message = str(caught.value)
    assert "\n" not in message and url.removesuffix("/v1") in message
    assert [j["state"] for j in store.query("SELECT state FROM jobs")] == ["failed"]
    assert all(r["draft"] is None for r in seg_store.for_document(store, doc))
