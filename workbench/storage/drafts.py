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
    endpoint: str | None = None,
) -> int:
    """Store one draft (or, with `error`, one failed attempt) for exactly this segment.

    `endpoint`: the base URL (without credentials) the draft came from, when it came from one."""
    with store.transaction():
        cur = store.execute(
            "INSERT INTO drafts (segment_id, engine, model, text, request_key, prompt_tokens, completion_tokens,"
            " cost, created_at, error, meta, endpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (segment_id, engine, model, text, request_key, prompt_tokens, completion_tokens, cost, now(), error,
             json.dumps(meta or {}, ensure_ascii=False), endpoint),
        )
    return cur.lastrowid


def latest_text(store: Store, segment_id: int) -> str | None:
    """The segment's current draft text (None when it has no draft)."""
    row = store.one(
        "SELECT text FROM drafts WHERE segment_id = ? AND error IS NULL AND text IS NOT NULL ORDER BY id DESC LIMIT 1",
        (segment_id,),
    )
    return row["text"] if row else None


def segment_sources(store: Store, segment_ids: list[int]) -> dict[int, dict]:
    """id → {id, document_id, position, source} for the given segments (for collecting batch results)."""
    out: dict[int, dict] = {}
    for i in range(0, len(segment_ids), 500):
        chunk = segment_ids[i:i + 500]
        for r in store.query(
            f"SELECT id, document_id, position, source FROM segments WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            out[r["id"]] = r
    return out


def usage(store: Store, draft_ids: list[int]) -> dict[int, dict]:
    """draft id → {prompt_tokens, completion_tokens, cost, created_at} (what the draft cost, for exports)."""
    out: dict[int, dict] = {}
    for i in range(0, len(draft_ids), 500):
        chunk = draft_ids[i:i + 500]
        for r in store.query(
            "SELECT id, prompt_tokens, completion_tokens, cost, created_at AS drafted_at FROM drafts"
            f" WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            out[r.pop("id")] = r
    return out
