"""Speed of `workbench report` and of the exports on a whole reviewed test set, in one run.

    .venv/bin/python bench/report_speed.py [--segments N]

Builds a document from WMT21 newstest zh→en (1,948 pairs; ../shared/data or WORKBENCH_SHARED_DATA,
else synthetic sentences): the reference is the reviewed target; the draft is the reference with one
word in three dropped on every other segment (two "models" alternate). Prints:
  (a) the post-editing figures of the report (corpus BLEU/chrF/TER overall and per model, per-segment
      chrF/TER) the report's way — each pair's statistics from the store, else computed and
      kept — on the first call (nothing stored)
      and a later call (all stored), against two baselines measured now: sacrebleu's public API
      called for each figure (corpus_score overall and per model, sentence_score per segment), and
      the strongest simple alternative, sacrebleu's statistics computed once per segment in memory
      and every figure aggregated from them (metrics.Scores: what the report did before it kept
      them). All must agree exactly. CPU time in total and per reviewed segment;
  (b) the whole report (with term accuracy, QA and pace) and each export format, wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF, TER

from workbench.export import export
from workbench.importing.paths import import_file
from workbench.reports import document as report  # noqa: E402
from workbench.reports import metrics
from workbench.reports.segment_stats import PairStats
from workbench.storage import drafts, open_store, reporting
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store


def _pairs(limit: int) -> list[tuple[str, str]]:
    shared = Path(os.environ.get("WORKBENCH_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    path = shared / "wmt21_newstest2021_zhen.tsv"
    if path.exists():
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
        pairs = [(z.strip(), e.strip()) for z, e in rows if z.strip() and e.strip()]
    else:
        print(f"({path} not found: synthetic sentences)")
        pairs = [(f"第{i}句话讲的是芯片出口。", f"Sentence {i} is about chip exports to China this year.") for i in range(limit)]
    return pairs[:limit]


def _draft(i: int, reference: str) -> str:
    if i % 2:
        return reference
    words = reference.split()
    return " ".join(w for j, w in enumerate(words) if j % 3 != 1) or reference


def build(folder: Path, pairs: list[tuple[str, str]]):
    store = open_store(folder / "bench.db")
    source = folder / "doc.txt"
    source.write_text("\n\n".join(z for z, _ in pairs), encoding="utf-8")
    doc = import_file(store, source).document_id
    rows = seg_store.for_document(store, doc)
    english = {z: e for z, e in pairs}
    with store.transaction():
        for i, row in enumerate(rows):
            ref = english.get(row["source"], pairs[i % len(pairs)][1])
            draft_id = drafts.add(store, row["id"], engine="llm", model=f"model-{'ab'[i % 2]}", text=_draft(i, ref))
            review_store.record(store, row["id"], action="correct", status="reviewed", target=ref, reviewer="bench",
                                draft_id=draft_id)
    return store, doc


def baseline(hyps: list[str], refs: list[str], groups: dict[str, list[int]]) -> dict:
    out = {"overall": {n: m.corpus_score(hyps, [refs]).score for n, m in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER()))}}
    for name, ix in groups.items():
        h, r = [hyps[i] for i in ix], [refs[i] for i in ix]
        out[name] = {n: m.corpus_score(h, [r]).score for n, m in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER()))}
    chrf, ter = CHRF(), TER()
    out["segments"] = [{"chrf": chrf.sentence_score(h, [r]).score, "ter": ter.sentence_score(h, [r]).score}
                       for h, r in zip(hyps, refs)]
    return out


def in_memory(hyps: list[str], refs: list[str], groups: dict[str, list[int]]) -> dict:
    """Statistics once per segment, in memory, every figure aggregated from them (metrics.Scores)."""
    scores = metrics.Scores(hyps, refs)
    out = {"overall": {k: v for k, v in scores.corpus().items() if k in metrics.METRICS}}
    for name, ix in groups.items():
        out[name] = {k: v for k, v in scores.corpus(ix).items() if k in metrics.METRICS}
    out["segments"] = [scores.segment(i) for i in range(scores.size)]
    return out


def ours(store, doc: int) -> tuple[dict, PairStats]:
    """The report's post-editing figures, statistics through the store (report.post_editing)."""
    source = PairStats(store)
    try:
        pe = report.post_editing(reporting.iter_reviewed_pairs(store, doc), reporting.drafts_of_reviewed(store, doc),
                                 source)
    finally:
        source.close()
    out = {"overall": {k: pe["overall"][k] for k in metrics.METRICS}}
    for name, group in pe["by_engine"].items():
        out[name.split("/", 1)[1]] = {k: group[k] for k in metrics.METRICS}
    out["segments"] = [{"chrf": s["chrf"], "ter": s["ter"]} for s in pe["segments"]]
    return out, source


def timed(fn, *args) -> tuple[object, float, float]:
    """(result, wall seconds, CPU seconds of this process and of the children it waited for)."""
    before, t0 = os.times(), time.perf_counter()
    result = fn(*args)
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])
    return result, time.perf_counter() - t0, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    args = parser.parse_args()
    pairs = _pairs(args.segments)
    with tempfile.TemporaryDirectory() as tmp:
        store, doc = build(Path(tmp), pairs)
        reviewed = reporting.reviewed_pairs(store, doc)
        hyps, refs = [p["draft"] for p in reviewed], [p["target"] for p in reviewed]
        groups: dict[str, list[int]] = {}
        for i, p in enumerate(reviewed):
            groups.setdefault(p["model"], []).append(i)
        print(f"{len(hyps)} reviewed segments, {len(groups)} models")

        base, t_base, c_base = timed(baseline, hyps, refs, groups)
        memory, t_mem, c_mem = timed(in_memory, hyps, refs, groups)
        (first, src1), t_first, c_first = timed(ours, store, doc)
        (later, src2), t_later, c_later = timed(ours, store, doc)
        same = base == memory == first == later
        n = len(hyps)
        print("(a) post-editing figures (overall, per model, per segment):")
        for label, wall, cpu in (("baseline: sacrebleu API per figure", t_base, c_base),
                                 ("baseline: statistics once per segment, in memory", t_mem, c_mem),
                                 (f"report, first call ({src1.computed} pairs computed)", t_first, c_first),
                                 (f"report, later call ({src2.stored} pairs read back, {src2.computed} computed)", t_later, c_later)):
            print(f"    {label:<62} {wall:6.2f} s wall {cpu:6.2f} s CPU  {cpu / n * 1000:6.3f} ms CPU/segment")
        print(f"    first call {t_mem / t_first:.1f}x the in-memory baseline's speed ({t_base / t_first:.1f}x per-figure), "
              f"later call {t_mem / t_later:.0f}x ({t_base / t_later:.0f}x); identical figures: {same}")
        t0 = time.perf_counter()
        data = report.build(store, doc)
        print(f"(b) whole report (statistics stored) {time.perf_counter() - t0:.2f} s "
              f"(BLEU {data['post_editing']['overall']['bleu']:.2f}, chrF {data['post_editing']['overall']['chrf']:.2f}, "
              f"TER {data['post_editing']['overall']['ter']:.2f})")
        for fmt in ("md", "bilingual-md", "html", "tmx", "xliff", "jsonl"):
            t0 = time.perf_counter()
            text = export(store, doc, fmt)
            print(f"    export {fmt:<12} {time.perf_counter() - t0:.2f} s, {len(text.encode()) / 1e6:.1f} MB")
        store.close()
        return 0 if same else 1


if __name__ == "__main__":
    code = main()
    print("load average {:.1f} {:.1f} {:.1f} on {} CPUs".format(*os.getloadavg(), os.cpu_count()))
    sys.exit(code)
