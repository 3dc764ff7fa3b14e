"""bench/assess_eval.py: end to end against the loopback server on four chosen lines of the WMT23 MQM
data (a fixture), saying plainly that those figures are no quality measure; skips without the data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "assess_eval.py"
SAMPLE = Path(__file__).with_name("fixtures") / "wmt23_mqm_sample.jsonl"


def _run(*args, env=None):
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_the_loopback_run_checks_the_pipeline_and_says_it_is_no_quality_measure():
    result = _run("--loopback", "--data", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "4 segments" in out and "NOT a quality measure" in out
    assert "assessor loopback" in out and "baseline: rule QA" in out and "load average" in out
    assert "0 segments without an assessment" in out


def test_without_an_endpoint_it_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_BASE_URL", "OPENAI_API_KEY")}
    result = subprocess.run([sys.executable, str(BENCH), "--data", str(SAMPLE)], capture_output=True, text=True,
                            env={**env, "WORKBENCH_CONFIG": str(tmp_path / "none.toml")})
    assert result.returncode == 2 and "no endpoint configured" in result.stdout  # no figure without a model


def test_it_skips_without_the_data(tmp_path):
    result = _run("--loopback", env={"WORKBENCH_SHARED_DATA": str(tmp_path / "absent")})
    assert result.returncode == 0 and "skipped" in result.stdout
