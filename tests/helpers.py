"""What tests read straight from a workbench database to check what happened (the product itself
reads only through workbench.storage)."""

from __future__ import annotations


def drafts_of(store, segment_id: int) -> list[dict]:
    """Every draft row of a segment (failed attempts too), oldest first."""
    return store.query("SELECT * FROM drafts WHERE segment_id = ? ORDER BY id", (segment_id,))


def draft_counts(store, document_id: int) -> dict[int, int]:
    """segment id → number of stored (successful) drafts: every value 1 means nothing was drafted twice."""
    rows = store.query(
        "SELECT s.id, count(d.id) AS n FROM segments s LEFT JOIN drafts d ON d.segment_id = s.id"
        " AND d.error IS NULL AND d.text IS NOT NULL WHERE s.document_id = ? GROUP BY s.id",
        (document_id,),
    )
    return {r["id"]: r["n"] for r in rows}
