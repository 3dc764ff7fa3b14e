"""The report's per-segment metric statistics, kept by text pair (migration "metric statistics").

A row holds sacrebleu's sufficient statistics of one (hypothesis, reference) pair as JSON, under a
key the caller makes from both texts and the metrics' signatures (workbench.reports.statistics).
"""

from __future__ import annotations

from workbench.storage.keyed import KeyedTable

_TABLE = KeyedTable("metric_stats", "pair", "stats")

stats_of = _TABLE.values_of  # {key: stats JSON} of the keys held
keep = _TABLE.keep  # store (key, stats JSON) rows; a key held already keeps its row
count = _TABLE.count  # how many pairs have stored statistics
