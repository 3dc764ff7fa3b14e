"""`workbench draft` killed (SIGKILL) or interrupted (Ctrl-C) mid-run, then run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.drafting.helpers import add_document, assert_aligned
from tests.drafting.terminal import as_in_a_terminal, sigint_state
from tests.helpers import draft_counts
from workbench.drafting.loopback import Loopback
from workbench.storage import cache as cache_store
from workbench.storage import open_store

CONCURRENCY = 4


def _start(db_path, server, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "WORKBENCH_"))}
    env["WORKBENCH_CONFIG"] = str(tmp_path / "workbench.toml")
    as_in_a_terminal()
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "draft", "1", "--base-url", server.url,
         "--batch-size", "10", "--concurrency", str(CONCURRENCY)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for_replies(server, proc, n):
    while len(server.paid) < n:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.005)


def _document(db_path, n=2000):
    s = open_store(db_path)
    add_document(s, [f"第{i}段：全国经济运行总体平稳，第{i}项指标改善。" for i in range(1, n + 1)], title="long")
    s.close()


def test_sigkill_mid_run_then_rerun_drafts_every_segment_exactly_once(db_path, tmp_path):
    _document(db_path)
    with Loopback(latency=0.02) as server:
        proc = _start(db_path, server, tmp_path)
        _wait_for_replies(server, proc, 60)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        s = open_store(db_path)
        stored_before = set(cache_store.keys(s))
        drafted_before = sum(draft_counts(s, 1).values())
        s.close()
        assert 0 < drafted_before < 2000  # killed in the middle
        rerun = _start(db_path, server, tmp_path)
        out, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err
        assert f"drafted {2000 - drafted_before}," in out
    s = open_store(db_path)
    assert set(draft_counts(s, 1).values()) == {1}  # every segment drafted exactly once
    assert_aligned(s, 1)  # each with its own translation
    assert all(server.paid[k] == 1 for k in stored_before)  # no stored reply was paid for twice
    # at most the requests in flight at the moment of the kill were answered but never stored
    assert sum(n - 1 for n in server.paid.values()) <= CONCURRENCY
    s.close()


def test_ctrl_c_stops_cleanly_keeping_what_was_drafted(db_path, tmp_path):
    _document(db_path, 600)
    # slow replies: the run cannot finish before the signal arrives, however loaded the machine
    with Loopback(latency=0.5) as server:
        proc = _start(db_path, server, tmp_path)
        _wait_for_replies(server, proc, 10)
        state = sigint_state(proc.pid)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, (state, out[-300:], err)
        assert out.startswith("interrupted: drafted ") and "Traceback" not in err
        s = open_store(db_path)
        counts = draft_counts(s, 1)
        assert 0 < sum(counts.values()) < 600
        assert s.one("SELECT state FROM jobs ORDER BY id DESC LIMIT 1")["state"] == "interrupted"
        s.close()
        rerun = _start(db_path, server, tmp_path)
        assert rerun.wait(timeout=60) == 0
    s = open_store(db_path)
    assert set(draft_counts(s, 1).values()) == {1}
    assert_aligned(s, 1)
    s.close()
