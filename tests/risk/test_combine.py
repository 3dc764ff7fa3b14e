"""The shipped weights are fitted (bench/fit_risk.py on the MQM file) and assess uses the right set."""

from __future__ import annotations

from tests.risk.fixtures import SUMMIT, SUMMIT_FULL, ZHAO, ZHAO_RIGHT, ZHAO_WRONG, view
from workbench.risk import SIGNALS, assess, load_weights


def test_weights_say_what_they_were_fitted_on():
    weights = load_weights()
    assert weights["fitted_on"].startswith("wmt23_mqm_zhen_news.jsonl") and weights["by"] == "bench/fit_risk.py"
    assert set(weights["with_alternatives"]["weights"]) == set(SIGNALS)
    assert "disagreement" not in weights["without_alternatives"]["weights"]
    assert all(w >= 0 for key in ("with_alternatives", "without_alternatives") for w in weights[key]["weights"].values())


def test_assess_uses_the_set_with_alternatives_only_where_there_are_some():
    segments = [view(ZHAO, ZHAO_WRONG, position=1), view(ZHAO, ZHAO_WRONG, alternatives=[ZHAO_RIGHT], position=2),
                view(SUMMIT, None, position=3)]
    risks = assess(segments)
    assert risks[3].risk is None and risks[3].findings == ()
    assert risks[1].finding("disagreement").score == 0
    assert risks[2].finding("disagreement").score > 0
    assert risks[1].risk != risks[2].risk


def test_reasons_come_in_order_of_weighted_contribution():
    risk = assess([view(ZHAO, ZHAO_WRONG)])[1]
    weights = load_weights()["without_alternatives"]["weights"]
    telling = sorted((f for f in risk.findings if f.reason and f.score >= 0.25 and weights.get(f.signal, 0) > 0),
                     key=lambda f: weights[f.signal] * f.score, reverse=True)
    assert risk.reasons == tuple(f.reason for f in telling)
    assert any(r.startswith("name not found in the English: 赵春山 (Zhao Chunshan)") for r in risk.reasons)
    assert assess([view(SUMMIT, SUMMIT_FULL)])[1].reasons == ()
