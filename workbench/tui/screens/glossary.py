"""The glossary terms of the focused segment (g) and adding a term (t)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from workbench.display import visible
from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.glossary.terms import Hit, Term
from workbench.storage import Store


class TermsScreen(ModalScreen):
    BINDINGS = [Binding("escape,g,q", "dismiss", "Close")]

    def __init__(self, position: int, hits: list[Hit]) -> None:
        super().__init__()
        self.position, self.hits = position, hits

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label(Text(f"Glossary terms in segment {self.position}", "bold"))
            if not self.hits:
                yield Static(Text("No glossary term occurs in this segment (t adds one).", "dim"))
            else:
                table = Table("source", "English", "also", "never", "note", box=None, expand=True,
                              header_style="bold")
                seen = set()
                for hit in self.hits:
                    t = hit.term
                    if t.source in seen:
                        continue
                    seen.add(t.source)
                    table.add_row(Text(visible(t.source), "cyan"), Text(visible(t.target), "bold"),
                                  Text(visible(", ".join(t.variants))), Text(visible(", ".join(t.forbidden)), "red"),
                                  Text(visible(t.note), "italic"))
                yield Static(table)
            yield Static(Text("escape closes", "dim"))


class AddTermScreen(ModalScreen[Term | None]):
    """Source (prefilled with the selection), English, note; checked on enter or Save (a refusal is said
    here), then handed back: the review screen saves it in a worker, so a large glossary never blocks it."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, store: Store, source: str = "") -> None:
        super().__init__()
        self.store, self.source = store, source

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Add a glossary term", "bold"))
            yield Input(value=self.source, placeholder="Chinese term, e.g. 心智观察所", id="term-source")
            yield Input(placeholder="English, e.g. Xinzhi Observatory", id="term-target")
            yield Input(placeholder="note for translators (optional)", id="term-note")
            yield Static(Text("enter moves on and saves; escape cancels", "dim"), id="term-hint")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#term-target" if self.source else "#term-source", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "term-note":
            self.save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss(None)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def save(self) -> None:
        value = {name: self.query_one(f"#term-{name}", Input).value.strip() for name in ("source", "target", "note")}
        term = Term(source=value["source"], target=value["target"], note=value["note"])
        try:
            manage.check_term(self.store, term)
        except WorkbenchError as exc:
            self.query_one("#term-hint", Static).update(Text(str(exc), "red"))
            return
        self.dismiss(term)
