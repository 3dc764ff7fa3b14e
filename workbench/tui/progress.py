"""The progress line under the review screen: the document, the counts, what the list shows (filter,
order) and whether the editor is open — fitted to the terminal's width, the view and EDITING first."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from workbench.display import visible
from workbench.tui.text import fit


def progress_text(title: str, counts, total: int, view: list[tuple[str, str, str]], editing: bool,
                  width: int) -> Text:
    """`counts`: a session's Counts, or None while they are being read; `view`: (text, style, shorter
    text) parts saying which segments the list shows and in what order. What does not fit goes, least
    important first: the title is shortened, the counts are abbreviated, the title goes, then the view
    parts are said shorter."""
    tail = _tail(view, editing)
    if width - _width(tail) - _width(_counts(counts, total, short=True)) < 0:
        tail = _tail([(short, style, short) for _, style, short in view], editing)
    full = _counts(counts, total)
    counts_parts = full if width - _width(tail) - _width(full) >= 12 else _counts(counts, total, short=True)
    room = width - _width(tail) - _width(counts_parts)
    text = Text()
    if room >= 6:
        text.append(" " + fit(visible(title), min(cell_len(visible(title)), room - 3)) + " ", "bold reverse")
    for part, style in counts_parts + tail:
        text.append(part, style)
    return text


def _tail(view: list[tuple[str, str, str]], editing: bool) -> list[tuple[str, str]]:
    tail = [(f" · {part}", style) for part, style, _ in view]
    if editing:
        tail.append((" · EDITING", "bold yellow"))
    return tail


def _counts(counts, total: int, short: bool = False) -> list[tuple[str, str]]:
    if counts is None:
        return [(f" {total} segments · counting…", "dim")]
    left_out = counts.left_out
    if short:
        return [(f" ✓{counts.reviewed}/{counts.total}", "green"),
                (f" ⚑{counts.flagged}", "magenta" if counts.flagged else "dim"),
                (f" ✗{counts.failed}", "bold red" if counts.failed else "dim")] + (
                [(f" −{left_out}", "dim")] if left_out else [])
    return [(f" reviewed {counts.reviewed}/{counts.total}", "green"),
            (f" · flagged {counts.flagged}", "magenta" if counts.flagged else "dim"),
            (f" · drafts failed {counts.failed}", "bold red" if counts.failed else "dim")] + (
            [(f" · left out {left_out}", "dim")] if left_out else [])


def _width(parts: list[tuple[str, str]]) -> int:
    return sum(cell_len(part) for part, _ in parts)
