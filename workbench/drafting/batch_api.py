"""The batch path: OpenAI Batch API JSONL out (also what `vllm run-batch` reads), results back in.

Each line's custom_id is `wb:d<document id>:s<segment id>,<segment id>,…` — the document and exactly
the segments in the request, in order. Collecting applies the same alignment rules as a live run:
the reply's ids must equal the custom_id's, each text is checked on its own, and a draft is stored
only against the segment id it came back for. Bad lines are reported with their line numbers and
change nothing; the good lines are stored.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import DraftSettings
from workbench.drafting import prompts
from workbench.drafting.client import make_sync_client, scrub, sdk
from workbench.drafting.engine import split_evenly, tokens_used
from workbench.drafting.lease import batch_owner
from workbench.drafting.plan import Batch
from workbench.drafting.validate import check_reply, shorten, term_problems
from workbench.errors import WorkbenchError
from workbench.glossary.terms import Matcher
from workbench.outputs import Guard
from workbench.storage import Store
from workbench.storage import drafts as draft_store
from workbench.storage import endpoints as endpoint_store
from workbench.storage import jobs as job_store
from workbench.storage import leases as lease_store

_CUSTOM_ID = re.compile(r"^wb:d(\d+):s(\d+(?:,\d+)*)$")


def custom_id(batch: Batch, segments: list[dict]) -> str:
    return f"wb:d{batch.counts.document_id}:s" + ",".join(str(s["id"]) for s in segments)


def request_lines(store: Store, batches: list[Batch], settings: DraftSettings, matcher: Matcher | None) -> list[dict]:
    mode = endpoint_store.response_mode(store, settings.endpoint, settings.model) or "json_schema"
    lines = []
    for b in batches:
        payload = prompts.batch_payload(b.segments, terms=prompts.terms_in(matcher, [s["source"] for s in b.segments]),
                                        context=b.context(b.segments))
        lines.append({"custom_id": custom_id(b, b.segments), "method": "POST", "url": "/v1/chat/completions",
                      "body": prompts.body(settings.model, mode, payload)})
    return lines


def write(path: Path, lines: list[dict], guard: Guard | None = None) -> None:
    """Write the request lines as JSONL atomically (workbench.outputs): a kill never truncates an old file."""
    (guard or Guard()).write(path, "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))


@dataclass
class Collected:
    stored: int = 0
    already: int = 0  # segments whose current draft is this very text (a file collected twice stores nothing twice)
    lines: int = 0
    bad: list[str] = field(default_factory=list)  # "line N: reason"
    documents: dict[int, int] = field(default_factory=dict)  # document id → drafts stored

    def as_dict(self) -> dict:
        return {"lines": self.lines, "stored": self.stored, "already_drafted": self.already, "bad": self.bad,
                "documents": self.documents}


def collect(store: Store, text: str, settings: DraftSettings, matcher: Matcher | None,
            documents: set[int] | None = None, endpoint: str | None = None) -> Collected:
    """Store the results in `text` (Batch API output JSONL); `documents` limits which are taken.

    `endpoint`: where the results came from, recorded on each draft (unknown for a file from elsewhere,
    e.g. `vllm run-batch`)."""
    out = Collected()
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        out.lines += 1
        problem = _collect_line(store, raw, settings, matcher, documents, out, endpoint)
        if problem:
            out.bad.append(f"line {number}: {problem}")
    return out


@dataclass(frozen=True)
class _Request:
    """What a results line's custom_id names: the document and its segments, in the order sent."""

    custom_id: str
    document_id: int
    segment_ids: list[int]


@dataclass(frozen=True)
class _Answer:
    """What came back for a request that succeeded."""

    reply: dict  # {"content", "refusal", "finish_reason"}, what check_reply takes
    body: dict  # the chat completion (its model and usage are recorded with the drafts)


def _collect_line(store: Store, raw: str, settings: DraftSettings, matcher: Matcher | None,
                  documents: set[int] | None, out: Collected, endpoint: str | None) -> str | None:
    parsed = _parse_request(raw)
    if isinstance(parsed, str):
        return parsed
    request, line = parsed
    if documents is not None and request.document_id not in documents:
        return f"document {request.document_id} is not among the documents named"
    rows = draft_store.segment_sources(store, request.segment_ids)
    wrong = [i for i in request.segment_ids if i not in rows or rows[i]["document_id"] != request.document_id]
    if wrong:
        return f"segment id {wrong[0]} is not in document {request.document_id}"
    answer = parse_answer(line)
    if isinstance(answer, str):
        return answer
    segments = [rows[i] for i in request.segment_ids]
    verdict = check_reply(answer.reply, segments, matcher)
    if verdict.error:
        return verdict.error
    _store_drafts(store, request, answer, segments, verdict.accepted, settings, matcher, out, endpoint)
    rejected = [f"segment {rows[i]['position']} of document {request.document_id}: {why}"
                for i, why in verdict.rejected.items()]
    return "; ".join(rejected) if rejected else None


def _parse_request(raw: str) -> tuple[_Request, dict] | str:
    """The request the line answers and the line itself, or why it names no segments of this workbench."""
    try:
        line = json.loads(raw)
    except json.JSONDecodeError:
        return "not valid JSON (truncated?)"
    if not isinstance(line, dict):
        return "not a JSON object"
    cid = str(line.get("custom_id", ""))
    m = _CUSTOM_ID.match(cid)
    if not m:
        return f"custom_id {shorten(cid, 40)!r} was not written by workbench"
    doc_id, ids = _as_id(m.group(1)), [_as_id(x) for x in m.group(2).split(",")]
    if doc_id is None or None in ids:
        return f"custom_id {shorten(cid, 40)!r} has an id too large for the database"
    return _Request(cid, doc_id, ids), line


# Larger integers do not fit SQLite's INTEGER (sqlite3 raises OverflowError on them).
_LARGEST_ID = 2**63 - 1


def _as_id(digits: str) -> int | None:
    """The id the digits spell, or None when no database row can have it."""
    try:
        value = int(digits)
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        return None
    return value if value <= _LARGEST_ID else None


def parse_answer(line: dict) -> _Answer | str:
    """The chat completion the line carries, or why it carries none."""
    response = line.get("response") or {}
    if not isinstance(response, dict):  # a hand-edited or foreign file: a bad line, not a crash
        return "the response is not a JSON object"
    body = response.get("body") or {}
    if line.get("error") or response.get("status_code") != 200:
        return _failure(line.get("error"), response.get("status_code"), body)
    try:
        choice = body["choices"][0]
        reply = {"content": choice["message"].get("content") or "", "refusal": choice["message"].get("refusal"),
                 "finish_reason": choice.get("finish_reason")}
    except (KeyError, IndexError, TypeError, AttributeError):
        return "no chat completion in the response"
    return _Answer(reply, body)


def _failure(error, status, body) -> str:
    """Why a request failed: the Batch API's error object (no response at all) or the endpoint's HTTP error."""
    err = error or (body.get("error") if isinstance(body, dict) else None) or {}
    message = err.get("message") if isinstance(err, dict) else err
    code = err.get("code") if isinstance(err, dict) else None
    how = f"HTTP {status}" if status is not None else (code or "no response")
    return f"the request failed ({how}): {shorten(str(message or 'no reply'), 100)}"


def _store_drafts(store: Store, request: _Request, answer: _Answer, segments: list[dict], accepted: dict[int, str],
                  settings: DraftSettings, matcher: Matcher | None, out: Collected, endpoint: str | None) -> None:
    """Store each accepted text as its segment's draft, with its share of the request's tokens."""
    p_tok, c_tok = tokens_used(answer.body)
    shares = zip(split_evenly(p_tok, len(segments)), split_evenly(c_tok, len(segments)))
    with store.transaction():
        for seg, (share_p, share_c) in zip(segments, shares):
            text = accepted.get(seg["id"])
            if text is None:
                continue
            if draft_store.latest_text(store, seg["id"]) == text:  # collected before (a redraft file differs)
                out.already += 1
                continue
            hits = matcher.find(seg["source"]) if matcher else []
            problems = term_problems(seg["source"], text, hits)
            draft_store.add(store, seg["id"], engine="llm", model=answer.body.get("model") or settings.model, text=text,
                            prompt_tokens=share_p, completion_tokens=share_c, cost=settings.cost(share_p, share_c),
                            meta={"batch": request.custom_id, **({"term_problems": problems} if problems else {})},
                            endpoint=endpoint)
            out.stored += 1
            out.documents[request.document_id] = out.documents.get(request.document_id, 0) + 1


def read_results(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkbenchError(f"no file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbenchError(f"cannot read {path}: {exc}") from None


def submit(store: Store, lines: list[dict], settings: DraftSettings, document_ids: list[int]) -> dict:
    """Upload the requests and start a Batch API job; remembered in `jobs` for --poll."""
    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8")
    client = make_sync_client(settings)
    try:
        uploaded = client.files.create(file=("workbench-batch.jsonl", io.BytesIO(data)), purpose="batch")
        batch = client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                      completion_window="24h")
    except sdk().OpenAIError as exc:  # say what happened, without the key
        raise WorkbenchError(f"batch submission failed: {shorten(scrub(exc, settings))}") from None
    finally:
        client.close()
    job_store.start(store, "batch", document_ids[0] if len(document_ids) == 1 else None, settings.model,
                    remote_id=batch.id, counts={"documents": document_ids, "requests": len(lines)})
    return {"batch_id": batch.id, "status": batch.status, "requests": len(lines)}


def poll(store: Store, settings: DraftSettings, matcher: Matcher | None) -> list[dict]:
    """Check every submitted batch; collect those that completed."""
    client = make_sync_client(settings)
    report = []
    try:
        for job in job_store.open_batches(store):
            try:
                batch = client.batches.retrieve(job["remote_id"])
                entry = {"batch_id": batch.id, "status": batch.status}
                if batch.status == "completed" and batch.output_file_id:
                    text = client.files.content(batch.output_file_id).text
                    got = collect(store, text, settings, matcher, endpoint=settings.endpoint)
                    entry["collected"] = got.as_dict()
                    job_store.finish(store, job["id"], "done", {**job["counts"], **got.as_dict()})
                    lease_store.release(store, batch_owner(batch.id))
                elif batch.status in ("failed", "expired", "cancelled"):
                    job_store.finish(store, job["id"], batch.status, job["counts"])
                    lease_store.release(store, batch_owner(batch.id))  # a live run may now draft them
            except sdk().OpenAIError as exc:
                entry = {"batch_id": job["remote_id"], "status": "error",
                         "error": shorten(scrub(exc, settings))}
            report.append(entry)
    finally:
        client.close()
    return report
