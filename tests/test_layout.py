"""The layout rules are enforced by tools (ruff, import-linter): the tree keeps them, and a planted
violation is caught, so CI fails on one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_the_tree_keeps_every_layer_contract():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _with_import(tmp_path, module: str, line: str) -> subprocess.CompletedProcess:
    """lint-imports on a copy of the tree where `module` (a path under workbench/) gains `line`."""
    shutil.copytree(REPO / "workbench", tmp_path / "workbench", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    planted = tmp_path / "workbench" / module
    planted.write_text(planted.read_text() + f"\n{line}  # noqa: E402,F401\n")
    return _lint_imports(tmp_path)


def test_a_front_end_reaching_into_storage_breaks_a_contract(tmp_path):
    result = _with_import(tmp_path, "cli/qa.py", "from workbench.storage import segments as _segments")
    assert result.returncode != 0
    assert "Front ends take from storage only" in result.stdout and "BROKEN" in result.stdout


def test_a_lower_layer_importing_a_higher_one_breaks_the_layers(tmp_path):
    result = _with_import(tmp_path, "qa/terms.py", "from workbench import review")
    assert result.returncode != 0
    assert "Pipeline layers" in result.stdout and "BROKEN" in result.stdout


def test_ruff_finds_nothing_in_the_tree():
    result = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "workbench", "tests", "bench"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_front_end_contract_names_every_storage_module():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["name"].startswith("Front ends"))
    modules = {f"workbench.storage.{p.stem}" for p in (REPO / "workbench" / "storage").glob("*.py") if p.stem != "__init__"}
    assert modules == set(contract["forbidden_modules"])  # a new storage module is closed to the front ends too
