"""The per-segment QA issues of texts nobody keeps results for by segment — the models' drafts a
reviewer then changed — kept by content (migration "text issues"), so `report` checks a draft once,
not on every call.

A row holds the issues as JSON under a key the caller makes from the source, the text, the glossary
version and the checks version (workbench.verify.kept_issues): a changed glossary or new checks make
new keys, so nothing needs invalidating.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from workbench.errors import StoreError
from workbench.storage.db import Store


def issues_of(store: Store, keys: Iterable[bytes]) -> dict[bytes, str]:
    """{key: issues JSON} of the keys held (at most a few thousand keys a call)."""
    keys = list(dict.fromkeys(keys))
    out: dict[bytes, str] = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        out.update(store.execute(f"SELECT key, issues FROM text_issues WHERE key IN ({','.join('?' * len(part))})",
                                 part).fetchall())
    return out


def keep(store: Store, rows: Iterable[tuple[bytes, str]]) -> None:
    """Store (key, issues JSON) rows in one transaction (a key held already keeps its row)."""
    rows = list(rows)
    with store.transaction():
        try:
            store.conn.executemany("INSERT OR IGNORE INTO text_issues (key, issues) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise StoreError(store.failure(exc)) from None


def count(store: Store) -> int:
    """How many texts have kept issues."""
    return store.one("SELECT count(*) AS n FROM text_issues")["n"]
