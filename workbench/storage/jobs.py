"""Jobs: one row per drafting run per document, and per remote Batch API submission."""

from __future__ import annotations

import json

from workbench.storage.db import Store, now


def start(store: Store, kind: str, document_id: int | None, model: str | None, remote_id: str | None = None,
          counts: dict | None = None) -> int:
    with store.transaction():
        cur = store.execute(
            "INSERT INTO jobs (kind, document_id, model, state, counts, started_at, remote_id)"
            " VALUES (?, ?, ?, 'running', ?, ?, ?)",
            (kind, document_id, model, json.dumps(counts or {}), now(), remote_id),
        )
    return cur.lastrowid


def finish(store: Store, job_id: int, state: str, counts: dict) -> None:
    with store.transaction():
        store.execute(
            "UPDATE jobs SET state = ?, counts = ?, finished_at = ? WHERE id = ?",
            (state, json.dumps(counts), now(), job_id),
        )


def open_batches(store: Store) -> list[dict]:
    """Submitted Batch API jobs whose results have not been collected yet."""
    rows = store.query("SELECT * FROM jobs WHERE kind = 'batch' AND state = 'running' ORDER BY id")
    for r in rows:
        r["counts"] = json.loads(r["counts"])
    return rows
