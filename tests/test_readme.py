"""The README's quick start: exactly two commands, the second being what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\n(.*?)(?=^## )", readme + "\n## end", re.S | re.M)
    assert match, "README has a '## Quick start' section"
    blocks = re.findall(r"^```(?:sh|bash|shell|console)?\n(.*?)^```", match.group(1), re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_quick_start_has_exactly_two_commands():
    commands = _quick_start_commands()
    assert len(commands) == 2, commands
    assert all(c.startswith("python3 -m venv .venv") for c in commands), "each works on a fresh machine"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in ci.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert _quick_start_commands()[1] in lines
    assert "pytest" in _quick_start_commands()[1]
