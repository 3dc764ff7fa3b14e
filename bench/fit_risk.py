"""Fit the risk weights (workbench/risk/weights.json) on professional MQM annotations.

Fits ONLY on /work/shared/data/wmt23_mqm_zhen_news.jsonl (WMT23 general MT, zh→en news: 377 source
segments × 10 systems, each rated by 3 professional translators; SOURCES.md §4 of the data folder).
No other file is read for fitting. bench/risk_eval.py evaluates on the same file, as the issue asks:
its figures are in-sample, not a held-out estimate.

Each system's output is imported as one document with `--bilingual` (through the library), and two
other systems' outputs (chosen with a fixed seed) are attached as its alternative drafts. Every
signal of workbench.risk is computed for every segment twice — with the alternatives and without —
and a logistic regression per weight set predicts the label:

    label = 1 when any rater marked a Major error whose category is not a source issue

The regression is a small hand-written IRLS (Newton's method) with a light L2 penalty on numpy, which
sacrebleu already brings: five features and 3,770 rows need no scikit-learn (and its scipy, joblib
and threadpoolctl) in the project's dependencies for one bench.

Needs ../shared/data (or WORKBENCH_SHARED_DATA); without it, says it skipped and exits 0.

    .venv/bin/python bench/fit_risk.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from workbench import verify
from workbench.importing import paths as importing
from workbench.risk import SIGNALS, DocumentView, SegmentView, load_weights
from workbench.risk.combine import WEIGHTS
from workbench.storage import open_store

ROOT = Path(__file__).resolve().parent.parent
MQM = "wmt23_mqm_zhen_news.jsonl"
SEED = 12  # which two other systems give each system its alternative drafts
# Signals not fitted here, their weights kept from weights.json: the MQM assessment needs an assessor
# model run over the fitting data, which this script does not do.
HAND_SET = ("assessment",)
L2 = 1.0  # ridge penalty on the weights (not the intercept), in units of one row's log-likelihood


def data_dir() -> Path | None:
    env = os.environ.get("WORKBENCH_SHARED_DATA")
    for candidate in [Path(env)] if env else [ROOT.parent / "shared" / "data"]:
        if (candidate / MQM).is_file():
            return candidate
    return None


# ---------------------------------------------------------------------------------------------
# The corpus: one document per system, two other systems as its alternatives


@dataclass
class Segment:
    system: str
    doc: str
    seg: int
    source: str
    text: str
    major: bool  # any rater: a Major error that is not a source issue
    clean: bool  # no rater marked any error (source issues aside)


def _label(record: dict) -> tuple[bool, bool]:
    errors = [e for e in record["errors"] if not e["cat"].lower().startswith("source") and e["sev"] in ("Major", "Minor")]
    return any(e["sev"] == "Major" for e in errors), not errors


def load(data: Path) -> dict[str, list[Segment]]:
    """system → its segments in (document, segment) order."""
    systems: dict[str, list[Segment]] = {}
    for line in (data / MQM).read_text("utf-8").splitlines():
        r = json.loads(line)
        major, clean = _label(r)
        systems.setdefault(r["system"], []).append(Segment(r["system"], r["doc"], r["seg"], r["zh"], r["en"], major, clean))
    for segs in systems.values():
        segs.sort(key=lambda s: (s.doc, s.seg))
    return dict(sorted(systems.items()))


def alternatives_for(systems: list[str], seed: int = SEED) -> dict[str, list[str]]:
    """Each system's two alternative systems, drawn with a fixed seed."""
    rng = random.Random(seed)
    return {s: rng.sample([o for o in systems if o != s], 2) for s in systems}


def _tsv(path: Path, sources: list[str], texts: list[str]) -> Path:
    path.write_text("".join(f"{_flat(s)}\t{_flat(t)}\n" for s, t in zip(sources, texts)), "utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


@dataclass
class Corpus:
    store: object
    documents: dict[str, int]  # system → document id
    systems: dict[str, list[Segment]]
    alternatives: dict[str, list[str]]


def build(data: Path, tmp: Path) -> Corpus:
    """Import every system's output as a document (`import --bilingual`) and attach two other systems'
    outputs as alternative drafts (`import --bilingual --add-to DOC --engine NAME`)."""
    systems = load(data)
    store = open_store(tmp / "risk.db")
    documents = {}
    for name, segs in systems.items():
        tsv = _tsv(tmp / f"{name}.tsv", [s.source for s in segs], [s.text for s in segs])
        documents[name] = importing.import_file(store, tsv, bilingual=True, title=name).document_id
    alternatives = alternatives_for(list(systems))
    for name, others in alternatives.items():
        for other in others:
            tsv = _tsv(tmp / f"{name}+{other}.tsv", [s.source for s in systems[name]], [s.text for s in systems[other]])
            importing.add_alternatives(store, tsv, {"id": documents[name], "title": name}, engine=other)
    return Corpus(store, documents, systems, alternatives)


def views(corpus: Corpus, *, with_alternatives: bool) -> dict[str, list[SegmentView]]:
    """system → the SegmentViews of its document (alternatives dropped when not `with_alternatives`)."""
    out = {}
    for name, doc_id in corpus.documents.items():
        vs = verify.document_views(corpus.store, doc_id)
        out[name] = vs if with_alternatives else [replace(v, alternatives=()) for v in vs]
    return out


def features(views_by_system: dict[str, list[SegmentView]]) -> tuple[np.ndarray, list[str]]:
    """One row per segment (systems in order), one column per signal: the signal's score."""
    names = [n for n in SIGNALS if n not in HAND_SET]
    rows = []
    for vs in views_by_system.values():
        document = DocumentView(tuple(vs))
        for v in vs:
            rows.append([SIGNALS[n](v, document).score if v.text is not None else 0.0 for n in names])
    return np.array(rows, dtype=float), names


def labels(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    segs = [s for name in corpus.documents for s in corpus.systems[name]]
    return np.array([s.major for s in segs], dtype=float), np.array([s.clean for s in segs], dtype=bool)


# ---------------------------------------------------------------------------------------------
# Logistic regression (IRLS) and ROC-AUC


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 50) -> tuple[float, np.ndarray]:
    """Maximum penalised likelihood by Newton's method: (intercept, weights)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        gradient = design.T @ (y - p) - penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return float(beta[0]), beta[1:]


def fit_nonnegative(x: np.ndarray, y: np.ndarray, names: list[str]) -> tuple[float, dict[str, float]]:
    """Every signal says "higher = more likely wrong": one whose fitted weight comes out negative is
    not turned into its opposite but left out (weight 0), and the rest fitted again."""
    used = list(range(len(names)))
    while True:
        intercept, w = fit_logistic(x[:, used], y)
        negative = [i for i, v in zip(used, w) if v < 0]
        if not negative:
            weights = dict.fromkeys(names, 0.0)
            weights.update({names[i]: float(v) for i, v in zip(used, w)})
            return intercept, weights
        used = [i for i in used if i not in negative]


def auc(scores: np.ndarray, positive: np.ndarray, negative: np.ndarray) -> float:
    """ROC-AUC of `scores` for positive vs negative rows (Mann–Whitney, ties counted half)."""
    pos, neg = scores[positive], scores[negative]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    i = 0
    while i < len(values):  # average ranks over ties
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="fit and print, but do not write weights.json")
    args = parser.parse_args()
    data = data_dir()
    if data is None:
        print(f"skipped: {MQM} not found (set WORKBENCH_SHARED_DATA or put the data in ../shared/data)")
        return 0
    started = time.perf_counter()
    print(f"fitting on {data / MQM} only (label: any rater marked a Major error that is not a source issue)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build(data, Path(tmp))
        y, clean = labels(corpus)
        out = {"fitted_on": f"{MQM} (WMT23 general MT zh-en news, MQM by professional raters; SOURCES.md §4): "
                            f"{len(y)} segments, {int(y.sum())} with a Major error; each system's alternatives "
                            f"are two other systems' outputs (seed {SEED})",
               "by": "bench/fit_risk.py",
               "label": "any rater marked a Major error whose category is not a source issue",
               "method": f"logistic regression, IRLS, L2 {L2} on the weights",
               "hand_set": load_weights()["hand_set"]}
        for key, with_alternatives in (("with_alternatives", True), ("without_alternatives", False)):
            x, names = features(views(corpus, with_alternatives=with_alternatives))
            if not with_alternatives:
                keep = [i for i, n in enumerate(names) if n != "disagreement"]
                x, names = x[:, keep], [names[i] for i in keep]
            intercept, fitted = fit_nonnegative(x, y, names)
            weights = {n: round(v, 4) for n, v in fitted.items()}
            weights.update({n: load_weights()[key]["weights"][n] for n in HAND_SET})  # kept as they are
            risk = 1 / (1 + np.exp(-(intercept + x @ np.array([fitted[n] for n in names]))))
            out[key] = {"intercept": round(intercept, 4), "weights": weights,
                        "auc_major_vs_clean": round(auc(risk, y == 1, clean), 4)}
            print(f"{key}: intercept {intercept:+.3f}, " + ", ".join(f"{n} {v:+.3f}" for n, v in weights.items())
                  + f"; in-sample ROC-AUC (Major vs error-free) {out[key]['auc_major_vs_clean']:.3f}")
        corpus.store.close()
    if not args.dry_run:
        WEIGHTS.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
