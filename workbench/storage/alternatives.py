"""Alternative drafts: other engines' English for a segment, kept beside the current draft."""

from __future__ import annotations

import json
from dataclasses import dataclass

from workbench.storage.db import Store, now


@dataclass(frozen=True)
class NewAlternative:
    segment_id: int
    engine: str
    model: str | None
    text: str
    endpoint: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    meta: dict | None = None


def add(store: Store, alternatives: list[NewAlternative]) -> int:
    """Store alternatives in one transaction; one already stored (same segment, engine, model and text)
    is not stored again. Returns how many were new."""
    stamp = now()
    added = 0
    with store.transaction():
        for a in alternatives:
            added += store.execute(
                "INSERT OR IGNORE INTO alternatives (segment_id, engine, model, text, endpoint, prompt_tokens,"
                " completion_tokens, cost, created_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.segment_id, a.engine, a.model, a.text, a.endpoint, a.prompt_tokens, a.completion_tokens, a.cost,
                 stamp, json.dumps(a.meta or {}, ensure_ascii=False)),
            ).rowcount
    return added


def for_document(store: Store, document_id: int) -> dict[int, list[dict]]:
    """segment id → its alternatives ({"engine", "model", "text"}), oldest first."""
    out: dict[int, list[dict]] = {}
    for r in store.query(
        "SELECT a.segment_id, a.engine, a.model, a.text FROM alternatives a JOIN segments s ON s.id = a.segment_id"
        " WHERE s.document_id = ? ORDER BY a.id", (document_id,),
    ):
        out.setdefault(r.pop("segment_id"), []).append(r)
    return out


def for_segments(store: Store, segment_ids: list[int]) -> dict[int, list[dict]]:
    """segment id → its alternatives, oldest first, for these segments only (one chunk of a long document)."""
    out: dict[int, list[dict]] = {}
    for i in range(0, len(segment_ids), 500):
        part = segment_ids[i:i + 500]
        for r in store.query(
            f"SELECT segment_id, engine, model, text FROM alternatives WHERE segment_id IN ({','.join('?' * len(part))})"
            " ORDER BY id", part,
        ):
            out.setdefault(r.pop("segment_id"), []).append(r)
    return out


def segments_with(store: Store, document_id: int, engine: str, model: str) -> set[int]:
    """The ids of a document's segments that already have an alternative from this engine and model: the
    model the alternative names, or the one that was asked for when the endpoint named another (a dated
    version), recorded in its meta as `requested_model`."""
    return {r["segment_id"] for r in store.query(
        "SELECT DISTINCT a.segment_id FROM alternatives a JOIN segments s ON s.id = a.segment_id"
        " WHERE s.document_id = ? AND a.engine = ? AND (a.model = ? OR json_extract(a.meta, '$.requested_model') = ?)",
        (document_id, engine, model, model),
    )}
