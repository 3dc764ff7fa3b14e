"""Aggregate counts per document."""

from __future__ import annotations

import json
import sqlite3

from workbench.errors import StoreError
from workbench.storage.db import Store
from workbench.storage.segments import REVIEWED_SQL


def overview(store: Store) -> list[dict]:
    """Per document (id, title, format, source_path, created_at; segments, drafted, failed,
    reviewed, flagged, left_out and last_activity), in id order.
    The counts are kept per document under its change stamp (migration 14) and counted again only for the
    documents whose stamp moved since; a database that cannot be written just counts them again."""
    with store.reading():  # the stamps and the counts from one state of the database
        rows = store.query(
            """
            SELECT d.id, d.title, d.format, d.source_path, d.created_at, c.changes AS stamp, p.changes AS kept,
                   p.segments, p.drafted, p.failed, p.reviewed, p.flagged, p.left_out, p.last_activity
            FROM documents d LEFT JOIN document_changes c ON c.document_id = d.id
            LEFT JOIN document_progress p ON p.document_id = d.id
            ORDER BY d.id
            """
        )
        behind = {r["id"]: r for r in rows if r["kept"] is None or r["kept"] != r["stamp"]}
        counted = _count(store, list(behind)) if behind else {}
    for doc_id, counts in counted.items():
        behind[doc_id].update(counts)
    if counted:
        _keep(store, [{**counts, "document_id": doc_id, "changes": behind[doc_id]["stamp"]}
                      for doc_id, counts in counted.items() if behind[doc_id]["stamp"] is not None])
    for r in rows:
        del r["stamp"], r["kept"]
    return rows


def _count(store: Store, document_ids: list[int]) -> dict[int, dict]:
    """The counts `overview` shows for these documents, from their segments, drafts and reviews."""
    rows = store.query(
        f"""
        WITH seg AS (
            SELECT s.document_id, s.id, s.excluded,
                   EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NULL AND d.text IS NOT NULL) AS drafted,
                   EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NOT NULL) AS errored,
                   r.status AS status,
                   (SELECT max(d.created_at) FROM drafts d WHERE d.segment_id = s.id) AS drafted_at,
                   r.updated_at AS reviewed_at
            FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id
            WHERE s.document_id IN (SELECT value FROM json_each(?))
        )
        SELECT d.id,
               count(seg.id) AS segments,
               coalesce(sum(seg.drafted), 0) AS drafted,
               coalesce(sum(seg.errored AND NOT seg.drafted), 0) AS failed,
               coalesce(sum(seg.status IN {REVIEWED_SQL}), 0) AS reviewed,
               coalesce(sum(seg.status = 'flagged'), 0) AS flagged,
               coalesce(sum(seg.excluded), 0) AS left_out,
               max(d.created_at, coalesce(max(seg.drafted_at), ''), coalesce(max(seg.reviewed_at), '')) AS last_activity
        FROM documents d LEFT JOIN seg ON seg.document_id = d.id
        WHERE d.id IN (SELECT value FROM json_each(?))
        GROUP BY d.id
        """, (json.dumps(document_ids), json.dumps(document_ids)))
    return {r.pop("id"): r for r in rows}


def _keep(store: Store, rows: list[dict]) -> None:
    """Store counts for the next call; a database that cannot be written (read-only, busy) keeps none."""
    try:
        with store.transaction():
            store.conn.executemany(
                "INSERT OR REPLACE INTO document_progress (document_id, changes, segments, drafted, failed, reviewed,"
                " flagged, left_out, last_activity) VALUES (:document_id, :changes, :segments, :drafted, :failed,"
                " :reviewed, :flagged, :left_out, :last_activity)", rows)
    except (StoreError, sqlite3.Error):
        pass


def totals(store: Store) -> dict:
    """How much the database holds: documents, segments, drafts, reviewed segments, glossary terms."""
    return store.one(
        f"""
        SELECT (SELECT count(*) FROM documents) AS documents,
               (SELECT count(*) FROM segments) AS segments,
               (SELECT count(*) FROM drafts WHERE error IS NULL AND text IS NOT NULL) AS drafts,
               (SELECT count(*) FROM reviews WHERE status IN {REVIEWED_SQL}) AS reviewed,
               (SELECT count(*) FROM terms) AS terms
        """
    )
