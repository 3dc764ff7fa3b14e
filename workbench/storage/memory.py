"""The translation memory: named memories (imported TMX), their units, the trigram indexes over every
source (memory units and document segments) and the counts that say which trigrams are rare.

The FTS5 tables memory_text and segment_text are external-content indexes kept in sync by triggers
(migration 8): every insert, update and delete of a memory unit or a segment updates them.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable, Iterator

from workbench.errors import WorkbenchError
from workbench.rows import MemoryUnit
from workbench.storage.db import Store, now
from workbench.storage.segments import REVIEWED_SQL

BATCH = 5000


def fts_phrase(text: str) -> str:
    """TEXT as one FTS5 phrase (a substring for the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- named memories -------------------------------------------------------------------------------


def create(store: Store, name: str, source_path: str | None, languages: str) -> int:
    """A new named memory (inside the caller's transaction); a name already taken is one line."""
    try:
        return store.execute("INSERT INTO memories (name, source_path, languages, created_at) VALUES (?, ?, ?, ?)",
                             (name, source_path, languages, now())).lastrowid
    except sqlite3.IntegrityError:
        raise WorkbenchError(f"a memory named {name!r} exists already: give another --name, or "
                             f"`workbench tm delete {name}` first") from None


def get(store: Store, name: str) -> dict | None:
    return store.one("SELECT * FROM memories WHERE name = ?", (name,))


def add_units(store: Store, memory_id: int, origin: str, units: Iterable[tuple]) -> int:
    """Store units (source, target, reviewer, updated_at, context) in batches; returns how many."""
    count, batch = 0, []
    sql = ("INSERT INTO memory (source, target, reviewer, updated_at, origin, memory_id, context)"
           " VALUES (?, ?, ?, ?, ?, ?, ?)")
    for source, target, reviewer, updated_at, context in units:
        batch.append((source, target, reviewer, updated_at or now(), origin, memory_id, context))
        if len(batch) >= BATCH:
            store.conn.executemany(sql, batch)
            count, batch = count + len(batch), []
    if batch:
        store.conn.executemany(sql, batch)
        count += len(batch)
    return count


def listing(store: Store) -> list[dict]:
    """Every named memory with its unit count, then the units kept from deleted documents (name None)."""
    named = store.query(
        "SELECT m.id, m.name, m.source_path, m.languages, m.created_at,"
        " (SELECT count(*) FROM memory u WHERE u.memory_id = m.id) AS units FROM memories m ORDER BY m.name")
    kept = store.one("SELECT count(*) AS n FROM memory WHERE memory_id IS NULL")["n"]
    documents = store.one(
        f"SELECT count(*) AS n FROM reviews WHERE status IN {REVIEWED_SQL} AND target IS NOT NULL")["n"]
    return named + [{"id": None, "name": None, "units": kept, "kind": "kept"},
                    {"id": None, "name": None, "units": documents, "kind": "documents"}]


def delete(store: Store, name: str) -> int:
    """Delete a named memory and its units; returns how many units went."""
    with store.transaction():
        memory = get(store, name)
        if memory is None:
            raise WorkbenchError(f"no memory named {name!r} (see `workbench tm list`)")
        gone = store.execute("DELETE FROM memory WHERE memory_id = ?", (memory["id"],)).rowcount
        store.execute("DELETE FROM memories WHERE id = ?", (memory["id"],))
    return gone


def export_units(store: Store, name: str | None = None) -> Iterator[MemoryUnit]:
    """The units of one named memory, or of the whole memory: every reviewed segment of every document,
    then every memory unit (streamed)."""
    if name is None:
        cur = store.execute(
            "SELECT s.source, r.target, r.reviewer, r.updated_at, s.document_id, s.position, d.title"
            " FROM segments s JOIN reviews r ON r.segment_id = s.id JOIN documents d ON d.id = s.document_id"
            f" WHERE r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL ORDER BY s.document_id, s.position")
        for source, target, reviewer, at, doc, pos, title in cur:
            yield MemoryUnit(source, target, f"document {doc}: {title}", reviewer, at, doc, pos)
    condition, params = ("WHERE u.memory_id = (SELECT id FROM memories WHERE name = ?)", (name,)) if name else ("", ())
    cur = store.execute(
        "SELECT u.source, u.target, u.reviewer, u.updated_at, u.origin, m.name, u.context, u.id"
        f" FROM memory u LEFT JOIN memories m ON m.id = u.memory_id {condition} ORDER BY u.id", params)
    for source, target, reviewer, at, origin, memory, context, unit_id in cur:
        yield MemoryUnit(source, target, origin, reviewer, at, memory=memory, context=context, unit_id=unit_id)


# -- trigram counts (which trigrams are rare) ----------------------------------------------------------


def refresh_grams(store: Store) -> None:
    """After a bulk change (a TMX import or a memory deleted): merge the memory index's segments into
    one (FTS5 'optimize': a lookup then reads one b-tree per trigram instead of one per batch written,
    about 4x faster) and count again how many sources each trigram occurs in."""
    with store.transaction():
        store.execute("INSERT INTO memory_text (memory_text) VALUES ('optimize')")
        store.execute("DELETE FROM memory_grams")
        store.execute(
            "INSERT INTO memory_grams (gram, n) SELECT term, sum(doc) FROM ("
            " SELECT term, doc FROM memory_text_terms UNION ALL SELECT term, doc FROM segment_text_terms)"
            " GROUP BY term")


def gram_counts(store: Store, grams: list[str]) -> dict[str, int]:
    """How many sources each of these (lower-cased) trigrams occurs in, as last counted."""
    out: dict[str, int] = {}
    for i in range(0, len(grams), 500):
        part = grams[i:i + 500]
        marks = ", ".join("?" * len(part))
        out.update(store.conn.execute(f"SELECT gram, n FROM memory_grams WHERE gram IN ({marks})", part).fetchall())
    return out


def candidates(store: Store, grams: list[str], limit: int) -> list[MemoryUnit]:
    """The memory units and reviewed segments holding the most of these trigrams (FTS5's bm25 over an OR
    of the trigrams: rarer ones weigh more), at most `limit` of each."""
    query = " OR ".join(fts_phrase(g) for g in grams)
    units = store.query(
        f"{_UNIT} JOIN (SELECT rowid FROM memory_text WHERE memory_text MATCH ? ORDER BY rank LIMIT ?) c"
        " ON c.rowid = u.id", (query, limit))
    segments = store.query(
        "SELECT s.id, s.document_id, s.position, s.source, r.target, r.reviewer, r.updated_at, d.title"
        " FROM segment_text t JOIN segments s ON s.id = t.rowid JOIN reviews r ON r.segment_id = s.id"
        " JOIN documents d ON d.id = s.document_id"
        f" WHERE segment_text MATCH ? AND r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL ORDER BY t.rank LIMIT ?",
        (query, limit))
    return [_unit(r) for r in units] + [_segment(r) for r in segments]


# -- units by id, exact sources, neighbours ------------------------------------------------------------

_UNIT = ("SELECT u.id, u.source, u.target, u.reviewer, u.updated_at, u.origin, m.name AS memory, u.context"
         " FROM memory u LEFT JOIN memories m ON m.id = u.memory_id")
_SEGMENT = ("SELECT s.id, s.document_id, s.position, s.source, r.target, r.reviewer, r.updated_at, d.title"
            " FROM segments s JOIN reviews r ON r.segment_id = s.id JOIN documents d ON d.id = s.document_id"
            f" WHERE r.status IN {REVIEWED_SQL} AND r.target IS NOT NULL")


def _unit(row: dict) -> MemoryUnit:
    origin = f"memory {row['memory']}" if row["memory"] else row["origin"]
    return MemoryUnit(row["source"], row["target"], origin, row["reviewer"], row["updated_at"],
                      memory=row["memory"], context=row["context"], unit_id=row["id"])


def _segment(row: dict) -> MemoryUnit:
    return MemoryUnit(row["source"], row["target"], f"document {row['document_id']}: {row['title']}", row["reviewer"],
                      row["updated_at"], row["document_id"], row["position"], row["id"])


def exact(store: Store, source: str) -> list[MemoryUnit]:
    """Every memory unit and reviewed segment whose source is exactly SOURCE (indexes memory_source,
    segments_source)."""
    return ([_unit(r) for r in store.query(f"{_UNIT} WHERE u.source = ?", (source,))]
            + [_segment(r) for r in store.query(f"{_SEGMENT} AND s.source = ?", (source,))])


def neighbours(store: Store, document_id: int, position: int) -> tuple[str | None, str | None]:
    """The sources before and after a segment (None at the document's edges)."""
    rows = dict(store.conn.execute(
        "SELECT position, source FROM segments WHERE document_id = ? AND position IN (?, ?)",
        (document_id, position - 1, position + 1)).fetchall())
    return rows.get(position - 1), rows.get(position + 1)


# -- concordance ----------------------------------------------------------------------------------------


def search(store: Store, text: str, limit: int) -> tuple[list[tuple[str, MemoryUnit]], bool]:
    """Memory units and document segments whose source or target holds TEXT (case-insensitive for
    Latin letters): (("source" | "target", unit), whether the trigram index was used). Sources are found
    through the trigram indexes when TEXT has 3 characters or more, else with LIKE (a scan); targets
    are always searched with LIKE. Segments count with their reviewed target, else their latest draft."""
    # FTS5 serves LIKE only without ESCAPE: text holding a wildcard character is searched with a scan
    indexed = len(text) >= 3 and not any(c in text for c in "%_\\")
    like = like_pattern(text)
    hits: list[tuple[str, MemoryUnit]] = []
    if indexed:  # LIKE on the FTS5 table: the trigram index finds the rows, then LIKE checks them
        unit_where = "u.id IN (SELECT rowid FROM memory_text WHERE source LIKE ?)"
        seg_where = "s.id IN (SELECT rowid FROM segment_text WHERE source LIKE ?)"
    else:
        unit_where, seg_where = "u.source LIKE ? ESCAPE '\\'", "s.source LIKE ? ESCAPE '\\'"
    param = like
    hits += [("source", _unit(r)) for r in store.query(f"{_UNIT} WHERE {unit_where} ORDER BY u.id LIMIT ?", (param, limit))]
    hits += [("source", u) for u in _any_segments(store, seg_where, param, limit)]
    hits += [("target", _unit(r)) for r in store.query(
        f"{_UNIT} WHERE u.target LIKE ? ESCAPE '\\' ORDER BY u.id LIMIT ?", (like, limit))]
    hits += [("target", u) for u in _any_segments(store, "target LIKE ? ESCAPE '\\'", like, limit)]
    return hits, indexed


# a segment's current English: the reviewed target, else the latest draft
_CURRENT = f"""
SELECT s.id, s.document_id, s.position, s.source, d.title, r.reviewer, r.updated_at, COALESCE(
    (SELECT target FROM reviews WHERE segment_id = s.id AND status IN {REVIEWED_SQL} AND target IS NOT NULL),
    (SELECT text FROM drafts WHERE segment_id = s.id AND error IS NULL AND text IS NOT NULL ORDER BY id DESC LIMIT 1)
) AS target
FROM segments s JOIN documents d ON d.id = s.document_id LEFT JOIN reviews r ON r.segment_id = s.id
"""


def _any_segments(store: Store, condition: str, param: str, limit: int) -> list[MemoryUnit]:
    rows = store.query(f"{_CURRENT} WHERE {condition} ORDER BY s.document_id, s.position LIMIT ?", (param, limit))
    return [MemoryUnit(r["source"], r["target"] or "", f"document {r['document_id']}: {r['title']}", r["reviewer"],
                       r["updated_at"], r["document_id"], r["position"], r["id"]) for r in rows]


def segment_at(store: Store, document_id: int, position: int) -> dict | None:
    return store.one("SELECT id, source FROM segments WHERE document_id = ? AND position = ?", (document_id, position))


def has_units(store: Store) -> bool:
    """Whether the memory holds anything: a memory unit, or a reviewed segment with a target."""
    return bool(store.one("SELECT EXISTS (SELECT 1 FROM memory) OR EXISTS (SELECT 1 FROM reviews"
                          f" WHERE status IN {REVIEWED_SQL} AND target IS NOT NULL) AS any")["any"])
