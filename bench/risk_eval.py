"""Does reading in risk order find the segments professionals marked, sooner than other orders?

On /work/shared/data/wmt23_mqm_zhen_news.jsonl (WMT23 zh→en news, MQM by professional raters; the
file bench/fit_risk.py fits the weights on, as the issue asks, so every figure here is in-sample):
each of the 10 systems' outputs is imported as one document with `--bilingual`, two other systems'
outputs (fixed seed) are attached as its alternative drafts, and all 3,770 segments are read
together in one order until 20% of all source characters have been read (cost-aware: a long segment
costs more to review). The figure is the share of Major-error segments (any rater, source issues
aside) found by then, for:

  risk, two alternatives · risk, single draft (no alternatives) · each signal alone · baselines:
  random order, length (longest first), rule QA only

with ROC-AUC (Major vs error-free) beside it, the ceiling (every Major segment first, shortest
first), `check` on WMT21's human references with and without the risk warnings (the errors must not
change), and timing: risk for a 2,000-segment document with two alternatives against `check` on it.
Targets: ≥ 45% with two alternatives, ≥ 30% with a single draft, risk within 2× of check.

Needs ../shared/data (or WORKBENCH_SHARED_DATA); without it, says it skipped and exits 0.

    .venv/bin/python bench/risk_eval.py
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # fit_risk beside this file: the same corpus

import fit_risk  # noqa: E402

from workbench import risk, verify  # noqa: E402
from workbench.importing import paths as importing  # noqa: E402
from workbench.risk.signals import forget_texts  # noqa: E402
from workbench.storage import open_store  # noqa: E402

BUDGET = 0.20
SEED = 7  # ties and the random baseline


def found_share(order: list[int], lengths: np.ndarray, major: np.ndarray, budget: float = BUDGET) -> float:
    """The share of Major segments among those read, in `order`, before `budget` of the characters."""
    allowed, read, found = budget * lengths.sum(), 0, 0
    for i in order:
        if read + lengths[i] > allowed:
            break
        read += lengths[i]
        found += major[i]
    return found / major.sum()


def by_score(scores: np.ndarray, seed: int = SEED) -> list[int]:
    """Highest first; ties in a fixed random order (most signals are 0 on most segments)."""
    tiebreak = np.random.default_rng(seed).random(len(scores))
    return list(np.lexsort((tiebreak, -scores)))


def risks(corpus: fit_risk.Corpus, *, with_alternatives: bool) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every segment's risk (shipped weights) and each signal's score, systems in corpus order."""
    total, signals = [], {name: [] for name in risk.SIGNALS}
    for views in fit_risk.views(corpus, with_alternatives=with_alternatives).values():
        assessed = risk.assess(views)
        for v in views:
            r = assessed[v.position]
            total.append(r.risk if r.risk is not None else 0.0)
            for name in signals:
                signals[name].append(r.finding(name).score if r.findings else 0.0)
    return np.array(total), {n: np.array(s) for n, s in signals.items()}


def evaluate(corpus: fit_risk.Corpus) -> None:
    y, clean = fit_risk.labels(corpus)
    segments = [s for name in corpus.documents for s in corpus.systems[name]]
    lengths = np.array([len(s.source) for s in segments], dtype=float)
    major = y == 1
    with_alt, signals = risks(corpus, with_alternatives=True)
    single, _ = risks(corpus, with_alternatives=False)
    rows = [("risk, two alternatives", with_alt, "≥ 45%"), ("risk, single draft", single, "≥ 30%")]
    rows += [(f"signal alone: {n}", s, "") for n, s in signals.items()]
    shuffled = list(range(len(segments)))
    random.Random(SEED).shuffle(shuffled)
    random_scores = np.empty(len(segments))
    random_scores[shuffled] = np.arange(len(segments))[::-1]
    rows += [("baseline: random order", random_scores, ""), ("baseline: length, longest first", lengths, ""),
             ("baseline: rule QA only", signals["rule_qa"], "")]
    print(f"\n{len(segments)} segments in {len(corpus.documents)} documents; {int(major.sum())} with a Major error, "
          f"{int(clean.sum())} error-free; reading in order until {BUDGET:.0%} of {int(lengths.sum())} source characters")
    print(f"{'order':<36} {'Major found':>11} {'ROC-AUC':>8}  target")
    for name, scores, target in rows:
        share = found_share(by_score(scores), lengths, major)
        met = "" if not target else ("  met" if share >= float(target.strip("≥ %")) / 100 else "  missed")
        print(f"{name:<36} {share:>10.1%} {fit_risk.auc(scores, major, clean):>8.3f}  {target}{met}")
    ceiling = sorted(range(len(segments)), key=lambda i: (not major[i], lengths[i]))
    print(f"{'ceiling: every Major first, shortest':<36} {found_share(ceiling, lengths, major):>10.1%}")
    density = found_share(by_score(with_alt / lengths), lengths, major)
    print(f"{'(risk per character, two alternatives)':<36} {density:>10.1%} (not the --sort risk order; for comparison)")
    print("in-sample: the weights were fitted on this same file (bench/fit_risk.py), as the issue asks")


def timing(data: Path, tmp: Path) -> None:
    """risk (segments --sort risk --json) against check --json on one 2,000-segment document with two
    alternatives, each in its own process as a user runs them, and warm in this process."""
    systems = fit_risk.load(data)
    names = list(systems)
    rows = [(names[k % len(names)], i) for k in range(6) for i in range(len(systems[names[0]]))][:2000]
    src = [systems[n][i].source for n, i in rows]
    tsv = fit_risk._tsv(tmp / "big.tsv", src, [systems[n][i].text for n, i in rows])
    store_path = tmp / "timing.db"
    store = open_store(store_path)
    doc = importing.import_file(store, tsv, bilingual=True, title="timing").document_id
    for shift in (1, 2):
        alt = fit_risk._tsv(tmp / f"big-alt{shift}.tsv", src,
                            [systems[names[(names.index(n) + shift) % len(names)]][i].text for n, i in rows])
        importing.add_alternatives(store, alt, {"id": doc, "title": "timing"}, engine=f"alt{shift}")
    warm = {}
    for label, call in (("risk", lambda: verify.document_risk(store, doc)),
                        ("check", lambda: verify.check_document(store, doc, risk_warnings=True)),
                        ("check, rule QA only", lambda: verify.check_document(store, doc))):
        call()  # dictionaries loaded
        forget_texts()  # but nothing remembered of these texts: the second run costs what a first one does
        started = time.perf_counter()
        call()
        warm[label] = time.perf_counter() - started
    store.close()
    cold = {}
    for label, args in (("risk", ["segments", str(doc), "--sort", "risk", "--json"]), ("check", ["check", str(doc), "--json"])):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "workbench", "--db", str(store_path), *args], capture_output=True, check=False,
                       env={**os.environ, "PYTHONPATH": str(fit_risk.ROOT)})
        cold[label] = time.perf_counter() - started
    print(f"\ntiming, one document of 2,000 segments with two alternatives (load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores):")
    print(f"  in one process, dictionaries loaded (texts new to it): risk {warm['risk']:.2f} s, check {warm['check']:.2f} s "
          f"(rule QA only {warm['check, rule QA only']:.2f} s): risk/check {warm['risk'] / warm['check']:.1f}×, "
          f"risk/rule-QA check {warm['risk'] / warm['check, rule QA only']:.1f}× (target ≤ 2×)")
    print(f"  as commands, each its own process: `segments --sort risk --json` {cold['risk']:.1f} s, "
          f"`check --json` {cold['check']:.1f} s: {cold['risk'] / cold['check']:.1f}×")


def human_references(data: Path, tmp: Path) -> None:
    """`check` on WMT21 newstest's human references (one document): the error count must not change
    with the risk warnings; how often each warning fires on good translations."""
    path = data / "wmt21_newstest2021_zhen.tsv"
    if not path.is_file():
        print(f"\n(no {path.name}: the check on human references is skipped)")
        return
    store = open_store(tmp / "human.db")
    doc = importing.import_file(store, path, bilingual=True, title="wmt21").document_id
    plain = verify.check_document(store, doc)
    with_risk = verify.check_document(store, doc, risk_warnings=True)
    store.close()
    n = len(with_risk.found)
    codes = {code: sum(any(i.code == code for i in issues) for issues in with_risk.found.values())
             for code in risk.WARNINGS}
    print(f"\ncheck on WMT21 newstest human references ({n} segments, one document): errors {plain.errors} without the risk "
          f"warnings, {with_risk.errors} with them ({'unchanged' if plain.errors == with_risk.errors else 'CHANGED'}); "
          "warnings on these good translations: " + ", ".join(f"{c} {k} ({k / n:.1%})" for c, k in codes.items()))


def main() -> int:
    data = fit_risk.data_dir()
    if data is None:
        print(f"skipped: {fit_risk.MQM} not found (set WORKBENCH_SHARED_DATA or put the data in ../shared/data)")
        return 0
    print(f"evaluating on {data / fit_risk.MQM} (weights: {risk.combine.WEIGHTS.name}, "
          f"{risk.load_weights().get('fitted_on', '?')[:60]}…)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = fit_risk.build(data, Path(tmp))
        evaluate(corpus)
        corpus.store.close()
        human_references(data, Path(tmp))
        timing(data, Path(tmp))
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
