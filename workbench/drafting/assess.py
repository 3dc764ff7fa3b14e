"""MQM assessment of drafts: `workbench assess DOC [--model M]`.

The same run as drafting (run.run_claimed): the same batches, cache (keyed by endpoint and request, and
the request names the model), leases, resumption, cost accounting, response-format probing and fault
handling — only the request kind differs (assess_prompt: the drafts with their sources in, error spans
out) and where an accepted answer goes: one assessment per draft with its spans (storage.assessments).
A reply whose ids are not those asked, or with a span not in its text or a category or severity outside
the typology, is asked again, then in halves, then alone, and finally recorded as failed (a rerun asks
again). A rerun asks only for current drafts this model has not assessed yet.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.config import DraftSettings
from workbench.drafting import assess_prompt, batch_api, prompts
from workbench.drafting import plan as planning
from workbench.drafting import run as drafting
from workbench.drafting.engine import Asked, Drafter, split_evenly, tokens_used
from workbench.drafting.plan import Batch, DocumentCounts
from workbench.drafting.validate import Verdict, shorten
from workbench.errors import WorkbenchError
from workbench.outputs import Guard
from workbench.positions import Positions
from workbench.storage import Store
from workbench.storage import assessments as assess_store
from workbench.storage import endpoints as endpoint_store


class AssessDrafter(Drafter):
    """The engine asking for MQM error spans of each segment's current draft."""

    kind = assess_prompt.ASSESSMENT

    def _payload(self, batch: Batch, segments: list[dict], problem: str | None, attempt: int) -> dict:
        return assess_prompt.payload(_with_translation(segments), terms=self._terms(segments),
                                     context=batch.context(segments), problem=problem, attempt=attempt)

    def _check(self, reply: dict, segments: list[dict]) -> Verdict:
        return assess_prompt.check_assessment(reply, _with_translation(segments))

    def _keep_accepted(self, seg: dict, spans: list[dict], asked: Asked, tokens: tuple[int, int]) -> dict:
        meta = {"reported_model": asked.reply["model"]} if asked.reply.get("model") not in (None, self.settings.model) else None
        assess_store.add(self.store, seg["id"], seg["draft_id"], self.settings.model, spans,
                         endpoint=self.settings.endpoint, request_key=asked.key, prompt_tokens=tokens[0],
                         completion_tokens=tokens[1], cost=self.settings.cost(*tokens), meta=meta)
        return {**seg, "problems": []}

    def _keep_failure(self, batch: Batch, seg: dict, reason: str) -> None:
        assess_store.add_failure(self.store, seg["id"], seg["draft_id"], self.settings.model, reason,
                                 endpoint=self.settings.endpoint)

    async def _repair(self, batch: Batch, stored: list[dict]) -> None:
        return None  # an assessment has no glossary repair


def _with_translation(segments: list[dict]) -> list[dict]:
    """The segments as an assessment request names them: the draft being assessed is the translation."""
    return [{**s, "translation": s["previous"]} for s in segments]


def pending(store: Store, doc: dict, *, model: str, positions: Positions | None) -> tuple[list, list]:
    """(all rows of the document, those in `positions` whose current draft `model` has not assessed)."""
    rows, todo = planning.pending(store, doc, positions=positions, redraft=True)  # every row in range
    done = assess_store.assessed(store, doc["id"], model)
    return rows, [r for r in todo if r.draft_id is not None and r.draft_id not in done]


def select(store: Store, refs: list[str], model: str, *, all_: bool = False,
           positions: Positions | None = None) -> list[tuple[dict, list, list]]:
    """(document, its rows, rows to assess); refused, before anything is stored, for a document named
    that has no draft at all."""
    docs = planning.resolve_documents(store, refs, all_)
    if positions and len(docs) != 1:
        raise WorkbenchError("--positions works with one document at a time")
    work = []
    for doc in docs:
        rows, todo = pending(store, doc, model=model, positions=positions)
        if not all_ and not any(r.draft_id is not None for r in rows):
            raise WorkbenchError(f"document {doc['id']} ({doc['title']!r}) has no drafts to assess: "
                                 f"`workbench draft {doc['id']}` first")
        if todo:
            work.append((doc, rows, todo))
    return work


def _purpose(model: str, positions: Positions | None) -> drafting.Purpose:
    return drafting.Purpose(drafting.ASSESS, functools.partial(pending, model=model, positions=positions),
                            drafter=AssessDrafter, use_tm=False, previous=True)


def assess_documents(store: Store, refs: list[str], settings: DraftSettings, *, all_: bool = False,
                     positions: Positions | None = None,
                     on_plan: Callable[[list[DocumentCounts]], None] | None = None,
                     on_progress: Callable[[DocumentCounts], None] | None = None) -> drafting.Summary:
    """Ask `settings.model` for the MQM error spans of every current draft it has not assessed yet;
    Ctrl-C stops cleanly keeping what is stored. Segments another run holds are skipped (`skipped`)."""
    work = select(store, refs, settings.model, all_=all_, positions=positions)
    if work:
        settings.require_endpoint()  # before anything is stored: bad input leaves the database as it was
    return drafting.run_claimed(store, work, settings, _purpose(settings.model, positions), on_plan=on_plan,
                                on_progress=on_progress)


# -- the Batch API path ------------------------------------------------------------------------------
# custom_id: wb:mqm:d<document>:s<segment>=<draft>,… — the drafts assessed travel with their segments,
# so a result is stored only against the very draft that was sent.

_CUSTOM_ID = re.compile(r"^wb:mqm:d(\d{1,18}):s(\d{1,18}=\d{1,18}(?:,\d{1,18}=\d{1,18})*)$")


def request_lines(store: Store, batches: list[Batch], settings: DraftSettings) -> list[dict]:
    mode = endpoint_store.response_mode(store, settings.endpoint, settings.model) or "json_schema"
    lines = []
    for b in batches:
        payload = assess_prompt.payload(_with_translation(b.segments), terms=[], context=b.context(b.segments))
        cid = f"wb:mqm:d{b.counts.document_id}:s" + ",".join(f"{s['id']}={s['draft_id']}" for s in b.segments)
        lines.append({"custom_id": cid, "method": "POST", "url": "/v1/chat/completions",
                      "body": prompts.body(settings.model, mode, payload, assess_prompt.ASSESSMENT)})
    return lines


def write_batch_file(store: Store, refs: list[str], settings: DraftSettings, path: Path, guard: Guard, *,
                     all_: bool = False, positions: Positions | None = None) -> dict:
    """Write the assessment requests as OpenAI Batch API JSONL instead of sending them."""
    guard.check(path)
    work = select(store, refs, settings.model, all_=all_, positions=positions)
    counts, batches = drafting.make_batches(store, work, settings.batch_size, use_tm=False, apply_tm=False)
    lines = request_lines(store, batches, settings)
    batch_api.write(path, lines, guard)
    return {"batch_file": str(path), "requests": len(lines), "documents": len(counts),
            "segments": sum(len(b.segments) for b in batches)}


@dataclass
class Collected:
    stored: int = 0
    already: int = 0
    lines: int = 0
    bad: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"lines": self.lines, "stored": self.stored, "already_assessed": self.already, "bad": self.bad}


def collect(store: Store, path: Path, settings: DraftSettings, endpoint: str | None = None) -> Collected:
    """Store the assessments of a Batch API results file; bad lines are reported with their numbers."""
    out = Collected()
    for number, raw in enumerate(batch_api.read_results(path).splitlines(), 1):
        if raw.strip():
            out.lines += 1
            problem = _collect_line(store, raw, settings, out, endpoint)
            if problem:
                out.bad.append(f"line {number}: {problem}")
    return out


def _collect_line(store: Store, raw: str, settings: DraftSettings, out: Collected, endpoint: str | None) -> str | None:
    try:
        line = json.loads(raw)
    except json.JSONDecodeError:
        return "not valid JSON (truncated?)"
    m = _CUSTOM_ID.match(str(line.get("custom_id", ""))) if isinstance(line, dict) else None
    if not m:
        return "not an assessment request written by workbench"
    doc_id = int(m.group(1))
    pairs = [tuple(int(x) for x in p.split("=")) for p in m.group(2).split(",")]
    drafts = assess_store.drafts_named(store, [d for _, d in pairs])
    segments = []
    for seg_id, draft_id in pairs:
        d = drafts.get(draft_id)
        if d is None or d["segment_id"] != seg_id or d["document_id"] != doc_id:
            return f"draft {draft_id} is not a draft of segment {seg_id} in document {doc_id}"
        segments.append({"id": seg_id, "draft_id": draft_id, "source": d["source"], "translation": d["text"]})
    answer = batch_api.parse_answer(line)
    if isinstance(answer, str):
        return answer
    verdict = assess_prompt.check_assessment(answer.reply, segments)
    if verdict.error:
        return verdict.error
    p_tok, c_tok = tokens_used(answer.body)
    shares = zip(split_evenly(p_tok, len(segments)), split_evenly(c_tok, len(segments)))
    key = "batch:" + line["custom_id"]
    with store.transaction():
        for seg, (share_p, share_c) in zip(segments, shares):
            if seg["id"] not in verdict.accepted:
                continue
            if assess_store.has_request(store, seg["draft_id"], key):
                out.already += 1
                continue
            assess_store.add(store, seg["id"], seg["draft_id"], settings.model, verdict.accepted[seg["id"]],
                             endpoint=endpoint, request_key=key, prompt_tokens=share_p, completion_tokens=share_c,
                             cost=settings.cost(share_p, share_c))
            out.stored += 1
    rejected = [f"segment id {i}: {shorten(why)}" for i, why in verdict.rejected.items()]
    return "; ".join(rejected) if rejected else None
