"""Shared fixtures: a database path in a temp folder and a runner for the `workbench` command.

    def test_something(run_cli, db_path):
        result = run_cli("import", some_file)
        assert result.exit_code == 0, result.output
        store = open_store(db_path)

`run_cli` passes `--db <db_path>` and points WORKBENCH_CONFIG at `<tmp_path>/workbench.toml` (absent
unless the test writes it), so no setting from the developer's folder leaks in. The result is click's
Result: `.exit_code`, `.stdout`, `.stderr`, `.output`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.drafting.loopback import Loopback
from workbench.storage import open_store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workbench.db"


@pytest.fixture
def run_cli(db_path: Path, tmp_path: Path):
    from workbench.cli import cli

    runner = CliRunner()

    def run(*args, input: str | None = None, env: dict | None = None, db: Path | None = db_path):
        argv = (["--db", str(db)] if db is not None else []) + [str(a) for a in args]
        return runner.invoke(cli, argv, input=input, catch_exceptions=False,
                             env={"WORKBENCH_CONFIG": str(tmp_path / "workbench.toml"), **(env or {})})

    return run


@pytest.fixture
def db_state():
    """A function giving what a user could see of a database: row counts per table and the file's
    bytes (None when there is no file). Equal before and after means "database unchanged"."""
    import sqlite3

    def state(path: Path):
        path = Path(path)
        if not path.exists():
            return None
        conn = sqlite3.connect(path)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()
        return counts, path.read_bytes()

    return state


# The drafting fixtures: no endpoint from the developer's environment, a loopback OpenAI-compatible
# server on 127.0.0.1, and an open store.


@pytest.fixture(autouse=True)
def _no_endpoint_from_the_environment(monkeypatch, tmp_path):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "WORKBENCH_MODEL", "WORKBENCH_BATCH_SIZE",
                 "WORKBENCH_CONCURRENCY", "WORKBENCH_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "workbench.toml"))


@pytest.fixture
def loopback():
    """A loopback server on 127.0.0.1 (free port) running in a thread; stopped after the test."""
    server = Loopback(retry_after=1, hang_seconds=1.5).start()
    yield server
    server.stop()


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()
