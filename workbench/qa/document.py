"""Document-level checks: the same source translated differently, and length ratios far outside the
document's own distribution.

Both need the whole document as their norm. `document_norms` reads it as a stream (called again for
a second pass when it must be) and keeps bounded summaries — a hash pair per segment, one float per
length ratio — never the rows: a million-segment document is checked in a few tens of MB.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from array import array
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from workbench.qa.base import CJK, Issue, severity_rank

_SPACE = re.compile(r"\s+")
MIN_SEGMENTS = 12  # fewer segments than this say too little about the document's own norm
MIN_SOURCE_CHARS = 8  # ratios of very short segments (headings, "（完）") are noise
MIN_SPREAD = 0.1  # log-ratio units (about ±10%)
THRESHOLD = 3.0  # robust z-score cut-off (WMT21: 0.7% of human references, 85% of half-omissions)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.strip())


def check_consistency(segments: list[tuple[int, str, str]], others: list[tuple[str, int, str, str]] = ()) -> dict[int, list[Issue]]:
    """`segments`: (position, source, text) of one document; `others`: (document, position, source, text)
    from other documents (the --corpus check). One issue per group of identical sources translated
    differently, on the group's first position in this document, listing the variants."""
    groups: dict[str, list[tuple[str, str]]] = {}
    first: dict[str, int] = {}
    for position, source, text in segments:
        key = _norm(source)
        if len(key) < 2 or not CJK.search(key):
            continue
        groups.setdefault(key, []).append((f"{position}", _norm(text)))
        first.setdefault(key, position)
    for document, position, source, text in others:
        key = _norm(source)
        if key in groups:
            groups[key].append((f"{document}:{position}", _norm(text)))
    out: dict[int, list[Issue]] = {}
    for key, members in groups.items():
        variants: dict[str, list[str]] = {}
        for where, text in members:
            variants.setdefault(text, []).append(where)
        if len(variants) < 2:
            continue
        listed = "; ".join(f"{', '.join(wheres)}: {text!r}" for text, wheres in variants.items())
        out.setdefault(first[key], []).append(Issue(
            "inconsistent", "warning", (0, 0),
            f"the same source is translated {len(variants)} ways ({listed})"))
    return out


def for_positions(found: dict[int, list[Issue]], sources: dict[int, str], wanted: Container[int]) -> dict[int, list[Issue]]:
    """`found` (issues per position; `sources`: each position's source) limited to the positions in `wanted`.
    A group's `inconsistent` issue sits on the group's first position; when that one is outside `wanted`
    but another member is inside, the issue moves to the first member inside, so it is still shown once."""
    out = {p: issues for p, issues in found.items() if p in wanted}
    groups: dict[str, list[int]] = {}
    for position in sorted(found):
        groups.setdefault(_norm(sources[position]), []).append(position)
    for head, *rest in groups.values():
        inside = [p for p in rest if p in wanted]
        moved = [i for i in found[head] if i.code == "inconsistent"]
        if head not in wanted and inside and moved:
            out[inside[0]] = sorted(out[inside[0]] + moved, key=lambda i: (i.span, severity_rank(i.severity)))
    return out


_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,:'&/\-]*[A-Za-z0-9]|[A-Za-z0-9]")


def measure(source: str, target: str) -> tuple[int, int]:
    """Chinese characters in the source, and target characters less what was copied from it —
    names in Latin script, dates, times (2020-07-26 05:03:17) weigh the same on both sides."""
    chinese = sum(len(m.group(0)) for m in CJK.finditer(source))
    copied = sum(len(m.group(0)) for m in _LATIN.finditer(source) if m.group(0) in target)
    return chinese, len(target.strip()) - copied


def length_ratio(source: str, target: str) -> float | None:
    """log(English / Chinese length) of a segment, None when it is too short to say anything."""
    chinese, english = measure(source, target)
    return math.log(english / chinese) if chinese >= MIN_SOURCE_CHARS and english > 0 else None


def length_norm(ratios: Iterable[float]) -> tuple[float, float] | None:
    """(median, spread) of a document's log length ratios, None for too few to be a norm."""
    values = ratios if isinstance(ratios, array) else array("d", ratios)
    if len(values) < MIN_SEGMENTS:
        return None
    median = statistics.median(values)
    # A floor on the spread: in a very uniform document a 10% difference is not an outlier.
    return median, max(statistics.median(abs(v - median) for v in values), MIN_SPREAD)


def length_issue(source: str, target: str, norm: tuple[float, float] | None) -> Issue | None:
    """The length warning of one segment against its document's norm, if its ratio is far outside it."""
    ratio = length_ratio(source, target) if norm else None
    if ratio is None:
        return None
    median, _mad = norm
    z = _z(ratio, norm)
    if abs(z) <= THRESHOLD:
        return None
    what = "shorter — an omission?" if z < 0 else "longer — an addition?"
    return Issue("length", "warning", (0, 0), f"the target is {math.exp(ratio):.1f}× the source's length, this "
                 f"document's norm is {math.exp(median):.1f}×: much {what}")


def _z(ratio: float, norm: tuple[float, float]) -> float:
    median, mad = norm
    return 0.6745 * (ratio - median) / mad


def check_length(segments: list[tuple[int, str, str]]) -> dict[int, list[Issue]]:
    """Target/source length ratios (log scale) far from the document's median, measured in median
    absolute deviations — the document's own norm, not a fixed constant."""
    norm = length_norm(r for _, s, t in segments if (r := length_ratio(s, t)) is not None)
    out: dict[int, list[Issue]] = {}
    for position, source, text in segments:
        issue = length_issue(source, text, norm)
        if issue is not None:
            out[position] = [issue]
    return out


Texts = Callable[[], Iterable[tuple[int, str, str]]]  # each call: (position, source, text) of a document, in order


@dataclass
class DocumentNorms:
    """What the document-level checks need of the whole document, small at any size: the length norm,
    the `inconsistent` issues (on each group's first position), and the normalised source of every
    member of an inconsistent group (to move an issue when only some positions are reported)."""

    length: tuple[float, float] | None = None
    consistency: dict[int, list[Issue]] = field(default_factory=dict)
    members: dict[int, str] = field(default_factory=dict)
    outliers: int = 0  # how many segments get a length warning (what length_issue finds), counted on the way

    def issues_at(self, position: int, source: str, text: str) -> list[Issue]:
        issue = length_issue(source, text, self.length)
        return self.consistency.get(position, []) + ([issue] if issue else [])

    def to_json(self) -> str:
        return json.dumps({"length": self.length, "outliers": self.outliers, "members": self.members,
                           "consistency": {p: [[i.code, i.severity, *i.span, i.message] for i in issues]
                                           for p, issues in self.consistency.items()}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> DocumentNorms:
        raw = json.loads(data)
        return cls(tuple(raw["length"]) if raw["length"] else None,
                   {int(p): [Issue(c, s, (a, b), m) for c, s, a, b, m in issues] for p, issues in raw["consistency"].items()},
                   {int(p): source for p, source in raw["members"].items()}, raw["outliers"])

    def limited_to(self, wanted: Container[int]) -> DocumentNorms:
        """The same norms with each `inconsistent` issue on the first reported member of its group."""
        found = {p: self.consistency.get(p, []) for p in self.members}
        return DocumentNorms(self.length, for_positions(found, self.members, wanted), self.members)


def _consistency_key(source: str) -> str | None:
    key = _norm(source)
    return key if len(key) >= 2 and CJK.search(key) else None


def document_norms(texts: Texts, others: list[tuple[str, int, str, str]] = ()) -> DocumentNorms:
    """The document's norms from `texts` (read once, and a second time only when some source is
    translated in more than one way). Per segment the first pass keeps a hash of the normalised source
    and one of the text (and the length ratio); sorted by source hash, a group with two text hashes is
    a candidate, and the second pass checks the candidates exactly (a hash collision costs only time)."""
    sources, targets, ratios = array("q"), array("q"), array("d")
    elsewhere = {hash(_norm(source)) for _, _, source, _ in others}  # the --corpus rows: already few, in memory
    candidates: set[int] = set()
    for _position, source, text in texts():
        ratio = length_ratio(source, text)
        if ratio is not None:
            ratios.append(ratio)
        key = _consistency_key(source)
        if key is not None:
            sources.append(hash(key))
            targets.append(hash(_norm(text)))
            if sources[-1] in elsewhere:
                candidates.add(sources[-1])
    order = sorted(range(len(sources)), key=sources.__getitem__)
    for a, b in zip(order, order[1:]):
        if sources[a] == sources[b] and targets[a] != targets[b]:
            candidates.add(sources[a])
    del order, sources, targets
    norms = DocumentNorms(length_norm(ratios))
    if norms.length:
        norms.outliers = sum(1 for r in ratios if abs(_z(r, norms.length)) > THRESHOLD)
    if candidates:
        chosen = [(p, s, t) for p, s, t in texts() if (key := _consistency_key(s)) is not None and hash(key) in candidates]
        norms.consistency = check_consistency(chosen, others)
        norms.members = {p: _norm(s) for p, s, _ in chosen}
    return norms
