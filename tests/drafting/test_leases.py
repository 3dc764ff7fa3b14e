"""Two drafting runs on one document at the same time: each segment is asked for (paid) once, by one run."""

from __future__ import annotations

import collections
import json
import os
import re
import socket
import subprocess
import sys
import time

import pytest

from tests.drafting.helpers import add_document, assert_aligned, document_in, rows_in, settings_for, sources
from tests.helpers import draft_counts
from workbench.drafting.lease import Claim, gone
from workbench.drafting.loopback import Loopback
from workbench.drafting.run import draft_documents, redraft_one
from workbench.errors import WorkbenchError
from workbench.storage import leases as lease_store
from workbench.storage import open_store

N = 300


def _start(db_path, server, tmp_path, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "WORKBENCH_"))}
    env["WORKBENCH_CONFIG"] = str(tmp_path / "workbench.toml")
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "draft", "1", "--base-url", server.url,
         "--batch-size", "10", "--concurrency", "4", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _document(db_path):
    s = open_store(db_path)
    add_document(s, [f"第{i}段：全国经济运行总体平稳，第{i}项指标改善。" for i in range(1, N + 1)], title="long")
    s.close()


def _each_segment_once(db_path, server):
    """The server was asked for every segment exactly once, and every segment has exactly one draft."""
    asked = collections.Counter(i for e in server.chat_requests for i in e["ids"])
    assert len(asked) == N and set(asked.values()) == {1}, asked.most_common(3)
    s = open_store(db_path)
    assert set(draft_counts(s, 1).values()) == {1}
    assert_aligned(s, 1)
    assert s.one("SELECT count(*) AS n FROM leases")["n"] == 0  # every run released its claim
    s.close()


def _drafted(out: str) -> int:
    return int(re.match(r"drafted (\d+),", out).group(1))


def test_two_processes_started_together_never_pay_twice(db_path, tmp_path):
    _document(db_path)
    with Loopback(latency=0.02) as server:
        first, second = _start(db_path, server, tmp_path), _start(db_path, server, tmp_path)
        (out1, err1), (out2, err2) = first.communicate(), second.communicate()
    assert first.returncode == second.returncode == 0, err1 + err2
    _each_segment_once(db_path, server)
    assert _drafted(out1) + _drafted(out2) == N


def test_a_second_run_while_the_first_is_drafting_skips_its_segments_and_says_so(db_path, tmp_path):
    _document(db_path)
    with Loopback(latency=0.02) as server:
        # the first run's first request (on a fresh database the response-format probe, alone in flight)
        # stays in flight until the second run is done: the first run holds every segment meanwhile
        gate = server.hold(1)
        first = _start(db_path, server, tmp_path, "--timeout", "600")
        while server.inflight == 0:
            assert first.poll() is None, first.communicate()
            time.sleep(0.005)
        second = _start(db_path, server, tmp_path, "--json")
        out2, err2 = second.communicate()
        gate.set()
        out1, err1 = first.communicate()
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    _each_segment_once(db_path, server)
    total = json.loads(out2)["total"]
    assert (total["drafted"], total["requests"], total["skipped"]) == (0, 0, N)
    assert out1.startswith(f"drafted {N},")


def test_the_summary_line_names_the_skipped_segments(run_cli, db_path, loopback):
    doc = document_in(db_path, sources(3))
    s = open_store(db_path)
    held = rows_in(db_path, doc)[0]["id"]
    lease_store.claim(s, [held], "elsewhere:1:x", time.time() + 300, time.time(), lambda owner: False)
    s.close()
    result = run_cli("draft", doc, "--base-url", loopback.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("; 1 segments skipped: being drafted by another run")
    assert [r["draft"] is not None for r in rows_in(db_path, doc)] == [False, True, True]


def test_leases_of_a_crashed_run_do_not_block_the_next_run(store, loopback):
    """Expired leases (a run on another machine that died), and leases of a local process that no longer
    exists (SIGKILL), are taken over; a live run's lease is respected."""
    doc = add_document(store, sources(4))
    ids = [r["id"] for r in store.query("SELECT id FROM segments WHERE document_id = ? ORDER BY position", (doc,))]
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # a pid that existed and is gone
    now = time.time()
    lease_store.claim(store, [ids[0]], "elsewhere:4242:alive", now + 300, now, lambda owner: False)
    lease_store.claim(store, [ids[1]], "elsewhere:4243:crashed", now - 1, now - 301, lambda owner: False)
    lease_store.claim(store, [ids[2]], f"{socket.gethostname()}:{proc.pid}:killed", now + 300, now, lambda o: False)
    assert gone(f"{socket.gethostname()}:{proc.pid}:killed")
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=4))
    assert (summary.total()["drafted"], summary.total()["skipped"]) == (3, 1)
    assert sorted(i for e in loopback.chat_requests for i in e["ids"]) == ids[1:]
    assert [r["owner"] for r in store.query("SELECT owner FROM leases")] == ["elsewhere:4242:alive"]


def test_redraft_from_the_review_screen_of_a_segment_another_run_holds_says_so(db_path, loopback, monkeypatch):
    doc = document_in(db_path, sources(2))
    s = open_store(db_path)
    held = rows_in(db_path, doc)[1]["id"]
    lease_store.claim(s, [held], "elsewhere:1:x", time.time() + 300, time.time(), lambda owner: False)
    s.close()
    monkeypatch.setenv("OPENAI_BASE_URL", loopback.url)
    with pytest.raises(WorkbenchError, match="segment 2 is being drafted by another run"):
        redraft_one(db_path, doc, 2)
    assert loopback.log == []


def test_a_claim_is_renewed_and_lapses_after_its_last_renewal(store):
    doc = add_document(store, sources(2))
    ids = [r["id"] for r in store.query("SELECT id FROM segments WHERE document_id = ?", (doc,))]
    clock = [1000.0]
    mine = Claim(store, seconds=300, clock=lambda: clock[0])
    assert mine.take(ids) == set(ids)
    other = Claim(store, seconds=300, clock=lambda: clock[0])
    clock[0] += 200
    mine.renew()  # at 1200: held until 1500
    clock[0] += 250
    assert other.take(ids) == set()  # 1450: still held
    clock[0] += 51
    assert other.take(ids) == set(ids)  # 1501: lapsed, taken over
    mine.release()  # releasing what it no longer holds leaves the new holder alone
    assert lease_store.held_by(store, other.owner) == sorted(ids)


def test_a_submitted_batch_holds_its_segments_until_it_is_collected(run_cli, db_path, loopback):
    doc = document_in(db_path, sources(5))
    first = run_cli("draft", doc, "--submit", "--base-url", loopback.url, "--json")
    assert first.exit_code == 0, first.output
    again = run_cli("draft", doc, "--submit", "--base-url", loopback.url)
    assert again.stdout.strip() == "nothing to submit: 5 segments skipped: being drafted by another run"
    live = run_cli("draft", doc, "--base-url", loopback.url)
    assert "5 segments skipped" in live.stdout and len(loopback.batches) == 1 and loopback.chat_requests[-1]
    assert len(loopback.chat_requests) == 1  # only the batch's request: nothing paid twice
    polled = json.loads(run_cli("draft", "--poll", "--base-url", loopback.url, "--json").stdout)
    assert polled[0]["collected"]["stored"] == 5
    s = open_store(db_path)
    assert s.one("SELECT count(*) AS n FROM leases")["n"] == 0
    assert set(draft_counts(s, doc).values()) == {1}
    s.close()
