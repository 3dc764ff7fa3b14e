"""The command group loads each area only when one of its commands runs, and lists every command from
COMMANDS exactly as the commands' own help would."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from workbench.cli import cli
from workbench.cli.group import AREAS, COMMANDS

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("openai", "jieba", "sacrebleu", "textual", "numpy", "sqlite_utils", "markdown_it", "trafilatura", "docx",
         "charset_normalizer", "opencc", "mdit_py_plugins")


def _loaded_after(*args: str) -> dict:
    """The heavy packages and workbench modules a fresh interpreter has loaded after `workbench ARGS`."""
    code = ("import sys, json\nfrom workbench.cli import main\nheavy = json.loads(sys.argv[2])\ntry:\n    sys.argv = ['workbench', *json.loads(sys.argv[1])]\n"
            "    main()\nexcept SystemExit:\n    pass\n"
            "mods = sorted(sys.modules)\n"
            "print(json.dumps({'heavy': [m for m in mods if m.split('.')[0] in heavy],"
            " 'workbench': [m for m in mods if m.startswith('workbench.')]}))")
    out = subprocess.run([sys.executable, "-c", code, json.dumps(list(args)), json.dumps(HEAVY)], capture_output=True,
                         text=True, cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_loads_no_heavy_package_and_no_area():
    loaded = _loaded_after("--help")
    assert loaded["heavy"] == []
    assert not [m for m in loaded["workbench"] if m.split(".")[-1] in AREAS and m.startswith("workbench.cli.")]


def test_documents_loads_no_heavy_package(tmp_path):
    db = tmp_path / "w.db"
    source = tmp_path / "a.txt"
    source.write_text("第一句。第二句。\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", str(db), "import", str(source)]).exit_code == 0
    loaded = _loaded_after("--db", str(db), "documents")
    assert loaded["heavy"] == []
    assert "workbench.cli.documents" in loaded["workbench"] and "workbench.cli.drafting" not in loaded["workbench"]


def test_commands_lists_every_command_with_its_own_first_sentence():
    for area in AREAS:
        importlib.import_module(f"workbench.cli.{area}")
    assert set(COMMANDS) == set(cli.commands)  # a new command gets its line in COMMANDS
    for name, command in cli.commands.items():
        area, sentence = COMMANDS[name]
        assert command.callback.__module__ == f"workbench.cli.{area}"
        for limit in (30, 45, 80, 400):
            assert click.Command(name, help=sentence).get_short_help_str(limit) == command.get_short_help_str(limit), name


def test_the_listing_is_the_same_before_and_after_the_areas_load():
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "100"}
    lazy = subprocess.run([sys.executable, "-m", "workbench", "--help"], capture_output=True, text=True, cwd=REPO,
                          env=env, check=True).stdout
    every_area = ("import importlib, sys\nfrom workbench.cli import main\nfrom workbench.cli.group import AREAS\n"
                  "for a in AREAS: importlib.import_module('workbench.cli.' + a)\nsys.argv = ['workbench', '--help']\nmain()")
    loaded = subprocess.run([sys.executable, "-c", every_area], capture_output=True, text=True, cwd=REPO, env=env,
                            check=True).stdout
    assert lazy == loaded
    listed = [line.split()[0] for line in lazy.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)  # the order of the workflow


def test_an_unknown_command_is_still_one_line():
    result = subprocess.run([sys.executable, "-m", "workbench", "nonsense"], capture_output=True, text=True, cwd=REPO,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2 and "No such command 'nonsense'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
