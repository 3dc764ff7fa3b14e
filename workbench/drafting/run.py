"""One drafting run over one or many documents: plan, translation memory, the engine, the summary."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Callable

from workbench.glossary import manage
from workbench.config import DraftSettings
from workbench.drafting import plan as planning
from workbench.drafting.engine import Drafter
from workbench.drafting.plan import Batch, DocumentCounts
from workbench.errors import WorkbenchError
from workbench.storage import Store
from workbench.storage import jobs as job_store


@dataclass
class Summary:
    documents: list[DocumentCounts]
    wall: float = 0.0
    interrupted: bool = False
    error: str | None = None
    priced: bool = True  # False: no price configured, so every cost is None

    def total(self) -> dict:
        keys = ("todo", "drafted", "tm", "failed", "requests", "cached", "repaired", "prompt_tokens",
                "completion_tokens")
        out = {k: sum(getattr(d, k) for d in self.documents) for k in keys}
        out["cost"] = round(sum(d.cost for d in self.documents), 6) if self.priced else None
        return out

    def as_dict(self) -> dict:
        return {"documents": [d.as_dict(self.priced) for d in self.documents], "total": self.total(),
                "wall_seconds": round(self.wall, 3), "interrupted": self.interrupted, "error": self.error}

    def line(self, priced: bool) -> str:
        t = self.total()
        cost = f", cost ${t['cost']:.4f}" if priced else ""
        head = "interrupted: " if self.interrupted else ("stopped: " if self.error else "")
        docs = f" in {len(self.documents)} documents" if len(self.documents) > 1 else ""
        return (f"{head}drafted {t['drafted']}{docs}, from tm {t['tm']}, failed {t['failed']}, "
                f"requests {t['requests']} (+{t['cached']} cached), tokens {t['prompt_tokens']} in / "
                f"{t['completion_tokens']} out{cost}, {self.wall:.1f} s")


def select(store: Store, refs: list[str], *, all_: bool = False, positions: list[int] | None = None,
           redraft: bool = False) -> list[tuple[dict, list[dict], list[dict]]]:
    """(document, all its rows, rows to draft) for every document with something to draft."""
    docs = planning.resolve_documents(store, refs, all_)
    if positions and len(docs) != 1:
        raise WorkbenchError("--positions works with one document at a time")
    work = []
    for doc in docs:
        rows, todo = planning.pending(store, doc, positions=positions, redraft=redraft)
        if not rows and not all_:
            raise WorkbenchError(f"document {doc['id']} ({doc['title']!r}) has no segments: nothing to draft")
        if todo:
            work.append((doc, rows, todo))
    return work


def make_batches(store: Store, work, batch_size: int, *, use_tm: bool, apply_tm: bool) -> tuple[list[DocumentCounts], list[Batch]]:
    """Counts per document and the batches, interleaved; translation-memory hits stored when `apply_tm`."""
    counts_list, per_doc = [], []
    for doc, rows, todo in work:
        counts = DocumentCounts(doc["id"], doc["title"], todo=len(todo))
        if use_tm:
            todo, counts.tm = planning.translation_memory(store, todo, apply=apply_tm)
        counts_list.append(counts)
        per_doc.append(planning.batches(counts, rows, todo, batch_size))
    return counts_list, planning.interleave(per_doc)


def draft_documents(store: Store, refs: list[str], settings: DraftSettings, *, all_: bool = False,
                    positions: list[int] | None = None, redraft: bool = False, use_tm: bool = True,
                    on_plan: Callable[[list[DocumentCounts]], None] | None = None,
                    on_progress: Callable[[DocumentCounts], None] | None = None) -> Summary:
    """Draft the documents; Ctrl-C stops cleanly (the summary says so) keeping every stored draft."""
    work = select(store, refs, all_=all_, positions=positions, redraft=redraft)
    if work:
        settings.require_endpoint()  # before anything is stored: bad input leaves the database as it was
    counts_list, batches = make_batches(store, work, settings.batch_size, use_tm=use_tm and not redraft,
                                        apply_tm=True)
    summary = Summary(counts_list, priced=settings.priced)
    if on_plan:
        on_plan(counts_list)
    if not batches:
        return summary
    jobs = {c.document_id: job_store.start(store, "draft", c.document_id, settings.model) for c in counts_list}
    matcher = manage.matcher(store)
    if len(matcher):
        from workbench.segment import tokenizer

        tokenizer()  # the glossary check uses jieba: load it now, not inside the event loop mid-run
    drafter = Drafter(store, settings, matcher=matcher if len(matcher) else None, on_progress=on_progress)
    started = time.monotonic()
    state = "done"
    try:
        asyncio.run(drafter.run(batches))
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
        for c in counts_list:
            job_store.finish(store, jobs[c.document_id], state, c.as_dict(settings.priced))
    return summary
