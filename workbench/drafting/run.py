"""One drafting run over one or many documents: plan, translation memory, the engine, the summary."""

from __future__ import annotations

import asyncio
import functools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.config import DraftSettings, draft_settings, memory_minimum
from workbench.drafting import plan as planning
from workbench.drafting.engine import Drafter
from workbench.drafting.lease import RENEW_SECONDS, Claim
from workbench.drafting.plan import Batch, DocumentCounts
from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.memory import matches as memory_matches
from workbench.positions import Positions
from workbench.segment import tokenizer
from workbench.storage import Store, open_store
from workbench.storage import documents as doc_store
from workbench.storage import jobs as job_store
from workbench.storage import segments as seg_store

DRAFT = "draft"  # a run that drafts each segment's current draft
ALTERNATIVE = "alternative"  # a run that stores another model's drafts beside them (drafting.alternatives)
ASSESS = "assess"  # a run that stores MQM error spans of the current drafts (drafting.assess)

# (all rows of a document, the rows to draft in this run): what a run reads, and reads again under its claim
Pending = Callable[[Store, dict], tuple[list, list]]


@dataclass
class Summary:
    documents: list[DocumentCounts]
    wall: float = 0.0
    interrupted: bool = False
    error: str | None = None
    priced: bool = True  # False: no price configured, so every cost is None
    kind: str = DRAFT  # ALTERNATIVE: the run stored alternatives, and its summary says so
    # segments that ended without a text and have no row saying so (alternatives): document_id, position, reason
    failures: list[dict] = field(default_factory=list)

    def total(self) -> dict:
        keys = ("todo", "drafted", "tm", "tm_references", "failed", "requests", "cached", "repaired", "prompt_tokens",
                "completion_tokens", "skipped")
        out = {k: sum(getattr(d, k) for d in self.documents) for k in keys}
        out["cost"] = round(sum(d.cost for d in self.documents), 6) if self.priced else None
        return out

    def as_dict(self) -> dict:
        out = {"documents": [self.named(d.as_dict(self.priced)) for d in self.documents],
               "total": self.named(self.total()), "wall_seconds": round(self.wall, 3),
               "interrupted": self.interrupted, "error": self.error}
        if self.kind == ALTERNATIVE:
            out["failures"] = self.failures
        return out

    _DONE = {ALTERNATIVE: "alternatives", ASSESS: "assessed"}  # what a run's `drafted` count means

    def named(self, counts: dict) -> dict:
        """Counts as this run's summary names them: an alternatives run has `alternatives` where a drafting
        run has `drafted`, and no `tm` (translation memory never gives an alternative)."""
        if self.kind not in self._DONE:
            return counts
        dropped = {"tm", "tm_references"} if self.kind == ALTERNATIVE else {"tm", "repaired", "tm_references"}
        return {(self._DONE[self.kind] if k == "drafted" else k): v for k, v in counts.items() if k not in dropped}

    def line(self, priced: bool) -> str:
        t = self.total()
        cost = f", cost ${t['cost']:.4f}" if priced else ""
        head = "interrupted: " if self.interrupted else ("stopped: " if self.error else "")
        docs = f" in {len(self.documents)} documents" if len(self.documents) > 1 else ""
        skipped = f"; {t['skipped']} segments skipped: being drafted by another run" if t["skipped"] else ""
        done = (f"{self._DONE[self.kind]} {t['drafted']}{docs}" if self.kind in self._DONE
                else f"drafted {t['drafted']}{docs}, from tm {t['tm']}")
        if t["tm_references"] and self.kind not in self._DONE:
            done += f", {t['tm_references']} with TM references"
        return (f"{head}{done}, failed {t['failed']}, "
                f"requests {t['requests']} (+{t['cached']} cached), tokens {t['prompt_tokens']} in / "
                f"{t['completion_tokens']} out{cost}, {self.wall:.1f} s{skipped}")


@dataclass(frozen=True)
class Purpose:
    """What a live run drafts: each segment's current draft (DRAFT), or another model's alternative."""

    kind: str
    pending: Pending
    drafter: type[Drafter] = Drafter
    use_tm: bool = True  # exact translation-memory hits become drafts without asking the model
    previous: bool = True  # a segment's current draft goes along with it (a redraft)


def drafting_pending(positions: Positions | None = None, redraft: bool = False) -> Pending:
    """What a drafting run drafts: segments without a draft (every segment in `positions`, with `redraft`)."""
    return functools.partial(planning.pending, positions=positions, redraft=redraft)


def select(store: Store, refs: list[str], *, all_: bool = False, positions: Positions | None = None,
           redraft: bool = False, pending: Pending | None = None) -> list[tuple[dict, list[dict], list[dict]]]:
    """(document, all its rows, rows to draft) for every document with something to draft; `pending` says
    what there is to draft in a document (default: what a drafting run with `positions` and `redraft` drafts)."""
    docs = planning.resolve_documents(store, refs, all_)
    if positions and len(docs) != 1:
        raise WorkbenchError("--positions works with one document at a time")
    pending = pending or drafting_pending(positions, redraft)
    work = []
    for doc in docs:
        rows, todo = pending(store, doc)
        if not rows and not all_:
            raise WorkbenchError(f"document {doc['id']} ({doc['title']!r}) has no segments: nothing to draft")
        if todo:
            work.append((doc, rows, todo))
    return work


def make_batches(store: Store, work, batch_size: int, *, use_tm: bool, apply_tm: bool,
                 previous: bool = True) -> tuple[list[DocumentCounts], list[Batch]]:
    """Counts per document and the batches, interleaved; translation-memory hits stored when `apply_tm`;
    `previous`: current drafts go along with their segments (see plan.batches)."""
    counts_list, per_doc = [], []
    minimum = memory_matches.check_minimum(memory_minimum()) if use_tm else 0
    for doc, rows, todo in work:
        counts = DocumentCounts(doc["id"], doc["title"], todo=len(todo))
        references: dict[int, dict] = {}
        if use_tm:
            todo, counts.tm = planning.translation_memory(store, todo, apply=apply_tm)
            references = planning.references(store, rows, todo, minimum)
            counts.tm_references = len(references)
        counts_list.append(counts)
        per_doc.append(planning.batches(counts, rows, todo, batch_size, previous=previous, references=references))
    return counts_list, planning.interleave(per_doc)


def claim_work(store: Store, claim: Claim, work, *, positions: Positions | None = None,
               redraft: bool = False, pending: Pending | None = None) -> tuple[list, dict[int, int]]:
    """Claim the segments of `work` for this run: (the work this run may do, segments skipped per document).

    What another live run holds is skipped. What is claimed is read again under the claim (with `pending`,
    as `select` read it): another run may have drafted some of it between `select` and now, and that must
    not be drafted (paid) twice.
    """
    pending = pending or drafting_pending(positions, redraft)
    got = claim.take(r["id"] for _, _, todo in work for r in todo)
    mine, skipped = [], {}
    for doc, _, todo in work:
        rows, now_todo = pending(store, doc)
        mine.append((doc, rows, [r for r in now_todo if r["id"] in got]))
        skipped[doc["id"]] = sum(1 for r in todo if r["id"] not in got)
    return mine, skipped


async def _renewing(claim: Claim, job):
    """Run `job`, renewing the claim meanwhile so that it does not lapse under a long run."""
    async def renew():
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            claim.renew()

    renewer = asyncio.ensure_future(renew())
    try:
        return await job
    finally:
        renewer.cancel()


def draft_documents(store: Store, refs: list[str], settings: DraftSettings, *, all_: bool = False,
                    positions: Positions | None = None, redraft: bool = False, use_tm: bool = True,
                    on_plan: Callable[[list[DocumentCounts]], None] | None = None,
                    on_progress: Callable[[DocumentCounts], None] | None = None) -> Summary:
    """Draft the documents; Ctrl-C stops cleanly (the summary says so) keeping every stored draft.

    Segments another run is drafting at the same time are skipped (counted in `skipped`)."""
    pending = drafting_pending(positions, redraft)
    work = select(store, refs, all_=all_, positions=positions, pending=pending)
    if work:
        settings.require_endpoint()  # before anything is stored: bad input leaves the database as it was
    purpose = Purpose(DRAFT, pending, use_tm=use_tm and not redraft)
    return run_claimed(store, work, settings, purpose, on_plan=on_plan, on_progress=on_progress)


def run_claimed(store: Store, work, settings: DraftSettings, purpose: Purpose, *,
                on_plan: Callable[[list[DocumentCounts]], None] | None = None,
                on_progress: Callable[[DocumentCounts], None] | None = None) -> Summary:
    """Claim the segments of `work`, draft them for `purpose`, release the claim; the run's summary."""
    claim = Claim(store)
    try:
        return _draft_claimed(store, claim, work, settings, purpose, on_plan, on_progress)
    finally:
        claim.release()  # also after Ctrl-C or an error; a SIGKILLed run's claim lapses (see lease.py)


def _draft_claimed(store: Store, claim: Claim, work, settings: DraftSettings, purpose: Purpose, on_plan,
                   on_progress) -> Summary:
    work, skipped = claim_work(store, claim, work, pending=purpose.pending)
    counts_list, batches = make_batches(store, work, settings.batch_size, use_tm=purpose.use_tm, apply_tm=True,
                                        previous=purpose.previous)
    for c in counts_list:
        c.skipped = skipped.get(c.document_id, 0)
    summary = Summary(counts_list, priced=settings.priced, kind=purpose.kind)
    if on_plan:
        on_plan(counts_list)
    if not batches:
        return summary
    jobs = {c.document_id: job_store.start(store, purpose.kind, c.document_id, settings.model)
            for c in counts_list if c.todo}
    matcher = manage.matcher(store)
    if len(matcher):
        tokenizer()  # the glossary check uses jieba: load it now, not inside the event loop mid-run
    drafter = purpose.drafter(store, settings, matcher=matcher if len(matcher) else None, on_progress=on_progress)
    summary.failures = drafter.failures
    _execute(store, claim, drafter, batches, summary, jobs)
    return summary


def _execute(store: Store, claim: Claim, drafter: Drafter, batches: list[Batch], summary: Summary,
             jobs: dict[int, int]) -> None:
    """Send the batches, renewing the claim meanwhile; each job row ends as done, interrupted or failed."""
    started = time.monotonic()
    state = "done"
    try:
        asyncio.run(_renewing(claim, drafter.run(batches)))
    except KeyboardInterrupt:
        summary.interrupted, state = True, "interrupted"
    except WorkbenchError as exc:
        summary.error, state = str(exc), "failed"
        raise
    except BaseException:  # anything unforeseen: the job did not finish, so its row must not say done
        state = "failed"
        raise
    finally:
        summary.wall = time.monotonic() - started
        for c in summary.documents:
            if c.document_id in jobs:
                job_store.finish(store, jobs[c.document_id], state, summary.named(c.as_dict(summary.priced)))


def redraft_one(db_path: str | Path, document_id: int, position: int) -> str:
    """Ask the configured endpoint for a fresh draft of one segment; store it and return its text.

    Raises WorkbenchError with one clear line when no endpoint is configured, the segment does not
    exist, or the draft failed validation (the failure is then stored, visible as `draft failed`).
    """
    settings = draft_settings()
    settings.require_endpoint()
    settings.batch_size = 1
    store = open_store(db_path)
    try:
        if doc_store.get(store, int(document_id)) is None:
            raise WorkbenchError(f"no document {document_id}")
        if seg_store.at(store, int(document_id), int(position)) is None:
            raise WorkbenchError(f"document {document_id} has no segment at position {position}")
        summary = draft_documents(store, [str(int(document_id))], settings, positions=Positions.single(int(position)),
                                  redraft=True, use_tm=False)
        row = seg_store.at(store, int(document_id), int(position))
        if summary.total()["skipped"]:
            raise WorkbenchError(f"segment {position} is being drafted by another run: try again when it is done")
        if summary.total()["failed"] or summary.interrupted:
            reason = row.get("draft_error") or "no valid reply"
            raise WorkbenchError(f"redraft of segment {position} failed: {reason}")
        return row["draft"]
    finally:
        store.close()
