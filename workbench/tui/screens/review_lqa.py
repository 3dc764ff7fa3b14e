"""The review screen's MQM verdicts: `]` / `[` select a span (or a rule-QA finding) of the focused
segment, `c` confirms a model's span as an error, `d` dismisses it (or the QA finding: a false alarm
for this text), `m` marks a span of the reviewer's own. Each is saved (with the segment's history)
before the screen moves on.

A mixin of ReviewScreen (like review_tools): it uses the screen's session, pane and helpers.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from workbench import mqm, verdicts
from workbench.display import visible
from workbench.errors import WorkbenchError
from workbench.tui.screens.dialogs import Dialog


class MarkSpanScreen(Dialog):
    """A span of the reviewer's own: its words, category and severity; returns a dict or None."""

    def __init__(self, position: int, text: str) -> None:
        super().__init__()
        self.position, self.text = position, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"Mark an error in segment {self.position}", "bold"))
            yield Static(Text(visible(self.text), "dim"))
            yield Input(placeholder="the wrong words, exactly as above (source words for an omission)", id="span")
            yield Select([(c, c) for c in mqm.CATEGORIES], prompt="category", id="category")
            yield Select([(s, s) for s in mqm.SEVERITIES], prompt="severity", id="severity", value="minor")
            yield Input(placeholder="explanation (optional)", id="explanation")
            with Horizontal(classes="buttons"):
                yield Button("Mark", id="mark", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
            yield Static(Text("enter in a text field or Mark saves; escape cancels", "dim"), id="hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self._submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def _submit(self) -> None:
        span = self.query_one("#span", Input).value
        category = self.query_one("#category", Select).value
        severity = self.query_one("#severity", Select).value
        if not span.strip() or category == Select.BLANK or severity == Select.BLANK:
            self.query_one("#hint", Static).update(Text("give the words, a category and a severity", "red"))
            return
        self.dismiss({"span": span, "category": category, "severity": severity,
                      "explanation": self.query_one("#explanation", Input).value.strip()})


class MqmVerdicts:
    def _marks(self):
        row = self.row
        return row, self.session.lqa, self.session.issues(row) if row is not None else []

    def action_next_span(self) -> None:
        self._select(1)

    def action_previous_span(self) -> None:
        self._select(-1)

    def _select(self, step: int) -> None:
        row, lqa, issues = self._marks()
        if row is None or lqa.move(row, issues, step) is None:
            self.notify("No MQM span or QA finding on this segment (m marks a span).", severity="warning")
            return
        self.show_current(reread=False)

    def action_confirm_span(self) -> None:
        self._judge(verdicts.confirm, "confirmed")

    def action_dismiss_span(self) -> None:
        row, lqa, issues = self._marks()
        mark = lqa.current(row, issues) if row is not None else None
        if mark is not None and mark.issue is not None:
            self._saved(row, lambda: verdicts.dismiss_finding(self.session.store, self.session.document_id,
                                                              row["position"], mark.issue.code,
                                                              reviewer=self.reviewer),
                        f"QA finding {mark.issue.code} dismissed for this text.")
            return
        self._judge(verdicts.dismiss, "dismissed")

    def _judge(self, verdict, said: str) -> None:
        row, lqa, issues = self._marks()
        mark = lqa.current(row, issues) if row is not None else None
        if mark is None or mark.span is None:
            self.notify("Select a model's span first (] and [).", severity="warning")
            return
        if mark.span.origin != mqm.MODEL:
            self.notify("That span is your own: there is no model's finding to judge.", severity="warning")
            return
        self._saved(row, lambda: verdict(self.session.store, self.session.document_id, row["position"],
                                         mark.span.id, reviewer=self.reviewer),
                    f"{mark.span.category} “{mark.span.text}” {said}.")

    def action_mark_span(self) -> None:
        row = self.row
        if row is None or row.get("draft_id") is None:
            self.notify("There is no draft to mark an error in.", severity="warning")
            return

        def marked(answer: dict | None) -> None:
            if answer:
                self._saved(row, lambda: verdicts.annotate(self.session.store, self.session.document_id,
                                                           row["position"], reviewer=self.reviewer, **answer),
                            f"Marked {answer['category']} {answer['severity']}.")

        self.app.push_screen(MarkSpanScreen(row["position"], row.get("target") or row.get("draft") or ""), marked)

    def _saved(self, row: dict, do, said: str) -> None:
        try:
            do()
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error")
            return
        self.session.lqa.reload(row)
        self.session.refresh([row["position"]])  # the verdict moved the segment's revision on
        self.session.risk_version += 1  # the spans are a risk signal: computed again once you pause
        self.repaint([row["position"]])
        self.show_current(reread=False)
        self.notify(said)
