"""Review-session latency: does a keypress cost the same in a 20,000-segment document as in a 200-segment one?

    .venv/bin/python bench/review_latency.py [--large 20000] [--small 200] [--presses 200] [--launches 7]

Through the real app driven by Pilot (headless, 100×30), for both documents in the same run:
  (a) first usable screen: from constructing ReviewApp (open the database, count the segments) to the
      review screen mounted and painted with the cursor on the first segment needing review; over
      several launches. The statuses of all segments (for the progress line and filters) are read in
      a worker thread after that; the time until they are in is printed too.
  (b) cursor move: `j`/`k` presses (each re-reads the focused segment, repaints two list lines and the pane);
  (c) accept-and-advance: `a` presses (commit the review + revision, look for repetitions, re-read the
      row, run QA on the next segment, move) — with `[review] confirm_errors = false`, so that a QA
      error does not stop the run with a question.
Both documents are open at once and presses alternate between them, so that the machine's other load
weighs on both alike. A press is timed from the key event reaching the app to its effect in the app's
state, every resulting message handled and the screen repainted (Pilot.press itself adds idle-detection
sleeps of ≥ 2 × 20 ms; its round trip is printed for comparison). Median and p95, and the ratio
large / small (target ≤ 1.5×: the cost must not grow with the document). Targets: (a) ≤ 1.0 s,
(c) p95 ≤ 50 ms.

Segments: the zh→en pairs of wmt21_newstest2021_zhen.tsv in the shared data (WORKBENCH_SHARED_DATA or
../shared/data relative to the project; Chinese source, English reference as the imported draft) when
present, else synthetic sentences; each source gets a numbered tag so that no two segments are
repetitions of each other. Python start-up and imports are not in (a); they are printed separately,
measured in a fresh process, and (d) is the whole process in a real terminal: `workbench review`
started in tmux (100×30), timed from launch to the first screen ("Segment N of M"), median of --launches
(needs tmux; skipped with a note without it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import terminal  # noqa: E402 - bench/terminal.py
from shared_data import load_average, shared_data  # noqa: E402 - bench/shared_data.py
from textual import events  # noqa: E402

from workbench.glossary import manage  # noqa: E402
from workbench.importing.paths import import_file  # noqa: E402
from workbench.review import ReviewSettings  # noqa: E402
from workbench.storage import open_store  # noqa: E402
from workbench.tui.app import ReviewApp  # noqa: E402
from workbench.tui.screens.review import ReviewScreen  # noqa: E402

PAIRS = shared_data() / "wmt21_newstest2021_zhen.tsv"


def pairs() -> list[tuple[str, str]]:
    if PAIRS.is_file():
        out = []
        for line in PAIRS.read_text(encoding="utf-8").splitlines():
            zh, _, en = line.partition("\t")
            if zh.strip() and en.strip():
                out.append((zh.strip(), en.strip()))
        return out
    return [(f"英伟达表示，第{i}批芯片将于下月交付。", f"Nvidia said batch {i} of chips will be delivered next month.")
            for i in range(1, 500)]


def build(folder: Path, n: int, name: str = "") -> tuple[Path, int]:
    db = folder / f"review-{name or n}.db"
    tsv = folder / f"doc-{name or n}.tsv"
    base = pairs()
    lines = []
    for i in range(n):
        zh, en = base[i % len(base)]
        lines.append(f"{zh}〔{i + 1}〕\t{en} [{i + 1}]")
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = open_store(db)
    manage.import_file(store, manage.seed_path())
    doc_id = import_file(store, tsv, bilingual=True).document_id
    store.close()
    return db, doc_id


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def timed(pilot, key: str, done) -> float:
    """Seconds from the key event reaching the app to its effect painted on the (headless) screen.

    Pilot.press itself waits for the process to look idle (two sleeps of at least 20 ms), which would
    swamp the figure; so the key is sent to the app's driver directly, the clock stops when the
    effect is in the app's state, every queued message is handled and the screen has repainted.
    """
    app = pilot.app
    start = time.perf_counter()
    app._driver.send_message(events.Key(key, key))
    while not done():
        if time.perf_counter() - start > 10:
            raise RuntimeError(f"key {key!r} had no effect within 10 s")
        await asyncio.sleep(0)
    await pilot._wait_for_screen()
    await pilot._wait_for_screen()
    app.screen._on_timer_update()  # paint now rather than at the next frame tick
    elapsed = time.perf_counter() - start
    await pilot.pause()  # let timers and late messages settle, outside the measurement
    return elapsed


async def launch(db: Path, doc_id: int) -> tuple[float, float]:
    """(first usable screen, every status counted) in seconds, for one launch of the app."""
    t0 = time.perf_counter()
    app = ReviewApp(db, doc_id, reviewer="bench", settings=ReviewSettings(confirm_errors=False))
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, ReviewScreen) and app.screen.segments.size.height):
            await asyncio.sleep(0)
        app.screen._on_timer_update()
        first = time.perf_counter() - t0
        while app.screen.session.counts is None:
            await asyncio.sleep(0)
        counted = time.perf_counter() - t0
        await pilot.pause()
    return first, counted


async def keys(docs: list[tuple[Path, int]], presses: int) -> list[dict]:
    """Both documents open at once, key presses alternating between them, so that whatever else the
    machine does at a moment weighs on both measurements alike."""
    apps = [ReviewApp(db, doc_id, reviewer="bench", settings=ReviewSettings(confirm_errors=False))
            for db, doc_id in docs]
    results = [{"moves": [], "accepts": [], "round_trip": []} for _ in docs]
    async with apps[0].run_test(size=(100, 30)) as p0, apps[1].run_test(size=(100, 30)) as p1:
        pilots = [p0, p1]
        for app, pilot in zip(apps, pilots):
            await app.workers.wait_for_complete()
            while app.screen.session.counts is None:
                await asyncio.sleep(0)
            await pilot.pause()
        for i in range(presses):
            key = "j" if (i // 50) % 2 == 0 else "k"
            for app, pilot, out in zip(apps, pilots, results):
                screen = app.screen
                want = screen.segments.cursor + (1 if key == "j" else -1)
                out["moves"].append(await timed(pilot, key, lambda s=screen, w=want: s.segments.cursor == w))
        for pilot in pilots:
            await pilot.press("home")
        for _ in range(presses):
            for app, pilot, out in zip(apps, pilots, results):
                screen = app.screen
                want = screen.session.counts.reviewed + 1
                out["accepts"].append(await timed(pilot, "a", lambda s=screen, w=want: s.session.counts.reviewed == w))
        for i in range(20):
            for pilot, out in zip(pilots, results):
                t = time.perf_counter()
                await pilot.press("k" if i % 2 else "j")
                out["round_trip"].append(time.perf_counter() - t)
    return results


async def measure(small: tuple[Path, int], large: tuple[Path, int], presses: int, launches: int) -> list[dict]:
    results = await keys([small, large], presses)
    for out in results:
        out["launches"] = []
    for _ in range(launches):
        # Each document's own launches (the loop variable of an earlier loop once made both the large one).
        for out, doc in zip(results, (small, large)):
            out["launches"].append(await launch(*doc))
    for out in results:
        out["first"] = [f for f, _ in out["launches"]]
        out["counted"] = statistics.median(c for _, c in out["launches"])
    return results


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import workbench.tui.app, workbench.tui.screens.review; " \
           "print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def whole_process(docs: list[tuple[Path, int]], launches: int, folder: Path) -> list[list[float]] | None:
    """Launch-to-first-screen seconds of `workbench review` in tmux, per document (None without tmux)."""
    if not terminal.available():
        return None
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # an installed workbench has bytecode
    env.update(PYTHONPATH=str(REPO), WORKBENCH_CONFIG=os.devnull)
    out: list[list[float]] = [[] for _ in docs]
    for i in range(launches + 1):  # the first round warms up (bytecode, the OS's file cache), not counted
        for times, (db, doc_id) in zip(out, docs):
            t = terminal.first_screen([sys.executable, "-m", "workbench", "--db", str(db), "review", str(doc_id)],
                                      r"Segment \d+ of \d+", env=env, cwd=str(folder))
            if i:
                times.append(t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--launches", type=int, default=7, help="app launches per document for (a)")
    args = parser.parse_args()
    if args.presses > args.small:
        parser.error("--presses must not exceed --small (every accept needs a segment to review)")
    print(load_average())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        small = build(folder, args.small)
        large = build(folder, args.large)
        print(f"built documents of {args.small} and {args.large} segments in {time.perf_counter() - t:.1f} s "
              f"({'WMT21 zh→en pairs' if PAIRS.is_file() else 'synthetic sentences'})")
        # warm-up (first imports, CSS parsing), not measured
        asyncio.run(measure(build(folder, 40, "warm-up-a"), build(folder, 40, "warm-up-b"), 20, 1))
        s, l_ = asyncio.run(measure(small, large, args.presses, args.launches))
        whole = whole_process([small, large], args.launches, folder)
    rows = [
        ("first usable screen", s["first"], l_["first"], "≤ 1000 ms"),
        ("cursor move (j/k)", s["moves"], l_["moves"], "ratio ≤ 1.5×"),
        ("accept-and-advance (a)", s["accepts"], l_["accepts"], "p95 ≤ 50 ms"),
    ]
    print(f"\n{'':24} {args.small:>7} segments          {args.large:>7} segments          ratio")
    print(f"{'':24} {'median':>9} {'p95':>9}        {'median':>9} {'p95':>9}        {'median':>6} {'p95':>6}  target")
    for name, a, b in ((r[0], r[1], r[2]) for r in rows):
        am, ap, bm, bp = (statistics.median(a) * 1000, pct(a, .95) * 1000, statistics.median(b) * 1000,
                          pct(b, .95) * 1000)
        target = next(r[3] for r in rows if r[0] == name)
        print(f"{name:24} {am:7.1f}ms {ap:7.1f}ms        {bm:7.1f}ms {bp:7.1f}ms        {bm / am:5.2f}× {bp / ap:5.2f}×  {target}")
    print(f"\n(a) over {args.launches} launches per document. Every status counted (progress line complete; read "
          f"in the background while the screen is already usable): median {s['counted'] * 1000:.0f} ms "
          f"({args.small}) / {l_['counted'] * 1000:.0f} ms ({args.large}).")
    print(f"{args.presses} presses of each key per document. For comparison, Pilot.press round trips "
          f"(which include Pilot's idle detection, ≥ 2 × 20 ms sleeps): median "
          f"{statistics.median(s['round_trip']) * 1000:.0f} ms ({args.small}) / "
          f"{statistics.median(l_['round_trip']) * 1000:.0f} ms ({args.large}).")
    print(f"Python imports of the TUI in a fresh process: {import_time() * 1000:.0f} ms (not included above).")
    if whole is None:
        print("(d) whole process in a terminal: skipped — tmux is not installed (apt-get install -y tmux)")
    else:
        a, b = statistics.median(whole[0]), statistics.median(whole[1])
        print(f"(d) whole process, `workbench review` in tmux from launch to the first screen (screen read every "
              f"{terminal.POLL * 1000:.0f} ms), median of {args.launches}: {a:.2f} s ({args.small}) / {b:.2f} s "
              f"({args.large}), ratio {b / a:.2f}×; all: " + ", ".join(f"{t:.2f}" for t in whole[0]) + " / "
              + ", ".join(f"{t:.2f}" for t in whole[1]) + " s")
    print(load_average())


if __name__ == "__main__":
    main()
