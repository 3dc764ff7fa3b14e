"""Whole-process figures in a real terminal: a command started in a tmux window (its own server, so
nothing of the caller's terminal is involved) and timed from launch to the first screen that shows a
marker. The screen is read with `tmux capture-pane` every few milliseconds, so a figure is at most one
poll late (the poll interval is printed with it)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time

POLL = 0.005  # seconds between two reads of the screen


def available() -> bool:
    return shutil.which("tmux") is not None


def first_screen(command: list[str], marker: str, *, env: dict, cwd: str, size: tuple[int, int] = (100, 30),
                 give_up: float = 120.0) -> float:
    """Seconds from starting COMMAND in a fresh tmux server to the screen showing the regex MARKER."""
    socket = f"workbench-bench-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", socket]
    pattern = re.compile(marker)
    start = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), shlex.join(command)],
                   env=env, cwd=cwd, check=True)
    try:
        while True:
            screen = subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True, env=env).stdout
            if pattern.search(screen):
                return time.perf_counter() - start
            if time.perf_counter() - start > give_up:
                raise RuntimeError(f"no {marker!r} on the screen after {give_up:.0f} s:\n{screen}")
            time.sleep(POLL)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, env=env)
