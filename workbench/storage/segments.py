"""Segments with their current state: latest draft, latest draft failure, review."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from workbench.positions import Positions, as_positions
from workbench.rows import SegmentRow
from workbench.statuses import DECIDED, REVIEWED
from workbench.storage.db import Store

# The status sets as SQL lists, for the queries in this package.
REVIEWED_SQL = "(" + ", ".join(f"'{s}'" for s in REVIEWED) + ")"
DECIDED_SQL = "(" + ", ".join(f"'{s}'" for s in DECIDED) + ")"

# The effective status: a person's decision wins; otherwise a stored draft means "translated".
_SELECT = f"""
SELECT s.id, s.document_id, s.position, s.paragraph, s.source, s.tokens, s.excluded,
       d.id AS draft_id, d.text AS draft, d.engine AS engine, d.model AS model,
       CASE WHEN d.id IS NULL THEN (
            SELECT e.error FROM drafts e WHERE e.segment_id = s.id AND e.error IS NOT NULL
            ORDER BY e.id DESC LIMIT 1) END AS draft_error,
       r.status AS review_status, r.target, r.reviewer, COALESCE(r.revision, 0) AS revision,
       r.note, r.updated_at,
       CASE WHEN r.status IN {DECIDED_SQL} THEN r.status
            WHEN d.id IS NOT NULL THEN 'translated'
            ELSE 'initial' END AS status
FROM segments s
LEFT JOIN drafts d ON d.id = (
    SELECT x.id FROM drafts x WHERE x.segment_id = s.id AND x.error IS NULL AND x.text IS NOT NULL
    ORDER BY x.id DESC LIMIT 1)
LEFT JOIN reviews r ON r.segment_id = s.id
"""


def where(store: Store, condition: str, params=()) -> list[SegmentRow]:
    """Segments matching an SQL condition on `s` (segments), each with its current state."""
    return [decode(r) for r in store.query(f"{_SELECT} WHERE {condition}", params)]


def decode(row: dict) -> SegmentRow:
    row["tokens"] = tuple(json.loads(row["tokens"]))
    row["excluded"] = bool(row.get("excluded"))
    return SegmentRow(**row)


def for_document(store: Store, document_id: int, positions: Positions | Iterable[int] | None = None) -> list[SegmentRow]:
    """Every segment of a document in order (or just those at `positions`), with its current state."""
    positions = as_positions(positions)
    only, params = within(positions, "s.position")
    rows = where(store, f"s.document_id = ? {only} ORDER BY s.position", [document_id, *params])
    return rows if only or not positions else [r for r in rows if r.position in positions]


CHUNK = 2000  # segments read per query when a document is streamed: memory stays flat at any size


def iter_document(store: Store, document_id: int, *, chunk: int | None = None,
                  positions: Positions | None = None) -> Iterator[SegmentRow]:
    """Every segment of a document in order (or just those at `positions`), read `chunk` at a time (by
    position, so a long document never sits in memory whole)."""
    chunk = chunk or CHUNK
    after = -1
    while True:
        rows = where(store, "s.document_id = ? AND s.position > ? ORDER BY s.position LIMIT ?", (document_id, after, chunk))
        for row in rows:
            if not positions or row.position in positions:
                yield row
        if len(rows) < chunk:
            return
        after = rows[-1].position


def chunks(rows: Iterable, size: int | None = None) -> Iterator[list]:
    """Rows in lists of `size` (default CHUNK; the last may be shorter)."""
    size = size or CHUNK
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def count(store: Store, document_id: int) -> int:
    return store.one("SELECT count(*) AS n FROM segments WHERE document_id = ?", (document_id,))["n"]


def excluded_count(store: Store, document_id: int) -> int:
    """How many of a document's segments the editor left out of the excerpt."""
    return store.one("SELECT count(*) AS n FROM segments WHERE document_id = ? AND excluded", (document_id,))["n"]


def unreviewed(store: Store, document_id: int, *, first: int = 10) -> tuple[int, list[int]]:
    """How many of a document's segments of the excerpt nobody has reviewed (or made final), and the
    first positions (a segment left out of the excerpt never waits for a review)."""
    condition = f"FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id WHERE s.document_id = ? " \
                f"AND NOT s.excluded AND (r.status IS NULL OR r.status NOT IN {REVIEWED_SQL})"
    n = store.one(f"SELECT count(*) AS n {condition}", (document_id,))["n"]
    shown = [r[0] for r in store.execute(f"SELECT s.position {condition} ORDER BY s.position LIMIT ?", (document_id, first))]
    return n, shown


# Past this many ranges the condition is left out and the rows are filtered in Python (SQLite limits
# the number of variables in one statement).
_MOST_RANGES = 200


def within(positions: Positions | None, column: str) -> tuple[str, list[int]]:
    """An `AND (column BETWEEN ? AND ? OR …)` condition for these position ranges ("" for all, or
    for more ranges than one statement should carry: the caller filters those itself)."""
    if not positions or len(positions.ranges) > _MOST_RANGES:
        return "", []
    sql = " OR ".join(f"{column} BETWEEN ? AND ?" for _ in positions.ranges)
    return f"AND ({sql})", [n for span in positions.ranges for n in span]


def at(store: Store, document_id: int, position: int) -> SegmentRow | None:
    rows = where(store, "s.document_id = ? AND s.position = ?", (document_id, position))
    return rows[0] if rows else None


def sources(store: Store) -> list[dict]:
    """id and source of every segment in the database (for re-tokenizing after glossary changes)."""
    return store.query("SELECT id, source FROM segments ORDER BY id")


def set_tokens(store: Store, tokens_by_id: dict[int, list[str]]) -> None:
    """Replace the stored jieba words of these segments, in one transaction."""
    with store.transaction():
        store.conn.executemany(
            "UPDATE segments SET tokens = ? WHERE id = ?",
            [(json.dumps(words, ensure_ascii=False), seg_id) for seg_id, words in tokens_by_id.items()],
        )


def ids(store: Store, document_id: int) -> list[int]:
    """The segment ids of a document in position order (cheap: no drafts, reviews or tokens)."""
    return [r[0] for r in store.execute("SELECT id FROM segments WHERE document_id = ? ORDER BY position", (document_id,))]
