"""Queries behind exports and the report: what was drafted, what the reviewer saw, who decided when."""

from __future__ import annotations

from typing import Iterator

from workbench.storage.db import Store
from workbench.storage.segments import DECIDED_SQL, REVIEWED_SQL

_PAIRS = f"""
        SELECT s.position, s.source, r.status, r.target, r.reviewer,
               d.text AS draft, d.engine, d.model
        FROM segments s
        JOIN reviews r ON r.segment_id = s.id
        LEFT JOIN drafts d ON d.id = COALESCE(r.draft_id, (
            SELECT x.id FROM drafts x WHERE x.segment_id = s.id AND x.error IS NULL AND x.text IS NOT NULL
            ORDER BY x.id DESC LIMIT 1))
        WHERE s.document_id = ? AND r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL
        """


def reviewed_pairs(store: Store, document_id: int) -> list[dict]:
    """Reviewed (or final) segments with the draft the reviewer worked from.

    The draft is the one recorded with the decision (reviews.draft_id); a draft added after the
    decision must not count as what the reviewer post-edited. Segments reviewed without any draft
    come back with draft NULL.
    """
    return store.query(f"{_PAIRS} ORDER BY s.position", (document_id,))


def pair_count(store: Store, document_id: int) -> int:
    """How many segments `reviewed_pairs` holds (reviewed or final, with a target)."""
    return store.one(f"""SELECT count(*) AS n FROM segments s JOIN reviews r ON r.segment_id = s.id
                         WHERE s.document_id = ? AND r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL""",
                     (document_id,))["n"]


def iter_reviewed_pairs(store: Store, document_id: int, *, chunk: int = 2000) -> Iterator[dict]:
    """`reviewed_pairs` read `chunk` at a time, in position order."""
    after = -1
    while True:
        rows = store.query(f"{_PAIRS} AND s.position > ? ORDER BY s.position LIMIT ?", (document_id, after, chunk))
        yield from rows
        if len(rows) < chunk:
            return
        after = rows[-1]["position"]


def decisions(store: Store, document_id: int) -> Iterator[dict]:
    """Every decision a person made on the document's segments, oldest first (imports, undos and excerpt changes left out),
    read as they are used."""
    return store.stream(
        """
        SELECT v.reviewer, v.action, v.status, v.at, s.position
        FROM revisions v JOIN segments s ON s.id = v.segment_id
        WHERE s.document_id = ? AND v.action NOT IN ('import', 'undo', 'exclude', 'include')
        ORDER BY v.at, v.id
        """,
        (document_id,),
    )


def reviewers(store: Store, document_id: int) -> list[str]:
    rows = store.query(
        f"""
        SELECT DISTINCT r.reviewer FROM segments s JOIN reviews r ON r.segment_id = s.id
        WHERE s.document_id = ? AND r.reviewer IS NOT NULL AND r.status IN {DECIDED_SQL}
        ORDER BY r.reviewer
        """,
        (document_id,),
    )
    return [r["reviewer"] for r in rows]


def failed_drafts(store: Store, document_id: int) -> int:
    """Segments whose drafting failed and that have no usable draft."""
    return store.one(
        """
        SELECT count(*) AS n FROM segments s
        WHERE s.document_id = ?
          AND EXISTS (SELECT 1 FROM drafts e WHERE e.segment_id = s.id AND e.error IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NULL AND d.text IS NOT NULL)
        """,
        (document_id,),
    )["n"]


def drafts_of_reviewed(store: Store, document_id: int) -> Iterator[dict]:
    """Every usable draft of the reviewed (or final) segments, in position order and oldest first, with the
    reviewed target and whether the reviewer worked from it: two models drafting the same document can
    both be scored. Read as they are used."""
    return store.stream(
        f"""
        SELECT s.position, d.id AS draft_id, d.engine, d.model, d.text AS draft, r.target,
               (r.draft_id = d.id) AS worked_from
        FROM segments s
        JOIN reviews r ON r.segment_id = s.id
        JOIN drafts d ON d.segment_id = s.id
        WHERE s.document_id = ? AND r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL
          AND d.error IS NULL AND d.text IS NOT NULL
        ORDER BY s.position, d.id
        """,
        (document_id,),
    )
