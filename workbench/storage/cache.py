"""llm_cache: every reply an endpoint gave, keyed by a hash over the full request."""

from __future__ import annotations

import json

from workbench.storage.db import Store, now


def get(store: Store, request_key: str) -> dict | None:
    row = store.one("SELECT response FROM llm_cache WHERE request_key = ?", (request_key,))
    return json.loads(row["response"]) if row else None


def put(store: Store, request_key: str, response: dict) -> None:
    """Remember a reply (inside the caller's transaction when there is one)."""
    with store.transaction():
        store.execute(
            "INSERT OR IGNORE INTO llm_cache (request_key, response, created_at) VALUES (?, ?, ?)",
            (request_key, json.dumps(response, ensure_ascii=False), now()),
        )


def keys(store: Store) -> list[str]:
    return [r["request_key"] for r in store.query("SELECT request_key FROM llm_cache ORDER BY request_key")]
