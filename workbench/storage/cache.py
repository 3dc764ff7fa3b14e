"""llm_cache: every reply an endpoint gave, keyed by the endpoint (base URL without credentials) and a
hash over the full request (which names the model)."""

from __future__ import annotations

import json

from workbench.storage.db import Store, now


def get(store: Store, endpoint: str, request_key: str) -> dict | None:
    row = store.one("SELECT response FROM llm_cache WHERE endpoint = ? AND request_key = ?", (endpoint, request_key))
    return json.loads(row["response"]) if row else None


def put(store: Store, endpoint: str, request_key: str, response: dict) -> None:
    """Remember a reply (inside the caller's transaction when there is one)."""
    with store.transaction():
        store.execute(
            "INSERT OR IGNORE INTO llm_cache (endpoint, request_key, response, created_at) VALUES (?, ?, ?, ?)",
            (endpoint, request_key, json.dumps(response, ensure_ascii=False), now()),
        )


def keys(store: Store) -> list[str]:
    return [r["request_key"] for r in store.query("SELECT request_key FROM llm_cache ORDER BY request_key")]
