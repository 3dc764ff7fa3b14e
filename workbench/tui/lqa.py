"""The review session's MQM state: the error spans of each segment's current draft (a model's and the
reviewer's own), the rule-QA findings the reviewer dismissed, which mark of the focused segment is
selected (`]` / `[`), and the marks as display text. No Textual here: the screen drives it, tests can too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from workbench import mqm, verdicts, verify
from workbench.display import visible
from workbench.mqm import Span
from workbench.qa import Issue
from workbench.rows import current_text
from workbench.storage import Store

# How a span is drawn in the target (and, for an omission, in the source), by severity.
SPAN_STYLES = {"minor": "black on yellow", "major": "white on dark_orange3", "critical": "bold white on red"}
SELECTED_STYLE = "reverse"


@dataclass(frozen=True)
class Mark:
    """One thing the reviewer can give a verdict on: an MQM span, or a rule-QA finding."""

    span: Span | None = None
    issue: Issue | None = None


@dataclass
class Lqa:
    store: Store
    document_id: int
    spans: dict[int, list[Span]] = field(default_factory=dict)  # segment id → spans on its current draft
    dismissed: set[tuple[int, str, str]] = field(default_factory=set)  # (segment id, check code, text)
    selected: int = 0  # index into the focused segment's marks
    focused: int | None = None  # the segment id `selected` belongs to

    def load(self) -> None:
        self.spans = verdicts.document_spans(self.store, self.document_id)
        self.dismissed = verdicts.dismissed_findings(self.store, self.document_id)

    def reload(self, row: dict) -> None:
        """Re-read one segment's spans and the dismissals after a verdict (or a new draft)."""
        self.spans[row["id"]] = verdicts.spans(self.store, self.document_id, row["position"])
        self.dismissed = verdicts.dismissed_findings(self.store, self.document_id)

    def live(self, row: dict) -> list[Span]:
        """The spans shown on the segment: not dismissed, still in its current text."""
        own = [s for s in self.spans.get(row.get("id"), []) if s.draft_id == row.get("draft_id")]
        return verify.live_spans(row, own) if own else []

    def kept(self, row: dict, issues: list[Issue]) -> list[Issue]:
        """The rule-QA issues without those dismissed for exactly this text."""
        if not self.dismissed:
            return issues
        text = current_text(row)
        return [i for i in issues if (row.get("id"), i.code, text) not in self.dismissed]

    def marks(self, row: dict, issues: list[Issue]) -> list[Mark]:
        """What `]` / `[` move among: the spans, then the rule-QA findings."""
        return [Mark(span=s) for s in self.live(row)] + [Mark(issue=i) for i in self.kept(row, issues)]

    def focus(self, row: dict) -> None:
        if row.get("id") != self.focused:
            self.focused, self.selected = row.get("id"), 0

    def current(self, row: dict, issues: list[Issue]) -> Mark | None:
        self.focus(row)
        marks = self.marks(row, issues)
        if not marks:
            return None
        self.selected = min(self.selected, len(marks) - 1)
        return marks[self.selected]

    def move(self, row: dict, issues: list[Issue], step: int) -> Mark | None:
        self.focus(row)
        marks = self.marks(row, issues)
        if not marks:
            return None
        self.selected = (self.selected + step) % len(marks)
        return marks[self.selected]


def mark_target(text: Text, shown: str, spans: list[Span], selected: Span | None, side: str = "target") -> Text:
    """Draw the spans of one side on `text` (the visible form `shown` of the segment's text)."""
    for s in spans:
        if s.side != side:
            continue
        needle = visible(s.text)
        start = shown.find(needle)
        if start >= 0:
            style = SPAN_STYLES.get(s.severity, "")
            text.stylize(f"{style} {SELECTED_STYLE}" if s == selected else style, start, start + len(needle))
    return text


def marks_text(marks: list[Mark], selected: int) -> Text:
    """The MQM block of the pane: one line per span (and per rule finding, when there are spans)."""
    spans = [m for m in marks if m.span is not None]
    if not spans:
        return Text("MQM: no error spans (m marks one; ] [ select a QA finding, d dismisses it)", "dim")
    text = Text()
    for n, m in enumerate(marks):
        if n:
            text.append("\n")
        text.append("▸ " if n == selected else "  ", "bold")
        if m.issue is not None:
            text.append(f"QA {m.issue.code}: ", "dim")
            text.append(visible(m.issue.message), "dim")
            continue
        s = m.span
        text.append(f"{s.severity} ", SPAN_STYLES.get(s.severity, ""))
        text.append(f"{s.category}{' (source)' if s.side == 'source' else ''} ", "bold")
        text.append(f'"{visible(s.text)}"')
        if s.explanation:
            text.append(" — " + visible(s.explanation))
        who = "yours" if s.origin == mqm.REVIEWER else visible(s.by or "model")
        text.append(f"  [{who}{', ' + s.verdict if s.verdict else ''}]", "dim")
    return text
