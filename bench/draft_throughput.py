"""Drafting throughput against the loopback server (fixed latency per request), all in one run.

    .venv/bin/python bench/draft_throughput.py [--latency 0.2] [--concurrency 10] [--batch-size 20] [--repeat 3]

Prints, for 2,000 segments with a 5,000-term glossary in the database:
  (a) wall time of `draft_documents` (planning, translation-memory lookups, requests, validation,
      glossary check, SQLite writes — everything but process start-up);
  (b) the floor ceil(requests / concurrency) × latency and the ratio to it (target ≤ 1.3);
  (c) a naive baseline measured now on a prefix: one request per segment, in sequence; per-segment
      times compared (target ≥ 20× faster); and the fair one: one segment per request at the same
      concurrency, on a prefix of --single-prefix segments, per-segment times compared;
  (d) prompt tokens per segment as reported by the server (the loopback counts with the workbench's
      tokenizer-free estimate: 1 per CJK character + 1 per 4 other characters), against the same
      requests carrying the whole glossary, counted the same way (target ≥ 10× fewer);
  (e) 50 documents × 40 segments against the same 2,000 segments as one document (target ≤ 1.3×);
  (f) the whole command: `workbench draft` as a fresh process (start-up, imports and opening the
      database counted), wall time from spawn to exit, against the floor of (b).

Segments: the Chinese side of the shared data (WMT newstest; WORKBENCH_SHARED_DATA or ../shared/data
relative to the project) when present, else synthetic
sentences. The endpoint's response mode is remembered in each fresh database beforehand, as it is
after the first run against an endpoint (the one-time probe would add one latency), and a 3-segment
warm-up run goes first (one-time process costs: imports, the SDK's first use, jieba for the glossary
check). The loopback server runs in its own process. The two batched cases run --repeat times,
alternated, each on a fresh database; the median run is reported (all wall times are printed).
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from shared_data import load_average, shared_data  # noqa: E402, I001 - bench/shared_data.py

from workbench.config import DraftSettings  # noqa: E402
from workbench.drafting import prompts  # noqa: E402
from workbench.drafting.loopback import Loopback, translate  # noqa: E402
from workbench.drafting.run import draft_documents  # noqa: E402
from workbench.glossary.terms import Term  # noqa: E402
from workbench.storage import endpoints as endpoint_store  # noqa: E402
from workbench.storage import open_store  # noqa: E402
from workbench.storage import segments as seg_store  # noqa: E402
from workbench.storage import terms as term_store  # noqa: E402
from workbench.storage.documents import NewParagraph, NewSegment, create  # noqa: E402

DATA = shared_data()
N_SEGMENTS = 2000
N_TERMS = 5000
NAIVE_PREFIX = 20


def load_sentences(n: int) -> list[str]:
    out: list[str] = []
    tsv = DATA / "wmt21_newstest2021_zhen.tsv"
    mono = DATA / "wmt23_generaltest_zh_news_mono.txt"
    if tsv.is_file():
        out += [line.split("\t")[0].strip() for line in tsv.read_text(encoding="utf-8").splitlines()]
    if mono.is_file():
        out += [line.strip() for line in mono.read_text(encoding="utf-8").splitlines()]
    out = [s for s in dict.fromkeys(out) if s][:n]
    rng = random.Random(7)
    pool = "经济发展政策市场企业国家社会改革合作技术创新地区城市农村能源环境投资消费"
    while len(out) < n:
        out.append("".join(rng.choice(pool) for _ in range(28)) + "。")
    return out


def make_glossary(sentences: list[str]) -> list[Term]:
    """1,000 words that really occur in the sentences plus 4,000 that do not: 5,000 terms."""
    from workbench.segment import tokens

    counts = Counter(w for s in sentences for w in tokens(s) if 2 <= len(w) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in w))
    real = [w for w, _ in counts.most_common(1000)]
    rng = random.Random(11)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    fake: set[str] = set()
    while len(fake) < N_TERMS - len(real):
        w = "".join(rng.choice(chars) for _ in range(rng.choice((3, 4))))
        if w not in counts:
            fake.add(w)
    return [Term(w, f"Term {i:04d}", note="bench") for i, w in enumerate([*real, *sorted(fake)])]


def prepare(db: Path, docs: list[list[str]], terms: list[Term], name: str) -> list[int]:
    store = open_store(db)
    term_store.upsert(store, terms)
    ids = []
    for i, texts in enumerate(docs):
        doc_id, _ = create(store, title=f"{name}-{i}", source_path=None, sha256=f"{name}-{i}", encoding="utf-8",
                           fmt="txt", paragraphs=[NewParagraph(1, "p")], segments=[NewSegment(1, t) for t in texts])
        ids.append(doc_id)
    store.close()
    return ids


def whole_command(docs: list[list[str]], terms: list[Term], *, latency: float, batch_size: int, concurrency: int,
                  workdir: Path, name: str) -> dict:
    """`workbench draft` as a fresh process against the loopback server: wall seconds from spawn to exit."""
    db = workdir / f"{name}.db"
    ids = prepare(db, docs, terms, name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(REPO), WORKBENCH_CONFIG=os.devnull)
    with ServerProcess(latency) as server:
        store = open_store(db)
        settings = DraftSettings(base_url=server.url)
        endpoint_store.remember(store, settings.endpoint, settings.model, "json_schema")
        store.close()
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "draft", *map(str, ids), "--base-url", server.url,
                        "--batch-size", str(batch_size), "--concurrency", str(concurrency), "--json"],
                       env=env, cwd=workdir, check=True, capture_output=True)
        wall = time.perf_counter() - started
        requests = len(server.payloads())
    store = open_store(db)
    drafted = sum(1 for d in ids for r in seg_store.for_document(store, d) if r["draft"])
    store.close()
    return {"wall": wall, "requests": requests, "drafted": drafted}


def run_case(docs: list[list[str]], terms: list[Term], *, latency: float, batch_size: int, concurrency: int,
             workdir: Path, name: str) -> dict:
    db = workdir / f"{name}.db"
    ids = prepare(db, docs, terms, name)
    store = open_store(db)
    with ServerProcess(latency) as server:
        settings = DraftSettings(base_url=server.url, batch_size=batch_size, concurrency=concurrency, timeout=30)
        endpoint_store.remember(store, settings.endpoint, settings.model, "json_schema")
        started, cpu = time.perf_counter(), time.process_time()
        summary = draft_documents(store, [str(i) for i in ids], settings)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        payloads = server.payloads()
    # each draft must be the loopback's translation of its own source, with the terms sent alongside it
    sent = {s["id"]: p.get("terms", []) for p in payloads for s in p["segments"]}
    aligned = sum(1 for d in ids for r in seg_store.for_document(store, d)
                  if r["draft"] == translate(r["source"], sent.get(r["id"])))
    store.close()
    t = summary.total()
    return {"wall": wall, "cpu": cpu, "requests": t["requests"], "segments": sum(len(d) for d in docs), "failed": t["failed"],
            "prompt_tokens": t["prompt_tokens"], "payloads": payloads, "aligned": aligned}


class ServerProcess:
    """The loopback server in its own process, so that it does not share the drafting client's GIL."""

    def __init__(self, latency: float):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, latency), daemon=True)

    def __enter__(self):
        self.proc.start()
        self.url = self.conn.recv()
        return self

    def payloads(self) -> list[dict]:
        self.conn.send("payloads")
        return self.conn.recv()

    def __exit__(self, *exc):
        self.conn.send("stop")
        self.proc.join(10)


def _serve(conn, latency: float) -> None:
    with Loopback(latency=latency) as server:
        conn.send(server.url)
        while conn.recv() != "stop":
            conn.send([e["payload"] for e in server.chat_requests])


def whole_glossary_tokens(payloads: list[dict], terms: list[Term], model: str) -> int:
    everything = [prompts.term_entry(t) for t in terms]
    total = 0
    for p in payloads:
        full = {**p, "terms": everything}
        total += prompts.estimate_prompt_tokens(prompts.body(model, "json_schema", full))
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--concurrency", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each batched case (median reported)")
    ap.add_argument("--single-prefix", type=int, default=500,
                    help="segments drafted one per request at the same concurrency, for (c)")
    args = ap.parse_args()
    print(load_average())
    sentences = load_sentences(N_SEGMENTS)
    terms = make_glossary(sentences)
    lat, conc, size = args.latency, args.concurrency, args.batch_size
    print(f"draft throughput: {len(sentences)} segments, {len(terms)}-term glossary, loopback latency "
          f"{lat * 1000:.0f} ms, batch size {size}, concurrency {conc}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # a 3-segment warm-up run first: imports, the SDK's first-use setup, regex caches (one-time costs)
        run_case([sentences[:3]], terms, latency=0.0, batch_size=size, concurrency=conc, workdir=work, name="warm")
        ones, manys = [], []
        for round_ in range(args.repeat):  # alternated, each on a fresh database; the median is reported
            ones.append(run_case([sentences], terms, latency=lat, batch_size=size, concurrency=conc, workdir=work,
                                 name=f"one{round_}"))
            manys.append(run_case([sentences[i:i + 40] for i in range(0, N_SEGMENTS, 40)], terms, latency=lat,
                                  batch_size=size, concurrency=conc, workdir=work, name=f"many{round_}"))
        naive = run_case([sentences[:NAIVE_PREFIX]], terms, latency=lat, batch_size=1, concurrency=1, workdir=work,
                         name="naive")
        single = run_case([sentences[:args.single_prefix]], terms, latency=lat, batch_size=1, concurrency=conc,
                          workdir=work, name="single")
        whole_command(  # warm-up: bytecode, the OS's file cache
            [sentences[:3]], terms, latency=0.0, batch_size=size, concurrency=conc, workdir=work, name="cmd-warm")
        command = whole_command([sentences], terms, latency=lat, batch_size=size, concurrency=conc, workdir=work,
                                name="cmd")
    one, many = _median(ones), _median(manys)
    print("wall times: one document " + ", ".join(f"{r['wall']:.2f}" for r in ones)
          + " s; 50 documents " + ", ".join(f"{r['wall']:.2f}" for r in manys) + " s (medians below)")
    floor = math.ceil(one["requests"] / conc) * lat
    per_seg = one["wall"] / one["segments"]
    naive_per_seg = naive["wall"] / naive["segments"]
    single_per_seg = single["wall"] / single["segments"]
    tok = one["prompt_tokens"] / one["segments"]
    whole = whole_glossary_tokens(one["payloads"], terms, "gpt-4o-mini") / one["segments"]
    rows = [
        ("(a) wall time, 2,000 segments", f"{one['wall']:.2f} s", f"{one['requests']} requests, "
         f"{one['aligned']}/{one['segments']} drafts aligned, {one['failed']} failed"),
        ("(b) floor ceil(requests/concurrency) x latency", f"{floor:.2f} s",
         _verdict(one["wall"] / floor, "x floor", one["wall"] / floor <= 1.3, "<= 1.3")),
        ("(c) naive: 1 request/segment, sequential", f"{naive_per_seg * 1000:.1f} ms/segment "
         f"(prefix of {naive['segments']})", _verdict(naive_per_seg / per_seg, "x faster batched "
                                                      f"({per_seg * 1000:.2f} ms/segment)", naive_per_seg / per_seg >= 20, ">= 20")),
        ("(c') 1 segment/request, same concurrency", f"{single_per_seg * 1000:.1f} ms/segment "
         f"(prefix of {single['segments']})", f"{single_per_seg / per_seg:.1f}x faster batched; "
         f"{single['requests']} requests, {single['aligned']}/{single['segments']} aligned"),
        ("(d) prompt tokens/segment, terms in batch", f"{tok:.1f}", f"whole glossary in every request: {whole:.1f} -> "
         + _verdict(whole / tok, "x fewer", whole / tok >= 10, ">= 10")),
        ("(e) 50 docs x 40 segments", f"{many['wall']:.2f} s", _verdict(many["wall"] / one["wall"], "x one 2,000-segment doc",
                                                                        many["wall"] / one["wall"] <= 1.3, "<= 1.3")
         + f"; {many['requests']} requests, {many['aligned']}/{many['segments']} aligned"),
        ("(f) whole command `workbench draft`, 2,000 segments", f"{command['wall']:.2f} s",
         f"{command['wall'] / floor:.2f}x the floor (start-up, imports, opening the database counted); "
         f"{command['requests']} requests, {command['drafted']}/{len(sentences)} drafted"),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>12}  {note}")
    print(f"client CPU: {one['cpu']:.2f} s for 2,000 segments in one document, {many['cpu']:.2f} s in 50; "
          f"{load_average()}")
    print("tokens: server-reported usage (tokenizer-free estimate: 1/CJK char + 1/4 other chars), same count for both")
    print(json.dumps({"wall_s": round(one["wall"], 3), "floor_s": floor, "naive_ms_per_segment": round(naive_per_seg * 1000, 2),
                      "batched_ms_per_segment": round(per_seg * 1000, 3), "prompt_tokens_per_segment": round(tok, 1),
                      "whole_glossary_tokens_per_segment": round(whole, 1), "many_docs_wall_s": round(many["wall"], 3),
                      "single_per_request_ms_per_segment": round(single_per_seg * 1000, 2),
                      "whole_command_s": round(command["wall"], 3)}))


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]


def _verdict(ratio: float, what: str, ok: bool, target: str) -> str:
    return f"{ratio:.2f}{what} [{'ok' if ok else 'MISSED'}: target {target}]"


if __name__ == "__main__":
    main()
