"""Small modal dialogs: confirm, ask for a line of text, choose one of a few options, resolve a conflict."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.display import visible


class Dialog(ModalScreen):
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Dialog):
    """A yes/no question; y and n answer it too."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n", "answer(False)", "No"),
                Binding("escape", "answer(False)", "No")]

    def __init__(self, question: str | Text, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question if isinstance(self.question, Text) else Text(self.question))
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class AskScreen(Dialog):
    """One line of text (a flag note, a search); enter submits, escape cancels, empty is refused."""

    def __init__(self, title: str, placeholder: str = "", value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text, self.placeholder, self.value, self.hint = title, placeholder, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text, "bold"))
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Static(Text(self.hint or "enter to confirm, escape to cancel", "dim"), id="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#hint", Static).update(Text("please type something (escape cancels)", "red"))
            return
        self.dismiss(event.value.strip())


class ChoiceScreen(Dialog):
    """Pick one option (e.g. the status to filter by); with `numbered`, the digits 1–9 pick one at once."""

    def __init__(self, title: str, options: list[tuple[str, str | Text]], numbered: bool = False) -> None:
        super().__init__()
        self.title_text, self.options, self.numbered = title, options, numbered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide" if self.numbered else "dialog"):
            yield Label(Text(self.title_text, "bold"))
            yield OptionList(*[Option(label if isinstance(label, Text) else Text(label), id=key)
                               for key, label in self.options], id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        if self.numbered and event.character and event.character in "123456789":
            n = int(event.character)
            if n <= len(self.options):
                event.stop()
                self.dismiss(self.options[n - 1][0])


class ConflictScreen(Dialog):
    """Another session saved this segment after you opened it: show both texts, let the reviewer choose."""

    BINDINGS = [Binding("m", "choose('mine')", "Keep mine"), Binding("t", "choose('theirs')", "Take theirs"),
                Binding("escape", "choose('edit')", "Back to editing")]

    def __init__(self, mine: str, theirs: str | None, message: str) -> None:
        super().__init__()
        self.mine, self.theirs, self.message = mine, theirs, message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Conflict: " + self.message, "bold red"))
            yield Label(Text("Their text (saved in the database):", "bold"))
            yield Static(Text(visible(self.theirs) if self.theirs is not None else "(no target)"), id="theirs")
            yield Label(Text("Your text (not saved):", "bold"))
            yield Static(Text(visible(self.mine)), id="mine")
            with Horizontal(classes="buttons"):
                yield Button("Keep mine (m)", id="mine-button", variant="warning")
                yield Button("Take theirs (t)", id="theirs-button", variant="primary")
                yield Button("Back (esc)", id="edit-button")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removesuffix("-button"))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
