"""The risk signals that `workbench check` shows as QA warnings, each under its own code. Never errors:
they say where to look, not that the text is wrong (the error figures on human references stay as
they were), and each fires only past a score that keeps it rare on good human translations."""

from __future__ import annotations

from typing import Callable

from workbench.qa.base import Issue
from workbench.risk.base import DocumentView, Finding, SegmentView
from workbench.risk.signals import finding

# code → (signal, when its finding is worth a warning). Coverage: at least half the judged content
# words, and three or more, without a counterpart (WMT21 newstest's human references: about 7%
# of segments; one word or more: 89%); names: any name missing; disagreement: mean chrF with the
# alternatives below 40.
WARNINGS: dict[str, tuple[str, Callable[[Finding], bool]]] = {
    "coverage-missing": ("coverage", lambda f: f.score >= 0.5 and len(f.source_spans) >= 3),
    "name-missing": ("names", lambda f: f.score > 0),
    "models-disagree": ("disagreement", lambda f: f.score > 0.6),
}


def risk_warnings(segments: list[SegmentView], stats: dict | None = None) -> dict[int, list[Issue]]:
    """Warnings per position for the segments with a text (positions without any: an empty list).
    `stats`: the document's figures when `segments` are only a part of it (see DocumentView)."""
    document = DocumentView(tuple(segments), dict(stats or {}))
    out: dict[int, list[Issue]] = {}
    for segment in segments:
        if segment.text is None:
            continue
        out[segment.position] = []
        for code, (signal, worth) in WARNINGS.items():
            found = finding(signal, segment, document)
            if worth(found):
                out[segment.position].append(Issue(code, "warning", (0, 0), found.reason))
    return out


def pair_warnings(findings: tuple[Finding, ...]) -> int:
    """How many of the warnings above a pair's own findings (risk.pair: coverage, names) give."""
    by_signal = {f.signal: f for f in findings}
    return sum(1 for signal, worth in WARNINGS.values() if signal in by_signal and worth(by_signal[signal]))
