"""Disagreement: how far the current text is from the alternative drafts of other models (sacrebleu
sentence chrF), as "the models disagree here". Where independent systems agree the text is seldom
badly wrong; where they part ways one of them at least usually is."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from workbench.risk.base import DocumentView, Finding, SegmentView


@lru_cache(maxsize=1)
def _chrf():
    """sacrebleu's chrF with its defaults (character 6-grams, beta 2, whitespace ignored), as `sacrebleu -m chrf`."""
    from sacrebleu.metrics import CHRF  # noqa: PLC0415 - sacrebleu loads only where a metric is computed: the CLI starts fast

    return CHRF()

# Below this mean chrF the disagreement is worth a reviewer's reading (the reason is given).
TELLING = 50.0


def disagreement(segment: SegmentView, document: DocumentView) -> Finding:
    """The distance of the current text from the alternatives: 1 − mean sentence chrF / 100 (the whole
    range is kept: the fit found clipping it lost information). Nothing to say without alternatives."""
    alternatives = [a for a in segment.alternatives if a and a.strip()]
    if not alternatives or not segment.text or not segment.text.strip():
        return Finding("disagreement", 0.0)
    mean = sum(chrf(segment.text, a) for a in alternatives) / len(alternatives)
    n = len(alternatives)
    reason = f"the models disagree here: chrF {mean:.0f} with the {n} alternative draft{'s' if n > 1 else ''}" if mean < TELLING else ""
    return Finding("disagreement", round(1 - mean / 100, 4), reason)


def chrf(hypothesis: str, reference: str) -> float:
    """sacrebleu's sentence chrF (`sentence_chrf(hypothesis, [reference]).score`, the same figure):
    its n-gram extraction and F-score, with each text's n-grams read once per process and the matches
    counted with set operations (an n-gram seen once on either side matches once) — several times
    faster over a document, where each draft meets two alternatives."""
    stats: list[int] = []
    for (h, h_total, h_repeated), (r, r_total, r_repeated) in zip(ngrams(hypothesis), ngrams(reference)):
        shared = h.keys() & r.keys()
        extra = sum(min(h[g], r[g]) - 1 for g in shared & h_repeated & r_repeated)
        stats += [h_total if r else 0, r_total, len(shared) + extra]
    return _chrf()._compute_f_score(stats)


@lru_cache(maxsize=8192)
def ngrams(text: str) -> tuple[tuple[Counter, int, frozenset], ...]:
    """Per order: the n-gram counts, their total and the n-grams seen more than once."""
    from sacrebleu.metrics.helpers import extract_all_char_ngrams  # noqa: PLC0415 - as in _chrf

    metric = _chrf()
    return tuple((c, sum(c.values()), frozenset(g for g, k in c.items() if k > 1))
                 for c in extract_all_char_ngrams(text, metric.char_order, metric.whitespace))
