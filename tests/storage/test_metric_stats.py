"""Stored metric statistics: read back by key, a key held keeps its first row, a fresh database holds none."""

from __future__ import annotations

from workbench.storage import SCHEMA_VERSION, open_store
from workbench.storage import metric_stats as stats_store


def test_statistics_are_kept_by_key_and_read_back_in_batches(tmp_path):
    store = open_store(tmp_path / "work.db")
    assert store.schema_version == SCHEMA_VERSION and stats_store.count(store) == 0
    assert stats_store.stats_of(store, []) == {}
    stats_store.keep(store, [(b"k1" * 8, "[[1],[2],[3,4.0]]"), (b"k2" * 8, "[[5],[6],[7,8.0]]")])
    stats_store.keep(store, [(b"k1" * 8, "[[9],[9],[9,9.0]]")])  # the same key again: the row stays
    assert stats_store.stats_of(store, [b"k1" * 8, b"k2" * 8, b"k1" * 8, b"no" * 8]) == {
        b"k1" * 8: "[[1],[2],[3,4.0]]", b"k2" * 8: "[[5],[6],[7,8.0]]"}
    store.close()
    again = open_store(tmp_path / "work.db")
    assert stats_store.count(again) == 2
