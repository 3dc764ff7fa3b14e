"""One risk per segment from the signals' findings: a logistic model whose weights are fitted by
bench/fit_risk.py on professional MQM annotations and shipped as data (weights.json), not set by hand.
Two weight sets: with alternative drafts (the disagreement signal is there) and without."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from workbench.risk.base import DocumentView, SegmentRisk, SegmentView
from workbench.risk.signals import SIGNALS, finding

WEIGHTS = Path(__file__).with_name("weights.json")
REASON_FLOOR = 0.25  # a finding below this score is not worth a reviewer's attention as a reason


@cache
def load_weights(path: Path = WEIGHTS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def assess(segments: list[SegmentView], weights: dict | None = None, stats: dict | None = None) -> dict[int, SegmentRisk]:
    """Every segment's risk, by position (risk None where there is no text yet). `stats`: the document's
    figures (its length norm) when `segments` are only one chunk of a long document."""
    weights = weights or load_weights()
    document = DocumentView(tuple(segments), dict(stats or {}))
    out = {}
    for segment in segments:
        if segment.text is None:
            out[segment.position] = SegmentRisk(segment.position, None)
            continue
        findings = tuple(finding(name, segment, document) for name in SIGNALS)
        model = weights["with_alternatives" if segment.alternatives else "without_alternatives"]
        out[segment.position] = _combined(segment.position, findings, model)
    return out


def _combined(position: int, findings, model: dict) -> SegmentRisk:
    terms = {f.signal: model["weights"].get(f.signal, 0.0) * f.score for f in findings}
    risk = 1.0 / (1.0 + math.exp(-(model["intercept"] + sum(terms.values()))))
    telling = sorted((f for f in findings if f.reason and f.score >= REASON_FLOOR and terms[f.signal] > 0),
                     key=lambda f: terms[f.signal], reverse=True)
    return SegmentRisk(position, round(risk, 4), tuple(f.reason for f in telling), findings)
