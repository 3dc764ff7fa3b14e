"""Checking a reply before anything is stored: alignment first, then each text on its own.

A reply is rejected as a whole when its id list is not exactly the request's ids in the request's
order (merged, missing, extra, duplicated, swapped), when it is not one bare JSON object (prose
around it, truncation), or when the model refused. Otherwise each translation is checked alone
(empty, the source copied back, Chinese left over) and only the good ones are accepted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from workbench import markup
from workbench.glossary.terms import Matcher
from workbench.qa.terms import check_terms
from workbench.segment import CJK as _CJK

_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n```\s*$", re.DOTALL)
_REFUSAL = re.compile(r"^\s*(?:I'm sorry|I am sorry|I cannot|I can't|I can not|Sorry,|As an AI)", re.IGNORECASE)


@dataclass
class Verdict:
    """The outcome for one reply: accepted id → text, rejected id → reason, or a reply-level error."""

    accepted: dict[int, Any] = field(default_factory=dict)  # a text (drafting), a list of spans (assessing)
    rejected: dict[int, str] = field(default_factory=dict)
    error: str | None = None  # the whole reply is unusable


def check_reply(reply: dict, segments: list[dict], matcher: Matcher | None = None) -> Verdict:
    """`reply` is {"content", "finish_reason", "refusal"}; `segments` are the [{"id", "source"}] sent."""
    items, error = aligned_items(reply, segments, "translations")
    if error:
        return Verdict(error=error)
    texts, error = restore_markup(segments, items)
    if error:
        return Verdict(error=error)
    verdict = Verdict()
    for seg, text in zip(segments, texts):
        problem = check_text(seg["source"], text, matcher)
        if problem:
            verdict.rejected[seg["id"]] = problem
        else:
            verdict.accepted[seg["id"]] = text.strip()
    return verdict


def aligned_items(reply: dict, segments: list[dict], key: str) -> tuple[list[dict], str | None]:
    """The reply's list under `key`, one entry per segment sent with the same ids in the same order, or
    why the whole reply is unusable (refused, cut off, not one JSON object, ids not exactly those asked)."""
    content = reply.get("content") or ""
    if reply.get("refusal"):
        return [], f"the model refused: {shorten(reply['refusal'])}"
    if reply.get("finish_reason") == "length":
        return [], "the reply was cut off (finish_reason length)"
    data, error = parse(content)
    if error:
        if _REFUSAL.match(content):
            return [], f"the model refused: {shorten(content)}"
        return [], error
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return [], f'the reply has no "{key}" list'
    ids = [_as_id(i.get("id")) for i in items]
    wanted = [s["id"] for s in segments]
    if ids != wanted:
        return [], describe_mismatch(wanted, ids)
    return items, None


def restore_markup(segments: list[dict], items: list[dict]) -> tuple[list, str | None]:
    """Each reply text with the source's markup put back for its placeholders. A placeholder lost,
    duplicated, added or moved out of its pair rejects the whole reply, as a misaligned one is
    (retried, then split, and counted), since the text cannot be stored with its markup."""
    texts = []
    for seg, item in zip(segments, items):
        text = item.get("text")
        if isinstance(text, str):
            try:
                text = markup.restore(text, markup.protect(seg["source"]))
            except markup.MarkupError as exc:
                return [], f"misaligned markup in segment {seg['id']}: {exc}"
        texts.append(text)
    return texts, None


def _as_id(value):
    """Some models quote the ids ("101"): the same id, so accept it; anything else stays as it came."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


def parse(content: str) -> tuple[dict | None, str | None]:
    """One bare JSON object (a ``` fence around it is tolerated); anything else is an error."""
    text = content.strip()
    fence = _FENCE.match(text)
    if fence:
        text = fence.group(1).strip()
    if not text:
        return None, "the reply is empty"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if "{" in text and not text.startswith("{"):
            return None, "the reply has prose around the JSON"
        if text.startswith("{") and not text.rstrip().endswith("}"):
            return None, "the reply's JSON is truncated"
        return None, f"the reply is not valid JSON ({exc.msg} at character {exc.pos})"
    if not isinstance(data, dict):
        return None, "the reply is not a JSON object"
    return data, None


def describe_mismatch(wanted: list, got: list) -> str:
    want, have = set(wanted), [g for g in got]
    missing = [i for i in wanted if i not in have]
    extra = [g for g in have if g not in want]
    dupes = sorted({g for g in have if have.count(g) > 1}, key=str)
    parts = []
    if missing:
        parts.append(f"missing ids {missing[:5]}")
    if extra:
        parts.append(f"unexpected ids {extra[:5]}")
    if dupes:
        parts.append(f"duplicated ids {dupes[:5]}")
    if not parts:
        parts.append("ids out of order (swapped?)")
    return "misaligned reply: " + ", ".join(parts)


def check_text(source: str, text, matcher: Matcher | None) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return "empty translation"
    if _squash(text) == _squash(source):
        return "the source was copied back"
    leftover = _without_kept_targets(text, source, matcher)
    found = _CJK.findall(leftover)
    if found:
        return f"Chinese left in the translation ({''.join(found[:6])})"
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _without_kept_targets(text: str, source: str, matcher: Matcher | None) -> str:
    """Remove glossary targets that deliberately keep Chinese (e.g. "hukou (户口)") before looking for Chinese."""
    if matcher is None or not _CJK.search(text):
        return text
    for hit in matcher.find(source):
        for rendering in hit.term.renderings():
            if _CJK.search(rendering):
                text = text.replace(rendering, " ")
    return text


def term_problems(source: str, text: str, hits: list) -> list[str]:
    """Glossary errors (missing required term, forbidden rendering used), via the QA terminology check.

    Drafts that contain every target (or variant) verbatim and no forbidden rendering skip the full
    check: this only decides whether to spend a repair request, and QA runs the full check later.
    """
    if not hits:
        return []
    low = text.lower()
    if all(any(r.lower() in low for r in h.term.renderings()) and not any(f.lower() in low for f in h.term.forbidden)
           for h in hits):
        return []
    return [i.message for i in check_terms(source, text, hits) if i.severity == "error"]


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

