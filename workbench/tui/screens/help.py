"""The key table and the legend of every mark (both also in the README), shown on `?`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.findings import DIFF_STYLE, DROPPED_MARK, LEVELS, METER, TARGET_MARK_STYLE, UNCOVERED_STYLE
from workbench.tui.lqa import SPAN_STYLES
from workbench.tui.text import GLYPHS

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
    ("-", "leave this segment out of the excerpt (dimmed; not drafted, checked or waiting); again: back in"),
    ("P (shift+p)", "leave this segment's whole paragraph out; again: back in"),
    ("N (shift+n)", "the editor's note on this segment: a footnote of the English article (- deletes it)"),
    ("j / k, ↓ / ↑", "move down / up (pgup, pgdn, home, end too)"),
    ("n", "next segment needing review (in the list's order: by risk when sorted so)"),
    ("o", "sort the list by risk, riskiest first; again: back to position order"),
    ("x", "take an alternative draft into the editor (with several, choose one); ctrl+s saves it"),
    ("p", "take the translation memory's best match into the editor (with several, choose one); ctrl+s saves it"),
    ("C (shift+c)", "concordance: find a word or phrase in every document and memory, with its translation"),
    ("/", "search source and target"),
    ("s", "filter by status"),
    ("i", "show only segments with QA issues"),
    ("g", "glossary terms of this segment"),
    ("t", "add a glossary term (selected source text or typed)"),
    ("r", "redraft this segment (needs a configured endpoint)"),
    ("] / [", "select the next / previous MQM error span (or QA finding) of this segment"),
    ("c", "confirm the selected model's span as an error (it counts in the MQM score)"),
    ("d", "dismiss the selected model's span, or the selected QA finding (a false alarm for this text)"),
    ("m", "mark an error span of your own: its words, MQM category and severity"),
    ("ctrl+t", "statistics of the document"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit (every decision is already saved)"),
]


STATUS_NAMES = {
    "translated": "translated (drafted, needs review)",
    "reviewed": "reviewed (accepted or corrected)",
    "final": "final (signed off with F)",
    "flagged": "flagged for a second look",
    "failed": "draft failed (r redrafts)",
    "initial": "no draft yet",
}


def legend() -> Table:
    """Every mark the list and the segment pane use, drawn as they are drawn there."""
    table = Table(show_header=True, header_style="bold", box=None, expand=True)
    table.add_column("mark", no_wrap=True)
    table.add_column("means")
    for key, meaning in STATUS_NAMES.items():
        mark, style = GLYPHS[key]
        table.add_row(Text(f" {mark} ", style), Text("status " + meaning))
    table.add_row(Text(" ! ", "bold red"), Text("QA error (in the list, after the status)"))
    table.add_row(Text(" ? ", "yellow"), Text("QA warning"))
    table.add_row(Text(" i ", "cyan"), Text("QA note (info)"))
    meter = Text(" ")
    for n, ch in enumerate(METER):
        meter.append(ch, next(style for floor, _, style in LEVELS if (n + 0.5) / len(METER) >= floor))
    table.add_row(meter, Text("risk, low to high (dim: being computed again after a change); "
                              "in the list its main reason follows the last │"))
    table.add_row(Text(" 心智 ", "bold underline cyan"), Text("source: a glossary term (g lists them)"))
    table.add_row(Text(" 分成 ", UNCOVERED_STYLE), Text("source: words with no English counterpart found"))
    table.add_row(Text(" 15% ", TARGET_MARK_STYLE), Text("target: where a risk signal found the problem"))
    table.add_row(Text(" word ", DIFF_STYLE), Text("alternative draft: words the draft does not have"))
    for severity, style in SPAN_STYLES.items():
        table.add_row(Text(" span ", style), Text(f"an MQM error span, {severity} (reversed: the one selected)"))
    table.add_row(Text(f" {DROPPED_MARK} ", "bold red"), Text("alternative draft: leaves out words the draft has"))
    return table


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
            yield Static(Text("Marks", "bold"), classes="legend-title")
            yield Static(legend())
            yield Static(Text("escape closes this help", "dim"))
