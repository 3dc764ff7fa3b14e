"""The machine's faults in any command: out of memory, out of disk — one line, no traceback, the
database as it was, no partial file left."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import workbench.outputs as outputs
from tests.export.sample import build
from workbench import qa

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", [("check", "1"), ("report", "1"), ("export", "1", "-f", "jsonl", "--status", "all"),
                                     ("segments", "1", "--json")])
def test_out_of_memory_is_one_line_and_changes_nothing(tmp_path, run_cli, db_state, monkeypatch, command):
    build(tmp_path, reviewed=(1, 2))[0].close()
    db = tmp_path / "work.db"
    before = db_state(db)

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(qa, "check_segment", exhausted)
    monkeypatch.setattr("workbench.reports.metrics.segment_stats", exhausted)
    monkeypatch.setattr("workbench.risk.assess", exhausted)
    monkeypatch.setattr("workbench.risk.pair.compute", exhausted)  # where check, report and segments compute a segment's results
    result = run_cli(*command, db=db)
    assert result.exit_code == 1
    assert result.stderr == "Error: out of memory: the command stopped and nothing was saved (the database is as it was)\n"
    assert "Traceback" not in result.output and db_state(db) == before


def test_a_full_disk_under_an_export_file_is_one_line_and_changes_nothing(tmp_path, run_cli, db_state, monkeypatch):
    build(tmp_path, reviewed=(1, 2))[0].close()
    db = tmp_path / "work.db"
    before = db_state(db)

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs.os, "write", full)
    out = tmp_path / "a.xlf"
    result = run_cli("export", "1", "-f", "xliff", "-o", out, db=db)
    assert result.exit_code == 1 and result.stderr == f"Error: cannot write {out}: No space left on device\n"
    assert db_state(db) == before and not out.exists() and not list(tmp_path.glob(".*.partial"))


def test_a_full_disk_under_standard_output_is_one_line(tmp_path, db_state):
    build(tmp_path, reviewed=(1, 2))[0].close()
    db = tmp_path / "work.db"
    before = db_state(db)
    with open("/dev/full", "w") as full:  # every write there fails with ENOSPC, as on a full disk
        result = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "export", "1", "-f", "tmx",
                                 "--status", "all"], stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1
    assert result.stderr == ("Error: the disk is full: the command stopped and nothing was saved "
                             "(the database is as it was)\n")
    assert db_state(db) == before
