"""The risk signals that `workbench check` shows as QA warnings, each under its own code. Never errors:
they say where to look, not that the text is wrong (the error figures on human references stay as
they were), and each fires only past a score that keeps it rare on good human translations."""

from __future__ import annotations

from workbench.qa.base import Issue
from workbench.risk.base import DocumentView, SegmentView
from workbench.risk.coverage import coverage, names
from workbench.risk.disagreement import disagreement

# signal → (issue code, the least score shown). Coverage: five or more words without a counterpart (a
# human reference has one to four often enough: WMT21 newstest 23% at five, 89% at one); names: any
# name missing; disagreement: mean chrF with the alternatives 40 or lower (a score of 0.6).
WARNINGS = {
    "coverage": ("coverage-missing", 1 - 0.75 ** 5, coverage),
    "names": ("name-missing", 0.5, names),
    "disagreement": ("models-disagree", 0.6, disagreement),
}


def risk_warnings(segments: list[SegmentView]) -> dict[int, list[Issue]]:
    """Warnings per position for the segments with a text (positions without any: an empty list)."""
    document = DocumentView(tuple(segments))
    out: dict[int, list[Issue]] = {}
    for segment in segments:
        if segment.text is None:
            continue
        out[segment.position] = []
        for code, least, signal in WARNINGS.values():
            finding = signal(segment, document)
            if finding.score >= least - 1e-9:
                out[segment.position].append(Issue(code, "warning", (0, 0), finding.reason))
    return out
