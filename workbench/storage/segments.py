"""Segments with their current state: latest draft, latest draft failure, review."""

from __future__ import annotations

import json

from workbench.storage.db import Store

# Segment statuses (XLIFF 2.0 states plus flagged), in workflow order.
STATUSES = ("initial", "translated", "reviewed", "final", "flagged")
REVIEWED = ("reviewed", "final")  # a person accepted or corrected the target
DECIDED = REVIEWED + ("flagged",)  # a person's decision stands; below it, the draft speaks
# The same sets as SQL lists, for the queries in this package.
REVIEWED_SQL = "(" + ", ".join(f"'{s}'" for s in REVIEWED) + ")"
DECIDED_SQL = "(" + ", ".join(f"'{s}'" for s in DECIDED) + ")"

# The effective status: a person's decision wins; otherwise a stored draft means "translated".
_SELECT = f"""
SELECT s.id, s.document_id, s.position, s.paragraph, s.source, s.tokens,
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


def where(store: Store, condition: str, params=()) -> list[dict]:
    """Segments matching an SQL condition on `s` (segments), each with its current state."""
    return [_decode(r) for r in store.query(f"{_SELECT} WHERE {condition}", params)]


def _decode(row: dict) -> dict:
    row["tokens"] = json.loads(row["tokens"])
    return row


def for_document(store: Store, document_id: int, positions: list[int] | None = None) -> list[dict]:
    """Every segment of a document in order (or just those at `positions`), with its current state."""
    condition = "s.document_id = ?"
    params: list = [document_id]
    if positions:
        condition += f" AND s.position IN ({','.join('?' * len(positions))})"
        params += list(positions)
    return where(store, condition + " ORDER BY s.position", params)


def at(store: Store, document_id: int, position: int) -> dict | None:
    rows = where(store, "s.document_id = ? AND s.position = ?", (document_id, position))
    return rows[0] if rows else None


def decided_target(row: dict) -> str | None:
    """The target a person's decision stands on (reviewed, final or flagged with a target), else None."""
    return row["target"] if row.get("target") is not None and row.get("status") in DECIDED else None


def current_text(row: dict) -> str | None:
    """What a segment says now: the reviewed target where there is one, else the draft."""
    decided = decided_target(row)
    return decided if decided is not None else row.get("draft")


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
