"""Typed rows handed between layers: what storage reads, the library and the front ends use.

A `SegmentRow` is one segment with its current state (latest draft or draft failure, the review).
It is frozen: a layer that needs more per segment keeps it beside the row, never as an invented key.
Reading by name (`row["source"]`, `row.get("draft")`) works as on the plain rows it replaces.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from workbench.statuses import DECIDED


@dataclass(frozen=True, slots=True)
class SegmentRow:
    id: int
    document_id: int
    position: int
    paragraph: int
    source: str
    tokens: tuple[str, ...]
    status: str  # the effective status: a person's decision, else translated (a draft) or initial
    draft_id: int | None = None
    draft: str | None = None
    engine: str | None = None
    model: str | None = None
    draft_error: str | None = None  # the latest failure, when there is no valid draft
    review_status: str | None = None
    target: str | None = None
    reviewer: str | None = None
    revision: int = 0
    note: str | None = None
    updated_at: str | None = None
    excluded: bool = False  # left out of the published excerpt by the editor (see `included`)

    def __getitem__(self, name: str) -> Any:
        if name not in _NAMES:
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name) if name in _NAMES else default

    def to_dict(self) -> dict:
        out = asdict(self)
        out["tokens"] = list(self.tokens)
        return out


_NAMES = frozenset(f.name for f in fields(SegmentRow))


def included(row: SegmentRow | dict) -> bool:
    """Whether a segment is part of the published excerpt (not left out by the editor).

    The one predicate every stage uses for excerpts: drafting plans, checks, review progress, exports,
    and (for the assessment of issue 13) `included_rows` below. Light rows without the key count as in."""
    return not row.get("excluded")


def included_rows(rows: list) -> list:
    """The segments of `rows` that are part of the excerpt (those to draft, check, assess, review)."""
    return [r for r in rows if included(r)]


def decided_target(row: SegmentRow | dict) -> str | None:
    """The target a person's decision stands on (reviewed, final or flagged with a target), else None."""
    return row["target"] if row.get("target") is not None and row.get("status") in DECIDED else None


def current_text(row: SegmentRow | dict) -> str | None:
    """What a segment says now: the reviewed target where there is one, else the draft."""
    decided = decided_target(row)
    return decided if decided is not None else row.get("draft")


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    """One unit of the translation memory: a reviewed segment of a document, or a unit of an imported
    memory (or kept from a deleted document). `origin` names where it came from for a person."""

    source: str
    target: str
    origin: str  # "document 3: title", "memory NAME", or the origin a deleted document's units kept
    reviewer: str | None = None
    updated_at: str | None = None
    document_id: int | None = None
    position: int | None = None
    segment_id: int | None = None
    memory: str | None = None  # the named memory it belongs to
    context: str | None = None  # a hash of its neighbours' sources (memory units), see memory.similarity
    unit_id: int | None = None  # its memory row

    def to_dict(self) -> dict:
        return asdict(self)
