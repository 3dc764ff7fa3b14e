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
sentences' jieba words computed once per distinct sentence.

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

    def items(self, count: int, start: int = 0):
        """NewParagraph/NewSegment records of a document of `count` segments (sentence `start` first)."""
        n = len(self.pairs)
        for i in range(count):
            k = (start + i) % n
            paragraph = i // PER_PARAGRAPH + 1
            if i % PER_PARAGRAPH == 0:
                yield doc_store.NewParagraph(paragraph, "paragraph", "", "\n\n" if i else "")
            source, reference = self.pairs[k]
            draft = _draft(reference) if k % 2 == 0 else reference
            if k % 97 == 0:
                draft = f"{draft} ({i % 3})"  # the same source drafted three ways
            reviewed = k % 4 != 3
            yield doc_store.NewSegment(paragraph, source, self.tokens[k], draft=draft,
                                       target=reference if reviewed else None, status="reviewed" if reviewed else None)


def build(path: Path, corpus: Corpus, sizes: list[int], *, title: str = "scale") -> float:
    started = time.perf_counter()
    store = open_store(path)
    for n, size in enumerate(sizes):
        doc_store.create(store, title=f"{title}-{size}", source_path=None, sha256=f"{title}-{size}-{n}", encoding="utf-8",
                         fmt="txt", segments=corpus.items(size, start=n * 37), draft_engine="llm", reviewer="bench")
    store.close()
    return time.perf_counter() - started


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="document sizes in segments, comma-separated")
    parser.add_argument("--commands", help="only these commands, comma-separated names as printed (e.g. 'check,export -f md')")
    parser.add_argument("--overview-documents", type=int, default=2500, help="0: leave the `documents` figure out")
    parser.add_argument("--overview-segments", type=int, default=40)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    corpus = Corpus()
    print(f"{len(corpus.pairs)} real sentence pairs from {shared_data()}; load average at start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="wb-scale-") as tmp:
        folder = Path(tmp)
        figures: dict[str, dict[int, tuple[float, float, int]]] = {}
        for size in sizes:
            db = folder / f"scale-{size}.db"
            seconds = build(db, corpus, [size])
            print(f"\n{size:,} segments (database {db.stat().st_size / 1e6:.0f} MB, built in {seconds:.0f} s); "
                  f"load average {os.getloadavg()[0]:.2f}")
            for name, argv in commands(1, folder):
                if args.commands and name not in args.commands.split(","):
                    continue
                figures.setdefault(name, {})[size] = result = run(db, *argv)
                print(f"  {name:<22} {result[0]:8.2f} s wall {result[3]:8.2f} s CPU {result[1]:7.0f} MB peak")
            db.unlink()
            for leftover in folder.glob("out-*"):
                leftover.unlink()
        if sizes:
            _ratios(figures, sizes)
        if args.overview_documents:
            overview(folder, corpus, args.overview_documents, args.overview_segments)
    print(f"\nload average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _ratios(figures: dict, sizes: list[int]) -> None:
    print("\nRatios against the smallest size (CPU time: linear = the size ratio; memory: bounded = about 1)")
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
