"""`draft --alternative`: another model's draft of every segment, stored beside the current draft, through
the same engine (batches, validation, cache, leases, resumption, faults, SIGKILL and Ctrl-C) as drafting."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.drafting.helpers import add_document, assert_aligned, settings_for, sources
from tests.drafting.terminal import as_in_a_terminal, sigint_state
from tests.drafting.test_faults import REPLY_FAULTS
from tests.helpers import draft_counts
from workbench.drafting.alternatives import draft_alternatives, same_model
from workbench.drafting.loopback import Loopback, translate
from workbench.drafting.run import draft_documents
from workbench.errors import WorkbenchError
from workbench.positions import Positions
from workbench.storage import alternatives as alt_store
from workbench.storage import cache as cache_store
from workbench.storage import endpoints as endpoint_store
from workbench.storage import leases as lease_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store

ALT = "alt-model"


def _drafted(store, server, texts, **kw) -> int:
    """A document whose every segment has a current draft from the default model."""
    doc = add_document(store, texts)
    draft_documents(store, [str(doc)], settings_for(server, **kw))
    return doc


def _alternatives(store, server, doc, model=ALT, **kw):
    return draft_alternatives(store, [str(doc)], settings_for(server, model=model, **kw))


def _current(store, doc) -> list[tuple]:
    return [(r.id, r.draft_id, r.draft, r.model) for r in seg_store.for_document(store, doc)]


def assert_alternatives_aligned(store, doc, model=ALT, missing: set[str] = frozenset()) -> dict:
    """Each segment has exactly one alternative from `model`: the loopback translation of its own source."""
    alts = alt_store.for_document(store, doc)
    for r in seg_store.for_document(store, doc):
        mine = [a for a in alts.get(r.id, []) if a["model"] == model]
        if r.source in missing:
            assert mine == [], (r.position, mine)
            continue
        assert mine == [{"engine": "llm", "model": model, "text": translate(r.source)}], (r.position, mine)
    return alts


def test_alternatives_are_stored_aligned_and_the_current_draft_stays(store, loopback):
    doc = _drafted(store, loopback, sources(7))
    before = _current(store, doc)
    asked_before = len(loopback.chat_requests)
    summary = _alternatives(store, loopback, doc, batch_size=3)
    t = summary.total()
    assert (t["drafted"], t["failed"], t["requests"], t["cached"]) == (7, 0, 3, 0)
    assert summary.line(False).startswith("alternatives 7, failed 0, requests 3 (+0 cached)")
    assert "drafted" not in summary.as_dict()["total"] and summary.as_dict()["total"]["alternatives"] == 7
    assert_alternatives_aligned(store, doc)
    assert _current(store, doc) == before and set(draft_counts(store, doc).values()) == {1}
    sent = loopback.chat_requests[asked_before:]
    assert sorted(i for e in sent for i in e["ids"]) == [r[0] for r in before]
    assert all("redraft" not in e["payload"] for e in sent)  # a second opinion: the current draft is not shown
    assert store.one("SELECT count(*) AS n FROM leases")["n"] == 0
    job = store.query("SELECT kind, model, state FROM jobs ORDER BY id")[-1]
    assert job == {"kind": "alternative", "model": ALT, "state": "done"}


def test_tokens_and_cost_are_accounted_per_alternative(store, loopback):
    doc = _drafted(store, loopback, sources(4))
    summary = _alternatives(store, loopback, doc, batch_size=4, price_in=1.0, price_out=2.0)
    rows = store.query("SELECT prompt_tokens, completion_tokens, cost, endpoint, meta FROM alternatives")
    t = summary.total()
    assert sum(r["prompt_tokens"] for r in rows) == t["prompt_tokens"] > 0
    assert sum(r["completion_tokens"] for r in rows) == t["completion_tokens"] > 0
    assert round(sum(r["cost"] for r in rows), 6) == t["cost"] > 0
    assert {r["endpoint"] for r in rows} == {loopback.url}


def test_a_rerun_pays_nothing_and_resumes_where_a_run_stopped(store, loopback):
    doc = _drafted(store, loopback, sources(6))
    first = draft_alternatives(store, [str(doc)], settings_for(loopback, model=ALT), positions=Positions.parse("2-3"))
    assert first.total()["drafted"] == 2
    asked = len(loopback.log)
    rest = _alternatives(store, loopback, doc, batch_size=10)
    assert rest.total()["drafted"] == 4
    assert sorted(loopback.log[asked]["ids"]) == [r.id for r in seg_store.for_document(store, doc)
                                                  if r.position not in (2, 3)]
    asked = len(loopback.log)
    again = _alternatives(store, loopback, doc)
    assert again.total() | {"cost": None} == {"todo": 0, "drafted": 0, "tm": 0, "tm_references": 0, "failed": 0, "requests": 0,
                                              "cached": 0, "repaired": 0, "prompt_tokens": 0,
                                              "completion_tokens": 0, "skipped": 0, "cost": None}
    assert len(loopback.log) == asked
    assert_alternatives_aligned(store, doc)
    # another model is another alternative: asked for every segment
    assert _alternatives(store, loopback, doc, model="third-model").total()["drafted"] == 6
    assert_alternatives_aligned(store, doc, model="third-model")


def test_a_reply_the_endpoint_gave_before_for_the_same_request_is_not_paid_again(store, loopback):
    """Drafted with ALT first, then redrafted with the default model: ALT's replies are in the cache, and the
    alternatives' requests are the same requests (no current draft in them), so nothing is paid."""
    doc = _drafted(store, loopback, sources(5), model=ALT, batch_size=5)
    draft_documents(store, [str(doc)], settings_for(loopback, batch_size=5), redraft=True)
    asked = len(loopback.log)
    summary = _alternatives(store, loopback, doc, batch_size=5)
    assert (summary.total()["drafted"], summary.total()["requests"], summary.total()["cached"]) == (5, 0, 1)
    assert len(loopback.log) == asked
    assert_alternatives_aligned(store, doc)


def test_an_endpoint_naming_a_dated_version_still_resumes(store, loopback):
    doc = _drafted(store, loopback, sources(3))
    loopback.reply_model = "alt-model-2025-01-31"
    assert _alternatives(store, loopback, doc).total()["drafted"] == 3
    assert {a["model"] for alts in alt_store.for_document(store, doc).values() for a in alts} == {loopback.reply_model}
    asked = len(loopback.log)
    assert _alternatives(store, loopback, doc).total()["drafted"] == 0 and len(loopback.log) == asked


@pytest.mark.parametrize("fault", REPLY_FAULTS)
def test_a_bad_reply_is_never_stored_as_an_alternative(store, loopback, fault):
    doc = _drafted(store, loopback, sources(6))
    before = _current(store, doc)
    loopback.add_faults(fault)
    summary = _alternatives(store, loopback, doc, concurrency=1)
    assert (summary.total()["drafted"], summary.total()["failed"]) == (6, 0)
    assert_alternatives_aligned(store, doc)
    assert _current(store, doc) == before
    assert len([e for e in loopback.log if e["fault"] == fault]) == 1
    assert any("retry" in (e["payload"] or {}) for e in loopback.chat_requests)


def test_a_segment_that_never_validates_is_reported_and_asked_again_by_a_rerun(store, loopback):
    texts = sources(5)
    doc = _drafted(store, loopback, texts)
    before = _current(store, doc)
    loopback.echo_always = {texts[2]}
    summary = _alternatives(store, loopback, doc, batch_size=5)
    assert (summary.total()["drafted"], summary.total()["failed"]) == (4, 1)
    assert summary.failures == [{"document_id": doc, "position": 3, "reason": summary.failures[0]["reason"]}]
    assert "source was copied back" in summary.failures[0]["reason"]
    assert summary.as_dict()["failures"] == summary.failures
    assert_alternatives_aligned(store, doc, missing={texts[2]})
    assert _current(store, doc) == before  # no failed draft row either: the current draft is untouched
    assert all(r["error"] is None for r in store.query("SELECT error FROM drafts"))
    loopback.echo_always = set()
    asked = len(loopback.log)
    again = _alternatives(store, loopback, doc)
    assert again.total()["drafted"] == 1 and loopback.log[asked]["ids"] == [before[2][0]]
    assert_alternatives_aligned(store, doc)


def test_an_endpoint_that_keeps_failing_fails_the_batch_and_a_rerun_asks_again(store, loopback):
    doc = _drafted(store, loopback, sources(4))
    endpoint_store.remember(store, loopback.url, ALT, "json_schema")
    loopback.add_faults(*["500"] * 4)
    summary = _alternatives(store, loopback, doc, batch_size=4, concurrency=1, max_retries=1)
    assert summary.total()["failed"] == 4 and all("HTTP 500" in f["reason"] for f in summary.failures)
    assert alt_store.for_document(store, doc) == {}
    assert _alternatives(store, loopback, doc, batch_size=4).total()["drafted"] == 4
    assert_alternatives_aligned(store, doc)


def test_an_unreachable_endpoint_stops_the_run_and_stores_nothing(store, loopback):
    doc = _drafted(store, loopback, sources(3))
    dead = Loopback().start()
    url = dead.url
    dead.stop()
    with pytest.raises(WorkbenchError, match="cannot reach the drafting endpoint"):
        draft_alternatives(store, [str(doc)], settings_for(loopback, model=ALT, base_url=url, max_retries=0))
    assert alt_store.for_document(store, doc) == {}
    assert store.query("SELECT kind, state FROM jobs ORDER BY id")[-1] == {"kind": "alternative", "state": "failed"}
    assert store.one("SELECT count(*) AS n FROM leases")["n"] == 0


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4o-mini-2024-07-18"])
def test_the_model_of_the_current_draft_is_refused_before_anything_is_stored(store, loopback, model):
    doc = _drafted(store, loopback, sources(3))
    asked = len(loopback.log)
    with pytest.raises(WorkbenchError) as caught:
        _alternatives(store, loopback, doc, model=model)
    message = str(caught.value)
    assert "\n" not in message and "'gpt-4o-mini' wrote the current draft of 3 segments" in message
    assert "--model" in message
    assert len(loopback.log) == asked and alt_store.for_document(store, doc) == {}
    assert store.one("SELECT count(*) AS n FROM jobs WHERE kind = 'alternative'")["n"] == 0


def test_same_model_knows_dated_versions():
    assert same_model("gpt-4o-mini", "gpt-4o-mini-2024-07-18") and same_model("gpt-4-0613", "gpt-4")
    assert same_model("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")
    assert not same_model("gpt-4o", "gpt-4o-mini-2024-07-18") and not same_model("qwen2.5", "qwen2.5-72")
    assert not same_model(None, "gpt-4o") and not same_model("gpt-4o", "")


def test_unknown_document_and_document_without_segments(store, loopback):
    empty = add_document(store, [], title="empty")
    with pytest.raises(WorkbenchError, match="no document 'nope'"):
        _alternatives(store, loopback, "nope")
    with pytest.raises(WorkbenchError, match="has no segments"):
        _alternatives(store, loopback, empty)
    assert loopback.log == []


def test_undrafted_and_reviewed_segments_get_alternatives_too(store, loopback):
    doc = add_document(store, sources(3))
    summary = _alternatives(store, loopback, doc)
    assert summary.total()["drafted"] == 3
    assert_alternatives_aligned(store, doc)
    assert all(r.draft is None for r in seg_store.for_document(store, doc))


def test_segments_another_run_holds_are_skipped_and_said_so(store, loopback):
    doc = _drafted(store, loopback, sources(3))
    held = seg_store.for_document(store, doc)[0].id
    lease_store.claim(store, [held], "elsewhere:1:x", time.time() + 300, time.time(), lambda owner: False)
    summary = _alternatives(store, loopback, doc)
    assert (summary.total()["drafted"], summary.total()["skipped"]) == (2, 1)
    assert summary.line(False).endswith("; 1 segments skipped: being drafted by another run")
    assert held not in alt_store.for_document(store, doc)


N = 120


def _start(db_path, server, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "WORKBENCH_"))}
    env["WORKBENCH_CONFIG"] = str(tmp_path / "workbench.toml")
    as_in_a_terminal()
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "draft", "1", "--alternative", "--model", ALT,
         "--base-url", server.url, "--batch-size", "10", "--concurrency", "4"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _long_sources(n: int) -> list[str]:
    return [f"第{i}段：全国经济运行总体平稳，第{i}项指标改善。" for i in range(1, n + 1)]


def _wait_for_replies(server, proc, n):
    while len(server.paid) < n:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.005)


def _alternative_counts(store, doc) -> list[int]:
    alts = alt_store.for_document(store, doc)
    return [len(alts.get(r.id, [])) for r in seg_store.for_document(store, doc)]


def test_sigkill_mid_run_then_rerun_stores_every_alternative_once_and_pays_no_stored_reply_twice(db_path, tmp_path):
    n = 300
    s = open_store(db_path)
    doc = add_document(s, _long_sources(n))
    s.close()
    with Loopback(latency=0.02) as server:
        proc = _start(db_path, server, tmp_path)
        _wait_for_replies(server, proc, 8)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        s = open_store(db_path)
        stored_before = set(cache_store.keys(s))
        made = sum(_alternative_counts(s, doc))
        s.close()
        assert 0 < made < n
        rerun = _start(db_path, server, tmp_path)
        out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
        assert out.startswith(f"alternatives {n - made},")
    s = open_store(db_path)
    assert set(_alternative_counts(s, doc)) == {1}
    assert_alternatives_aligned(s, doc)
    assert all(server.paid[k] == 1 for k in stored_before)
    assert sum(k - 1 for k in server.paid.values()) <= 4  # at most what was in flight at the kill
    s.close()


def test_ctrl_c_stops_an_alternatives_run_cleanly(db_path, tmp_path):
    s = open_store(db_path)
    doc = add_document(s, _long_sources(300))
    s.close()
    # slow replies: the run cannot finish before the signal arrives, however loaded the machine
    with Loopback(latency=0.5) as server:
        proc = _start(db_path, server, tmp_path)
        _wait_for_replies(server, proc, 5)
        state = sigint_state(proc.pid)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, (state, out[-300:], err)
        assert out.startswith("interrupted: alternatives ") and "Traceback" not in err
    s = open_store(db_path)
    assert 0 < sum(_alternative_counts(s, doc)) < 300
    assert s.one("SELECT kind, state FROM jobs ORDER BY id DESC LIMIT 1") == {"kind": "alternative",
                                                                              "state": "interrupted"}
    assert s.one("SELECT count(*) AS n FROM leases")["n"] == 0
    s.close()


def test_two_alternative_runs_at_once_never_pay_twice(db_path, tmp_path, loopback):
    s = open_store(db_path)
    doc = _drafted(s, loopback, [f"第{i}段：全国经济运行总体平稳，第{i}项指标改善。" for i in range(1, N + 1)],
                   batch_size=20)
    before = _current(s, doc)
    s.close()
    with Loopback(latency=0.02) as server:
        first, second = _start(db_path, server, tmp_path), _start(db_path, server, tmp_path)
        (out1, err1), (out2, err2) = first.communicate(), second.communicate()
    assert first.returncode == second.returncode == 0, err1 + err2
    asked = collections.Counter(i for e in server.chat_requests for i in e["ids"])
    assert len(asked) == N and set(asked.values()) == {1}, asked.most_common(3)
    made = [int(out.split()[1].rstrip(",")) for out in (out1, out2)]
    assert out1.startswith("alternatives ") and sum(made) == N
    s = open_store(db_path)
    assert_alternatives_aligned(s, doc)
    assert _current(s, doc) == before
    assert s.one("SELECT count(*) AS n FROM leases")["n"] == 0
    assert_aligned(s, doc)
    s.close()
