"""sacrebleu wrappers: corpus BLEU/chrF/TER, per-segment chrF/TER, and term accuracy.

Scores use sacrebleu's defaults (the same as the `sacrebleu` command with `-m bleu chrf ter`), on the
0–100 scale, with the hypothesis first and the reference second: for post-editing effort the draft is
the hypothesis and the reviewed target the reference. Every score travels with its signature so a
figure can be reproduced with the command line tool.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

from workbench.errors import WorkbenchError

METRICS = ("bleu", "chrf", "ter")


def clean(text: str | None) -> str:
    """One line per segment: line breaks inside a text become spaces (as in the files we write)."""
    return " ".join((text or "").split("\n")).strip()


def _metrics() -> dict:
    from sacrebleu.metrics import BLEU, CHRF, TER  # noqa: PLC0415 - sacrebleu loads only where a metric is computed: the CLI starts fast

    return {"bleu": BLEU(), "chrf": CHRF(), "ter": TER()}


class Scores:
    """Hypotheses scored against references, the segment statistics computed once.

    Corpus scores of any subset (overall, per engine/model) and per-segment chrF/TER all come from the
    same per-segment statistics, through the calls sacrebleu's own corpus_score and sentence_score make
    (_extract_corpus_statistics, then _aggregate_and_compute): TER's costly shift search runs once per
    segment instead of three times. Tests compare every figure with sacrebleu's public API and command.
    """

    def __init__(self, hypotheses: Sequence[str], references: Sequence[str]):
        if len(hypotheses) != len(references):
            raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
        hyps, refs = [clean(h) for h in hypotheses], [[clean(r) for r in references]]
        self.size = len(hyps)
        self._metrics = _metrics()
        self._stats = {name: m._extract_corpus_statistics(hyps, refs) if hyps else [] for name, m in self._metrics.items()}

    def corpus(self, indices: Sequence[int] | None = None) -> dict | None:
        """{"bleu", "chrf", "ter", "segments", "signature": {metric: signature}} of the segments at
        `indices` (default all), or None for no segments."""
        chosen = range(self.size) if indices is None else indices
        if not len(chosen):
            return None
        out: dict = {"segments": len(chosen), "signature": {}}
        for name, metric in self._metrics.items():
            out[name] = metric._aggregate_and_compute([self._stats[name][i] for i in chosen]).score
            out["signature"][name] = str(metric.get_signature())
        return out

    def segment(self, index: int) -> dict:
        """Sentence-level {"chrf", "ter"} of one segment."""
        return {name: self._metrics[name]._aggregate_and_compute([self._stats[name][index]]).score
                for name in ("chrf", "ter")}


class Tally:
    """Corpus BLEU/chrF/TER of a stream of segments from sufficient statistics: each segment's sacrebleu
    statistics (n-gram matches and totals for BLEU, character and word n-gram counts for chrF, edits and
    reference length for TER) are added up as the segments come, and the corpus score is computed from
    the sums — what sacrebleu's corpus_score does (`_aggregate_and_compute` sums the same lists), so the
    figures are identical, but nothing per segment is kept: a million segments cost a few lists of ints.
    Segments wait in a short buffer and are summed a column at a time (sum() over the buffer: a few times
    cheaper than adding each list as it comes). Every statistic is an integer (TER's reference length is
    a float holding a word count, with one reference), so the order of the additions changes no sum."""

    BUFFER = 256

    def __init__(self):
        self.size = 0
        self._sums: dict[str, list] = {}
        self._waiting: list[dict[str, list]] = []

    def add(self, stats: dict[str, list]) -> None:
        """One segment's statistics (from `segment_stats`)."""
        self.size += 1
        self._waiting.append(stats)
        if len(self._waiting) >= self.BUFFER:
            self._flush()

    def _flush(self) -> None:
        for name in self._waiting[0] if self._waiting else ():
            columns = [sum(c) for c in zip(*(s[name] for s in self._waiting))]
            held = self._sums.get(name)
            self._sums[name] = columns if held is None else [a + b for a, b in zip(held, columns)]
        self._waiting.clear()

    def corpus(self) -> dict | None:
        """{"bleu", "chrf", "ter", "segments", "signature": {metric: signature}}, or None for no segments."""
        if not self.size:
            return None
        self._flush()
        out: dict = {"segments": self.size, "signature": dict(signatures())}
        for name, metric in _shared().items():
            out[name] = metric._compute_score_from_stats(self._sums[name]).score
        return out


@cache
def _shared() -> dict:
    """One instance of each metric for the per-segment statistics of a stream (their settings never change)."""
    return _metrics()


@cache
def signatures() -> dict[str, str]:
    """{metric: sacrebleu signature} for one reference (a signature names the reference count, known to
    sacrebleu after one score: statistics read back from the store were never scored in this process)."""
    out = {}
    for name, metric in _metrics().items():
        metric.corpus_score(["x"], [["x"]])
        out[name] = str(metric.get_signature())
    return out


def segment_stats(hypothesis: str | None, reference: str | None) -> dict[str, list]:
    """One segment's sacrebleu sufficient statistics per metric (what `Tally.add` sums)."""
    hyp, ref = clean(hypothesis), clean(reference)
    if hyp == ref:
        return {name: _unchanged_stats(name, metric, ref) for name, metric in _shared().items()}
    return {name: metric._extract_corpus_statistics([hyp], [[ref]])[0] for name, metric in _shared().items()}


def _unchanged_stats(name: str, metric, text: str) -> list:
    """The statistics of a draft left unchanged, from the reference side alone: sacrebleu would extract
    the same n-grams from both texts and find every one matched (BLEU: correct = total per order and
    hypothesis length = reference length; chrF: [count, count, count] per order), and TER's shift search
    finds nothing to do (edit distance 0, every candidate refused as no word is in error: [0, reference
    words / 1 reference]). Half the n-gram work and none of TER's search, which is quadratic in the
    sentence length; tests compare all three with `_extract_corpus_statistics` on real sentences."""
    info = metric._cache_references([[text]])[0]  # the reference preprocessed and counted, as sacrebleu does
    if name == "bleu":
        totals = [0] * metric.max_ngram_order
        for ngram, count in info["ref_ngrams"].items():
            totals[len(ngram) - 1] += count
        (length,) = info["ref_lens"]
        return [length, length, *totals, *totals]
    if name == "chrf":
        return [n for counter in info["ref_ngrams"][0] for total in (sum(counter.values()),) for n in (total,) * 3]
    (words,) = info["ref_words"]
    return [0, len(words) / 1]


def stats_version() -> str:
    """What a segment's statistics depend on besides its two texts: the metrics' settings and sacrebleu's
    version (both in the signatures) and how they are written down here."""
    return "1|" + "|".join(f"{name}:{sig}" for name, sig in sorted(signatures().items()))


def segment_scores(stats: dict[str, list]) -> dict:
    """Sentence-level {"chrf", "ter"} of one segment from its statistics (as sacrebleu's sentence_score)."""
    metrics = _shared()
    return {name: metrics[name]._compute_score_from_stats(stats[name]).score for name in ("chrf", "ter")}


def corpus_scores(hypotheses: Sequence[str], references: Sequence[str]) -> dict | None:
    """{"bleu", "chrf", "ter", "segments", "signature": {metric: signature}}, or None for no segments."""
    return Scores(hypotheses, references).corpus()


def segment_signatures() -> dict:
    """{"chrf", "ter"} signatures of the sentence-level scores (the same settings as the corpus ones)."""
    return {name: signatures()[name] for name in ("chrf", "ter")}


def histogram(values: Iterable[float], *, bins: int = 10, top: float = 100.0) -> list[int]:
    """Counts in `bins` equal bins over [0, top]; the top value falls in the last bin."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v / top * bins)))] += 1
    return counts


def quartiles(values: Sequence[float]) -> dict | None:
    if not values:
        return None
    s = sorted(values)

    def at(q: float) -> float:
        i = (len(s) - 1) * q
        lo, hi = int(i), min(int(i) + 1, len(s) - 1)
        return s[lo] + (s[hi] - s[lo]) * (i - lo)

    return {"min": s[0], "q1": at(0.25), "median": at(0.5), "q3": at(0.75), "max": s[-1]}


# ---------------------------------------------------------------------------------------------
# Term accuracy (the WMT terminology task's exact match): of the expected terms, the share whose
# target rendering appears in the translation. Lower-cased unless the term is case-sensitive; a match
# must start at a word boundary but may carry a suffix, so "Nvidia's" and "chips" count.


@dataclass(frozen=True)
class ExpectedTerm:
    source: str
    renderings: tuple[str, ...]
    case_sensitive: bool = False


def term_found(text: str, term: ExpectedTerm) -> bool:
    flags = 0 if term.case_sensitive else re.IGNORECASE
    return any(re.search(r"(?<!\w)" + re.escape(r), text, flags) for r in term.renderings if r)


def term_accuracy(items: Iterable[tuple[str | None, Iterable[ExpectedTerm]]], *, list_missed: bool = True) -> dict:
    """items: (translation, the terms it should contain). Each distinct term counts once per segment.
    Returns {"correct", "total", "accuracy" (0–100, None without terms), "missed": [(index, source)]}
    ("missed" only counted when not `list_missed`: a long stream keeps no list)."""
    correct = total = 0
    missed: list = []
    missed_count = 0
    for index, (text, terms) in enumerate(items):
        for term in dict.fromkeys(terms):
            total += 1
            if text and term_found(text, term):
                correct += 1
            else:
                missed_count += 1
                if list_missed:
                    missed.append((index, term.source))
    return {"correct": correct, "total": total, "accuracy": 100.0 * correct / total if total else None,
            "missed": missed if list_missed else missed_count}


def glossary_terms(hits) -> list[ExpectedTerm]:
    """Glossary matcher hits → the renderings a translation may use for each."""
    return [ExpectedTerm(h.term.source, tuple(h.term.renderings()), h.term.case_sensitive) for h in hits]


# ---------------------------------------------------------------------------------------------
# Files: `workbench score`


def read_lines(path: str | Path) -> list[str]:
    """A plain text file, one segment per line (UTF-8; a final newline is optional)."""
    path = Path(path)
    if not path.is_file():
        raise WorkbenchError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbenchError(f"{path}: not UTF-8 text") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_terms_jsonl(path: str | Path) -> list[dict]:
    """WMT23 terminology layout: one {"zh", "en", "terms": [{"zh", "en"}]} object per line."""
    out = []
    for number, line in enumerate(read_lines(path), 1):
        if not line.strip():
            raise WorkbenchError(f"{path}:{number}: empty line (every line needs a JSON object)")
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise WorkbenchError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        terms = item.get("terms") if isinstance(item, dict) else None
        if not isinstance(terms, list) or any(not isinstance(t, dict) or not t.get("en") for t in terms):
            raise WorkbenchError(f'{path}:{number}: expected {{"zh": …, "en": …, "terms": [{{"zh": …, "en": …}}]}}')
        out.append(item)
    return out


def score_files(hyp: str | Path, ref: str | Path, *, src: str | Path | None = None,
                terms: str | Path | None = None, matcher=None) -> dict:
    """Corpus BLEU/chrF/TER of HYP against REF, and term accuracy from a terms JSONL or, given SRC, the
    glossary `matcher`. Files must have the same number of lines (the error names both counts)."""
    hyps, refs = read_lines(hyp), read_lines(ref)
    _same_count(hyp, hyps, ref, refs)
    if not hyps:
        raise WorkbenchError(f"{hyp}: is empty (nothing to score)")
    result = {"hypothesis": str(hyp), "reference": str(ref), **corpus_scores(hyps, refs)}
    if src is not None:
        sources = read_lines(src)
        _same_count(hyp, hyps, src, sources)
        if matcher is not None and terms is None:
            result["terms"] = _public(term_accuracy(
                (h, glossary_terms(matcher.find(s))) for h, s in zip(hyps, sources)))
            result["terms"]["from"] = "glossary"
    if terms is not None:
        records = read_terms_jsonl(terms)
        _same_count(hyp, hyps, terms, records)
        result["terms"] = _public(term_accuracy(
            (h, [ExpectedTerm(t.get("zh", ""), (t["en"],)) for t in r["terms"]]) for h, r in zip(hyps, records)))
        result["terms"]["from"] = str(terms)
    return result


def _public(acc: dict) -> dict:
    return {k: v for k, v in acc.items() if k != "missed"} | {"missed": len(acc["missed"])}


def _same_count(a_path, a: list, b_path, b: list) -> None:
    if len(a) != len(b):
        raise WorkbenchError(f"line counts differ: {a_path} has {_lines(len(a))}, {b_path} has {_lines(len(b))}")


def _lines(n: int) -> str:
    return f"{n} line" if n == 1 else f"{n} lines"
