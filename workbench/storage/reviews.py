"""Reviewer decisions: the current state (reviews) and the append-only history (revisions)."""

from __future__ import annotations

from typing import Iterable

from workbench.errors import ConflictError
from workbench.positions import Positions, as_positions
from workbench.rows import SegmentRow
from workbench.storage import documents, segments
from workbench.storage.db import Store, now
from workbench.storage.segments import DECIDED_SQL, REVIEWED_SQL


def current(store: Store, segment_id: int) -> dict | None:
    return store.one("SELECT * FROM reviews WHERE segment_id = ?", (segment_id,))


def history(store: Store, segment_id: int) -> list[dict]:
    return store.query("SELECT * FROM revisions WHERE segment_id = ? ORDER BY revision", (segment_id,))


def check_revision(store: Store, segment_id: int, based_on: int | None) -> int:
    """The segment's current revision; ConflictError (carrying the other text) when the reviewer's
    decision was `based_on` another revision."""
    row = current(store, segment_id)
    revision = row["revision"] if row else 0
    if based_on is not None and based_on != revision:
        raise ConflictError(
            f"segment changed since you opened it (revision {based_on} → {revision}, by {row['reviewer'] or 'someone'})",
            revision,
            row["target"] if row else None,
        )
    return revision


def record(
    store: Store,
    segment_id: int,
    *,
    action: str,
    status: str,
    target: str | None,
    reviewer: str | None,
    note: str | None = None,
    draft_id: int | None = None,
    based_on: int | None = None,
) -> int:
    """Write one decision: a new revisions row and the new current state, in one committed transaction.

    `based_on` is the revision the reviewer saw; if the segment has moved on since, nothing is written
    and ConflictError carries the other text. Returns the new revision number.
    """
    with store.transaction():
        revision = check_revision(store, segment_id, based_on) + 1
        stamp = now()
        store.execute(
            "INSERT INTO revisions (segment_id, revision, status, target, reviewer, action, note, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (segment_id, revision, status, target, reviewer, action, note, stamp),
        )
        store.execute(
            "INSERT INTO reviews (segment_id, status, target, reviewer, revision, updated_at, note, draft_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (segment_id) DO UPDATE SET status = excluded.status, target = excluded.target,"
            " reviewer = excluded.reviewer, revision = excluded.revision, updated_at = excluded.updated_at,"
            " note = excluded.note, draft_id = excluded.draft_id",
            (segment_id, status, target, reviewer, revision, stamp, note, draft_id),
        )
    return revision


def unreviewed_with_source(store: Store, document_id: int, source: str, exclude_segment: int) -> list[dict]:
    """Other segments of the document with exactly this source and no person's decision yet."""
    return store.query(
        "SELECT s.id, s.position FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id"
        # `+s.document_id`: look up by source (index segments_source), not by scanning the document
        " WHERE +s.document_id = ? AND s.source = ? AND s.id != ?"
        f" AND (r.status IS NULL OR r.status NOT IN {DECIDED_SQL})",
        (document_id, source, exclude_segment),
    )


def reviewed_translation(store: Store, source: str) -> dict | None:
    """The latest reviewed target for exactly this source text, in any document or kept in the memory
    table (translation memory)."""
    return store.one(
        "SELECT target, reviewer, updated_at, document_id FROM ("
        " SELECT r.target, r.reviewer, r.updated_at, s.document_id FROM segments s JOIN reviews r ON r.segment_id = s.id"
        f" WHERE s.source = ? AND r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL"
        " UNION ALL SELECT target, reviewer, updated_at, NULL FROM memory WHERE source = ?)"
        " ORDER BY updated_at DESC LIMIT 1",
        (source, source),
    )


# One query for a whole review session: the latest draft and the latest failure per segment come from
# grouped subqueries, not one correlated subquery per row, so 20,000 segments load in about 0.1 s.
_SESSION = f"""
WITH doc AS (SELECT id FROM segments WHERE document_id = ? {{only}}),
latest AS (SELECT segment_id, max(id) AS id FROM drafts
           WHERE segment_id IN doc AND error IS NULL AND text IS NOT NULL GROUP BY segment_id),
failed AS (SELECT segment_id, max(id) AS id FROM drafts
           WHERE segment_id IN doc AND error IS NOT NULL GROUP BY segment_id)
SELECT s.id, s.document_id, s.position, s.paragraph, s.source, s.tokens, s.excluded, d.id AS draft_id, d.text AS draft, d.engine, d.model,
       CASE WHEN d.id IS NULL THEN fe.error END AS draft_error,
       r.status AS review_status, r.target, COALESCE(r.revision, 0) AS revision, r.note, r.reviewer, r.updated_at,
       CASE WHEN r.status IN {DECIDED_SQL} THEN r.status
            WHEN d.id IS NOT NULL THEN 'translated' ELSE 'initial' END AS status
FROM segments s
LEFT JOIN latest l ON l.segment_id = s.id LEFT JOIN drafts d ON d.id = l.id
LEFT JOIN failed f ON f.segment_id = s.id LEFT JOIN drafts fe ON fe.id = f.id
LEFT JOIN reviews r ON r.segment_id = s.id
WHERE s.document_id = ? {{only_s}} ORDER BY s.position
"""


def session_rows(store: Store, document_id: int, positions: Positions | Iterable[int] | None = None) -> list[SegmentRow]:
    """The review state of a document's segments (all, or those at `positions`), in order."""
    positions = as_positions(positions)
    only, bounds = segments.within(positions, "position")
    only_s, _ = segments.within(positions, "s.position")
    sql = _SESSION.format(only=only, only_s=only_s)
    rows = [segments.decode(r) for r in store.query(sql, [document_id, *bounds, document_id, *bounds])]
    return rows if only or not positions else [r for r in rows if r.position in positions]


_STATES = f"""
WITH doc AS (SELECT id FROM segments WHERE document_id = ?),
ok AS (SELECT DISTINCT segment_id FROM drafts WHERE segment_id IN doc AND error IS NULL AND text IS NOT NULL),
bad AS (SELECT DISTINCT segment_id FROM drafts WHERE segment_id IN doc AND error IS NOT NULL)
SELECT s.position,
       CASE WHEN r.status IN {DECIDED_SQL} THEN r.status
            WHEN ok.segment_id IS NOT NULL THEN 'translated' ELSE 'initial' END AS status,
       ok.segment_id IS NULL AND bad.segment_id IS NOT NULL AS failed, s.excluded
FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id
LEFT JOIN ok ON ok.segment_id = s.id LEFT JOIN bad ON bad.segment_id = s.id
WHERE s.document_id = ? ORDER BY s.position
"""


def session_states(store: Store, document_id: int) -> list[tuple[int, str, int, int]]:
    """(position, status, draft failed, excluded) of every segment: no texts, so 20,000 segments take ~40 ms."""
    return store.conn.execute(_STATES, (document_id, document_id)).fetchall()


def next_undecided(store: Store, document_id: int, after: int) -> int | None:
    """The first included position after `after` that no person has decided (None when there is none)."""
    row = store.one(
        "SELECT s.position FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id"
        " WHERE s.document_id = ? AND s.position > ? AND s.excluded = 0"
        f" AND (r.status IS NULL OR r.status NOT IN {DECIDED_SQL})"
        " ORDER BY s.position LIMIT 1",
        (document_id, after),
    )
    return row["position"] if row else None


def segment_count(store: Store, document_id: int) -> int:
    return documents.counts(store, document_id)
