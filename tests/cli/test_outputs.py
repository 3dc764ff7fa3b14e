"""Every file a command writes (export -o, report --html/--pairs, glossary export -o, draft --batch-file)
survives a kill mid-write, and no command writes over the database, an imported source, or a file
workbench did not write (unless --force)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.export.sample import build
from workbench import review
from workbench.glossary.terms import Term
from workbench.storage import drafts, open_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

REPO = Path(__file__).resolve().parent.parent.parent

# The real CLI in a child whose files may not grow past LIMIT bytes; with SIGXFSZ at its default
# action (Python ignores it) the kernel kills the process in the middle of writing, like `kill -9`.
KILLED_CLI = """
import resource, signal, sys
from workbench.cli import cli
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv.pop(1)),) * 2)
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
cli.main(args=sys.argv[1:], prog_name="workbench")
"""
LIMIT = 64 * 1024


def _cli_killed_mid_write(db: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", KILLED_CLI, str(LIMIT), "--db", str(db), *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=db.parent)


def _big_document(tmp_path: Path, n: int = 1200) -> Path:
    """A database with a drafted document of N segments (2 reviewed) and a 3-term glossary."""
    db = tmp_path / "work.db"
    source = tmp_path / "big.txt"
    source.write_text("".join(f"第{i}句：今年的经济增长保持稳定，出口继续回升。\n" for i in range(n)), encoding="utf-8")
    store = open_store(db)
    from workbench.importing.paths import import_file

    doc = import_file(store, source).document_id
    for row in seg_store.for_document(store, doc):
        drafts.add(store, row["id"], engine="llm", model="m", text=f"Sentence {row['position']}: growth stayed steady "
                                                                     "this year and exports kept recovering.")
    for pos in (1, 2):
        review.accept(store, doc, pos, force=True)
    term_store.upsert(store, [Term("经济", "economy"), Term("出口", "exports"), Term("增长", "growth")])
    store.close()
    return db


def test_a_kill_in_the_middle_of_any_write_leaves_the_previous_file_whole(tmp_path, run_cli):
    db = _big_document(tmp_path)
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    commands = {
        "glossary export": (("glossary", "export", "-o", tmp_path / "glossary.tsv"), [tmp_path / "glossary.tsv"]),
        "draft --batch-file": (("draft", "1", "--redraft", "--batch-size", "1", "--batch-file", tmp_path / "requests.jsonl"),
                               [tmp_path / "requests.jsonl"]),
        "report --pairs": (("report", "1", "--pairs", pairs), [pairs / "draft.txt", pairs / "final.txt", pairs / "source.txt"]),
        "export -o": (("export", "1", "-f", "jsonl", "-o", tmp_path / "doc.jsonl"), [tmp_path / "doc.jsonl"]),
    }
    for args, _ in commands.values():  # the previous outputs, written by workbench
        assert run_cli(*args, db=db).exit_code == 0
    store = open_store(db)  # then the data grows: every output would now be larger than LIMIT
    term_store.upsert(store, [Term(f"术语{i:05d}", f"term number {i:05d}", note="a generated term") for i in range(5000)])
    for pos in range(3, 1201):
        review.accept(store, 1, pos, text=f"Sentence {pos}, reviewed: growth stayed steady and exports recovered.", force=True)
    store.close()
    for name, (args, files) in commands.items():
        before = {f: f.read_bytes() for f in files}
        done = _cli_killed_mid_write(db, *args)
        assert done.returncode == -25, (name, done.returncode, done.stderr[-500:])  # SIGXFSZ: killed while writing
        assert {f: f.read_bytes() for f in files} == before, f"{name}: the previous output was damaged"
        result = run_cli(*args, db=db)  # the next run replaces it and removes the killed run's partial file
        assert result.exit_code == 0, (name, result.output)
        assert all(f.read_bytes() != before[f] for f in files if f.name != "source.txt"), name
        assert not list(files[0].parent.glob(".*.partial")), name


def _setup(tmp_path: Path):
    store, doc = build(tmp_path)
    store.close()
    return tmp_path / "work.db", tmp_path / "article.md"


WRITERS = {
    "export": lambda out: ("export", "1", "-f", "md", "-o", out),
    "export html": lambda out: ("export", "1", "-f", "html", "-o", out),
    "report --html": lambda out: ("report", "1", "--html", out),
    "glossary export": lambda out: ("glossary", "export", "--format", "tsv", "-o", out),
    "draft --batch-file": lambda out: ("draft", "1", "--redraft", "--batch-file", out),
}


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("target", ["database", "wal", "symlink to the database", "imported source", "source via symlink"])
def test_no_command_writes_over_the_database_or_an_imported_source(tmp_path, run_cli, db_state, command, target):
    db, source = _setup(tmp_path)
    (tmp_path / "db-link").symlink_to(db)
    (tmp_path / "src-link.md").symlink_to(source)
    out, message = {
        "database": (db, f"{db} is the workbench database ({db})"),
        "wal": (Path(f"{db}-wal"), f"{db}-wal is the workbench database's wal file ({db})"),
        "symlink to the database": (tmp_path / "db-link", f"{tmp_path / 'db-link'} is the workbench database ({db})"),
        "imported source": (source, f"{source} is the file document 1 ('article') was imported from"),
        "source via symlink": (tmp_path / "src-link.md",
                               f"{tmp_path / 'src-link.md'} is the file document 1 ('article') was imported from"),
    }[target]
    before, source_bytes = db_state(db), source.read_bytes()
    for force in ((), ("--force",)):  # not even with --force
        result = run_cli(*WRITERS[command](out), *force, db=db)
        assert result.exit_code == 1, result.output
        assert result.stderr == f"Error: {message}: choose another output file\n"
        assert db_state(db) == before and source.read_bytes() == source_bytes
    assert not list(tmp_path.glob(".*.partial"))


def test_report_pairs_refuses_a_folder_holding_an_imported_source_txt(tmp_path, run_cli, db_state):
    db = tmp_path / "work.db"
    source = tmp_path / "source.txt"
    source.write_text("英伟达发布了新芯片。\n", encoding="utf-8")
    assert run_cli("import", source, db=db).exit_code == 0
    before = db_state(db)
    result = run_cli("report", "1", "--pairs", tmp_path, db=db)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {source} is the file document 1 ('source') was imported from: choose another output file\n"
    assert source.read_text(encoding="utf-8") == "英伟达发布了新芯片。\n"
    assert not (tmp_path / "draft.txt").exists() and db_state(db) == before  # nothing written, not even draft.txt


def test_a_source_is_recognised_from_another_folder_too(tmp_path, run_cli):
    """The import stored a relative path; a later run from elsewhere still knows the file."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.md").write_text("英伟达发布了新芯片。\n", encoding="utf-8")
    db = tmp_path / "w.db"
    os.chdir(work)
    try:
        assert run_cli("import", "a.md", db=db).exit_code == 0
        os.chdir(tmp_path)
        result = run_cli("export", "1", "-f", "md", "--status", "all", "-o", work / "a.md", db=db)
    finally:
        os.chdir(REPO)
    assert result.exit_code == 1 and "was imported from" in result.stderr
    assert (work / "a.md").read_text(encoding="utf-8") == "英伟达发布了新芯片。\n"


@pytest.mark.parametrize("command", WRITERS)
def test_an_existing_file_is_replaced_only_if_workbench_wrote_it_and_nobody_changed_it(tmp_path, run_cli, command):
    db, _ = _setup(tmp_path)
    out = tmp_path / "out.txt"
    args = WRITERS[command](out)
    assert run_cli(*args, db=db).exit_code == 0
    assert run_cli(*args, db=db).exit_code == 0  # the same command again: our own file
    out.write_text("edited by hand\n")
    result = run_cli(*args, db=db)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out} already exists and is not a file workbench wrote (or it was changed "
                             "since): use --force to replace it\n")
    assert out.read_text() == "edited by hand\n"
    assert run_cli(*args, "--force", db=db).exit_code == 0
    assert out.read_text() != "edited by hand\n"
    foreign = tmp_path / "foreign.txt"
    foreign.write_text("somebody's notes\n")
    assert run_cli(*WRITERS[command](foreign), db=db).exit_code == 1
    assert foreign.read_text() == "somebody's notes\n"
