"""The wire protocol of an MQM assessment request, and the check of its reply.

The last user message is a JSON object:

    {"task": "mqm",
     "segments": [{"id": 101, "source": "…", "translation": "…"}, …],   # the drafts to assess
     "context": {...}, "terms": [...], "retry": {...}}                     # as in a drafting request

The reply's content is {"assessments": [{"id": 101, "errors": [{"span", "category", "severity",
"explanation"}, …]}, …]}: one entry per segment, the same ids in the same order; an empty "errors"
list says the model found no error. A span is copied verbatim from the translation (from the source for
`accuracy/omission`); categories and severities are those of workbench.mqm.
"""

from __future__ import annotations

from workbench import mqm
from workbench.drafting import prompts
from workbench.drafting.validate import Verdict, aligned_items, shorten

TASK = "mqm"

SYSTEM = (
    "You are a professional annotator of Chinese-to-English translations using the MQM framework. For each "
    "segment you get the Chinese source and its English translation. Mark every translation error as a span: "
    "the exact words of the English translation that are wrong, copied character for character (for "
    "accuracy/omission, the words of the Chinese source that the translation left out), with a category, a "
    "severity and a one-sentence explanation.\n"
    "Categories: accuracy/mistranslation (the meaning is changed), accuracy/omission (source content missing), "
    "accuracy/addition (content not in the source), accuracy/untranslated (source text left as it is), "
    "terminology (a term rendered against the glossary or the field's usage), fluency/grammar, "
    "fluency/punctuation, fluency/spelling, style (awkward or unidiomatic), other.\n"
    "Severities: minor (a flaw that neither changes the meaning nor misleads), major (a reader is misled or "
    "the meaning is obscured), critical (the text could cause serious harm or is unusable).\n"
    "Mark only real errors; a translation without errors gets an empty list. Where the request lists glossary "
    "terms, a translation that does not use the given target is a terminology error. The context is for "
    "understanding only.\n"
    "Reply with one JSON object and nothing else: "
    '{"assessments": [{"id": <the segment id>, "errors": [{"span": "<exact words>", "category": "<category>", '
    '"severity": "<severity>", "explanation": "<why>"}, ...]}, ...]} '
    "with exactly one entry per segment, the same ids in the same order."
)

SCHEMA = {
    "type": "object",
    "properties": {
        "assessments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "span": {"type": "string"},
                                "category": {"type": "string", "enum": list(mqm.CATEGORIES)},
                                "severity": {"type": "string", "enum": list(mqm.SEVERITIES)},
                                "explanation": {"type": "string"},
                            },
                            "required": ["span", "category", "severity", "explanation"],
                            "additionalProperties": False,
                        },
                    },
                },
                "required": ["id", "errors"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["assessments"],
    "additionalProperties": False,
}

ASSESSMENT = prompts.Kind("assessments", SYSTEM, SCHEMA)


def payload(segments: list[dict], *, terms, context: dict | None, problem: str | None = None,
            attempt: int = 1) -> dict:
    """The user payload for segments {"id", "source", "translation"}."""
    out: dict = {"task": TASK}
    if context:
        out["context"] = context
    if terms:
        out["terms"] = [prompts.term_entry(t) for t in terms]
    out["segments"] = [{"id": s["id"], "source": s["source"], "translation": s["translation"]} for s in segments]
    if problem:
        out["retry"] = {"attempt": attempt, "previous_reply_rejected": problem}
    return out


def check_assessment(reply: dict, segments: list[dict]) -> Verdict:
    """Accepted: segment id → its error spans (validated); rejected: segment id → what was wrong."""
    items, error = aligned_items(reply, segments, "assessments")
    if error:
        return Verdict(error=error)
    verdict = Verdict()
    for seg, item in zip(segments, items):
        spans, problem = check_errors(item.get("errors"), seg["source"], seg["translation"])
        if problem:
            verdict.rejected[seg["id"]] = problem
        else:
            verdict.accepted[seg["id"]] = spans
    return verdict


def check_errors(errors, source: str, translation: str) -> tuple[list[dict], str | None]:
    """The spans of one segment's entry, each checked; a span that breaks a rule rejects the entry."""
    if not isinstance(errors, list) or not all(isinstance(e, dict) for e in errors):
        return [], 'the entry has no "errors" list'
    out, seen = [], set()
    for e in errors:
        problem = _problem(e, source, translation)
        if problem:
            return [], problem
        key = (e["span"], e["category"], e["severity"])
        if key not in seen:
            seen.add(key)
            out.append({"span": e["span"], "category": e["category"], "severity": e["severity"],
                        "explanation": str(e.get("explanation") or "").strip()})
    return out, None


def _problem(e: dict, source: str, translation: str) -> str | None:
    category, severity, span = e.get("category"), e.get("severity"), e.get("span")
    if category not in mqm.CATEGORIES:
        return f"unknown MQM category {shorten(str(category), 40)!r}"
    if severity not in mqm.SEVERITIES:
        return f"unknown MQM severity {shorten(str(severity), 40)!r}"
    if not isinstance(span, str) or not span.strip():
        return "an empty span"
    where, text = ("source", source) if mqm.side(category) == "source" else ("translation", translation)
    if span not in text:
        return f"span {shorten(span, 40)!r} is not in the {where}"
    return None
