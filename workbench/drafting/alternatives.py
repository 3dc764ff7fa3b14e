"""Alternative drafts from another model: `workbench draft DOC --alternative --model M`.

The same run as drafting (run.run_claimed): the same batches, validation, cache (keyed by endpoint and
request, and the request names the model), leases, resumption, cost accounting and fault handling. What
differs is where a text goes: into the `alternatives` table beside the current draft, which stays as it
is. Every segment is asked for (reviewed ones too: an alternative is a second opinion on the source),
without its current draft in the request, and a rerun asks only for segments that have no alternative
from this model yet. There is no translation memory and no glossary repair request: an alternative is
kept as the model gave it (its glossary problems recorded in its meta). A segment that fails has no row
to say so (an alternative always has a text): the run reports it and a rerun asks again.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from workbench.config import DraftSettings
from workbench.drafting import plan as planning
from workbench.drafting import run as drafting
from workbench.drafting.engine import Asked, Drafter
from workbench.drafting.plan import Batch, DocumentCounts
from workbench.errors import WorkbenchError
from workbench.positions import Positions
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
from workbench.storage.alternatives import NewAlternative

ENGINE = "llm"

# A dated version of a model: gpt-4o-mini-2024-07-18, gpt-4-0613, claude-3-5-sonnet-20241022.
_DATED = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$")


class AlternativeDrafter(Drafter):
    """The engine storing accepted texts as alternatives; failures are reported, not stored."""

    def _keep(self, seg: dict, text: str, asked: Asked, tokens: tuple[int, int], problems: list) -> None:
        meta = {"requested_model": self.settings.model, "request_key": asked.key}
        if problems:
            meta["term_problems"] = problems
        alt_store.add(self.store, [NewAlternative(
            seg["id"], ENGINE, self._model(asked.reply), text, endpoint=self.settings.endpoint,
            prompt_tokens=tokens[0], completion_tokens=tokens[1], cost=self.settings.cost(*tokens), meta=meta,
        )])

    def _keep_failure(self, batch: Batch, seg: dict, reason: str) -> None:
        self.failures.append({"document_id": batch.counts.document_id, "position": seg["position"],
                              "reason": reason})

    async def _repair(self, batch: Batch, stored: list[dict]) -> None:
        return None  # an alternative stays as the model gave it


def same_model(a: str | None, b: str | None) -> bool:
    """Whether two model names name one model: equal, or one is a dated version of the other."""
    if not a or not b:
        return False
    return a == b or _DATED.sub("", a) == b or _DATED.sub("", b) == a


def pending(store: Store, doc: dict, *, model: str, positions: Positions | None) -> tuple[list, list]:
    """(all rows of the document, those in `positions` without an alternative from this model)."""
    rows, todo = planning.pending(store, doc, positions=positions, redraft=True)  # redraft: every row in range
    have = alt_store.segments_with(store, doc["id"], ENGINE, model)
    return rows, [r for r in todo if r["id"] not in have]


def select(store: Store, refs: list[str], model: str, *, all_: bool = False,
           positions: Positions | None = None) -> list[tuple[dict, list, list]]:
    """(document, all its rows, rows to ask an alternative for) for every document with something to ask.

    Refused, before anything is stored, when `model` wrote the current draft of a segment it would be
    asked about: an alternative from the same model is no second opinion."""
    work = drafting.select(store, refs, all_=all_, positions=positions,
                           pending=functools.partial(pending, model=model, positions=positions))
    for doc, _, todo in work:
        same = [r for r in todo if same_model(r["model"], model)]
        if same:
            raise WorkbenchError(
                f"--alternative needs a model other than the current draft's: {same[0]['model']!r} wrote the "
                f"current draft of {len(same)} segments of document {doc['id']} ({doc['title']!r}); "
                "name another with --model")
    return work


def draft_alternatives(store: Store, refs: list[str], settings: DraftSettings, *, all_: bool = False,
                       positions: Positions | None = None,
                       on_plan: Callable[[list[DocumentCounts]], None] | None = None,
                       on_progress: Callable[[DocumentCounts], None] | None = None) -> drafting.Summary:
    """Ask `settings.model` for an alternative draft of every segment that has none from it yet; Ctrl-C
    stops cleanly keeping what is stored. Segments another run holds are skipped (`skipped`)."""
    work = select(store, refs, settings.model, all_=all_, positions=positions)
    if work:
        settings.require_endpoint()  # before anything is stored: bad input leaves the database as it was
    purpose = drafting.Purpose(drafting.ALTERNATIVE, functools.partial(pending, model=settings.model,
                                                                       positions=positions),
                               drafter=AlternativeDrafter, use_tm=False, previous=False)
    return drafting.run_claimed(store, work, settings, purpose, on_plan=on_plan, on_progress=on_progress)
