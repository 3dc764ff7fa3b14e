"""The registry of risk signals. Each is a function (segment, document) → Finding; a new signal is one
more entry here (and a weight in weights.json, fitted by bench/fit_risk.py)."""

from __future__ import annotations

import math
import statistics

from workbench.qa import SEGMENT_CHECKS
from workbench.qa.base import Issue
from workbench.qa.document import MIN_SEGMENTS, MIN_SOURCE_CHARS, MIN_SPREAD, measure
from workbench.risk import lexicon
from workbench.risk.base import DocumentView, Finding, SegmentView, Signal
from workbench.risk.coverage import coverage, names, units
from workbench.risk.disagreement import disagreement, ngrams

# How much a rule-QA issue says about the segment being wrong (errors are precise when they fire).
_SEVERITY_SCORE = {"error": 0.9, "warning": 0.4, "info": 0.1}


def rule_qa(segment: SegmentView, document: DocumentView) -> Finding:
    """The zh→en checks (terms, numbers, untranslated, punctuation): the worst issue decides."""
    issues = []
    for check in SEGMENT_CHECKS.values():
        issues.extend(check(segment.source, segment.text or "", list(segment.hits)))
    return qa_finding(issues)


def qa_finding(issues: list[Issue]) -> Finding:
    """Rule QA's finding from every check's issues (see rule_qa)."""
    if not issues:
        return Finding("rule_qa", 0.0)
    worst = max(issues, key=lambda i: _SEVERITY_SCORE.get(i.severity, 0))
    more = f" (+{len(issues) - 1} more)" if len(issues) > 1 else ""
    return Finding("rule_qa", _SEVERITY_SCORE.get(worst.severity, 0), f"{worst.code}: {worst.message}{more}",
                   target_spans=tuple(i.span for i in issues if i.span != (0, 0)))


def length(segment: SegmentView, document: DocumentView) -> Finding:
    """How far the English/Chinese length ratio is from this document's own norm, graded (not only
    past a threshold): much shorter suggests an omission, much longer an addition."""
    if "length" not in document.stats:  # a streamed document comes with its norm (qa.document.document_norms)
        document.stats["length"] = _length_norm(document)
    norm = document.stats["length"]
    chinese, english = measure(segment.source, segment.text or "")
    if not norm or chinese < MIN_SOURCE_CHARS or english == 0:
        return Finding("length", 0.0)
    median, spread = norm
    z = 0.6745 * (math.log(english / chinese) - median) / spread
    score = min(1.0, max(0.0, (abs(z) - 1.0) / 4.0))  # within one deviation says nothing; five is as bad as it gets
    if score == 0:
        return Finding("length", 0.0)
    what = "shorter than this document's norm: something left out?" if z < 0 else "longer than this document's norm: something added?"
    return Finding("length", score, f"much {what}" if abs(z) > 3 else what)


def _length_norm(document: DocumentView) -> tuple[float, float] | None:
    ratios = []
    for s in document.segments:
        chinese, english = measure(s.source, s.text or "")
        if chinese >= MIN_SOURCE_CHARS and english > 0:
            ratios.append(math.log(english / chinese))
    if len(ratios) < MIN_SEGMENTS:
        return None
    median = statistics.median(ratios)
    return median, max(statistics.median(abs(r - median) for r in ratios), MIN_SPREAD)


# How much an MQM error span (a model's not dismissed, or the reviewer's own) says about the segment.
_MQM_SCORE = {"critical": 1.0, "major": 0.8, "minor": 0.3}


def assessment(segment: SegmentView, document: DocumentView) -> Finding:
    """The MQM error spans on the text (`workbench assess`, the reviewer's own): the worst decides.
    Its weight is set by hand, not fitted (see weights.json "hand_set"): its quality depends on the model."""
    if not segment.mqm:
        return Finding("assessment", 0.0)
    worst = max(segment.mqm, key=lambda s: _MQM_SCORE.get(s, 0))
    n = len(segment.mqm)
    return Finding("assessment", _MQM_SCORE.get(worst, 0), f"{n} MQM error span{'s' if n > 1 else ''} "
                                                          f"(worst {worst})")


SIGNALS: dict[str, Signal] = {
    "rule_qa": rule_qa,
    "length": length,
    "coverage": coverage,
    "names": names,
    "disagreement": disagreement,
    "assessment": assessment,
}


def forget_texts() -> None:
    """Drop what the signals remember per text (stems, words, n-grams), the dictionaries kept: a
    benchmark times a second run as a first one over new texts."""
    lexicon.english.cache_clear()
    units.cache_clear()
    ngrams.cache_clear()


def finding(name: str, segment: SegmentView, document: DocumentView) -> Finding:
    """The signal's finding on the segment: the one computed before when the view carries it."""
    known = segment.known_finding(name)
    return known if known is not None else SIGNALS[name](segment, document)
