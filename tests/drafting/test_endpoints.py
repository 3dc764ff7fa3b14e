"""What is remembered about endpoints: never their credentials; replies and drafts belong to the endpoint."""

from __future__ import annotations

import json

from tests.drafting.helpers import add_document, assert_aligned, settings_for, sources
from workbench.config import DraftSettings
from workbench.drafting import batch_api, prompts, run
from workbench.drafting.loopback import Loopback
from workbench.drafting.run import draft_documents
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


def _old_database_with_a_cached_reply(db_path, monkeypatch, texts, stale_text):
    """A database holding a reply cached before the endpoint was part of the cache key (migration 4 gives
    such rows the endpoint ''), from some other server, to exactly the request a run will now make."""
    old = open_store(db_path)
    doc = add_document(old, texts)
    work = run.select(old, [str(doc)])
    _, batches = run.make_batches(old, work, 20, use_tm=False, apply_tm=False)
    (line,) = batch_api.request_lines(old, batches, DraftSettings(), None)
    ids = [s["id"] for s in batches[0].segments]
    reply = {"content": json.dumps({"translations": [{"id": i, "text": stale_text} for i in ids]}),
             "refusal": None, "finish_reason": "stop", "usage": {"prompt_tokens": 9, "completion_tokens": 9},
             "model": "gpt-4o-mini"}
    old.execute("INSERT INTO llm_cache (endpoint, request_key, response, created_at) VALUES ('', ?, ?, 'then')",
                (prompts.request_key(line["body"]), json.dumps(reply)))
    old.close()
    return doc


def test_replies_cached_before_the_endpoint_was_recorded_are_never_reused(db_path, monkeypatch, loopback):
    texts = sources(3)
    doc = _old_database_with_a_cached_reply(db_path, monkeypatch, texts, "Placeholder from another server.")
    s = open_store(db_path)
    summary = draft_documents(s, [str(doc)], settings_for(loopback))
    assert summary.total()["cached"] == 0 and len(loopback.chat_requests) == 1
    assert_aligned(s, doc)  # the loopback's translations, not the stale placeholder
    s.close()


def test_a_draft_names_the_model_the_endpoint_reported_else_the_one_configured(store):
    doc = add_document(store, sources(2))
    with Loopback(reply_model="qwen2.5-7b-instruct-q4_k_m") as reporting, Loopback(omit_model=True) as silent:
        draft_documents(store, [str(doc)], settings_for(reporting, model="qwen2.5"))
        draft_documents(store, [str(doc)], settings_for(silent, model="local-model"), redraft=True)
    models = [(d["model"], d["endpoint"]) for d in store.query("SELECT model, endpoint FROM drafts ORDER BY id")]
    assert models == [("qwen2.5-7b-instruct-q4_k_m", reporting.url)] * 2 + [("local-model", silent.url)] * 2
