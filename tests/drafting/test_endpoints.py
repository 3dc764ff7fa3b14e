"""What is remembered about endpoints: never their credentials."""

from __future__ import annotations

from workbench.storage import db as db_module
from workbench.storage import open_store


def test_an_older_database_loses_the_endpoint_rows_that_hold_credentials(db_path, monkeypatch):
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", 1)  # the database as the first schema left it
    old = open_store(db_path)
    old.execute("INSERT INTO endpoints VALUES ('http://me:sk-SECRET-123456@127.0.0.1:8000/v1', 'm', 'plain', 'then')")
    old.execute("INSERT INTO endpoints VALUES ('http://127.0.0.1:8001/v1', 'm', 'json_object', 'then')")
    old.close()
    monkeypatch.undo()
    s = open_store(db_path)
    assert [r["base_url"] for r in s.query("SELECT base_url FROM endpoints")] == ["http://127.0.0.1:8001/v1"]
    s.close()
    assert b"sk-SECRET-123456" not in b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
