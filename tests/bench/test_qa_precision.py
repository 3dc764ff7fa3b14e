"""bench/qa_precision.py skips cleanly when the shared evaluation data is absent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "qa_precision.py"


def test_bench_says_it_skipped_without_the_data(tmp_path):
    env = {**os.environ, "WORKBENCH_SHARED_DATA": str(tmp_path / "absent")}
    result = subprocess.run([sys.executable, str(BENCH)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout
