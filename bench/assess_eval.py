"""How well does `workbench assess` find the errors professional MQM annotators marked?

On /work/shared/data/wmt23_mqm_zhen_news.jsonl (WMT23 zh→en news; 10 systems' outputs, each segment
annotated with MQM error spans by professional raters): a sample of segments (fixed seed; `--all` for
all 3,770) is stored with each system's output as the draft and assessed through the real pipeline
(`drafting.assess`: the openai SDK, batches, validation, cache). Printed against the professional
annotations (any rater; source issues left out):

  span level     precision: predicted spans that overlap a professional span on the same side (the
                 English, or the Chinese for an omission); recall: professional spans (distinct per
                 segment) overlapped by a predicted span
  segment level  Major vs none: segments where a rater marked a Major error against segments no rater
                 marked at all (minor-only segments left out); the assessor says Major when it gives a
                 major or critical span; agreement and Cohen's kappa
  cost           requests, tokens and (with --price-in/--price-out) dollars

beside the strongest fair baseline measured in the same run: the rule QA checks (`workbench check`)
as the predicted spans, and for the segments also "always Major" (the majority class).

With a configured endpoint (OPENAI_BASE_URL / --base-url, --model) it measures that model. With
`--loopback` it runs the same pipeline against the loopback test server, whose "assessment" is a hash
of the texts: the figures then check the pipeline end to end and are NOT a quality measure.
Without the data (WORKBENCH_SHARED_DATA or ../shared/data; or --data FILE) it says it skipped.

    .venv/bin/python bench/assess_eval.py --loopback
    OPENAI_BASE_URL=… .venv/bin/python bench/assess_eval.py --model gpt-4o --limit 200 --price-in 2.5 --price-out 10
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import qa  # noqa: E402
from workbench.config import draft_settings  # noqa: E402
from workbench.drafting.assess import assess_documents  # noqa: E402
from workbench.drafting.loopback import Loopback  # noqa: E402
from workbench.glossary.terms import Matcher  # noqa: E402
from workbench.storage import assessments as assess_store  # noqa: E402
from workbench.storage import drafts as draft_store  # noqa: E402
from workbench.storage import open_store  # noqa: E402
from workbench.storage import segments as seg_store  # noqa: E402
from workbench.storage.documents import NewParagraph, NewSegment, create  # noqa: E402

MQM = "wmt23_mqm_zhen_news.jsonl"
SEED = 13
LIMIT = 200


def data_file(given: str | None) -> Path | None:
    if given:
        return Path(given) if Path(given).is_file() else None
    env = os.environ.get("WORKBENCH_SHARED_DATA")
    folder = Path(env) if env else ROOT.parent / "shared" / "data"
    return folder / MQM if (folder / MQM).is_file() else None


@dataclass
class Record:
    system: str
    source: str
    text: str
    gold: list[tuple[str, str]]  # (side, span) — distinct professional spans, source issues left out
    label: str | None  # "major", "none", or None (minor only: left out of the segment figure)


def load(path: Path, limit: int | None) -> list[Record]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        r = json.loads(line)
        errors = [e for e in r["errors"] if not e["cat"].lower().startswith("source") and e["sev"] in ("Major", "Minor")]
        gold = sorted({("target", e["tspan"]) for e in errors if e["tspan"].strip()}
                      | {("source", e["sspan"]) for e in errors if e["sspan"].strip() and not e["tspan"].strip()})
        label = "major" if any(e["sev"] == "Major" for e in errors) else ("none" if not errors else None)
        out.append(Record(r["system"], r["zh"], r["en"], gold, label))
    if limit is not None and limit < len(out):
        out = random.Random(SEED).sample(out, limit)
    return out


def overlaps(a: tuple[str, str], b: tuple[str, str], record: Record) -> bool:
    """Whether two spans on the same side overlap (at their first occurrences in that side's text)."""
    if a[0] != b[0]:
        return False
    text = record.source if a[0] == "source" else record.text
    i, j = text.find(a[1]), text.find(b[1])
    if i < 0 or j < 0:
        return a[1] in b[1] or b[1] in a[1]
    return i < j + len(b[1]) and j < i + len(a[1])


def score(records: list[Record], predicted: list[list[tuple[str, str, str]]]) -> dict:
    """Span precision/recall and Major-vs-none agreement; `predicted` per record: (side, span, severity)."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    pairs = []
    for r, spans in zip(records, predicted):
        n_pred += len(spans)
        tp_pred += sum(any(overlaps((s, t), g, r) for g in r.gold) for s, t, _ in spans)
        n_gold += len(r.gold)
        tp_gold += sum(any(overlaps(g, (s, t), r) for s, t, _ in spans) for g in r.gold)
        if r.label is not None:
            pairs.append((r.label, "major" if any(v in ("major", "critical") for *_, v in spans) else "none"))
    return {"spans": n_pred, "precision": tp_pred / n_pred if n_pred else None,
            "recall": tp_gold / n_gold if n_gold else None, **agreement(pairs)}


def agreement(pairs: list[tuple[str, str]]) -> dict:
    n = len(pairs)
    if not n:
        return {"segments": 0, "agreement": None, "kappa": None}
    observed = sum(a == b for a, b in pairs) / n
    gold_major = sum(a == "major" for a, _ in pairs) / n
    pred_major = sum(b == "major" for _, b in pairs) / n
    expected = gold_major * pred_major + (1 - gold_major) * (1 - pred_major)
    kappa = (observed - expected) / (1 - expected) if expected < 1 else None
    return {"segments": n, "agreement": observed, "kappa": kappa}


def rule_qa(records: list[Record]) -> list[list[tuple[str, str, str]]]:
    """The baseline: the rule checks' issues as spans (errors → major, warnings → minor)."""
    matcher = Matcher([])
    out = []
    for r in records:
        issues = qa.check_segment(r.source, r.text, matcher)
        out.append([("target", r.text[a:b] if b > a else r.text, "major" if i.severity == "error" else "minor")
                    for i in issues for a, b in [i.span]])
    return out


def assessed(records: list[Record], settings, db: Path) -> tuple[list[list[tuple[str, str, str]]], dict, float]:
    """Store each record as a segment whose draft is the system's output; assess; the spans per record."""
    store = open_store(db)
    doc, _ = create(store, title="wmt23", source_path=None, sha256="assess-eval", encoding="utf-8", fmt="txt",
                    paragraphs=[NewParagraph(1, "p")], segments=[NewSegment(1, r.source) for r in records])
    rows = seg_store.for_document(store, doc)
    for row, r in zip(rows, records):
        draft_store.add(store, row.id, engine="wmt23", model=r.system, text=r.text)
    started = time.perf_counter()
    summary = assess_documents(store, [str(doc)], settings)
    wall = time.perf_counter() - started
    spans = assess_store.current_spans(store, doc)
    failed = len(assess_store.failures(store, doc))
    predicted = [[(s.side, s.text, s.severity) for s in spans.get(row.id, [])] for row in rows]
    store.close()
    return predicted, {**summary.total(), "failed_segments": failed}, wall


def _f(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def report(name: str, s: dict) -> str:
    return (f"  {name:<22} spans {s['spans']:5}  precision {_f(s['precision'])}  recall {_f(s['recall'])}  "
            f"Major-vs-none agreement {_f(s['agreement'])} (kappa {_f(s['kappa'])}, {s['segments']} segments)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loopback", action="store_true", help="the loopback test server (checks the pipeline only)")
    parser.add_argument("--data", help=f"the MQM JSONL file (default: the shared data's {MQM})")
    parser.add_argument("--limit", type=int, default=LIMIT, help=f"segments sampled (default {LIMIT})")
    parser.add_argument("--all", action="store_true", help="every segment (3,770: mind the cost)")
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--price-in", type=float)
    parser.add_argument("--price-out", type=float)
    args = parser.parse_args()
    path = data_file(args.data)
    if path is None:
        print(f"skipped: {MQM} not found (set WORKBENCH_SHARED_DATA or put the data in ../shared/data)")
        return 0
    records = load(path, None if args.all else args.limit)
    server = Loopback().start() if args.loopback else None
    try:
        settings = draft_settings({"base_url": server.url if server else args.base_url,
                                   "model": args.model or ("loopback" if server else None),
                                   "batch_size": args.batch_size, "price_in": args.price_in,
                                   "price_out": args.price_out})
        if server is None and not settings.configured:
            print("no endpoint configured: set OPENAI_BASE_URL (or --base-url) and --model, or use --loopback")
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            predicted, cost, wall = assessed(records, settings, Path(tmp) / "assess.db")
    finally:
        if server is not None:
            server.stop()
    print(f"assess_eval on {path.name}: {len(records)} segments (seed {SEED}), "
          f"{sum(r.label == 'major' for r in records)} with a Major error, {sum(r.label == 'none' for r in records)} "
          f"without any error; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if server is not None:
        print("LOOPBACK: the loopback server's spans are a hash of the texts. These figures check the pipeline "
              "end to end; they are NOT a quality measure of any model.")
    ours = score(records, predicted)
    base = score(records, rule_qa(records))
    always = agreement([(r.label, "major") for r in records if r.label is not None])
    print(report(f"assessor {settings.model}", ours))
    print(report("baseline: rule QA", base))
    print(f"  {'baseline: always Major':<22} Major-vs-none agreement {_f(always['agreement'])}")
    strongest = max(base["agreement"] or 0, always["agreement"] or 0)
    if ours["agreement"] is not None and strongest:
        print(f"  agreement ratio to the strongest baseline: {ours['agreement'] / strongest:.2f}x")
    if ours["recall"] is not None and base["recall"]:
        print(f"  span recall ratio to rule QA: {ours['recall'] / base['recall']:.2f}x")
    money = f", ${cost['cost']:.4f}" if cost["cost"] is not None else " (no price given: --price-in/--price-out)"
    print(f"  cost: {cost['requests']} requests (+{cost['cached']} cached), {cost['prompt_tokens']} prompt + "
          f"{cost['completion_tokens']} completion tokens{money}; {cost['failed_segments']} segments without an "
          f"assessment; {wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
