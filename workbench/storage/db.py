"""Opening the database: path checks, pragmas, migrations, transactions."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Iterator

from workbench.errors import StoreError
from workbench.storage.migrations import MIGRATIONS, SCHEMA_VERSION


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """One open workbench database. All SQL lives in workbench/storage/."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.path = path
        self.conn = conn

    @property
    def db(self):
        """The connection as a sqlite_utils Database, made on first use (sqlite_utils pulls in numpy:
        ~0.4 s of CPU that every command would otherwise pay at start)."""
        import sqlite_utils  # noqa: PLC0415 - only for code that asks for it: the CLI starts fast

        return sqlite_utils.Database(self.conn)

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise StoreError(self.failure(exc)) from None

    def query(self, sql: str, params=()) -> list[dict]:
        cur = self.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def stream(self, sql: str, params=(), size: int = 2000) -> Iterator[dict]:
        """The rows of a query as dicts, fetched `size` at a time (a long result never sits in memory)."""
        cur = self.execute(sql, params)
        cols = [c[0] for c in cur.description]
        while batch := cur.fetchmany(size):
            yield from (dict(zip(cols, row)) for row in batch)

    def failure(self, exc: sqlite3.Error) -> str:
        """One line saying why the database could not be used, for every read and write path."""
        text = str(exc)
        if "readonly" in text:
            return f"the database {self.path} is read-only: nothing was saved"
        if "locked" in text or "busy" in text:
            return "the database is busy (another workbench is writing to it); try again"
        if "full" in text:
            return f"the disk holding {self.path} is full: nothing was saved"
        if "disk I/O" in text:
            return f"cannot read or write {self.path} (disk I/O error): nothing was saved"
        return f"database problem in {self.path}: {text}"

    def one(self, sql: str, params=()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT: a decision is on disk when the block ends, or not at all."""
        if self.conn.in_transaction:
            yield self
            return
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # a read-only file or a full disk shows itself here
            self._rollback()
            raise StoreError(self.failure(exc)) from None

    @contextmanager
    def reading(self):
        """BEGIN … COMMIT around reads: every query in the block sees the same state of the database
        (WAL: a writer in another process neither waits nor shows through)."""
        if self.conn.in_transaction:
            yield self
            return
        self.execute("BEGIN")
        try:
            yield self
        finally:
            self._rollback()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]


def open_store(path: str | Path, *, create: bool = True) -> Store:
    """Open (and create or upgrade) the database at PATH, or raise StoreError with one clear line.

    Nothing is written to a file that turns out not to be ours: the schema version is read before
    WAL mode is switched on or any migration runs.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"database path {path} is a directory")
    existed = path.exists()
    if not existed:
        if not create:
            raise StoreError(f"no database at {path}")
        parent = path.parent if str(path.parent) else Path(".")
        if parent.exists() and not parent.is_dir():
            raise StoreError(f"cannot create database {path}: {parent} is a file, not a folder")
        if not parent.is_dir():
            raise StoreError(f"cannot create database {path}: folder {parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot {'open' if existed else 'create'} database {path}: {_reason(exc)}") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < 0:
            raise StoreError(f"database {path} has schema version {version}, which no workbench writes: "
                             "it is not a workbench database (or it was damaged)")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"database {path} was written by a newer workbench (schema {version}; this version knows "
                f"up to {SCHEMA_VERSION}): upgrade workbench"
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = NORMAL")
        store = Store(conn, path)
        _migrate(store, version)
    except sqlite3.Error as exc:
        conn.close()
        _forget(path, existed)
        raise StoreError(f"cannot {'use' if existed else 'create'} database {path}: {_reason(exc)}") from None
    except BaseException:
        conn.close()
        raise
    return store


def _forget(path: Path, existed: bool) -> None:
    """Remove the empty file a failed create left behind, so a retry starts clean."""
    if not existed:
        try:
            if path.exists() and path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass


def _reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return "the file is not a workbench database or is corrupt"
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return "the folder is not writable (check its permissions)"
    return text


def _migrate(store: Store, version: int) -> None:
    for number in range(version, SCHEMA_VERSION):
        with store.transaction():
            _apply(store, number)


def _apply(store: Store, number: int) -> None:
    # executescript commits implicitly, so split the script and run each statement in our transaction.
    for statement in _statements(MIGRATIONS[number]):
        store.conn.execute(statement)
    store.conn.execute(f"PRAGMA user_version = {number + 1}")


def _statements(script: str) -> list[str]:
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def discard_if_blank(path: str | Path) -> bool:
    """Delete a database file that holds nothing but the schema (and its WAL files).

    For a command that created the database and then failed on bad input: the user is left with no
    stray empty database, i.e. with things as they were.
    """
    path = Path(path)
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(str(path), timeout=1, isolation_level=None)
        try:
            # real tables only: a full-text index's shadow tables hold their bookkeeping rows even when empty
            tables = [r[1] for r in conn.execute("PRAGMA main.table_list")
                      if r[2] == "table" and not r[1].startswith("sqlite_")]
            blank = all(conn.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0] for t in tables)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    if not blank:
        return False
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return True
