"""The drafting engine: batches through AsyncOpenAI with one concurrency budget, validated, cached.

For each batch: ask (or reuse the cached reply for exactly this request), check the reply, and in ONE
transaction store the reply in llm_cache together with the drafts it validated — so a SIGKILL at any
moment either keeps both or neither, and a rerun never pays twice for a stored reply. Segments whose
translation was rejected are asked again (a different request, naming the problem), then in halves,
then alone, and finally marked `draft failed` with the reason. Drafts with glossary errors get one
targeted repair request; the better text wins.
"""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass, field
from typing import Callable

from workbench.config import DraftSettings
from workbench.drafting import prompts
from workbench.drafting.client import (
    Fatal,
    RequestFailed,
    Unsupported,
    complete,
    make_client,
)
from workbench.drafting.plan import Batch, DocumentCounts
from workbench.drafting.validate import Verdict, check_reply, term_problems
from workbench.glossary.terms import Matcher
from workbench.storage import Store
from workbench.storage import cache as cache_store
from workbench.storage import drafts as draft_store
from workbench.storage import endpoints as endpoint_store

WORKERS_PER_SLOT = 2
ATTEMPTS = 2  # asks per group of segments before it is split (or, alone, marked failed)


@dataclass
class Asked:
    key: str
    reply: dict
    fresh: bool  # sent now (paid) rather than reused from the cache


@dataclass
class Drafter:
    store: Store
    settings: DraftSettings
    matcher: Matcher | None = None
    on_progress: Callable[[DocumentCounts], None] | None = None
    mode: str | None = None
    client: object = field(default=None, repr=False)
    # segments that ended without a text where the store keeps no row saying why (alternatives):
    # {"document_id", "position", "reason"}
    failures: list[dict] = field(default_factory=list)

    kind = prompts.TRANSLATION  # what the requests ask for (drafting.assess asks for MQM error spans)

    def __post_init__(self):
        if self.mode is None:
            self.mode = endpoint_store.response_mode(self.store, self.settings.endpoint, self.settings.model)
        self._sem = asyncio.Semaphore(self.settings.concurrency)
        self._mode_lock = asyncio.Lock()

    # -- the run -----------------------------------------------------------------------------

    async def run(self, batches: list[Batch]) -> None:
        """Draft every batch; a Fatal error stops the rest (what is stored stays stored)."""
        self.client = self.client or make_client(self.settings)
        queue = collections.deque(batches)

        async def worker():
            while queue:
                batch = queue.popleft()
                await self.draft(batch, batch.segments)

        # Twice as many workers as requests may be in flight: a prepared request is always waiting for the
        # next free slot, yet prompts are not all built up front (memory, and a slow start) on a big job.
        workers = min(WORKERS_PER_SLOT * self.settings.concurrency, len(batches))
        tasks = [asyncio.ensure_future(worker()) for _ in range(workers)]
        try:
            if tasks:
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
                for t in done:
                    if not t.cancelled() and t.exception() is not None:
                        raise t.exception()
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.client.close()

    async def draft(self, batch: Batch, segments: list[dict], attempt: int = 1, problem: str | None = None) -> None:
        payload = self._payload(batch, segments, problem, attempt)
        splittable = True
        try:
            asked = await self.ask(payload)
        except RequestFailed as exc:
            asked, verdict = None, Verdict(error=str(exc))
            splittable = exc.splittable
        else:
            verdict = self._check(asked.reply, segments)
        stored = self._store(batch, segments, asked, verdict)
        left = [s for s in segments if s["id"] not in verdict.accepted]
        if stored:
            await self._repair(batch, stored)
        if not left:
            return
        reason = verdict.error or next(iter(verdict.rejected.values()))
        if attempt < ATTEMPTS:
            await self.draft(batch, left, attempt + 1, reason)
        elif len(left) > 1 and splittable:
            half = len(left) // 2
            await asyncio.gather(self.draft(batch, left[:half]), self.draft(batch, left[half:]))
        else:
            # an endpoint that keeps failing (5xx, 429 after the SDK's retries) is not helped by smaller
            # requests: mark these segments failed now; a rerun asks for them again
            for seg in left:
                self._fail(batch, seg, reason)

    def _payload(self, batch: Batch, segments: list[dict], problem: str | None, attempt: int) -> dict:
        """The request's user payload (a retry names the problem with the previous reply)."""
        return prompts.batch_payload(segments, terms=self._terms(segments), context=batch.context(segments),
                                     problem=problem, attempt=attempt)

    def _check(self, reply: dict, segments: list[dict]) -> Verdict:
        """What of the reply is accepted, per segment id."""
        return check_reply(reply, segments, self.matcher)

    # -- asking ------------------------------------------------------------------------------

    async def ask(self, payload: dict) -> Asked:
        """The reply for this payload: from the cache if this exact request was answered before."""
        while self.mode is None:
            async with self._mode_lock:
                if self.mode is None:
                    return await self._probe(payload)
        params = prompts.body(self.settings.model, self.mode, payload, self.kind)
        key = prompts.request_key(params)
        cached = cache_store.get(self.store, self.settings.endpoint, key)
        if cached is not None:
            return Asked(key, cached, False)
        async with self._sem:
            reply = await complete(self.client, params, self.settings)
        await asyncio.sleep(0)  # let the request waiting for this slot go out before this reply is handled
        return Asked(key, reply, True)

    async def _probe(self, payload: dict) -> Asked:
        """Find the best response_format this endpoint accepts, remembering it per endpoint and model."""
        for mode in prompts.MODES:
            params = prompts.body(self.settings.model, mode, payload, self.kind)
            key = prompts.request_key(params)
            cached = cache_store.get(self.store, self.settings.endpoint, key)
            try:
                if cached is None:
                    async with self._sem:
                        reply = await complete(self.client, params, self.settings, probe=mode != "plain")
            except Unsupported:
                continue
            self.mode = mode
            endpoint_store.remember(self.store, self.settings.endpoint, self.settings.model, mode)
            return Asked(key, cached, False) if cached is not None else Asked(key, reply, True)
        raise AssertionError("plain mode never raises Unsupported")

    # -- storing -----------------------------------------------------------------------------

    def _store(self, batch: Batch, segments: list[dict], asked: Asked | None, verdict: Verdict) -> list[dict]:
        """Cache the reply and store its accepted drafts in one transaction; return what was stored."""
        if asked is None:
            return []
        counts = batch.counts
        p_tok, c_tok = tokens_used(asked.reply)
        n = len(segments)
        stored = []
        shares = zip(split_evenly(p_tok, n), split_evenly(c_tok, n))
        with self.store.transaction():
            if asked.fresh:
                cache_store.put(self.store, self.settings.endpoint, asked.key, asked.reply)
            for seg, (share_p, share_c) in zip(segments, shares):
                if seg["id"] not in verdict.accepted:
                    continue
                stored.append(self._keep_accepted(seg, verdict.accepted[seg["id"]], asked, (share_p, share_c)))
        if asked.fresh:
            self._charge(counts, asked.reply)
        else:
            counts.cached += 1
        counts.drafted += len(stored)
        self._report(counts)
        return stored

    def _keep_accepted(self, seg: dict, text: str, asked: Asked, tokens: tuple[int, int]) -> dict:
        """Store what the reply gave for one segment; what `_repair` needs to know of it."""
        problems = term_problems(seg["source"], text, self._hits(seg))
        draft_id = self._keep(seg, text, asked, tokens, problems)
        return {**seg, "text": text, "draft_id": draft_id, "problems": problems}

    def _keep(self, seg: dict, text: str, asked: Asked, tokens: tuple[int, int], problems: list) -> int | None:
        """Store one accepted text as the segment's current draft (inside `_store`'s transaction)."""
        return draft_store.add(
            self.store, seg["id"], engine="llm", model=self._model(asked.reply), text=text, request_key=asked.key,
            prompt_tokens=tokens[0], completion_tokens=tokens[1], cost=self.settings.cost(*tokens),
            meta={"term_problems": problems} if problems else None, endpoint=self.settings.endpoint,
        )

    def _fail(self, batch: Batch, seg: dict, reason: str) -> None:
        self._keep_failure(batch, seg, reason)
        batch.counts.failed += 1
        self._report(batch.counts)

    def _keep_failure(self, batch: Batch, seg: dict, reason: str) -> None:
        """Record why a segment has no draft (shown as `draft failed`; a rerun asks again)."""
        draft_store.add(self.store, seg["id"], engine="llm", model=self.settings.model, text=None, error=reason,
                        endpoint=self.settings.endpoint)

    async def _repair(self, batch: Batch, stored: list[dict]) -> None:
        """One targeted request for the drafts that miss a required term or use a forbidden one."""
        broken = [s for s in stored if s["problems"]]
        if not broken:
            return
        segs = [{"id": s["id"], "position": s["position"], "source": s["source"], "hits": s["hits"]} for s in broken]
        extra = {"repair": {
            "instructions": "Each draft below breaks the glossary as described. Return corrected translations "
                            "that use exactly the glossary targets; change nothing else.",
            "drafts": [{"id": s["id"], "draft": s["text"], "problems": s["problems"]} for s in broken],
        }}
        payload = prompts.user_payload(segs, terms=self._terms(segs), context=batch.context(segs), extra=extra)
        try:
            asked = await self.ask(payload)
        except RequestFailed:
            return  # the first drafts stay; QA will show their term problems
        verdict = check_reply(asked.reply, segs, self.matcher)
        with self.store.transaction():
            if asked.fresh:
                cache_store.put(self.store, self.settings.endpoint, asked.key, asked.reply)
            for s in broken:
                text = verdict.accepted.get(s["id"])
                after = term_problems(s["source"], text, self._hits(s)) if text else None
                if text is not None and len(after) < len(s["problems"]):
                    draft_store.add(self.store, s["id"], engine="llm", model=self._model(asked.reply), text=text,
                                    request_key=asked.key, endpoint=self.settings.endpoint,
                                    meta={"repair": {"of_draft": s["draft_id"], "fixed": s["problems"],
                                                     "remaining": after}})
                    batch.counts.repaired += 1
                else:
                    why = verdict.error or verdict.rejected.get(s["id"]) or f"still {after}"
                    draft_store.add(self.store, s["id"], engine="llm-repair", model=self._model(asked.reply),
                                    text=None, request_key=asked.key, endpoint=self.settings.endpoint,
                                    error=f"glossary repair not better, first draft kept ({why})",
                                    meta={"repair": {"of_draft": s["draft_id"], "problems": s["problems"]}})
        if asked.fresh:
            self._charge(batch.counts, asked.reply)
        self._report(batch.counts)

    # -- helpers -----------------------------------------------------------------------------

    def _hits(self, seg: dict):
        """The glossary hits in a segment's source, found once per segment."""
        if "hits" not in seg:
            seg["hits"] = self.matcher.find(seg["source"]) if self.matcher else []
        return seg["hits"]

    def _model(self, reply: dict) -> str:
        """The model that wrote a reply: as the endpoint reported it (a server may serve another model under
        the requested name, or a dated version of it), else the one configured."""
        return reply.get("model") or self.settings.model

    def _terms(self, segments: list[dict]):
        return prompts.unique_terms(hit for seg in segments for hit in self._hits(seg))

    def _charge(self, counts: DocumentCounts, reply: dict) -> None:
        """Count one request that was sent (and paid for): its tokens and their cost."""
        p_tok, c_tok = tokens_used(reply)
        counts.requests += 1
        counts.prompt_tokens += p_tok
        counts.completion_tokens += c_tok
        counts.cost += self.settings.cost(p_tok, c_tok) or 0.0

    def _report(self, counts: DocumentCounts) -> None:
        if self.on_progress:
            self.on_progress(counts)


def tokens_used(reply: dict) -> tuple[int, int]:
    """(prompt, completion) tokens a reply reports using (0, 0 when the endpoint does not say)."""
    usage = reply.get("usage") or {}
    return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)


def split_evenly(total: int, n: int) -> list[int]:
    """A request's tokens shared among its n segments, summing exactly to the total."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


__all__ = ["Drafter", "Fatal", "split_evenly", "tokens_used"]
