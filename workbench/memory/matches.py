"""Fuzzy matches of a source sentence against the translation memory (every reviewed segment of every
document and every imported unit).

Candidates come from the FTS5 trigram indexes, not from a scan: the query's trigrams are looked up in
memory_grams (how many sources hold each), the GRAMS rarest are asked for in one FTS5 query (an OR,
ordered by bm25, so sources holding more and rarer of them come first), and the first CANDIDATES
sources are ranked by rapidfuzz (see similarity.py). Queries shorter than 3 characters have no
trigram: they get exact matches only (a one- or two-character sentence is either the same or a different sentence).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from workbench.errors import WorkbenchError
from workbench.memory import similarity
from workbench.rows import MemoryUnit
from workbench.storage import Store
from workbench.storage import memory as memory_store

DEFAULT_MINIMUM = 75
GRAMS = 12  # the rarest trigrams of the query that are looked up
BUDGET = 2000  # sources holding them, at most (a common trigram is left out once three are chosen)
CANDIDATES = 60  # sources ranked by rapidfuzz per lookup (of each kind: memory units, reviewed segments)
UNKNOWN = 50  # the count assumed for a trigram added since memory_grams was last counted


@dataclass(frozen=True)
class Match:
    score: int  # 101 context match, 100 exact, else the fuzzy percentage
    unit: MemoryUnit
    base: float  # the character similarity before the number and punctuation penalties

    @property
    def label(self) -> str:
        if self.score == similarity.CONTEXT:
            return "context"
        return "exact" if self.score == similarity.EXACT else "fuzzy"

    def to_dict(self) -> dict:
        return {"score": self.score, "label": self.label, **asdict(self.unit)}


def has_memory(store: Store) -> bool:
    return memory_store.has_units(store)


def check_minimum(minimum: int) -> int:
    if not isinstance(minimum, int) or isinstance(minimum, bool) or not 1 <= minimum <= 100:
        raise WorkbenchError(f"the minimum match is a percentage from 1 to 100, not {minimum}")
    return minimum


def rare_trigrams(store: Store, source: str) -> list[str]:
    """The query's rarest trigrams that the memory holds: at most GRAMS of them, and no more once BUDGET
    sources hold them (after the first three). Trigrams memory_grams does not know come last (most are
    in no source at all: an edit's new trigrams), counted as UNKNOWN."""
    grams = similarity.trigrams(source)
    known = memory_store.gram_counts(store, grams)
    chosen, total = [], 0
    for gram in sorted(grams, key=lambda g: (g not in known, known.get(g, 0))):
        count = known.get(gram, UNKNOWN)
        if count == 0 or len(chosen) >= GRAMS or (len(chosen) >= 3 and total + count > BUDGET):
            continue
        chosen.append(gram)
        total += count
    return chosen


def candidates(store: Store, source: str) -> list[MemoryUnit]:
    """Memory units and reviewed segments sharing the most rare trigrams with SOURCE (the index, not a scan)."""
    grams = rare_trigrams(store, source)
    return memory_store.candidates(store, grams, CANDIDATES) if grams else []


def find(store: Store, source: str, *, before: str | None = None, after: str | None = None,
         minimum: int = DEFAULT_MINIMUM, limit: int = 5, exclude_segment: int | None = None) -> list[Match]:
    """The best matches for SOURCE at or above `minimum`, best first (context, exact, then fuzzy; the
    newest first among equal scores). `before`/`after`: the query's neighbouring sources, for context
    matches. `exclude_segment`: the segment asking (it is not its own match)."""
    check_minimum(minimum)
    found: dict[tuple, Match] = {}
    # a context match needs a neighbour to compare: a sentence given alone has none
    context = similarity.context_key(before, after) if before is not None or after is not None else None
    for unit in memory_store.exact(store, source):
        if not _excluded(unit, exclude_segment):
            score = similarity.CONTEXT if _same_context(store, unit, context) else similarity.EXACT
            _keep(found, Match(score, unit, 100.0))
    if len(source) >= 3:
        units = [u for u in candidates(store, source) if not _excluded(u, exclude_segment) and u.source != source]
        for match in rank(source, units, minimum, keep=3 * limit):
            _keep(found, match)
    ordered = sorted(found.values(), key=lambda m: (m.score, m.base, m.unit.updated_at or ""), reverse=True)
    return [m for m in ordered if m.score >= minimum][:limit]


def rank(source: str, units: list[MemoryUnit], minimum: int, *, keep: int | None = None) -> list[Match]:
    """Score units against SOURCE with rapidfuzz (C speed over the normalised keys), then the penalties.
    `keep`: enough matches are wanted (the caller shows a few): a penalty never raises a score above its
    base similarity, so once `keep` scores are at least the next base, the rest cannot enter them."""
    query = similarity.normalise(source)
    keys = [similarity.normalise(u.source) for u in units]
    # the penalties take at most NUMBER_PENALTY points per number, so a base below the minimum cannot pass
    hits = process.extract(query.key, [k.key for k in keys], scorer=Levenshtein.normalized_similarity,
                           limit=None, score_cutoff=minimum / 100)  # best base first
    out: list[Match] = []
    for _, base, i in hits:
        if keep is not None and len(out) >= keep and base * 100 < sorted(m.score for m in out)[-keep]:
            break
        score = similarity.score(source, units[i].source, query, keys[i])
        if score >= minimum:
            out.append(Match(score, units[i], base * 100))
    return out


def _excluded(unit: MemoryUnit, segment_id: int | None) -> bool:
    return segment_id is not None and unit.segment_id == segment_id


def _same_context(store: Store, unit: MemoryUnit, context: str | None) -> bool:
    if context is None:
        return False
    if unit.document_id is not None and unit.position is not None:
        return similarity.context_key(*memory_store.neighbours(store, unit.document_id, unit.position)) == context
    return unit.context is not None and unit.context == context


def _keep(found: dict, match: Match) -> None:
    """One match per (source, target): the same translation from several places counts once (the best)."""
    key = (match.unit.source, match.unit.target)
    if key not in found or (match.score, match.unit.updated_at or "") > (found[key].score, found[key].unit.updated_at or ""):
        found[key] = match


def for_segment(store: Store, document_id: int, position: int, *, minimum: int = DEFAULT_MINIMUM,
                limit: int = 5) -> list[Match]:
    """The matches of one segment of a document (itself left out), with its neighbours as context."""
    row = memory_store.segment_at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position}")
    before, after = memory_store.neighbours(store, document_id, position)
    return find(store, row["source"], before=before, after=after, minimum=minimum, limit=limit,
                exclude_segment=row["id"])


def segment_source(store: Store, document_id: int, position: int) -> str:
    row = memory_store.segment_at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position}")
    return row["source"]
