"""No escape sequence reaches the terminal: a file name, title, source, draft, reviewer or glossary
term holding OSC/CSI sequences (clipboard write, window title, clear screen) is printed with its
control characters shown visibly, by every command that prints it."""

from __future__ import annotations

import json

import pytest

from workbench.storage import drafts as draft_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: write "rm -rf ~" to the clipboard
TITLE = "\x1b]0;owned\x07"  # OSC 0: set the window title
CLEAR = "\x1b[2J"  # CSI: clear the screen


@pytest.fixture
def hostile(tmp_path, db_path, run_cli):
    """A document whose file name is plain but whose title, draft, reviewer and a glossary term carry
    escape sequences (a model's reply or a shared glossary can bring them in; import refuses them in files)."""
    article = tmp_path / "a.txt"
    article.write_text("英伟达发布了新芯片。寒武纪回应。\n", encoding="utf-8")
    assert run_cli("import", article, "--title", f"report{TITLE}").exit_code in (0, 1)
    store = open_store(db_path)
    rows = seg_store.for_document(store, 1)
    draft_store.add(store, rows[0].id, engine="llm", model=f"gpt{CLEAR}", text=f"Nvidia released{CLIPBOARD} a chip.")
    draft_store.add(store, rows[1].id, engine="llm", model="m", text=f"Cambricon{CLEAR} responded.")
    store.execute("INSERT INTO terms (glossary, source, target, variants, forbidden, note, case_sensitive, status, created_at)"
                  " VALUES ('default', ?, ?, '[]', '[]', ?, 0, 'approved', '2026-01-01')", ("寒武纪", f"Cambricon{TITLE}", CLEAR))
    store.close()
    assert run_cli("accept", "1", "1", "--reviewer", f"mei{TITLE}", "--force").exit_code == 0
    return db_path


@pytest.mark.parametrize("args", [
    ["documents"], ["segments", "1"], ["check", "1"], ["report", "1"], ["glossary", "list"],
    ["export", "1", "-f", "md", "--status", "all"], ["export", "1", "-f", "bilingual-md", "--status", "all"],
    ["info"], ["accept", "1", "2", "--force"], ["glossary", "export"],
])
def test_no_command_prints_an_escape_sequence(hostile, run_cli, args):
    result = run_cli(*args)
    assert "\x1b" not in result.output and "\x07" not in result.output, result.output
    assert "Traceback" not in result.output


def test_the_escapes_are_shown_not_dropped(hostile, run_cli):
    out = run_cli("segments", "1").stdout
    assert "␛]52;c;" in out  # the reviewer can see that something was there


def test_json_output_carries_the_text_exactly(hostile, run_cli):
    data = json.loads(run_cli("segments", "1", "--json").stdout)
    assert data[1]["draft"] == f"Cambricon{CLEAR} responded."  # JSON escapes it: the data is not changed


def test_an_error_line_shows_escapes_visibly(run_cli, tmp_path):
    result = run_cli("segments", f"doc{CLEAR}")
    assert result.exit_code != 0 and "\x1b" not in result.stderr
    missing = run_cli("import", tmp_path / f"notes{TITLE}.md")  # a file name is printed as it is, not quoted
    assert missing.exit_code != 0 and "\x1b" not in missing.stderr and "␛]0;owned␇" in missing.stderr
