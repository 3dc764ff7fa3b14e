"""What each OpenAI-compatible endpoint (and model) turned out to support."""

from __future__ import annotations

from workbench.storage.db import Store, now


def response_mode(store: Store, base_url: str, model: str) -> str | None:
    row = store.one("SELECT response_mode FROM endpoints WHERE base_url = ? AND model = ?", (base_url, model))
    return row["response_mode"] if row else None


def remember(store: Store, base_url: str, model: str, mode: str) -> None:
    with store.transaction():
        store.execute(
            "INSERT INTO endpoints (base_url, model, response_mode, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (base_url, model) DO UPDATE SET response_mode = excluded.response_mode,"
            " updated_at = excluded.updated_at",
            (base_url, model, mode, now()),
        )
