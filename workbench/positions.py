"""Segment positions as the user gives them (`--positions 3-9,12`): kept as merged ranges, never
expanded into one number per position, so `1-300000000` costs as little as `1-3`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Iterator

from workbench.errors import WorkbenchError

# No document comes near this; a larger number is a typing mistake, and SQLite's integers end at 2**63 - 1.
MAX_POSITION = 2**31 - 1


@dataclass(frozen=True)
class Positions:
    """1-based positions as sorted, non-overlapping, non-adjacent (first, last) ranges."""

    ranges: tuple[tuple[int, int], ...]

    @classmethod
    def parse(cls, text: str) -> Positions:
        """'3-9,12' → ranges (3, 9) and (12, 12); raises WorkbenchError on anything else."""
        spans = []
        for part in text.split(","):
            first, dash, last = part.strip().partition("-")
            try:
                a = _number(first)
                b = _number(last) if dash else a
            except ValueError:
                raise WorkbenchError(f"{text!r}: use positions like 3-9 or 3,5,8 (1-based)") from None
            except OverflowError:
                raise WorkbenchError(f"{text!r}: no document has a position above {MAX_POSITION:,}") from None
            if b < a:
                raise WorkbenchError(f"{text!r}: the range {a}-{b} runs backwards (write {b}-{a})")
            spans.append((a, b))
        return cls.of(spans)

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> Positions:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return cls(tuple((a, b) for a, b in merged))

    @classmethod
    def single(cls, position: int) -> Positions:
        return cls(((position, position),))

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int):
            return False
        i = bisect.bisect_right(self.ranges, (position, MAX_POSITION + 1)) - 1
        return i >= 0 and self.ranges[i][0] <= position <= self.ranges[i][1]

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __iter__(self) -> Iterator[int]:
        for a, b in self.ranges:
            yield from range(a, b + 1)

    def beyond(self, count: int) -> Positions:
        """The positions past the end of a document of `count` segments."""
        return Positions.of((max(a, count + 1), b) for a, b in self.ranges if b > count)

    def __str__(self) -> str:
        return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in self.ranges)


def as_positions(value: Positions | Iterable[int] | None) -> Positions | None:
    """Positions from what a library caller has: ranges already, a few numbers, or None (all)."""
    if value is None or isinstance(value, Positions):
        return value
    return Positions.of((p, p) for p in value)


def _number(text: str) -> int:
    text = text.strip()
    if not text.isdigit():  # also refuses signs, so '-3' and '3-' are errors, not ranges
        raise ValueError(text)
    if len(text) > 12 or int(text) > MAX_POSITION:
        raise OverflowError(text)
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value
