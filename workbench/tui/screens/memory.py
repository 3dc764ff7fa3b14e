"""The concordance dialog: every hit of a word or phrase, in its sentence, with the translation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from workbench.display import visible
from workbench.memory.concordance import Hit, Result
from workbench.tui.screens.dialogs import Dialog

HIT_STYLE = "bold black on yellow"


def _sentence(text: str, hit: Hit, field: str) -> Text:
    out = Text()
    if field != hit.field:
        out.append(visible(text) if text else "(no translation yet)", "green" if text else "dim")
        return out
    out.append(visible(text[:hit.start]))
    out.append(visible(text[hit.start:hit.end]), HIT_STYLE)
    out.append(visible(text[hit.end:]))
    return out


def hits_text(result: Result) -> Text:
    text = Text()
    for n, hit in enumerate(result.hits):
        if n:
            text.append("\n\n")
        where = visible(hit.unit.origin) + (f" #{hit.unit.position}" if hit.unit.position else "")
        text.append(where + "\n", "bold cyan")
        text.append(_sentence(hit.unit.source, hit, "source"))
        text.append("\n")
        text.append(_sentence(hit.unit.target, hit, "target"))
    if not result.hits:
        text.append("no hit", "dim")
    return text


class ConcordanceScreen(Dialog):
    """The hits of one concordance search; escape closes it."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(visible(self.result.how), "bold"))
            with VerticalScroll(id="concordance-hits"):
                yield Static(hits_text(self.result), id="concordance-text")
            yield Static(Text("escape closes", "dim"))
