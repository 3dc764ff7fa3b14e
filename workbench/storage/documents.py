"""Documents, their block structure and their segments, written in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workbench.storage.db import Store, now


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
    if text.isdigit():
        row = store.one("SELECT * FROM documents WHERE id = ?", (int(text),))
        if row:
            return row
    row = store.one("SELECT * FROM documents WHERE title = ? ORDER BY id LIMIT 1", (text,))
    if row:
        return row
    return store.one(
        "SELECT * FROM documents WHERE source_path = ? OR source_path LIKE ? ORDER BY id LIMIT 1",
        (text, "%/" + text),
    )


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
    paragraphs: list[NewParagraph],
    segments,
    meta: dict | None = None,
    draft_engine: str = "imported",
    reviewer: str | None = None,
) -> tuple[int, int]:
    """Store a document with its paragraphs and segments; return (document id, segment count).

    `segments` may be any iterable (a generator keeps a large import's memory bounded); `paragraphs`
    is read after it, so the generator may fill it as it goes.
    Everything happens in one transaction: a failure leaves the database as it was.
    """
    stamp = now()
    with store.transaction():
        cur = store.execute(
            "INSERT INTO documents (title, source_path, source_sha256, encoding, format, created_at, meta)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (title, source_path, sha256, encoding, fmt, stamp, json.dumps(meta or {}, ensure_ascii=False)),
        )
        doc_id = cur.lastrowid
        count = 0
        for seg in segments:
            count += 1
            cur = store.execute(
                "INSERT INTO segments (document_id, position, paragraph, source, tokens) VALUES (?, ?, ?, ?, ?)",
                (doc_id, count, seg.paragraph, seg.source, json.dumps(seg.tokens, ensure_ascii=False)),
            )
            seg_id = cur.lastrowid
            draft_id = None
            if seg.draft is not None:
                draft_id = store.execute(
                    "INSERT INTO drafts (segment_id, engine, text, created_at) VALUES (?, ?, ?, ?)",
                    (seg_id, draft_engine, seg.draft, stamp),
                ).lastrowid
            if seg.target is not None and seg.status:
                store.execute(
                    "INSERT INTO reviews (segment_id, status, target, reviewer, revision, updated_at, draft_id)"
                    " VALUES (?, ?, ?, ?, 1, ?, ?)",
                    (seg_id, seg.status, seg.target, reviewer, stamp, draft_id),
                )
                store.execute(
                    "INSERT INTO revisions (segment_id, revision, status, target, reviewer, action, at)"
                    " VALUES (?, 1, ?, ?, ?, 'import', ?)",
                    (seg_id, seg.status, seg.target, reviewer, stamp),
                )
        # After the segments: `paragraphs` may be filled while the segment stream is read.
        store.conn.executemany(
            "INSERT INTO paragraphs (document_id, position, kind, prefix, gap, raw) VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, p.position, p.kind, p.prefix, p.gap, p.raw) for p in paragraphs],
        )
    return doc_id, count


def paragraphs(store: Store, document_id: int) -> list[dict]:
    return store.query("SELECT * FROM paragraphs WHERE document_id = ? ORDER BY position", (document_id,))


def counts(store: Store, document_id: int) -> int:
    return store.one("SELECT count(*) AS n FROM segments WHERE document_id = ?", (document_id,))["n"]
