"""What a drafting run will do: which segments, which come from translation memory, which batches."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.memory import matches as memory_matches
from workbench.memory import similarity
from workbench.positions import Positions, as_positions
from workbench.rows import included
from workbench.statuses import REVIEWED, TM
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store

CONTEXT_BEFORE = 2
CONTEXT_AFTER = 1


@dataclass
class DocumentCounts:
    """One document's share of a run: what was done and what it cost."""

    document_id: int
    title: str
    todo: int = 0  # segments to draft in this run (including translation-memory hits)
    skipped: int = 0  # segments left alone: another run holds them (is drafting them now)
    drafted: int = 0  # by the model
    tm: int = 0
    tm_references: int = 0  # segments sent with a fuzzy translation-memory match as a reference
    failed: int = 0
    requests: int = 0  # requests actually sent (and answered) in this run
    cached: int = 0  # replies reused from llm_cache
    repaired: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0

    @property
    def done(self) -> int:
        return self.drafted + self.tm + self.failed

    def as_dict(self, priced: bool = True) -> dict:
        """The counts; `cost` is None when no price is configured (unknown, not free)."""
        return {k: getattr(self, k) for k in (
            "document_id", "title", "todo", "drafted", "tm", "tm_references", "failed", "requests", "cached", "repaired",
            "prompt_tokens", "completion_tokens", "skipped")} | {"cost": round(self.cost, 6) if priced else None}


@dataclass
class Batch:
    """Consecutive segments of one document sent in one request, with their surroundings."""

    counts: DocumentCounts
    segments: list[dict]  # {"id", "position", "source"}
    rows: dict[int, dict] = field(repr=False, default_factory=dict)  # the document's rows by position

    def context(self, segments: list[dict]) -> dict:
        """Neighbouring source sentences (and their reviewed English, where there is one)."""
        first, last = segments[0]["position"], segments[-1]["position"]

        def near(positions):
            out = []
            for p in positions:
                row = self.rows.get(p)
                if row is None:
                    continue
                item = {"source": row["source"]}
                if row.get("status") in REVIEWED and row.get("target"):
                    item["english"] = row["target"]
                out.append(item)
            return out

        ctx = {}
        before = near(range(first - CONTEXT_BEFORE, first))
        after = near(range(last + 1, last + 1 + CONTEXT_AFTER))
        if before:
            ctx["before"] = before
        if after:
            ctx["after"] = after
        return ctx


def resolve_documents(store: Store, refs: list[str], all_: bool) -> list[dict]:
    if all_:
        docs = [d for d in doc_store.all_documents(store)]
        if not docs:
            raise WorkbenchError("no documents yet: `workbench import FILE` (or `workbench demo`)")
        return docs
    if not refs:
        raise WorkbenchError("name a document (id or title), several, or use --all")
    out, seen = [], set()
    for ref in refs:
        doc = doc_store.require(store, ref)
        if doc["id"] not in seen:
            seen.add(doc["id"])
            out.append(doc)
    return out


def pending(store: Store, doc: dict, *, positions: Positions | None, redraft: bool) -> tuple[list[dict], list[dict]]:
    """(all rows of the document, the rows to draft in this run)."""
    rows = seg_store.for_document(store, doc["id"])
    positions = as_positions(positions)
    missing = positions.beyond(len(rows)) if positions else None
    if missing:
        raise WorkbenchError(f"document {doc['id']} has no segment at position {missing.ranges[0][0]} "
                             f"(it has {len(rows)} segments)")
    todo = []
    for r in rows:
        if positions and r["position"] not in positions:
            continue
        if not included(r):  # left out of the excerpt: never drafted (nor paid for)
            continue
        if redraft or (r["draft"] is None and r["status"] not in REVIEWED):
            todo.append(r)
    return rows, todo


def translation_memory(store: Store, rows: list[dict], *, apply: bool) -> tuple[list[dict], int]:
    """Segments whose exact source has a reviewed translation anywhere get it as a `tm` draft.

    Returns the rows still to draft and how many came from memory (stored only when `apply`).
    """
    left, hits = [], 0
    for r in rows:
        tm = review_store.reviewed_translation(store, r["source"])
        if tm is None:
            left.append(r)
            continue
        hits += 1
        if apply:
            draft_store.add(store, r["id"], engine=TM, text=tm["target"],
                            meta={"from_document": tm["document_id"], "reviewer": tm["reviewer"]})
    return left, hits


def references(store: Store, rows: list[dict], todo: list[dict], minimum: int) -> dict[int, dict]:
    """Segment id → the best fuzzy translation-memory match at or above `minimum` (below 100: exact
    matches became `tm` drafts), as the request's reference: {"source", "translation", "similarity"}.
    Nothing is looked up when the memory is empty."""
    if not todo or not memory_matches.has_memory(store):
        return {}
    by_pos = {r["position"]: r["source"] for r in rows}
    out = {}
    for r in todo:
        found = memory_matches.find(store, r["source"], before=by_pos.get(r["position"] - 1),
                                    after=by_pos.get(r["position"] + 1), minimum=minimum, limit=1,
                                    exclude_segment=r["id"])
        if found and found[0].score < similarity.EXACT:
            best = found[0]
            out[r["id"]] = {"source": best.unit.source, "translation": best.unit.target, "similarity": best.score}
    return out


def batches(counts: DocumentCounts, rows: list[dict], todo: list[dict], size: int, *,
            previous: bool = True, references: dict[int, dict] | None = None) -> list[Batch]:
    """Cut the segments to draft into batches in document order. With `previous`, a segment's current
    draft goes along (a redraft); an alternative is asked for without it, as an independent second opinion."""
    by_pos = {r["position"]: r for r in rows}
    out: list[Batch] = []
    current: list[dict] = []
    for r in todo:
        seg = {"id": r["id"], "position": r["position"], "source": r["source"]}
        if previous and r.get("draft"):
            seg["previous"] = r["draft"]  # a redraft: the model sees what the editor wants replaced
            seg["draft_id"] = r["draft_id"]  # (an assessment: the draft being assessed)
        if references and r["id"] in references:
            seg["reference"] = references[r["id"]]  # a similar sentence's reviewed translation
        if len(current) >= size:
            out.append(Batch(counts, current, by_pos))
            current = []
        current.append(seg)
    if current:
        out.append(Batch(counts, current, by_pos))
    return out


def interleave(per_document: list[list[Batch]]) -> list[Batch]:
    """Round-robin across documents, so a small document does not wait behind a large one."""
    out: list[Batch] = []
    longest = max((len(b) for b in per_document), default=0)
    for i in range(longest):
        for bs in per_document:
            if i < len(bs):
                out.append(bs[i])
    return out
