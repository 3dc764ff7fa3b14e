"""bench/fit_risk.py and bench/risk_eval.py skip cleanly when the shared evaluation data is absent; the
fit's IRLS and the AUC agree with textbook cases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("script", ["fit_risk.py", "risk_eval.py"])
def test_bench_says_it_skipped_without_the_data(tmp_path, script):
    env = {**os.environ, "WORKBENCH_SHARED_DATA": str(tmp_path / "absent")}
    result = subprocess.run([sys.executable, str(BENCH / script)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout


def test_irls_recovers_known_weights_and_auc_counts_ties_half():
    sys.path.insert(0, str(BENCH))
    import fit_risk

    rng = np.random.default_rng(3)
    x = rng.random((4000, 2))
    y = (rng.random(4000) < 1 / (1 + np.exp(-(-1.0 + 2.0 * x[:, 0] + 0.5 * x[:, 1])))).astype(float)
    intercept, w = fit_risk.fit_logistic(x, y, l2=0.0)
    assert abs(intercept + 1.0) < 0.25 and abs(w[0] - 2.0) < 0.3 and abs(w[1] - 0.5) < 0.3
    scores = np.array([0.1, 0.4, 0.4, 0.9])
    assert fit_risk.auc(scores, np.array([False, True, False, True]), np.array([True, False, True, False])) == 0.875
    _, weights = fit_risk.fit_nonnegative(np.c_[x[:, 0], -x[:, 1]], y, ["a", "b"])
    assert weights["b"] == 0.0 and weights["a"] > 0
