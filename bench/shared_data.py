"""Where the benchmarks find the shared data: WORKBENCH_SHARED_DATA, else ../shared/data relative to
the project (never copied into the repository), and the load average they print beside their figures."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """The shared data folder (it may not exist: each bench says what it falls back to)."""
    env = os.environ.get("WORKBENCH_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"
