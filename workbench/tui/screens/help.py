"""The key table (also in the README), shown on `?`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("a", "accept the draft as the target, go to the next segment needing review"),
    ("e / enter", "edit the target (the editor starts with the draft)"),
    ("ctrl+s", "save the edit (reviewed; marked corrected if it differs from the draft), go to the next"),
    ("escape", "leave the editor without saving (asks if there are changes); clear a filter"),
    ("  in the editor", "f7 selects all (type to replace it), ctrl+z / ctrl+y undo / redo typing, "
                        "ctrl+w deletes a word, ctrl+left / ctrl+right move by word"),
    ("f", "flag the segment with a note"),
    ("F (shift+f)", "sign off a reviewed segment: its status becomes final"),
    ("u", "undo the last decision on this segment (after F: reviewed again)"),
    ("j / k, ↓ / ↑", "move down / up (pgup, pgdn, home, end too)"),
    ("n", "next segment needing review"),
    ("/", "search source and target"),
    ("s", "filter by status"),
    ("i", "show only segments with QA issues"),
    ("g", "glossary terms of this segment"),
    ("t", "add a glossary term (selected source text or typed)"),
    ("r", "redraft this segment (needs a configured endpoint)"),
    ("ctrl+t", "statistics of the document"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit (every decision is already saved)"),
]


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.keys = keys or KEYS

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column("key", style="bold cyan", no_wrap=True)
        table.add_column("what it does")
        for key, what in self.keys:
            table.add_row(Text(key), Text(what))
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text("Review keys — every decision is saved before the cursor moves", "bold"))
            yield Static(table)
            yield Static(Text("escape closes this help", "dim"))
