"""Glossary terms in the database."""

from __future__ import annotations

import json

from workbench.glossary.terms import Term
from workbench.storage.db import Store, now


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
