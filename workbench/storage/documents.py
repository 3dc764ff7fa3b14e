"""Documents, their block structure and their segments, written in one transaction."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Iterable

from workbench.errors import StoreError, WorkbenchError
from workbench.storage.db import Store, now
from workbench.storage.segments import REVIEWED_SQL


@dataclass
class NewSegment:
    paragraph: int
    source: str
    tokens: list[str] = field(default_factory=list)
    draft: str | None = None  # for bilingual imports: the English made elsewhere
    target: str | None = None  # for XLIFF/TMX imports: an already reviewed target
    status: str | None = None


@dataclass
class NewParagraph:
    position: int
    kind: str
    prefix: str = ""
    gap: str = ""
    raw: str | None = None


def find_by_sha(store: Store, sha256: str) -> dict | None:
    return store.one("SELECT * FROM documents WHERE source_sha256 = ?", (sha256,))


def get(store: Store, ref: str | int) -> dict | None:
    """A document by id, or by exact title, or by source file name."""
    text = str(ref)
    if text.isdigit() and len(text) <= 18:  # a longer number is no id (SQLite's integers end at 2**63 - 1)
        row = store.one("SELECT * FROM documents WHERE id = ?", (int(text),))
        if row:
            return row
    row = store.one("SELECT * FROM documents WHERE title = ? ORDER BY id LIMIT 1", (text,))
    if row:
        return row
    # A file name: the end of a stored path (compared literally, so "_" and "%" are not wildcards).
    return store.one(
        "SELECT * FROM documents WHERE source_path = ? OR substr(source_path, -?) = ? ORDER BY id LIMIT 1",
        (text, len(text) + 1, "/" + text),
    )


def require(store: Store, ref: str | int) -> dict:
    """Like get, but a document that is not there is the user's mistake, said in one line."""
    document = get(store, ref)
    if document is None:
        raise WorkbenchError(f"no document {str(ref)!r} (see `workbench documents`)")
    return document


def meta(document: dict) -> dict:
    """The metadata (outlet, author, …) of a document row."""
    return json.loads(document.get("meta") or "{}")


def all_documents(store: Store) -> list[dict]:
    return store.query("SELECT * FROM documents ORDER BY id")


def create(
    store: Store,
    *,
    title: str,
    source_path: str | None,
    sha256: str,
    encoding: str | None,
    fmt: str,
    paragraphs: Iterable[NewParagraph] = (),
    segments: Iterable[NewSegment | NewParagraph],
    meta: dict | None = None,
    draft_engine: str = "imported",
    reviewer: str | None = None,
) -> tuple[int, int]:
    """Store a document with its paragraphs and segments; return (document id, segment count).

    `segments` may be any iterable, and may yield NewParagraph records between the segments: a large
    import streams both, so its memory stays bounded. `paragraphs` is read after the stream.
    Rows go in batches inside one transaction: a failure anywhere leaves the database as it was.
    """
    stamp = now()
    with store.transaction():
        try:
            cur = store.execute(
                "INSERT INTO documents (id, title, source_path, source_sha256, encoding, format, created_at, meta)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (_next_id(store, "documents"), title, source_path, sha256, encoding, fmt, stamp,
                 json.dumps(meta or {}, ensure_ascii=False)),
            )
        except sqlite3.IntegrityError:  # another process imported the same bytes since we looked
            raise StoreError(f"{source_path}: the same file was imported meanwhile (by another workbench)") from None
        doc_id = cur.lastrowid
        floor = _next_id(store, "segments")
        if floor is not None:  # a placeholder at the floor: the segments below get ids above it
            store.execute("INSERT INTO segments (id, document_id, position, paragraph, source) VALUES (?, ?, 0, 0, '')",
                          (floor, doc_id))
        batch = _Batch(store, doc_id, stamp, draft_engine, reviewer)
        for item in segments:
            batch.add(item)
        for p in paragraphs:
            batch.add(p)
        batch.flush()
        if floor is not None:
            store.execute("DELETE FROM segments WHERE id = ?", (floor,))
    return batch.doc_id, batch.count


def _next_id(store: Store, table: str) -> int | None:
    """An explicit id above every id the table ever used, when a deletion took its highest rows away
    (None: SQLite's next rowid is already new)."""
    row = store.one(f"SELECT (SELECT high FROM retired_ids WHERE kind = ?) AS high, (SELECT max(id) FROM {table}) AS top",
                    (table,))
    if row["high"] is None or (row["top"] or 0) > row["high"]:
        return None
    return row["high"] + 1


_SEGMENT_ID = "(SELECT id FROM segments WHERE document_id = ? AND position = ?)"


class _Batch:
    """Rows waiting to be written with executemany (one statement per table per batch)."""

    SIZE = 2000

    def __init__(self, store: Store, doc_id: int, stamp: str, engine: str, reviewer: str | None):
        self.store, self.doc_id, self.stamp, self.engine, self.reviewer = store, doc_id, stamp, engine, reviewer
        self.count = 0
        self.paragraphs: list[tuple] = []
        self.segments: list[tuple] = []
        self.drafts: list[tuple] = []
        self.reviews: list[tuple] = []

    def add(self, item: NewSegment | NewParagraph) -> None:
        d = self.doc_id
        if isinstance(item, NewParagraph):
            self.paragraphs.append((d, item.position, item.kind, item.prefix, item.gap, item.raw))
        else:
            self.count += 1
            n = self.count
            self.segments.append((d, n, item.paragraph, item.source, json.dumps(item.tokens, ensure_ascii=False)))
            if item.draft is not None:
                self.drafts.append((d, n, self.engine, item.draft, self.stamp))
            if item.target is not None and item.status:
                self.reviews.append((d, n, item.status, item.target, self.reviewer, self.stamp, item.draft is not None))
        if len(self.segments) + len(self.paragraphs) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        conn = self.store.conn
        if self.paragraphs:
            conn.executemany(
                "INSERT INTO paragraphs (document_id, position, kind, prefix, gap, raw) VALUES (?, ?, ?, ?, ?, ?)",
                self.paragraphs)
        if self.segments:
            conn.executemany(
                "INSERT INTO segments (document_id, position, paragraph, source, tokens) VALUES (?, ?, ?, ?, ?)",
                self.segments)
        if self.drafts:
            conn.executemany(
                f"INSERT INTO drafts (segment_id, engine, text, created_at) VALUES ({_SEGMENT_ID}, ?, ?, ?)",
                self.drafts)
        if self.reviews:
            conn.executemany(
                "INSERT INTO reviews (segment_id, status, target, reviewer, revision, updated_at, draft_id)"
                f" VALUES ({_SEGMENT_ID}, ?, ?, ?, 1, ?, CASE WHEN ? THEN"
                f" (SELECT max(id) FROM drafts WHERE segment_id = {_SEGMENT_ID}) END)",
                [(d, n, st, t, r, at, has, d, n) for d, n, st, t, r, at, has in self.reviews])
            conn.executemany(
                "INSERT INTO revisions (segment_id, revision, status, target, reviewer, action, at)"
                f" VALUES ({_SEGMENT_ID}, 1, ?, ?, ?, 'import', ?)",
                [(d, n, st, t, r, at) for d, n, st, t, r, at, _ in self.reviews])
        self.paragraphs, self.segments, self.drafts, self.reviews = [], [], [], []


def paragraphs(store: Store, document_id: int) -> list[dict]:
    return store.query("SELECT * FROM paragraphs WHERE document_id = ? ORDER BY position", (document_id,))


def iter_paragraphs(store: Store, document_id: int, *, chunk: int = 2000):
    """A document's paragraphs in order, read `chunk` at a time (a long document's block structure too)."""
    after = -1
    while True:
        rows = store.query("SELECT * FROM paragraphs WHERE document_id = ? AND position > ? ORDER BY position LIMIT ?",
                           (document_id, after, chunk))
        yield from rows
        if len(rows) < chunk:
            return
        after = rows[-1]["position"]


def paragraph_count(store: Store, document_id: int) -> int:
    return store.one("SELECT count(*) AS n FROM paragraphs WHERE document_id = ?", (document_id,))["n"]


def counts(store: Store, document_id: int) -> int:
    return store.one("SELECT count(*) AS n FROM segments WHERE document_id = ?", (document_id,))["n"]


def sentences(store: Store, document_id: int) -> list[dict]:
    """Position, paragraph and source of each segment, in order (no drafts or reviews)."""
    return store.query(
        "SELECT position, paragraph, source FROM segments WHERE document_id = ? ORDER BY position", (document_id,))


def delete(store: Store, document_id: int, *, keep_memory: bool = False) -> dict:
    """Remove a document with its paragraphs, segments, drafts, reviews and revisions (one transaction).
    With `keep_memory` its reviewed segments are first copied into the memory table, so the translation
    memory still offers them. Returns what was removed and kept."""
    with store.transaction():
        document = store.one("SELECT id, title FROM documents WHERE id = ?", (document_id,))
        kept = 0
        if keep_memory:
            kept = store.execute(
                "INSERT INTO memory (source, target, reviewer, updated_at, origin)"
                " SELECT s.source, r.target, r.reviewer, r.updated_at, ? FROM segments s JOIN reviews r ON r.segment_id = s.id"
                f" WHERE s.document_id = ? AND r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL",
                (f"document {document_id}: {document['title']}", document_id),
            ).rowcount
        segments = store.one("SELECT count(*) AS n FROM segments WHERE document_id = ?", (document_id,))["n"]
        for kind, high in (("documents", document_id),
                           ("segments", store.one("SELECT max(id) AS m FROM segments WHERE document_id = ?", (document_id,))["m"])):
            if high is not None:
                store.execute("INSERT INTO retired_ids (kind, high) VALUES (?, ?)"
                              " ON CONFLICT (kind) DO UPDATE SET high = max(high, excluded.high)", (kind, high))
        store.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    return {"document": document_id, "title": document["title"], "segments": segments, "kept_in_memory": kept}
