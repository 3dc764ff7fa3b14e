"""The MQM figures of the report: a score per document and per engine/model from the reviewer's
confirmed spans and own spans, errors by category, and how far to trust each assessor model.

Which segments count: those a person has reviewed (reviewed or final) and any other with a counted
span, each with its current draft (the text the spans are marked in). For a set of segments:

    penalty   P = Σ over counted spans of the severity's points (minor 1, major 5, critical 25 by default)
    per 100 source characters = 100 × P / (non-space characters of the sources)
    per 100 target words      = 100 × P / (words of the drafts)
    score     = 100 − (penalty per 100 target words); it passes at or above the threshold (default 90)

An assessor's precision is confirmed / (confirmed + dismissed) of its spans the reviewer judged; its
recall is confirmed / (confirmed + the reviewer's own spans on drafts it assessed, which it missed).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from workbench import mqm
from workbench.config import MqmSettings
from workbench.mqm import Span
from workbench.rows import SegmentRow
from workbench.statuses import REVIEWED

WORD = re.compile(r"\w+(?:['’-]\w+)*")


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def score(rows: Iterable[SegmentRow], counted: dict[int, list[Span]], settings: MqmSettings) -> dict:
    """The MQM figures of these segments (`counted`: segment id → its counted spans)."""
    tally = _Score(settings)
    for r in rows:
        tally.add(r, counted.get(r.id, ()))
    return tally.result()


class _Score:
    """The MQM figures of a set of segments, accumulated as they pass (nothing per segment is kept)."""

    def __init__(self, settings: MqmSettings):
        self.settings = settings
        self.segments = self.chars = self.words = 0
        self.penalty = 0  # added span by span, in order: the same sum as adding them all at the end
        self.severities: Counter = Counter()

    def add(self, row: SegmentRow, spans) -> None:
        self.segments += 1
        self.chars += len("".join(row.source.split()))  # non-space characters (split() splits on isspace())
        self.words += len(WORD.findall(row.draft or ""))
        for s in spans:
            self.penalty += self.settings.penalties[s.severity]
            self.severities[s.severity] += 1

    def result(self) -> dict:
        settings, penalty = self.settings, self.penalty
        per_words = _ratio(100 * penalty, self.words)
        value = round(100 - per_words, 4) if per_words is not None else None
        return {"segments": self.segments, "source_characters": self.chars, "target_words": self.words,
                "errors": sum(self.severities.values()), "penalty": penalty,
                "per_100_source_characters": _ratio(100 * penalty, self.chars),
                "per_100_target_words": per_words, "score": value,
                "passed": None if value is None else value >= settings.pass_threshold,
                "by_severity": {sev: self.severities.get(sev, 0) for sev in mqm.SEVERITIES}}


def precision_recall(spans: dict[int, list[Span]], assessed: list[tuple[int, str]]) -> dict[str, dict]:
    """Per assessor model: confirmed (true positives), dismissed (false positives), missed (the
    reviewer's own spans on drafts it assessed), not yet judged; precision and recall."""
    every = [s for group in spans.values() for s in group]
    by_model: dict[str, Counter] = defaultdict(Counter)
    for s in every:
        if s.origin == mqm.MODEL:
            by_model[s.by][s.verdict or "unjudged"] += 1
    drafts_of: dict[str, set[int]] = defaultdict(set)
    for draft_id, model in assessed:
        drafts_of[model].add(draft_id)
    own = [s for s in every if s.origin == mqm.REVIEWER]
    out = {}
    for model in sorted(set(by_model) | set(drafts_of)):
        c = by_model[model]
        tp, fp = c[mqm.CONFIRMED], c[mqm.DISMISSED]
        fn = sum(1 for s in own if s.draft_id in drafts_of[model])
        out[model] = {"drafts_assessed": len(drafts_of[model]), "spans": sum(c.values()), "confirmed": tp,
                      "dismissed": fp, "unjudged": c["unjudged"], "missed": fn,
                      "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)}
    return out


def build(rows: Iterable[SegmentRow], spans: dict[int, list[Span]], assessed: list[tuple[int, str]],
          settings: MqmSettings, costs: dict | None = None) -> dict:
    """The report's "mqm" section. `rows` are read once, as they come (a stream of any length): each
    segment in scope is added to the document's and its engine/model's figures and not kept."""
    counted = {sid: [s for s in group if s.counts] for sid, group in spans.items()}
    counted = {sid: group for sid, group in counted.items() if group}
    document = _Score(settings)
    groups: dict[str, _Score] = defaultdict(lambda: _Score(settings))
    for r in rows:
        if r.draft is not None and (r.status in REVIEWED or r.id in counted):
            found = counted.get(r.id, ())
            document.add(r, found)
            groups[f"{r.engine}/{r.model}" if r.model else (r.engine or "none")].add(r, found)
    categories = Counter(s.category for group in counted.values() for s in group)
    return {
        "penalties": settings.penalties, "pass_threshold": settings.pass_threshold,
        "formula": "score = 100 - 100 * penalty / target words; also 100 * penalty / source characters",
        "document": document.result(),
        "by_engine": {name: g.result() for name, g in sorted(groups.items())},
        "by_category": {c: categories.get(c, 0) for c in mqm.CATEGORIES if categories.get(c)},
        "assessors": precision_recall(spans, assessed),
        "assessment_cost": costs,
    }


def _f(value, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _score_line(name: str, s: dict) -> str:
    verdict = "" if s["passed"] is None else (" pass" if s["passed"] else " FAIL")
    return (f"  {name:<24} score {_f(s['score'])}{verdict}; penalty {s['penalty']:g} "
            f"({_f(s['per_100_target_words'])} per 100 target words, {_f(s['per_100_source_characters'])} per "
            f"100 source characters); {s['errors']} errors in {s['segments']} segments")


def render_text(m: dict) -> list[str]:
    d = m["document"]
    p = m["penalties"]
    out = [f"MQM (confirmed and own error spans; minor {p['minor']:g}, major {p['major']:g}, critical "
           f"{p['critical']:g} points; score = 100 − points per 100 target words, pass ≥ {m['pass_threshold']:g}):"]
    if not d["segments"]:
        out.append("  nothing scored yet: no reviewed segment and no confirmed or own error span")
        return out
    out.append(_score_line("document", d))
    for name, s in m["by_engine"].items():
        out.append(_score_line(name, s))
    if m["by_category"]:
        out.append("  errors by category: " + ", ".join(f"{c} {n}" for c, n in m["by_category"].items()))
    for model, a in m["assessors"].items():
        out.append(f"  assessor {model}: precision {_f(a['precision'])}, recall {_f(a['recall'])} "
                   f"({a['confirmed']} confirmed, {a['dismissed']} dismissed, {a['missed']} missed, "
                   f"{a['unjudged']} not judged; {a['drafts_assessed']} drafts assessed)")
    return out
