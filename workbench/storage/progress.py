"""Aggregate counts per document."""

from __future__ import annotations

from workbench.storage.db import Store
from workbench.storage.segments import REVIEWED_SQL


def overview(store: Store) -> list[dict]:
    return store.query(
        f"""
        WITH seg AS (
            SELECT s.document_id, s.id, s.excluded,
                   EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NULL AND d.text IS NOT NULL) AS drafted,
                   EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NOT NULL) AS errored,
                   r.status AS status,
                   (SELECT max(d.created_at) FROM drafts d WHERE d.segment_id = s.id) AS drafted_at,
                   r.updated_at AS reviewed_at
            FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id
        )
        SELECT d.id, d.title, d.format, d.source_path, d.created_at,
               count(seg.id) AS segments,
               coalesce(sum(seg.drafted), 0) AS drafted,
               coalesce(sum(seg.errored AND NOT seg.drafted), 0) AS failed,
               coalesce(sum(seg.status IN {REVIEWED_SQL}), 0) AS reviewed,
               coalesce(sum(seg.status = 'flagged'), 0) AS flagged,
               coalesce(sum(seg.excluded), 0) AS left_out,
               max(d.created_at, coalesce(max(seg.drafted_at), ''), coalesce(max(seg.reviewed_at), '')) AS last_activity
        FROM documents d LEFT JOIN seg ON seg.document_id = d.id
        GROUP BY d.id ORDER BY d.id
        """
    )


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
