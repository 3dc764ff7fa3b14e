"""A listing of short columns and one free text, laid out once and printed line by line (`workbench
documents` over thousands of documents).

Rich's Table measures and wraps every cell of every row: about 3 s for 2,500 documents. Such a listing
needs none of that — counts and times never wrap — so each column is measured once, in terminal cells
(rich.cells: a Chinese character takes two), the text column gets the width the others leave and a
longer text ends in "…" instead of folding onto further lines. The lines look as Rich's SIMPLE_HEAD
table did: a blank line, the header, a rule under it, the rows, a blank line; a space at the left edge
and one between columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


@dataclass(frozen=True)
class Layout:
    header: str
    rule: str
    rows: list[str]


def layout(headers: list[str], rows: list[list[str]], *, width: int, text: int, right: frozenset[int]) -> Layout:
    """Lay out `rows` (cells already printable: no control characters, no newlines) under `headers` in
    `width` terminal cells: column `text` takes what the others leave (at least its header's width) and
    is cut with "…" beyond; the columns in `right` are right-justified."""
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    others = sum(w for i, w in enumerate(widths) if i != text)
    room = width - 1 - others - (len(headers) - 1)  # a space at the left edge, one between columns
    widths[text] = max(min(widths[text], room), cell_len(headers[text]))

    def line(cells: list[str]) -> str:
        return " " + " ".join(_fit(c, widths[i], i in right) for i, c in enumerate(cells)).rstrip()

    return Layout(line(headers), " " + "─" * (sum(widths) + len(widths) - 1), [line(r) for r in rows])


def _fit(cell: str, width: int, right: bool) -> str:
    size = cell_len(cell)
    if size > width:
        cell = set_cell_size(cell, width - 1).rstrip(" ") + ELLIPSIS  # a wide character cut in two is left out
        size = cell_len(cell)
    pad = " " * (width - size)
    return pad + cell if right else cell + pad
