"""Values kept by content: tables of (key BLOB PRIMARY KEY, value TEXT) WITHOUT ROWID whose key the
caller makes from everything the value depends on, so a row is never updated or invalidated — a change
is a new key. `metric_stats` and `text_issues` are such tables; their modules name table and columns.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from workbench.errors import StoreError
from workbench.storage.db import Store


class KeyedTable:
    """One such table: `table(key_column, value_column)` (names fixed in code, never from input)."""

    def __init__(self, table: str, key: str, value: str):
        self.table, self.key, self.value = table, key, value

    def values_of(self, store: Store, keys: Iterable[bytes]) -> dict[bytes, str]:
        """{key: value} of the keys held, read 500 keys a query."""
        keys = list(dict.fromkeys(keys))
        out: dict[bytes, str] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            out.update(store.execute(f"SELECT {self.key}, {self.value} FROM {self.table} WHERE {self.key} IN"
                                     f" ({','.join('?' * len(part))})", part).fetchall())
        return out

    def keep(self, store: Store, rows: Iterable[tuple[bytes, str]]) -> None:
        """Store (key, value) rows in one transaction; a key held already keeps its row (same inputs,
        same value)."""
        rows = list(rows)
        with store.transaction():
            try:
                store.conn.executemany(f"INSERT OR IGNORE INTO {self.table} ({self.key}, {self.value}) VALUES (?, ?)", rows)
            except sqlite3.Error as exc:
                raise StoreError(store.failure(exc)) from None

    def count(self, store: Store) -> int:
        return store.one(f"SELECT count(*) AS n FROM {self.table}")["n"]
