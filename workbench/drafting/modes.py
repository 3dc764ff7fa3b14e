"""The drafting modes besides the live run (`run.draft_documents`), one library call each: a dry run,
a Batch API file, a Batch API submission, polling submitted batches, and collecting a results file.
The `draft` command only chooses one and prints what it returns."""

from __future__ import annotations

from pathlib import Path

from workbench.config import DraftSettings
from workbench.drafting import alternatives, batch_api, prompts
from workbench.drafting import run as drafting
from workbench.drafting.lease import BATCH_LEASE_SECONDS, Claim, batch_owner
from workbench.glossary import manage
from workbench.glossary.terms import Matcher
from workbench.outputs import Guard
from workbench.positions import Positions
from workbench.storage import Store

TOKEN_ESTIMATE = "1 per CJK character + 1 per 4 other characters; completion ≈ 1 per source character"


def _matcher(store: Store) -> Matcher | None:
    matcher = manage.matcher(store)
    return matcher if len(matcher) else None


def _requests(store: Store, work, settings: DraftSettings, *, redraft: bool, apply_tm: bool,
              alternative: bool = False):
    counts, batches = drafting.make_batches(store, work, settings.batch_size, use_tm=not (redraft or alternative),
                                            apply_tm=apply_tm, previous=not alternative)
    return counts, batches, batch_api.request_lines(store, batches, settings, _matcher(store))


def dry_run(store: Store, refs: list[str], settings: DraftSettings, *, all_: bool = False,
            positions: Positions | None = None, redraft: bool = False, alternative: bool = False) -> dict:
    """The first request as it would be sent, the request count and a token (and cost) estimate;
    nothing is sent and nothing is stored (translation-memory hits are counted, not applied).
    `alternative`: the requests of `draft --alternative` (see drafting.alternatives)."""
    if alternative:
        work = alternatives.select(store, refs, settings.model, all_=all_, positions=positions)
    else:
        work = drafting.select(store, refs, all_=all_, positions=positions, redraft=redraft)
    counts, batches, lines = _requests(store, work, settings, redraft=redraft, apply_tm=False, alternative=alternative)
    prompt = sum(prompts.estimate_prompt_tokens(x["body"]) for x in lines)
    completion = sum(len(seg["source"]) for b in batches for seg in b.segments)
    out = {"first_request": lines[0]["body"] if lines else None, "endpoint": settings.endpoint,
           "requests": len(lines), "segments": sum(len(b.segments) for b in batches),
           "from_tm": sum(c.tm for c in counts), "estimated_prompt_tokens": prompt,
           "estimated_completion_tokens": completion, "token_estimate": TOKEN_ESTIMATE}
    if settings.priced:
        out["estimated_cost"] = round(settings.cost(prompt, completion), 6)
    return out


def write_batch_file(store: Store, refs: list[str], settings: DraftSettings, path: Path, guard: Guard, *,
                     all_: bool = False, positions: Positions | None = None, redraft: bool = False) -> dict:
    """Write the requests as OpenAI Batch API JSONL (also read by `vllm run-batch`) instead of sending
    them; exact translation-memory hits are stored as drafts on the way."""
    guard.check(path)  # before the translation memory fills any segment: a refusal changes nothing
    work = drafting.select(store, refs, all_=all_, positions=positions, redraft=redraft)
    counts, _, lines = _requests(store, work, settings, redraft=redraft, apply_tm=True)
    batch_api.write(path, lines, guard)
    return {"batch_file": str(path), "requests": len(lines), "documents": len(counts),
            "from_tm": sum(c.tm for c in counts)}


def submit_batch(store: Store, refs: list[str], settings: DraftSettings, *, all_: bool = False,
                 positions: Positions | None = None, redraft: bool = False) -> dict:
    """Send the requests to the endpoint's Batch API. The segments are claimed like a live run's
    (a second run skips them) and held by the batch until `poll_batches` collects it."""
    settings.require_endpoint()  # before anything is claimed or stored
    work = drafting.select(store, refs, all_=all_, positions=positions, redraft=redraft)
    claim = Claim(store)
    try:
        work, by_doc = drafting.claim_work(store, claim, work, positions=positions, redraft=redraft)
        skipped = sum(by_doc.values())
        work = [w for w in work if w[2]]  # a document another run holds entirely is not part of the batch
        counts, _, lines = _requests(store, work, settings, redraft=redraft, apply_tm=True)
        if not lines:
            return {"batch_id": None, "requests": 0, "skipped": skipped, "status": None}
        result = batch_api.submit(store, lines, settings, [c.document_id for c in counts])
        # the batch now drafts these segments: it holds them until --poll collects it (or it lapses)
        claim.hand_over(batch_owner(result["batch_id"]), BATCH_LEASE_SECONDS)
        return {**result, "skipped": skipped}
    finally:
        claim.release()  # nothing, once handed over to the submitted batch


def poll_batches(store: Store, settings: DraftSettings) -> list[dict]:
    """Check every submitted batch; collect those that completed."""
    settings.require_endpoint()
    return batch_api.poll(store, settings, _matcher(store))


def collect_results(store: Store, path: Path, settings: DraftSettings, refs: list[str],
                    all_: bool = False) -> batch_api.Collected:
    """Store the drafts of a Batch API results file (only for the documents named, when any are)."""
    text = batch_api.read_results(path)
    wanted = {d["id"] for d in drafting.planning.resolve_documents(store, refs, all_)} if refs or all_ else None
    return batch_api.collect(store, text, settings, _matcher(store), wanted)
