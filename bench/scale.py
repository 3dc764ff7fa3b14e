"""Scale: the streaming commands on documents of 10,000, 100,000 and 1,000,000 segments, and
`workbench documents` over 2,500 documents of 40 segments — wall time and peak memory of each command.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--overview-documents 2500]

Each document is synthetic but made of real sentences: the zh→en pairs of WMT21 newstest
(WORKBENCH_SHARED_DATA, else ../shared/data relative to the project) repeated in order, eight
sentences a paragraph. Every segment has a draft (the reference with one word in three dropped, for
one sentence in two); three sentences in four are reviewed (the reference is the target). Choices
are made per distinct sentence, so a repeated source reads the same everywhere — except one
sentence in 97, whose drafts differ by occurrence, so the consistency check has real work.
The databases are written directly through the storage layer (storage.documents.create) with the
sentences' jieba words computed once per distinct sentence. Each document is then made an excerpt the
way an editor would: one paragraph in 50 left out (`workbench exclude --paragraphs`) and notes on 20
segments spread over it (`workbench note`), so the exports take their excerpt path (ellipses, footnotes).

Stored results are keyed by what they depend on, so a repeated sentence costs its computation once:
the document of repeated sentences shows the cost of reading, storing and writing. `--distinct` makes
every segment's text unique (the repeat round is added to the source and the English, e.g.
"（第3轮）" / "(round 3)"), so every segment is computed: the cost of a document with no repetition.

Each command runs twice: the first call computes (and stores) what it needs, the later call reads
what was stored (for the commands that keep results: check, segments --json, report, documents).

Each command runs as its own process (`python -m workbench …`, output to /dev/null); its wall time
and peak resident memory (getrusage of the child) are printed, then the ratios between sizes: time
linear in size means the time ratio equals the size ratio; memory bounded means the memory ratio
stays near 1. Targets: every command at 1,000,000 segments within 500 MB; `documents` over 2,500
documents within 1 s. The baseline is the same command on the smallest size (the ratio is against
it). The load average is printed with the figures (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from workbench import segment  # noqa: E402
from workbench.export import formats  # noqa: E402
from workbench.storage import documents as doc_store  # noqa: E402
from workbench.storage import open_store  # noqa: E402

RSS_TARGET_MB = 500
OVERVIEW_TARGET_S = 1.0
PER_PARAGRAPH = 8


def shared_data() -> Path:
    return Path(os.environ.get("WORKBENCH_SHARED_DATA", PROJECT.parent / "shared" / "data"))


def sentences() -> list[tuple[str, str]]:
    path = shared_data() / "wmt21_newstest2021_zhen.tsv"
    if not path.exists():
        raise SystemExit(f"{path} not found: set WORKBENCH_SHARED_DATA to the shared data folder")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
    return [(z.strip(), e.strip()) for z, e in rows if z.strip() and e.strip()]


def _draft(reference: str) -> str:
    words = reference.split()
    return " ".join(w for j, w in enumerate(words) if j % 3 != 1) or reference


class Corpus:
    """The real sentences with their words, draft and review choice, computed once per sentence."""

    def __init__(self):
        self.pairs = sentences()
        self.tokens = [segment.tokens(z) for z, _ in self.pairs]

    def items(self, count: int, start: int = 0, *, distinct: bool = False):
        """NewParagraph/NewSegment records of a document of `count` segments (sentence `start` first).
        `distinct`: from the second round through the sentences on, each text carries its round."""
        n = len(self.pairs)
        for i in range(count):
            k = (start + i) % n
            paragraph = i // PER_PARAGRAPH + 1
            if i % PER_PARAGRAPH == 0:
                yield doc_store.NewParagraph(paragraph, "paragraph", "", "\n\n" if i else "")
            source, reference = self.pairs[k]
            tokens = self.tokens[k]
            if distinct and (rnd := (start + i) // n):
                source, reference = f"{source}（第{rnd}轮）", f"{reference} (round {rnd})"
                tokens = [*tokens, "（", "第", str(rnd), "轮", "）"]
            draft = _draft(reference) if k % 2 == 0 else reference
            if k % 97 == 0:
                draft = f"{draft} ({i % 3})"  # the same source drafted three ways
            reviewed = k % 4 != 3
            yield doc_store.NewSegment(paragraph, source, tokens, draft=draft,
                                       target=reference if reviewed else None, status="reviewed" if reviewed else None)


def build(path: Path, corpus: Corpus, sizes: list[int], *, title: str = "scale", distinct: bool = False) -> float:
    started = time.perf_counter()
    store = open_store(path)
    for n, size in enumerate(sizes):
        doc_store.create(store, title=f"{title}-{size}", source_path=None, sha256=f"{title}-{size}-{n}", encoding="utf-8",
                         fmt="txt", segments=corpus.items(size, start=n * 37, distinct=distinct), draft_engine="llm",
                         reviewer="bench")
    store.close()
    return time.perf_counter() - started


def excerpt(db: Path, doc: int, size: int) -> None:
    """Leave one paragraph in 50 out and note 20 segments spread over it, through the editor's commands."""
    paragraphs = -(-size // PER_PARAGRAPH)
    left_out = ",".join(str(p) for p in range(25, paragraphs + 1, 50))
    for argv in (["exclude", str(doc), "--paragraphs", left_out, "--reviewer", "bench"],
                 *(["note", str(doc), str(pos), f"Editor's note {pos}."] for pos in range(size // 40, size + 1, max(1, size // 20)))):
        if run(db, *argv)[2] != 0:
            raise SystemExit(f"`workbench {' '.join(argv[:2])} …` failed")


def run(db: Path, *args: str) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS (MB), exit status and CPU seconds (user + system) of one command in its own
    process. On a shared machine the CPU time is the steadier figure: wall time grows with the load."""
    script = ("import resource, subprocess, sys, json, time\n"
              "t = time.perf_counter()\n"
              "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
              "wall = time.perf_counter() - t\n"
              "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "print(json.dumps([wall, use.ru_maxrss / 1024, p.returncode, p.stderr.decode()[-300:],"
              " use.ru_utime + use.ru_stime]))\n")
    # A fresh parent per command: RUSAGE_CHILDREN's peak is then this command's alone.
    out = subprocess.run([sys.executable, "-c", script, sys.executable, "-m", "workbench", "--db", str(db), *args],
                         capture_output=True, text=True, cwd=PROJECT, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    wall, rss, code, err, cpu = json.loads(out.stdout)
    if code not in (0, 1):  # check exits 1 when it finds errors: that is a result, not a failure
        print(f"    ! {' '.join(args)} exited {code}: {err.strip()}")
    return wall, rss, code, cpu


def commands(doc: int, folder: Path) -> list[tuple[str, list[str]]]:
    out = [("segments --json", ["segments", str(doc), "--json"]),
           ("check", ["check", str(doc)]),
           ("check --json", ["check", str(doc), "--json"])]
    for fmt in formats():
        out.append((f"export -f {fmt}", ["export", str(doc), "-f", fmt, "--status", "all", "--force",
                                         "-o", str(folder / f"out-{doc}.{fmt}")]))
    out.append(("report", ["report", str(doc)]))
    return out


def overview(folder: Path, corpus: Corpus, documents: int, segments: int) -> None:
    db = folder / "overview.db"
    store = open_store(db)
    started = time.perf_counter()
    for n in range(documents):
        doc_store.create(store, title=f"doc {n}", source_path=None, sha256=f"overview-{n}", encoding="utf-8", fmt="txt",
                         segments=corpus.items(segments, start=n * segments), draft_engine="llm", reviewer="bench")
    store.close()
    print(f"\n`documents` over {documents} documents of {segments} segments (built in {time.perf_counter() - started:.0f} s)")
    first = run(db, "documents", "--json")
    print(f"  first call (every QA result computed and stored): {first[0]:7.2f} s wall {first[3]:7.2f} s CPU  {first[1]:6.0f} MB")
    for args in (["--json"], []):
        again = [run(db, "documents", *args) for _ in range(3)]
        best, cpu = min(a[0] for a in again), min(a[3] for a in again)
        verdict = "met" if best <= OVERVIEW_TARGET_S else "MISSED"
        print(f"  {' '.join(['documents', *args]):<17} stored counts, best of 3: {best:7.2f} s wall {cpu:6.2f} s CPU "
              f"{max(a[1] for a in again):6.0f} MB   target ≤ {OVERVIEW_TARGET_S:.0f} s: {verdict}; "
              f"the first call took {first[3] / cpu:.0f}x the CPU")


KEEPS = {"segments --json", "check", "check --json", "report"}  # commands that store what they compute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="document sizes in segments, comma-separated")
    parser.add_argument("--commands", help="only these commands, comma-separated names as printed (e.g. 'check,export -f md')")
    parser.add_argument("--distinct", action="store_true", help="every segment's text unique (no repeated sentence)")
    parser.add_argument("--overview-documents", type=int, default=2500, help="0: leave the `documents` figure out")
    parser.add_argument("--overview-segments", type=int, default=40)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    corpus = Corpus()
    print(f"{len(corpus.pairs)} real sentence pairs from {shared_data()}"
          f"{' (every text made unique: --distinct)' if args.distinct else ' (repeated in order)'}; load average at "
          f"start {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="wb-scale-") as tmp:
        folder = Path(tmp)
        figures: dict[str, dict[int, tuple[float, float, int, float]]] = {}
        for size in sizes:
            base = folder / f"scale-{size}.db"
            seconds = build(base, corpus, [size], distinct=args.distinct)
            excerpt(base, 1, size)
            print(f"\n{size:,} segments (database {base.stat().st_size / 1e6:.0f} MB, built in {seconds:.0f} s; "
                  f"an excerpt with notes); load average {os.getloadavg()[0]:.2f}")
            for name, argv in commands(1, folder):
                if args.commands and name not in args.commands.split(","):
                    continue
                db = folder / "work.db"
                shutil.copyfile(base, db)  # every command's first call starts from nothing stored
                figures.setdefault(name, {})[size] = result = run(db, *argv)
                line = f"  {name:<22} {result[0]:8.2f} s wall {result[3]:8.2f} s CPU {result[1]:7.0f} MB peak"
                if name in KEEPS:
                    again = run(db, *argv)
                    line += f"   · later call {again[0]:7.2f} s wall {again[3]:7.2f} s CPU {again[1]:5.0f} MB"
                print(line, flush=True)
                db.unlink()
            base.unlink()
            for leftover in folder.glob("out-*"):
                leftover.unlink()
        if sizes:
            _ratios(figures, sizes)
        if args.overview_documents:
            overview(folder, corpus, args.overview_documents, args.overview_segments)
    print(f"\nload average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _ratios(figures: dict, sizes: list[int]) -> None:
    print("\nRatios against the smallest size, first calls (CPU time: linear = the size ratio; memory: bounded = about 1)")
    head = "  ".join(f"{f'×{s // sizes[0]:,} size':>20}" for s in sizes[1:])
    print(f"  {'command':<22} {head}   peak at {sizes[-1]:,} (target ≤ {RSS_TARGET_MB} MB)")
    for name, by_size in figures.items():
        if len(sizes) < 2:
            print(f"  {name:<22} (one size: no ratio)   {by_size[sizes[-1]][1]:6.0f} MB")
            continue
        base = by_size[sizes[0]]
        cells = "  ".join(f"{f'CPU {by_size[s][3] / base[3]:.1f}, mem {by_size[s][1] / base[1]:.2f}':>20}" for s in sizes[1:])
        peak = by_size[sizes[-1]][1]
        print(f"  {name:<22} {cells}   {peak:6.0f} MB {'met' if peak <= RSS_TARGET_MB else 'MISSED'}")


if __name__ == "__main__":
    main()
