"""Risk: how likely each segment's current text is wrong, so the reviewer reads the riskiest first.

Each signal is a small pluggable part behind one interface (a registry, like sacrebleu's metrics and
`qa.SEGMENT_CHECKS`): it looks at one segment in its document and gives a `Finding` — a score 0–1
(higher = more likely wrong), a short reason a reviewer understands, and spans where it has them.
`combine` turns the findings into one risk per segment with weights fitted by `bench/fit_risk.py` and
shipped as data (`weights.json`). Pure functions: no storage here (`verify.document_risk` reads it).
"""

from __future__ import annotations

from workbench.risk.base import DocumentView, Finding, SegmentRisk, SegmentView, Signal
from workbench.risk.combine import assess, load_weights
from workbench.risk.signals import SIGNALS
from workbench.risk.warnings import WARNINGS, risk_warnings

__all__ = ["SIGNALS", "WARNINGS", "DocumentView", "Finding", "SegmentRisk", "SegmentView", "Signal", "assess", "load_weights",
           "risk_warnings"]
