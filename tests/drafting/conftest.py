"""Fixtures for the drafting tests: a loopback OpenAI-compatible server and documents to draft.

The loopback server's "translation" of a source is `translate(source, terms)`, so a test can check
that every stored draft is the translation of its own segment's source (exact alignment).
"""

from __future__ import annotations

import pytest

from workbench.drafting.loopback import Loopback
from workbench.storage import open_store


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
