"""What a segment's pair alone decides — its source, its current text, the glossary's hits in the
source and its jieba words — computed once and kept: the per-segment QA issues and the risk findings
that are pure functions of the pair (rule QA, coverage, names). `verify` stores them per segment under
what they depend on (the text, the glossary version, `qa.CHECKS_VERSION`, `PAIR_VERSION`), so later
commands read them instead of computing them again; the parts that depend on the rest of the document
(length norm, consistency, alternative drafts, MQM spans, dismissals) are added at read time.

`Memo` keeps the results of the last few thousand distinct pairs of one run (bounded: memory stays
flat at any document size), so a sentence repeated through a document costs a lookup.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from workbench.glossary.terms import Hit, Matcher
from workbench.qa import SEGMENT_CHECKS
from workbench.qa.base import Issue, severity_rank
from workbench.risk.base import DocumentView, Finding, SegmentView
from workbench.risk.signals import SIGNALS, qa_finding, rule_qa

# The version of the risk signals a pair decides (coverage, names, rule QA's finding) and of the
# lexicon they read (CC-CEDICT, pypinyin, the implicit-word lists): stored pair results made under
# another version are computed again. Bump it whenever one of those, or their data, changes.
PAIR_VERSION = 1

# The signals whose finding is a pure function of the pair (the others see the document).
PAIR_SIGNALS = ("rule_qa", "coverage", "names")


@dataclass(frozen=True)
class PairResult:
    """The per-segment QA issues of a text (as `qa.check_segment` gives them) and the pair's risk
    findings (one per PAIR_SIGNALS name, in that order)."""

    issues: tuple[Issue, ...] = ()
    findings: tuple[Finding, ...] = ()

    def to_json(self) -> str:
        """Compact JSON: [[code, severity, start, end, message], …] and [[signal, score, reason,
        source spans, target spans], …] — made once per result (a repeated pair's result is shared)."""
        return self._json

    @cached_property
    def _json(self) -> str:
        return json.dumps([[[i.code, i.severity, i.span[0], i.span[1], i.message] for i in self.issues],
                           [[f.signal, f.score, f.reason, f.source_spans, f.target_spans] for f in self.findings]],
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> PairResult:
        issues, findings = json.loads(data)
        return cls(tuple(Issue(c, s, (a, b), m) for c, s, a, b, m in issues),
                   tuple(Finding(n, score, reason, tuple(map(tuple, src)), tuple(map(tuple, tgt)))
                         for n, score, reason, src, tgt in findings))


def compute(source: str, text: str | None, hits: tuple[Hit, ...], tokens: tuple[str, ...]) -> PairResult:
    """The pair's issues and findings (nothing for a segment without a text). Every check runs once:
    the issues keep `qa.check_segment`'s order and its stop after an empty or copied target, the rule-QA
    finding sees every check's issues, as `risk.signals.rule_qa` does."""
    if text is None:
        return PairResult()
    every: list[Issue] = []
    issues: list[Issue] | None = None
    for check in SEGMENT_CHECKS.values():
        every.extend(check(source, text, list(hits)))
        if issues is None and every and every[0].code in ("empty", "copied"):
            issues = list(every)  # qa.check_segment stops here
    issues = every if issues is None else issues
    segment = SegmentView(0, source, text, hits, tokens)
    document = DocumentView((segment,))
    findings = tuple(qa_finding(every) if SIGNALS[name] is rule_qa else SIGNALS[name](segment, document)
                     for name in PAIR_SIGNALS)  # through the registry: a signal put in its place is used
    return PairResult(tuple(sorted(issues, key=lambda i: (i.span, severity_rank(i.severity)))), findings)


class Memo:
    """The results of the last `size` distinct pairs (least recently used dropped first), for one
    matcher: a sentence repeated through a document is computed once. Held strongly, the matcher
    cannot be replaced by another at the same address while the memo remembers its results; another
    signal put in the registry's place forgets them too."""

    def __init__(self, size: int = 4096):
        self.size = size
        self.matcher: Matcher | None = None
        self.signals: tuple = ()  # the signal functions the results were computed with
        self._held: OrderedDict[tuple, PairResult] = OrderedDict()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._held)

    def result(self, matcher: Matcher, source: str, text: str | None, tokens: tuple[str, ...]) -> PairResult:
        signals = tuple(SIGNALS[name] for name in PAIR_SIGNALS)
        if matcher is not self.matcher or signals != self.signals:
            self._held.clear()
            self.matcher, self.signals = matcher, signals
        key = (source, text, tokens)
        found = self._held.get(key)
        if found is not None:
            self._held.move_to_end(key)
            self.hits += 1
            return found
        self.misses += 1
        found = self._held[key] = compute(source, text, tuple(matcher.find(source)), tokens)
        if len(self._held) > self.size:
            self._held.popitem(last=False)
        return found
