"""The focused segment: source with glossary terms, their English and notes, the draft, the target
editor and the QA issues of the text as it stands."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TextArea

from workbench import review
from workbench.tui.session import QA_AVAILABLE, ReviewSession
from workbench.tui.text import GLYPHS, issues_text, source_text, status_key, terms_text, visible


class SegmentPane(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield Static(id="seg-head")
        yield Static(id="seg-source", classes="block")
        yield Static(id="seg-terms", classes="block")
        yield Static(id="seg-draft", classes="block")
        yield TextArea(id="seg-target", soft_wrap=True, read_only=True, show_line_numbers=False,
                       tab_behavior="focus")
        yield Static(id="seg-qa", classes="block")

    def show(self, row: dict | None, session: ReviewSession) -> None:
        """Fill the pane for `row` (read-only target: the editor opens on `e`)."""
        if row is None:
            self.query_one("#seg-head", Static).update(Text("no segment matches the filter — escape clears it"))
            for name in ("#seg-source", "#seg-terms", "#seg-draft", "#seg-qa"):
                self.query_one(name, Static).update("")
            self.target.load_text("")
            return
        key = status_key(row)
        mark, style = GLYPHS[key]
        head = Text()
        head.append(f"Segment {row['position']} of {len(session.rows)}  ", "bold")
        head.append(f"{mark} {'draft failed' if key == 'failed' else key}", style)
        if row.get("reviewer") and key in review.DECIDED:
            head.append(f"  by {visible(row['reviewer'])}", "dim")
        if row.get("note"):
            head.append("  note: ", "magenta")
            head.append(visible(row["note"]))
        self.query_one("#seg-head", Static).update(head)
        hits = session.hits(row)
        self.query_one("#seg-source", Static).update(source_text(row["source"], hits))
        terms = self.query_one("#seg-terms", Static)
        terms.update(terms_text(hits))
        terms.display = bool(hits)
        self.query_one("#seg-draft", Static).update(self._draft_text(row))
        self.target.load_text(visible(review.current_text(row) or ""))
        self.target.border_title = "Target" if key in review.DECIDED else "Target (the draft until you decide)"
        self.show_issues(session.issues(row))

    def show_issues(self, issues: list) -> None:
        self.query_one("#seg-qa", Static).update(issues_text(issues, QA_AVAILABLE))

    @property
    def target(self) -> TextArea:
        return self.query_one("#seg-target", TextArea)

    @staticmethod
    def _draft_text(row: dict) -> Text:
        text = Text()
        if row.get("draft") is not None:
            engine = row.get("engine") or ""
            label = f"Draft ({engine}{' ' + row['model'] if row.get('model') else ''}): "
            text.append(visible(label), "dim")
            text.append(visible(row["draft"]))
        elif row.get("draft_error"):
            text.append("Draft failed: ", "bold red")
            text.append(visible(row["draft_error"]), "red")
            text.append("  (r redrafts, e writes the target)", "dim")
        else:
            text.append("No draft yet (r drafts it, e writes the target)", "dim")
        return text
