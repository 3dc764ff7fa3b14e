"""The report's per-segment metric statistics, kept by text pair (migration "metric statistics").

A row holds sacrebleu's sufficient statistics of one (hypothesis, reference) pair as JSON, under a
key the caller makes from both texts and the metrics' signatures (workbench.reports.statistics).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from workbench.errors import StoreError
from workbench.storage.db import Store


def stats_of(store: Store, keys: Iterable[bytes]) -> dict[bytes, str]:
    """{key: stats JSON} of the keys held (at most a few thousand keys a call)."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    return dict(store.execute(f"SELECT pair, stats FROM metric_stats WHERE pair IN ({marks})", keys).fetchall())


def keep(store: Store, rows: Iterable[tuple[bytes, str]]) -> None:
    """Store (key, stats JSON) rows in one transaction; a key held already keeps its row (same texts,
    same statistics)."""
    rows = list(rows)
    with store.transaction():
        try:
            store.conn.executemany("INSERT OR IGNORE INTO metric_stats (pair, stats) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise StoreError(store.failure(exc)) from None


def count(store: Store) -> int:
    """How many pairs have stored statistics."""
    return store.one("SELECT count(*) AS n FROM metric_stats")["n"]
