"""The shapes every risk signal shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from workbench.glossary.terms import Hit


@dataclass(frozen=True)
class SegmentView:
    """What a signal sees of one segment: its source, its current text (None: nothing to judge yet),
    the glossary hits in the source, its jieba words, the alternative drafts' texts and the MQM spans."""

    position: int
    source: str
    text: str | None
    hits: tuple[Hit, ...] = ()
    tokens: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    mqm: tuple[str, ...] = ()  # the severities of the MQM error spans on this text that were not dismissed
    known: tuple[Finding, ...] = ()  # findings computed before (risk.pair: stored per segment), not computed again

    def known_finding(self, signal: str) -> Finding | None:
        return next((f for f in self.known if f.signal == signal), None)


@dataclass(frozen=True)
class DocumentView:
    """The whole document, for signals that judge a segment against its neighbours (length)."""

    segments: tuple[SegmentView, ...]
    stats: dict = field(default_factory=dict, compare=False)  # per-document figures a signal computes once


@dataclass(frozen=True)
class Finding:
    """One signal's view of one segment."""

    signal: str
    score: float  # 0 (nothing suspicious) … 1 (very likely wrong)
    reason: str = ""  # a short sentence for the reviewer ("" when there is nothing to say)
    source_spans: tuple[tuple[int, int], ...] = ()  # e.g. source words with no counterpart in the English
    target_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SegmentRisk:
    """One risk per segment: `risk` 0–1 (None when there is no text to judge), the reasons a reviewer
    reads (most important first), and every signal's finding."""

    position: int
    risk: float | None
    reasons: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    def finding(self, signal: str) -> Finding | None:
        return next((f for f in self.findings if f.signal == signal), None)


# A signal: (segment, its document) → Finding, registered under its name in risk.signals.SIGNALS.
Signal = Callable[[SegmentView, DocumentView], Finding]
