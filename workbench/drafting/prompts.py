"""The wire protocol: what one drafting request looks like, and the hash that caches it.

Each request is one chat completion. The last user message is a JSON object:

    {"segments": [{"id": 101, "source": "…"}, …],     # what to translate
     "context": {"before": [...], "after": [...]},     # neighbouring source (and reviewed English)
     "terms": [{"source", "target", "note", "forbidden"}],  # only terms that occur in these segments
     "references": {"instructions": "…", "matches": [{"id", "source", "translation", "similarity"}]},
                                                       # only for segments with a fuzzy translation-memory match
     "repair": {...} / "retry": {...}}                 # only on repair / retry requests

The reply's content is {"translations": [{"id": 101, "text": "…"}, …]} in the same order.
Inline Markdown markup in a source reaches the model as numbered placeholders (workbench.markup):
`{1}…{/1}` around words (a link, emphasis), `{2/}` for a piece alone (inline code, an HTML tag, an
image); the reply must keep each once, properly nested, and they are restored before anything is stored.
Ids are the segments' database ids: unique across every document, so a reply (or a Batch API result
line) can only ever be stored against the segment that was sent under that id.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Iterable

from workbench import markup
from workbench.glossary.terms import Hit, Matcher, Term
from workbench.segment import CJK as _CJK

MODES = ("json_schema", "json_object", "plain")

SYSTEM = (
    "You are a professional Chinese-to-English translator preparing drafts of political and economic "
    "commentary for an editor. Translate each segment faithfully and fluently into English; do not "
    "summarise, merge, split or skip segments, and do not leave Chinese characters in the English. "
    "Where the request lists glossary terms, use exactly the given English target for each term and never "
    "a forbidden rendering. The context is for understanding only: do not translate it.\n"
    "Reply with one JSON object and nothing else: "
    '{"translations": [{"id": <the segment id>, "text": "<English>"}, ...]} '
    "with exactly one entry per segment, the same ids in the same order. "
    "Placeholders such as {1}…{/1} and {2/} stand for formatting: keep each one exactly once in the "
    "English, around the words that correspond, and do not add others."
)

SCHEMA = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Kind:
    """What a request asks for: its system prompt and the JSON schema of its reply. Drafting asks for
    translations; assessing (drafting.assess) asks for MQM error spans through the same engine."""

    name: str  # the reply's top-level key, and the schema's name
    system: str
    schema: dict = field(hash=False, compare=False)


TRANSLATION = Kind("translations", SYSTEM, SCHEMA)


def response_format(mode: str, kind: Kind = TRANSLATION) -> dict | None:
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": kind.name, "strict": True, "schema": kind.schema}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def term_entry(term: Term) -> dict:
    entry = {"source": term.source, "target": term.target}
    if term.variants:
        entry["variants"] = term.variants
    if term.forbidden:
        entry["forbidden"] = term.forbidden
    if term.note:
        entry["note"] = term.note
    return entry


def terms_in(matcher: Matcher | None, sources: list[str]) -> list[Term]:
    """The glossary terms occurring in these sources, each once, in order of first occurrence."""
    if matcher is None:
        return []
    return unique_terms(hit for text in sources for hit in matcher.find(text))


def unique_terms(hits: Iterable[Hit]) -> list[Term]:
    """The terms of these hits, each once, in order of first occurrence (what a prompt lists)."""
    seen: dict[tuple, Term] = {}
    for hit in hits:
        seen.setdefault((hit.term.glossary, hit.term.source), hit.term)
    return list(seen.values())


def user_payload(segments: list[dict], *, terms: list[Term], context: dict | None = None,
                 extra: dict | None = None) -> dict:
    payload: dict = {}
    if context:
        payload["context"] = context
    if terms:
        payload["terms"] = [term_entry(t) for t in terms]
    payload["segments"] = [{"id": s["id"], "source": markup.protect(s["source"]).wire} for s in segments]
    if extra:
        payload.update(extra)
    return payload


# In the payload, not in SYSTEM: a request without references stays byte for byte what it was (its
# cached reply still answers it).
REFERENCE_INSTRUCTIONS = ("A similar sentence was translated before, as below (similarity in percent, on the "
                          "Chinese). Follow its wording and terminology where the sentences agree; translate "
                          "what differs faithfully. Never copy a part of the reference the segment does not say.")


def batch_payload(segments: list[dict], *, terms: list[Term], context: dict | None,
                  problem: str | None = None, attempt: int = 1) -> dict:
    """The user payload for segments {"id", "source", "previous"?}: a retry names the problem, a redraft
    shows the drafts being replaced."""
    extra: dict = {"retry": {"attempt": attempt, "previous_reply_rejected": problem}} if problem else {}
    references = [{"id": s["id"], **s["reference"]} for s in segments if s.get("reference")]
    if references:
        extra["references"] = {"instructions": REFERENCE_INSTRUCTIONS, "matches": references}
    previous = [{"id": s["id"], "draft": s["previous"]} for s in segments if s.get("previous")]
    if previous:
        extra["redraft"] = {"instructions": "The editor asked for new drafts of these segments; "
                                            "improve on the previous drafts.", "previous_drafts": previous}
    return user_payload(segments, terms=terms, context=context, extra=extra)


def body(model: str, mode: str, payload: dict, kind: Kind = TRANSLATION) -> dict:
    """The chat-completion parameters exactly as sent (and hashed)."""
    out = {
        "model": model,
        "messages": [
            {"role": "system", "content": kind.system},
            {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
        ],
        "temperature": 0,
    }
    fmt = response_format(mode, kind)
    if fmt is not None:
        out["response_format"] = fmt
    return out


def request_key(params: dict) -> str:
    """A hash over the full request: model, messages and every parameter."""
    canonical = json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate: one token per CJK character plus one per four other characters."""
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)


def estimate_prompt_tokens(params: dict) -> int:
    return sum(estimate_tokens(m["content"]) + 4 for m in params["messages"])
