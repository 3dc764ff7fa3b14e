"""Start-up: the CPU time (user + sys) of `workbench --help` and `workbench documents` on a small database,
against the interpreter's own floor (`python -c pass`) measured in the same run.

    .venv/bin/python bench/startup.py [--runs 9]

Each command runs --runs times as a fresh process; the figure is the median of the CPU time the child
used (resource.getrusage(RUSAGE_CHILDREN) before and after), which a busy machine disturbs far less
than wall time. Bytecode is written and used, as in an installed workbench (a first, untimed run
compiles it). The small database is the bundled sample commentary (48 segments), imported once.
Target: each command ≤ 0.35 s CPU.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
from shared_data import load_average  # noqa: E402 - bench/shared_data.py

TARGET = 0.35


def cpu_seconds(command: list[str], env: dict, runs: int) -> float:
    """Median CPU time (user + sys) of `command` as a fresh process, over `runs` runs after one untimed."""
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "small.db")
        sample = REPO / "workbench" / "data" / "sample" / "h200-commentary.md"
        subprocess.run([py, "-m", "workbench", "--db", db, "import", str(sample)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        print(load_average())
        floor = cpu_seconds([py, "-c", "pass"], env, args.runs)
        print(f"python -c pass (the interpreter's floor): {floor:.3f} s CPU (median of {args.runs})")
        for name, command in (("workbench --help", ["--help"]), ("workbench documents", ["--db", db, "documents"])):
            spent = cpu_seconds([py, "-m", "workbench", *command], env, args.runs)
            verdict = "met" if spent <= TARGET else "MISSED"
            print(f"{name}: {spent:.3f} s CPU (median of {args.runs}) — {spent / floor:.1f}x the floor, "
                  f"{spent - floor:.3f} s above it; target ≤ {TARGET} s: {verdict}")
        print(load_average())


if __name__ == "__main__":
    main()
