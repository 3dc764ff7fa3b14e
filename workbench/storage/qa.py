"""Queries the QA checks need beyond one document: the same sources in other documents (--corpus)."""

from __future__ import annotations

import json
import sqlite3

from workbench.errors import StoreError
from workbench.rows import current_text
from workbench.storage import segments as seg_store
from workbench.storage.db import Store
from workbench.storage.glossary_version import glossary_state


def same_sources_elsewhere(store: Store, document_id: int) -> list[dict]:
    """Segments of other documents whose source text also occurs in this document, each with its
    current text: {document_id, position, source, text} (segments with no text yet are left out)."""
    rows = seg_store.where(
        store,
        "s.document_id != ? AND s.source IN (SELECT source FROM segments WHERE document_id = ?)"
        " ORDER BY s.document_id, s.position",
        (document_id, document_id),
    )
    out = []
    for seg in rows:
        text = current_text(seg)
        if text is not None:
            out.append({"document_id": seg["document_id"], "position": seg["position"], "source": seg["source"], "text": text})
    return out


# ---------------------------------------------------------------------------------------------
# Stored QA results (see migration "QA results stored"): what `workbench documents` and the review
# session read instead of running the checks again.

_LATEST_DRAFT = """(SELECT x.id FROM drafts x WHERE x.segment_id = s.id AND x.error IS NULL AND x.text IS NOT NULL
                    ORDER BY x.id DESC LIMIT 1)"""


def glossary_version(store: Store) -> int:
    """The glossary's version: bumped (by triggers) on every term added, changed or removed — the one
    counter the glossary cache is keyed by too (storage.glossary_version)."""
    return glossary_state(store).version


def stale_documents(store: Store, glossary: int, checks: int, pair: int = 0) -> list[int]:
    """Documents with a segment whose stored results are missing or were read in another state (a new
    draft, another review revision) or under another glossary, checks or pair version (risk.pair), or
    whose document-level warnings are missing or from another checks version.

    Only the documents whose change stamp (migration 14), glossary or checks version moved since they
    were last found current are looked at segment by segment; those found current are marked so (when
    the database can be written), so an unchanged database costs one query over its documents."""
    with store.reading():  # the stamps and the segments' state from one state of the database
        moved = [(r[0], r[1]) for r in store.execute(
            """SELECT d.id, c.changes FROM documents d
               LEFT JOIN document_changes c ON c.document_id = d.id LEFT JOIN qa_fresh f ON f.document_id = d.id
               WHERE f.document_id IS NULL OR f.changes IS NOT c.changes OR f.glossary_version != ?
                  OR f.checks_version != ? OR f.pair_version != ?""", (glossary, checks, pair))]
        if not moved:
            return []
        stale = _stale_among(store, [doc_id for doc_id, _ in moved], glossary, checks, pair)
    fresh = [(doc_id, stamp, glossary, checks, pair) for doc_id, stamp in moved if doc_id not in stale and stamp is not None]
    if fresh:  # a change made since moved the stamps again: those documents are looked at again next time
        try:
            with store.transaction():
                store.conn.executemany("INSERT OR REPLACE INTO qa_fresh (document_id, changes, glossary_version,"
                                       " checks_version, pair_version) VALUES (?, ?, ?, ?, ?)", fresh)
        except (StoreError, sqlite3.Error):
            pass  # read-only or busy: looked at segment by segment again next time
    return sorted(stale)


def _stale_among(store: Store, document_ids: list[int], glossary: int, checks: int, pair: int) -> set[int]:
    """Of these documents, those whose stored results are not current (see `stale_documents`)."""
    ids = json.dumps(document_ids)
    return {r[0] for r in store.execute(
        f"""
        SELECT DISTINCT s.document_id FROM segments s
        LEFT JOIN reviews r ON r.segment_id = s.id
        LEFT JOIN qa_results q ON q.segment_id = s.id
        WHERE s.document_id IN (SELECT value FROM json_each(?)) AND (
              q.segment_id IS NULL OR q.draft_id IS NOT {_LATEST_DRAFT} OR q.revision != COALESCE(r.revision, 0)
              OR q.glossary_version != ? OR q.checks_version != ? OR q.pair_version != ? OR q.findings IS NULL)
        UNION
        SELECT d.id FROM documents d LEFT JOIN qa_documents a ON a.document_id = d.id
        WHERE d.id IN (SELECT value FROM json_each(?)) AND (a.document_id IS NULL OR a.checks_version != ?)
        """, (ids, glossary, checks, pair, ids, checks))}


def results_of(store: Store, segment_ids: list[int]) -> dict[int, dict]:
    """segment id → its stored QA row."""
    out: dict[int, dict] = {}
    for i in range(0, len(segment_ids), 500):
        part = segment_ids[i:i + 500]
        for r in store.query(f"SELECT * FROM qa_results WHERE segment_id IN ({','.join('?' * len(part))})", part):
            out[r["segment_id"]] = r
    return out


def save_results(store: Store, rows: list[dict], *, document_changed: int | None = None) -> None:
    """Store segments' QA rows (segment_id, draft_id, revision, text_hash, glossary_version,
    checks_version, pair_version, findings, errors, warnings, computed), replacing what was there, in
    one transaction. `document_changed`: a document whose texts these rows changed — its document-level
    warnings are forgotten with them, so the next refresh counts them again."""
    with store.transaction():
        store.conn.executemany(
            "INSERT OR REPLACE INTO qa_results (segment_id, draft_id, revision, text_hash, glossary_version,"
            " checks_version, pair_version, findings, errors, warnings, computed) VALUES (:segment_id, :draft_id,"
            " :revision, :text_hash, :glossary_version, :checks_version, :pair_version, :findings, :errors,"
            " :warnings, :computed)", rows)
        if document_changed is not None:
            store.execute("DELETE FROM qa_documents WHERE document_id = ?", (document_changed,))


def document_result(store: Store, document_id: int) -> dict | None:
    return store.one("SELECT * FROM qa_documents WHERE document_id = ?", (document_id,))


def save_document_result(store: Store, document_id: int, fingerprint: str, checks: int, warnings: int,
                         norms: str | None = None) -> None:
    with store.transaction():
        store.execute("INSERT OR REPLACE INTO qa_documents (document_id, fingerprint, checks_version, warnings, norms)"
                      " VALUES (?, ?, ?, ?, ?)", (document_id, fingerprint, checks, warnings, norms))


def stored_counts(store: Store, document_ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """document id → (errors, warnings) from the stored results (per-segment and document-level)."""
    only = "" if document_ids is None else f"WHERE s.document_id IN ({','.join('?' * len(document_ids))})"
    out = {r[0]: (r[1], r[2]) for r in store.execute(
        f"""SELECT s.document_id, COALESCE(sum(q.errors), 0), COALESCE(sum(q.warnings), 0)
            FROM segments s JOIN qa_results q ON q.segment_id = s.id {only} GROUP BY s.document_id""",
        document_ids or ())}
    for doc_id, warnings in store.execute(
            "SELECT document_id, warnings FROM qa_documents"
            + ("" if document_ids is None else f" WHERE document_id IN ({','.join('?' * len(document_ids))})"),
            document_ids or ()):
        errors, own = out.get(doc_id, (0, 0))
        out[doc_id] = (errors, own + warnings)
    return out


def with_read_time_parts(store: Store, document_ids: list[int] | None = None) -> list[int]:
    """Documents whose counts depend on more than their stored results: the reviewer dismissed a
    finding, an MQM span was recorded, or another model's drafts are there (all read when checked)."""
    only = "" if document_ids is None else f" AND s.document_id IN ({','.join('?' * len(document_ids))})"
    parts = " UNION ".join(
        f"SELECT s.document_id FROM {table} t JOIN segments s ON s.id = t.segment_id WHERE 1{only}"
        for table in ("qa_dismissals", "mqm_spans", "alternatives"))
    return [r[0] for r in store.execute(f"SELECT document_id FROM ({parts}) ORDER BY 1", (document_ids or []) * 3)]


def results_at(store: Store, document_id: int, positions: list[int]) -> dict[int, dict]:
    """position → the stored QA row of the document's segment there (segments without one left out)."""
    out: dict[int, dict] = {}
    for i in range(0, len(positions), 500):
        part = positions[i:i + 500]
        for r in store.query(f"SELECT s.position, q.* FROM segments s JOIN qa_results q ON q.segment_id = s.id"
                             f" WHERE s.document_id = ? AND s.position IN ({','.join('?' * len(part))})",
                             [document_id, *part]):
            out[r["position"]] = r
    return out


def fresh_norms(store: Store, document_id: int, glossary: int, checks: int, pair: int) -> str | None:
    """The document's stored norms (JSON) when every one of its stored results is fresh — each segment's
    read in its current state (latest draft, review revision) under these versions — else None."""
    kept = store.one("SELECT norms FROM qa_documents WHERE document_id = ? AND checks_version = ?", (document_id, checks))
    if kept is None or kept["norms"] is None:
        return None
    stale = store.one(
        f"""
        SELECT 1 AS x FROM segments s
        LEFT JOIN reviews r ON r.segment_id = s.id
        LEFT JOIN qa_results q ON q.segment_id = s.id
        WHERE s.document_id = ? AND (q.segment_id IS NULL OR q.findings IS NULL OR q.draft_id IS NOT {_LATEST_DRAFT}
           OR q.revision != COALESCE(r.revision, 0) OR q.glossary_version != ? OR q.checks_version != ?
           OR q.pair_version != ?)
        LIMIT 1
        """, (document_id, glossary, checks, pair))
    return None if stale else kept["norms"]
