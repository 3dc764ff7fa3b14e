"""Excerpts and the editor's notes: which segments are left out of the published text, the notes
that become footnotes, and the document's metadata (outlet, author) for the source line."""

from __future__ import annotations

import json

from workbench.storage.db import Store, now

EXCLUDE, INCLUDE = "exclude", "include"  # the revisions rows an exclusion change writes


def positions_of_paragraphs(store: Store, document_id: int, paragraphs: list[int]) -> list[int]:
    """The segment positions in these paragraphs (blocks), in order."""
    if not paragraphs:
        return []
    marks = ", ".join("?" for _ in paragraphs)
    return [r[0] for r in store.execute(
        f"SELECT position FROM segments WHERE document_id = ? AND paragraph IN ({marks}) ORDER BY position",
        (document_id, *paragraphs))]


def paragraph_numbers(store: Store, document_id: int) -> list[int]:
    """The paragraph numbers that hold segments, in order (what --paragraphs counts)."""
    return [r[0] for r in store.execute(
        "SELECT DISTINCT paragraph FROM segments WHERE document_id = ? ORDER BY paragraph", (document_id,))]


def set_excluded(store: Store, document_id: int, positions: list[int], excluded: bool,
                 reviewer: str | None) -> list[int]:
    """Leave these segments out of (or take them back into) the excerpt, in one transaction. Each
    segment whose state changes gets a revisions row (action exclude/include, keeping its status, target
    and note) and its revision goes up, like any decision; a segment already so is left alone.
    Returns the positions that changed."""
    flag = 1 if excluded else 0
    changed: list[int] = []
    with store.transaction():
        stamp = now()
        for position in positions:
            seg = store.one("SELECT id, excluded FROM segments WHERE document_id = ? AND position = ?",
                            (document_id, position))
            if seg is None or seg["excluded"] == flag:
                continue
            review = store.one("SELECT status, target, note, revision FROM reviews WHERE segment_id = ?", (seg["id"],))
            revision = (review["revision"] if review else 0) + 1
            status = review["status"] if review else _undecided_status(store, seg["id"])
            store.execute(
                "INSERT INTO revisions (segment_id, revision, status, target, reviewer, action, note, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seg["id"], revision, status, review["target"] if review else None, reviewer,
                 EXCLUDE if excluded else INCLUDE, review["note"] if review else None, stamp))
            if review:
                store.execute("UPDATE reviews SET revision = ? WHERE segment_id = ?", (revision, seg["id"]))
            else:  # the current state carries the revision the history reached (nobody decided: no reviewer)
                store.execute("INSERT INTO reviews (segment_id, status, target, reviewer, revision, updated_at)"
                              " VALUES (?, ?, NULL, NULL, ?, ?)", (seg["id"], status, revision, stamp))
            store.execute("UPDATE segments SET excluded = ? WHERE id = ?", (flag, seg["id"]))
            changed.append(position)
    return changed


def _undecided_status(store: Store, segment_id: int) -> str:
    drafted = store.one("SELECT 1 AS x FROM drafts WHERE segment_id = ? AND error IS NULL AND text IS NOT NULL LIMIT 1",
                        (segment_id,))
    return "translated" if drafted else "initial"


def excluded_positions(store: Store, document_id: int) -> list[int]:
    return [r[0] for r in store.execute(
        "SELECT position FROM segments WHERE document_id = ? AND excluded = 1 ORDER BY position", (document_id,))]


# ---------------------------------------------------------------------------- notes


def set_note(store: Store, segment_id: int, text: str, author: str | None) -> None:
    with store.transaction():
        store.execute(
            "INSERT INTO notes (segment_id, text, author, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (segment_id) DO UPDATE SET text = excluded.text, author = excluded.author,"
            " updated_at = excluded.updated_at", (segment_id, text, author, now()))


def delete_note(store: Store, segment_id: int) -> bool:
    with store.transaction():
        return store.execute("DELETE FROM notes WHERE segment_id = ?", (segment_id,)).rowcount > 0


def notes(store: Store, document_id: int) -> dict[int, dict]:
    """position → {"text", "author", "updated_at"} of the document's editor's notes."""
    rows = store.query(
        "SELECT s.position, n.text, n.author, n.updated_at FROM notes n JOIN segments s ON s.id = n.segment_id"
        " WHERE s.document_id = ? ORDER BY s.position", (document_id,))
    return {r.pop("position"): r for r in rows}


# ---------------------------------------------------------------------------- metadata


def set_meta(store: Store, document_id: int, values: dict[str, str]) -> dict:
    """Merge `values` into the document's metadata (an empty value removes the key); returns it."""
    with store.transaction():
        row = store.one("SELECT meta FROM documents WHERE id = ?", (document_id,))
        meta = json.loads(row["meta"] or "{}") if row else {}
        for key, value in values.items():
            if value:
                meta[key] = value
            else:
                meta.pop(key, None)
        store.execute("UPDATE documents SET meta = ? WHERE id = ?", (json.dumps(meta, ensure_ascii=False), document_id))
    return meta
