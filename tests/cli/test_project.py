"""Where is my database? The project is found like git finds a repository, commands that only read
never create a database, and `workbench info` says where it is and what it holds (the key masked)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli import cli

SAMPLE = "英伟达发布了新芯片。心智观察所认为这一决定来得太晚。\n"
KEY = "sk-test-0123456789abcdefWXYZ"


def run(*args, env: dict | None = None):
    """The command as a user types it: no --db, no WORKBENCH_DB; the current folder decides."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False,
                              env={"WORKBENCH_DB": "", "WORKBENCH_CONFIG": "", **(env or {})})


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "notes" / "week1").mkdir(parents=True)
    (root / "article.txt").write_text(SAMPLE, encoding="utf-8")
    monkeypatch.chdir(root)
    assert run("import", "article.txt").exit_code == 0
    return root


def test_a_subfolder_uses_the_projects_database(project, monkeypatch):
    monkeypatch.chdir(project / "notes" / "week1")
    result = run("documents", "--json")
    assert [d["title"] for d in json.loads(result.stdout)] == ["article"]
    assert not (project / "notes" / "week1" / "db").exists()


def test_a_workbench_toml_marks_the_project_too(tmp_path, monkeypatch):
    root = tmp_path / "p"
    (root / "sub").mkdir(parents=True)
    (root / "workbench.toml").write_text('[review]\nreviewer = "mei"\n', encoding="utf-8")
    (root / "a.txt").write_text(SAMPLE, encoding="utf-8")
    monkeypatch.chdir(root / "sub")
    assert run("import", "../a.txt").exit_code == 0
    assert (root / "db" / "workbench.db").is_file() and not (root / "sub" / "db").exists()
    assert run("accept", "1", "1", "--text", "Nvidia released a new chip.").exit_code == 0
    history = json.loads(run("segments", "1", "--json").stdout)
    assert history[0]["status"] == "reviewed"


@pytest.mark.parametrize("args", [
    ["documents"], ["documents", "--json"], ["segments", "1"], ["check", "1"], ["report", "1"],
    ["export", "1", "-f", "jsonl"], ["glossary", "list"], ["glossary", "export"], ["info"],
    ["accept", "1", "1"], ["review", "1"],
])
def test_a_command_that_only_reads_never_creates_a_database(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert not (tmp_path / "db").exists()
    assert "Traceback" not in result.output
    if args[0] in ("documents", "info") or args[:2] == ["glossary", "list"]:
        assert result.exit_code == 0
    else:
        assert result.exit_code != 0 and str(tmp_path / "db" / "workbench.db") in result.stderr


def test_no_documents_yet_names_the_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("documents").stdout.startswith(f"no documents yet in {tmp_path / 'db' / 'workbench.db'}")


def test_info_says_where_and_what_with_the_key_masked(project):
    result = run("info", env={"OPENAI_API_KEY": KEY})
    assert result.exit_code == 0
    assert str(project / "db" / "workbench.db") in result.stdout
    assert "1 documents, 2 segments" in result.stdout and "API key set (…WXYZ)" in result.stdout
    assert KEY not in result.output and KEY[:-4] not in result.output
    data = json.loads(run("info", "--json", env={"OPENAI_API_KEY": KEY}).stdout)
    assert data["documents"] == 1 and data["segments"] == 2 and data["schema_version"] >= 1
    assert data["drafting"]["api_key"] == "set (…WXYZ)"
