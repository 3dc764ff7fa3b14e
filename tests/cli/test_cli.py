"""The command line as a user meets it: help everywhere, JSON shapes, one-line errors."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import click
import pytest

from workbench.cli import cli


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    ctx = click.Context(group, info_name="workbench")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield path + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, path + (name,))


ALL_COMMANDS = list(_commands(cli))


def test_the_cli_has_the_foundation_commands():
    names = {" ".join(path) for path, _ in ALL_COMMANDS}
    assert {"import", "documents", "segments", "glossary", "glossary import", "glossary list", "glossary add",
            "glossary export"} <= names


def test_help_lists_the_commands_in_the_order_of_the_workflow(run_cli):
    listed = [line.split()[0] for line in run_cli("--help").stdout.split("Commands:", 1)[1].splitlines()
              if line.startswith("  ")]
    order = ["import", "glossary", "draft", "review", "check", "export", "demo"]
    assert sorted(order, key=listed.index) == order


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS] + [()], ids=lambda p: " ".join(p) or "workbench")
def test_every_command_has_help_with_an_example(run_cli, path):
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.stdout, f"`workbench {' '.join(path)} --help` has no Example:"
    summary = result.stdout.split("Usage:", 1)[1].split("Example:", 1)[0]
    assert len(summary.split("\n", 1)[1].strip()) > 10, "help text says what the command does"


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS] + [()], ids=lambda p: " ".join(p) or "workbench")
def test_examples_are_shown_line_for_line(run_cli, path):
    """An example is a command to copy: help must not rewrap it into one run-on paragraph."""
    command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    written = inspect.cleandoc(command.help).split("Example:", 1)[1]
    lines = [line.strip() for line in written.splitlines() if line.strip() and line.strip() != "\b"]
    shown = {line.strip() for line in run_cli(*path, "--help").stdout.splitlines()}
    assert [line for line in lines if line not in shown] == []


def test_python_dash_m_runs_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "workbench", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Usage: workbench" in result.stdout
    assert "import" in result.stdout and "documents" in result.stdout


def test_import_json_for_one_file_is_the_documented_object(tmp_path, run_cli):
    article = tmp_path / "a.md"
    article.write_text("英伟达发布了新芯片。华为表示欢迎。", encoding="utf-8")
    first = json.loads(run_cli("import", article, "--json").stdout)
    assert first == {"document_id": 1, "segments": 2, "duplicate": False}
    again = run_cli("import", article, "--json")
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {"document_id": 1, "segments": 2, "duplicate": True}
    text = run_cli("import", article)
    assert text.stdout == f"{article}: already imported as document 1 ('a'); nothing changed\n"


def test_segments_json_has_one_object_per_segment(tmp_path, run_cli):
    article = tmp_path / "a.md"
    article.write_text("# 标题\n\n心智观察所认为，英伟达很强。华为呢？\n", encoding="utf-8")
    run_cli("import", article)
    run_cli("glossary", "add", "英伟达", "Nvidia")
    result = run_cli("segments", "a", "--json")  # by title
    assert result.exit_code == 0
    segments = json.loads(result.stdout)
    assert [s["position"] for s in segments] == [1, 2, 3]
    for s in segments:
        assert {"position", "status", "source", "draft", "target", "tokens", "terms"} <= set(s)
    second = segments[1]
    assert (second["status"], second["draft"], second["target"]) == ("initial", None, None)
    assert second["tokens"][:2] == ["心智观察所", "认为"]
    assert second["terms"] == [{"source": "英伟达", "target": "Nvidia", "start": 8, "end": 11}]
    only = json.loads(run_cli("segments", "1", "--positions", "2-3", "--json").stdout)
    assert [s["position"] for s in only] == [2, 3]
    table = run_cli("segments", "1")
    assert "心智观察所 / 认为" in table.stdout and "英伟达 → Nvidia" in table.stdout


@pytest.mark.parametrize("args, message", [
    (["segments", "99"], "Error: no document '99' (see `workbench documents`)"),
    (["segments", "1", "--positions", "0-2"], "Error: Invalid value for '--positions': '0-2': use positions like 3-9 or 3,5,8 (1-based)"),
])
def test_bad_arguments_give_one_line(run_cli, tmp_path, db_path, db_state, args, message):
    article = tmp_path / "a.md"
    article.write_text("英伟达。", encoding="utf-8")
    run_cli("import", article)
    before = db_state(db_path)
    result = run_cli(*args)
    assert result.exit_code in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert db_state(db_path) == before


@pytest.mark.parametrize("args, message", [
    (["import"], "Error: Missing argument 'PATH...'. (see `"),
    (["accept", "1"], "Error: Missing argument 'POSITION'. (see `"),
    (["export", "1", "--format", "pdf"], "Error: Invalid value for '--format' / '-f': 'pdf' is not one of"),
    (["draft", "1", "--nonsense"], "Error: No such option '--nonsense'"),
])
def test_usage_mistakes_are_one_line_too(run_cli, args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr


def test_a_failed_first_command_leaves_no_empty_database_behind(run_cli, tmp_path):
    db = tmp_path / "new.db"
    result = run_cli("import", tmp_path / "missing.md", db=db)
    assert result.exit_code == 1 and "no such file" in result.stderr
    assert not db.exists() and not (tmp_path / "new.db-wal").exists()
    article = tmp_path / "a.md"
    article.write_text("英伟达。", encoding="utf-8")
    assert run_cli("import", article, db=db).exit_code == 0
    assert run_cli("import", tmp_path / "missing.md", db=db).exit_code == 1
    assert db.exists()  # a database with something in it is never removed


def test_glossary_list_and_export(tmp_path, run_cli):
    run_cli("glossary", "add", "英伟达", "Nvidia", "--note", "GPU maker", "--variant", "NVIDIA")
    listed = json.loads(run_cli("glossary", "list", "--json").stdout)
    assert [(t["source"], t["target"], t["variants"], t["note"]) for t in listed] == [("英伟达", "Nvidia", ["NVIDIA"], "GPU maker")]
    assert run_cli("glossary", "export").stdout == "英伟达\tNvidia\tGPU maker\n"


def _column(table: str, index: int) -> list[str]:
    """The cells of one column of a rich box table, line by line (index 1 is the first column)."""
    return [line.split("│")[index].strip() for line in table.splitlines() if line.startswith("│")]


def test_the_segments_table_shows_a_long_chinese_sentence_whole_in_an_80_column_terminal(tmp_path, run_cli):
    sentence = "据观察者网报道，英伟达首席执行官黄仁勋表示，公司在中国市场的份额已经从百分之九十五降到了零，这是一个巨大的损失。"
    article = tmp_path / "a.md"
    article.write_text(sentence + "\n", encoding="utf-8")
    run_cli("import", article)
    tokens = json.loads(run_cli("segments", "1", "--json").stdout)[0]["tokens"]
    table = run_cli("segments", "1", env={"COLUMNS": "80"}).stdout
    assert "…" not in table, table  # Chinese has no spaces to wrap at; nothing may be cut off
    assert "".join(_column(table, 3)) == sentence, table
    assert "".join(_column(table, 4)).replace(" ", "") == "/".join(tokens)
