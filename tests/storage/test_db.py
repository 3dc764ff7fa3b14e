"""The store: migrations, WAL, foreign keys, and every way a database path can be wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.helpers import unwritable
from workbench.errors import StoreError
from workbench.storage import SCHEMA_VERSION, open_store
from workbench.storage import db as db_module
from workbench.storage.migrations import MIGRATIONS


def test_a_new_database_gets_the_whole_schema_in_wal_mode_with_foreign_keys(db_path):
    store = open_store(db_path)
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.one("PRAGMA journal_mode")["journal_mode"] == "wal"
    assert store.one("PRAGMA foreign_keys")["foreign_keys"] == 1
    tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "paragraphs", "segments", "drafts", "reviews", "revisions", "terms", "llm_cache",
            "jobs", "endpoints"} <= tables
    with pytest.raises(sqlite3.IntegrityError):
        store.execute("INSERT INTO segments (document_id, position, paragraph, source) VALUES (999, 1, 1, '你好')")
    store.close()


def test_reopening_keeps_the_data_and_runs_no_migration_twice(db_path):
    store = open_store(db_path)
    store.execute("INSERT INTO llm_cache (request_key, response, created_at) VALUES ('k', '{}', 'now')")
    store.close()
    again = open_store(db_path)
    assert again.schema_version == SCHEMA_VERSION
    assert again.one("SELECT count(*) AS n FROM llm_cache")["n"] == 1
    again.close()


def test_an_older_database_is_upgraded_by_the_appended_migration(db_path, monkeypatch):
    store = open_store(db_path)
    store.execute("INSERT INTO llm_cache (request_key, response, created_at) VALUES ('k', '{}', 'now')")
    store.close()
    monkeypatch.setattr(db_module, "MIGRATIONS", [*MIGRATIONS, "ALTER TABLE llm_cache ADD COLUMN hits INTEGER DEFAULT 0;"])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    upgraded = open_store(db_path)
    assert upgraded.schema_version == SCHEMA_VERSION + 1
    assert upgraded.one("SELECT hits FROM llm_cache WHERE request_key = 'k'") == {"hits": 0}
    upgraded.close()


def test_a_failing_migration_leaves_the_database_at_its_old_version(db_path, monkeypatch):
    open_store(db_path).close()
    broken = "CREATE TABLE half_done (a INTEGER);\nINSERT INTO no_such_table VALUES (1);"
    monkeypatch.setattr(db_module, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="no such table"):
        open_store(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_a_database_from_a_newer_workbench_is_refused_and_left_alone(db_path, run_cli):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    result = run_cli("documents")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: database {db_path} was written by a newer workbench (schema {SCHEMA_VERSION + 5}; "
        f"this version knows up to {SCHEMA_VERSION}): upgrade workbench")
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-wal").exists()


@pytest.mark.parametrize("content", [b"this is not a database, just text\n" * 40, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_corrupt_database_file_gives_one_line_and_stays_as_it_was(tmp_path, run_cli, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    result = run_cli("documents", db=path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"Error: cannot use database {path}: the file is not a workbench database or is corrupt"
    assert path.read_bytes() == content


def test_a_database_in_a_missing_folder_is_not_created(tmp_path, run_cli):
    path = tmp_path / "no" / "such" / "folder" / "w.db"
    result = run_cli("glossary", "add", "英伟达", "Nvidia", db=path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot create database {path}: folder {path.parent} does not exist"
    assert not (tmp_path / "no").exists()


def test_a_database_under_a_file_is_refused(tmp_path, run_cli):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("不是文件夹")
    result = run_cli("glossary", "add", "英伟达", "Nvidia", db=a_file / "w.db")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot create database {a_file / 'w.db'}: {a_file} is a file, not a folder"
    assert a_file.read_text() == "不是文件夹"


def test_a_directory_given_as_the_database_is_refused(tmp_path, run_cli):
    result = run_cli("documents", db=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: database path {tmp_path} is a directory"


def test_a_database_in_an_unwritable_folder_gives_one_line(tmp_path, run_cli):
    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder):
        result = run_cli("glossary", "add", "英伟达", "Nvidia", db=folder / "w.db")
        assert list(folder.iterdir()) == []
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: cannot create database {folder / 'w.db'}: the folder is not writable (check its permissions)")


def test_db_flag_environment_and_default_location(tmp_path, run_cli, monkeypatch):
    sample = tmp_path / "a.txt"
    sample.write_text("英伟达发布了新芯片。", encoding="utf-8")
    # --db after the command name works as well as before it
    flag_db = tmp_path / "flag.db"
    assert run_cli("import", sample, "--db", flag_db, db=None).exit_code == 0
    env_db = tmp_path / "env.db"
    assert run_cli("import", sample, db=None, env={"WORKBENCH_DB": str(env_db)}).exit_code == 0
    # the flag wins over the environment
    other = tmp_path / "other.db"
    assert run_cli("documents", "--json", db=other, env={"WORKBENCH_DB": str(env_db)}).stdout.strip() == "[]"
    monkeypatch.chdir(tmp_path)
    assert run_cli("import", sample, db=None, env={"WORKBENCH_DB": ""}).exit_code == 0
    for path in (flag_db, env_db, tmp_path / "db" / "workbench.db"):
        store = open_store(path)
        assert store.one("SELECT count(*) AS n FROM documents")["n"] == 1, path
        store.close()


def test_a_failed_transaction_leaves_nothing(db_path):
    store = open_store(db_path)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.execute("INSERT INTO llm_cache (request_key, response, created_at) VALUES ('k', '{}', 'now')")
            raise RuntimeError("power cut")
    assert store.one("SELECT count(*) AS n FROM llm_cache")["n"] == 0
    store.close()


def test_damage_inside_a_database_gives_one_line_without_a_traceback(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("\n".join(f"第{i}段：英伟达发布了新芯片，心智观察所认为这一决定来得太晚。" for i in range(3000)), encoding="utf-8")
    db = tmp_path / "w.db"
    from workbench.importing.paths import import_file

    store = open_store(db)
    import_file(store, article)
    store.close()
    with db.open("r+b") as fh:  # overwrite pages in the middle: the header still says SQLite
        fh.seek(4096 * 60)
        fh.write(b"\xff" * 4096 * 20)
    damaged = db.read_bytes()
    result = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "documents"], capture_output=True, text=True)
    assert result.returncode == 1
    # Depending on which page is hit, opening or the first query notices; either way one line.
    assert result.stderr in (
        "Error: the database cannot be read (database disk image is malformed); restore it from a copy\n",
        f"Error: cannot use database {db}: the file is not a workbench database or is corrupt\n")
    assert db.read_bytes() == damaged


def test_a_negative_schema_version_is_refused_in_one_line(db_path, run_cli):
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = -3")
    conn.close()
    before = db_path.read_bytes()
    result = run_cli("documents")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("has schema version -3, which no workbench writes: it is not a workbench "
                                          "database (or it was damaged)")
    assert db_path.read_bytes() == before
