"""Document-level checks: the same source translated differently, and length ratios far outside the
document's own distribution."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Container

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


def check_length(segments: list[tuple[int, str, str]]) -> dict[int, list[Issue]]:
    """Target/source length ratios (log scale) far from the document's median, measured in median
    absolute deviations — the document's own norm, not a fixed constant."""
    ratios = []
    for p, s, t in segments:
        chinese, english = measure(s, t)
        if chinese >= MIN_SOURCE_CHARS and english > 0:
            ratios.append((p, math.log(english / chinese), s, t))
    if len(ratios) < MIN_SEGMENTS:
        return {}
    values = [r for _, r, _, _ in ratios]
    median = statistics.median(values)
    # A floor on the spread: in a very uniform document a 10% difference is not an outlier.
    mad = max(statistics.median(abs(v - median) for v in values), MIN_SPREAD)
    norm = math.exp(median)
    out: dict[int, list[Issue]] = {}
    for position, ratio, _source, _text in ratios:
        z = 0.6745 * (ratio - median) / mad
        if abs(z) > THRESHOLD:
            what = "shorter — an omission?" if z < 0 else "longer — an addition?"
            out[position] = [Issue("length", "warning", (0, 0),
                                   f"the target is {math.exp(ratio):.1f}× the source's length, this document's norm is "
                                   f"{norm:.1f}×: much {what}")]
    return out
