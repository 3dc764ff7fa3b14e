"""Drafts: every machine (or imported) translation of a segment, newest last. Never updated in place."""

from __future__ import annotations

import json

from workbench.storage.db import Store, now


def add(
    store: Store,
    segment_id: int,
    *,
    engine: str,
    text: str | None,
    model: str | None = None,
    request_key: str | None = None,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    cost: float | None = None,
    error: str | None = None,
    meta: dict | None = None,
) -> int:
    """Store one draft (or, with `error`, one failed attempt) for exactly this segment."""
    with store.transaction():
        cur = store.execute(
            "INSERT INTO drafts (segment_id, engine, model, text, request_key, prompt_tokens, completion_tokens,"
            " cost, created_at, error, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (segment_id, engine, model, text, request_key, prompt_tokens, completion_tokens, cost, now(), error,
             json.dumps(meta or {}, ensure_ascii=False)),
        )
    return cur.lastrowid


def for_segment(store: Store, segment_id: int) -> list[dict]:
    return store.query("SELECT * FROM drafts WHERE segment_id = ? ORDER BY id", (segment_id,))
