"""The risk child process runs below the session's priority (its first screen and keys come first)."""

from __future__ import annotations

import subprocess
import sys


def test_the_risk_child_lowers_its_own_priority():
    code = ("import os\nfrom workbench.tui.risk_run import _yield_to_the_session\n"
            "before = os.nice(0)\n_yield_to_the_session()\nprint(os.nice(0) - before)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}).stdout
    assert out.split() == ["10"] or int(out) > 0  # 10, or less where the niceness was near its ceiling
