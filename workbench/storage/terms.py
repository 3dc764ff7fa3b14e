"""Glossary terms in the database."""

from __future__ import annotations

import json

from workbench.glossary.terms import Term
from workbench.storage.db import Store, now
from workbench.storage.glossary_version import GlossaryState, glossary_state


def _term(row: dict) -> Term:
    return Term(
        id=row["id"], glossary=row["glossary"], source=row["source"], target=row["target"],
        variants=json.loads(row["variants"]), forbidden=json.loads(row["forbidden"]), note=row["note"],
        case_sensitive=bool(row["case_sensitive"]), status=row["status"],
    )


def all_terms(store: Store, glossary: str | None = None) -> list[Term]:
    if glossary:
        rows = store.query("SELECT * FROM terms WHERE glossary = ? ORDER BY source", (glossary,))
    else:
        rows = store.query("SELECT * FROM terms ORDER BY glossary, source")
    return [_term(r) for r in rows]


def get(store: Store, source: str, glossary: str = "default") -> Term | None:
    row = store.one("SELECT * FROM terms WHERE glossary = ? AND source = ?", (glossary, source))
    return _term(row) if row else None


def upsert(store: Store, terms: list[Term], glossary: str = "default") -> None:
    """Insert or replace terms (by glossary and source) in one transaction."""
    stamp = now()
    with store.transaction():
        for t in terms:
            store.execute(
                "INSERT INTO terms (glossary, source, target, variants, forbidden, note, case_sensitive, status, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (glossary, source) DO UPDATE SET target = excluded.target, variants = excluded.variants,"
                " forbidden = excluded.forbidden, note = excluded.note, case_sensitive = excluded.case_sensitive,"
                " status = excluded.status",
                (
                    t.glossary if glossary is None else glossary, t.source, t.target,
                    json.dumps(t.variants, ensure_ascii=False), json.dumps(t.forbidden, ensure_ascii=False),
                    t.note, int(t.case_sensitive), t.status, stamp,
                ),
            )


def count(store: Store) -> int:
    return store.one("SELECT count(*) AS n FROM terms")["n"]


def snapshot(store: Store) -> tuple[GlossaryState, list[Term]]:
    """Every term and the glossary state they are at, read together (no change in between)."""
    with store.reading():
        return glossary_state(store), all_terms(store)


def sources_snapshot(store: Store) -> tuple[GlossaryState, list[str]]:
    """Every term's source (of every glossary, sorted as all_terms sorts) and the glossary state."""
    with store.reading():
        rows = store.conn.execute("SELECT source FROM terms ORDER BY glossary, source").fetchall()
        return glossary_state(store), [r[0] for r in rows]


def remove(store: Store, source: str, glossary: str = "default") -> bool:
    """Delete one term; False when the glossary has no such term."""
    with store.transaction():
        return store.execute("DELETE FROM terms WHERE glossary = ? AND source = ?", (glossary, source)).rowcount > 0
