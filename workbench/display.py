"""Text from files, reviewers and models shown on a terminal: control characters made visible.

Sources, drafts, titles, file names and glossary terms may hold ANSI/OSC escape sequences (a clipboard
write, a window title, a screen clear), from a file or injected by a model's reply. Every line the CLI
prints and every text the review session shows goes through `visible`: C0 controls and DEL become the
Unicode control pictures (ESC → ␛), C1 controls become �, newlines stay. Nothing reaches the terminal raw.
"""

from __future__ import annotations

_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x0A,)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_PICTURE_BACK = {v: k for k, v in _PICTURES.items() if v != 0xFFFD}
_PICTURES_BUT_TAB = {c: p for c, p in _PICTURES.items() if c != 0x09}


def visible(text: str | None, *, tabs: bool = False) -> str:
    """Control characters replaced by visible pictures (newlines kept; tabs too with `tabs`, for lines
    that are data, such as a TSV glossary printed to standard output)."""
    return (text or "").translate(_PICTURES_BUT_TAB if tabs else _PICTURES)


def from_visible(text: str) -> str:
    """Undo `visible` for text edited in the target editor, so saving does not change what was not edited."""
    return text.translate(_PICTURE_BACK)


def one_line(text: str | None) -> str:
    return visible(text).replace("\n", " ⏎ ")
