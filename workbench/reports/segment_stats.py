"""Per-segment metric statistics for the report, computed once per (draft, target) pair and kept.

sacrebleu's sufficient statistics of a pair (BLEU n-gram matches and totals, chrF n-gram counts, TER
edits and reference length: what `metrics.Tally` sums) depend only on the two texts and the metrics'
settings. `PairStats` finds them, for a stream of items read a chunk at a time, in this order:

1. a bounded in-process memo (a repeated pair in one run is computed once; memory stays flat);
2. the store (`metric_stats`, keyed by a hash of both texts and `metrics.stats_version()`), one query
   per chunk;
3. computed by sacrebleu (`metrics.segment_stats`) and stored for the next report.

No worker processes: a forked pool was tried and left out — workers outlive a parent killed mid-report
(a full disk's SIGXFSZ, a kill) and hold its pipes open, and spawned workers re-run the caller's main
module; on the 2-CPU machine it saved no wall time under load.

An edited target or a new draft is a new key, so only that pair is computed again; a read-only or busy
database only means the statistics are not kept (the report is the same).
"""

from __future__ import annotations

import json
from hashlib import blake2b
from itertools import islice
from typing import Iterable, Iterator

from workbench.errors import StoreError
from workbench.reports import metrics
from workbench.storage import Store
from workbench.storage import metric_stats as stats_store

CHUNK = 1000  # items looked up in the store per query
MEMO_SIZE = 20_000  # pairs remembered in the process (~1 KB each)


class PairStats:
    """Statistics of (hypothesis, reference) pairs: memo, then store, then sacrebleu. `store` None
    computes without keeping anything (tests, `post_editing` called on its own). Counters say where each
    pair's statistics came from: `computed`, `stored` (read from the store), `remembered` (the memo)."""

    def __init__(self, store: Store | None = None, *, memo_size: int = MEMO_SIZE):
        self.store = store
        self.computed = self.stored = self.remembered = 0
        self._memo: dict[bytes, dict] = {}
        self._memo_size = memo_size
        self._version = metrics.stats_version()
        self._keeping = store is not None

    def key(self, hypothesis: str | None, reference: str | None) -> bytes:
        """16 bytes naming the pair under the current metric settings (lengths first: no two pairs of
        texts give the same string to hash)."""
        hyp, ref = metrics.clean(hypothesis), metrics.clean(reference)
        text = f"{self._version}\n{len(hyp)}:{len(ref)}\n{hyp}{ref}"
        return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def annotate(self, items: Iterable[dict], *, hypothesis: str = "draft", reference: str = "target",
                 wanted=None) -> Iterator[tuple[dict, dict | None]]:
        """(item, its pair's statistics) for each item, in order, a chunk at a time; None where the item
        has no hypothesis or `wanted(item)` is false (nothing is computed for it)."""
        items = iter(items)
        while chunk := list(islice(items, CHUNK)):
            pairs = [(i[hypothesis], i[reference]) if i[hypothesis] is not None and (wanted is None or wanted(i))
                     else None for i in chunk]
            yield from zip(chunk, self.many(pairs))

    def one(self, hypothesis: str | None, reference: str | None) -> dict:
        return self.many([(hypothesis, reference)])[0]

    def many(self, pairs: list[tuple[str | None, str | None] | None]) -> list[dict | None]:
        """The statistics of each pair (None for None)."""
        keys = [None if p is None else self.key(*p) for p in pairs]
        found: dict[bytes, dict] = {}
        for k in keys:
            if k is not None and k in self._memo:
                found[k] = self._memo[k]
                self.remembered += 1
        wanted = {k: p for k, p in zip(keys, pairs) if k is not None and k not in found}
        if wanted and self.store is not None:
            for k, text in stats_store.stats_of(self.store, wanted).items():
                found[k] = _decode(text)
                del wanted[k]
                self.stored += 1
        if wanted:
            fresh = dict(zip(wanted, self._compute(list(wanted.values()))))
            self.computed += len(fresh)
            found.update(fresh)
            self._keep(fresh)
        for k, stats in found.items():
            self._remember(k, stats)
        return [None if k is None else found[k] for k in keys]

    def close(self) -> None:
        """Nothing to release (kept so callers need not know how the statistics are computed)."""

    def _compute(self, pairs: list[tuple[str | None, str | None]]) -> list[dict]:
        return [metrics.segment_stats(h, r) for h, r in pairs]

    def _keep(self, fresh: dict[bytes, dict]) -> None:
        if not self._keeping or not fresh:
            return
        try:
            stats_store.keep(self.store, ((k, _encode(s)) for k, s in fresh.items()))
        except StoreError:
            self._keeping = False  # read-only, busy or full: the report is the same, only not remembered

    def _remember(self, key: bytes, stats: dict) -> None:
        if key in self._memo:
            return
        if len(self._memo) >= self._memo_size:
            del self._memo[next(iter(self._memo))]  # the oldest first
        self._memo[key] = stats


def _encode(stats: dict) -> str:
    return json.dumps([stats[name] for name in metrics.METRICS], separators=(",", ":"))


def _decode(text: str) -> dict:
    return dict(zip(metrics.METRICS, json.loads(text)))
