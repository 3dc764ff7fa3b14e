"""The focused segment: source with glossary terms (and words a risk signal found no English for), the
draft and the alternative drafts, the target editor, the glossary entries; below them, always in view
(the editor open or not), the QA issues of the text as it stands and its risk with the reasons."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TextArea

from workbench import markup
from workbench.display import from_visible, visible
from workbench.rows import current_text
from workbench.statuses import DECIDED
from workbench.tui.findings import (
    TARGET_MARK_STYLE,
    UNCOVERED_STYLE,
    alternatives_text,
    risk_text,
    spans,
    stylize_spans,
)
from workbench.tui.lqa import mark_target, marks_text
from workbench.tui.session import ReviewSession
from workbench.tui.text import GLYPHS, issues_text, markup_text, source_text, status_key, terms_text


def put(widget: Static, content) -> None:
    """Update a Static, asking for a layout of the screen only when its height changes.

    A layout reflows and repaints every widget on the screen; moving from one segment to the next
    mostly keeps the heights, so this saves most of a keypress's cost.
    """
    width, height = widget.content_size
    widget.update(content, layout=False)
    if width <= 0 or widget.get_content_height(widget.size, widget.app.size, width) != height:
        widget.refresh(layout=True)


class SegmentPane(Vertical, can_focus=False):
    protected = markup.Protected("", {})  # the text in the editor and what its placeholders stand for

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="seg-scroll", can_focus=False):
            yield Static(id="seg-head")
            yield Static(id="seg-source", classes="block")
            yield Static(id="seg-draft", classes="block")
            yield Static(id="seg-alternatives", classes="block")
            yield Static(id="seg-matches", classes="block")  # translation-memory matches (review_memory.py)
            # The target as text while browsing; the TextArea appears only while editing (e / enter), which
            # keeps a cursor move to one layout of plain text instead of re-wrapping an editor each time.
            yield Static(id="seg-current", classes="block")
            yield TextArea(id="seg-target", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            # The glossary entries last: on a small terminal the QA of the target matters more on screen.
            yield Static(id="seg-terms", classes="block")
        # Outside the scrolling part: QA issues and risk reasons stay in view while the editor is open.
        with VerticalScroll(id="seg-findings", can_focus=False):
            yield Static(id="seg-qa", classes="block")
            yield Static(id="seg-mqm", classes="block")
            yield Static(id="seg-risk", classes="block")

    def show(self, row: dict | None, session: ReviewSession) -> None:
        """Fill the pane for `row` (read-only target: the editor opens on `e`)."""
        if row is None:
            self.query_one("#seg-head", Static).update(Text("no segment matches the filter — escape clears it"))
            for name in ("#seg-source", "#seg-terms", "#seg-draft", "#seg-alternatives", "#seg-qa", "#seg-mqm",
                         "#seg-risk"):
                self.query_one(name, Static).update("")
            self.current.update("")
            return
        key = status_key(row)
        mark, style = GLYPHS[key]
        head = Text()
        head.append(f"Segment {row['position']} of {len(session.rows)}  ", "bold")
        head.append(f"{mark} {'draft failed' if key == 'failed' else key}", style)
        if row.get("reviewer") and key in DECIDED:
            head.append(f"  by {visible(row['reviewer'])}", "dim")
        if row.get("note"):
            head.append("  note: ", "magenta")
            head.append(visible(row["note"]))
        if row.get("excluded"):
            head.append("  left out of the excerpt (- takes it back)", "dim italic")
        editor_note = session.notes.get(row["position"])
        if editor_note:
            head.append("\n✎ footnote: ", "cyan")
            head.append(visible(editor_note["text"]))
        put(self.query_one("#seg-head", Static), head)
        hits = session.hits(row)
        found = session.risk(row)
        # The marks belong to the text the risk was computed on: none while a new figure is on its way.
        marked = found if not session.risk_stale(row) else None
        live, selected = self._mqm(row, session)
        put(self.query_one("#seg-source", Static),
            markup_text(mark_target(stylize_spans(source_text(row["source"], hits), spans(marked, "source"), UNCOVERED_STYLE),
                                    visible(row["source"]), live, selected, side="source"), row["source"]))
        terms = self.query_one("#seg-terms", Static)
        put(terms, terms_text(hits))
        self._show_if(terms, bool(hits))
        put(self.query_one("#seg-draft", Static), self._draft_text(row))
        self.show_alternatives(row, session)
        target = current_text(row) or ""
        shown = visible(target)
        put(self.current, markup_text(mark_target(stylize_spans(Text(shown), spans(marked, "target"), TARGET_MARK_STYLE),
                                                  shown, live, selected), target))
        title = "Target" if key in DECIDED else "Target (the draft until you decide)"
        if self.current.border_title != title:
            self.current.border_title = title
        self.show_issues(session.issues(row))
        self.show_risk(row, session)

    def _mqm(self, row: dict, session: ReviewSession) -> tuple[list, object]:
        """The segment's MQM spans and the selected one; fills the MQM block (spans and rule findings)."""
        lqa = session.lqa
        if lqa is None:
            return [], None
        issues = session.issues(row)
        current = lqa.current(row, issues)
        live = lqa.live(row)
        block = self.query_one("#seg-mqm", Static)
        put(block, marks_text(lqa.marks(row, issues), lqa.selected))
        self._show_if(block, bool(live))  # shown only where there are spans: most segments have none
        return live, current.span if current is not None else None

    def show_alternatives(self, row: dict, session: ReviewSession) -> None:
        alternatives = session.alternatives_of(row)
        widget = self.query_one("#seg-alternatives", Static)
        put(widget, alternatives_text(alternatives, row.get("draft") or current_text(row)))
        self._show_if(widget, bool(alternatives))

    def show_risk(self, row: dict, session: ReviewSession) -> None:
        put(self.query_one("#seg-risk", Static),
            risk_text(session.risk(row), known=session.risks is not None, stale=session.risk_stale(row),
                      error=session.risk_error, editing=self.target.display))

    @staticmethod
    def _show_if(widget: Static, shown: bool) -> None:
        if widget.display != shown:
            widget.display = shown

    def start_editing(self, raw: str) -> str:
        """Swap the target text for the editor holding `raw` with its markup as placeholders ({1}…{/1},
        {2/}: a link is its words between two short marks, not a wall of URL); returns the editor's text."""
        self.protected = markup.protect(raw)
        text = visible(self.protected.wire)
        area = self.target
        area.load_text(text)
        area.border_title = "Editing — ctrl+s save · esc leave · f7 select all · ctrl+z undo"
        self.current.display = False
        area.display = True
        area.focus()
        area.move_cursor(area.document.end)
        # Once the editor has grown to its text (a layout after this one), bring all of it into view.
        self.call_after_refresh(self.call_after_refresh, self.show_editor)
        return text

    def show_editor(self) -> None:
        self.query_one("#seg-scroll").scroll_to_widget(self.target, animate=False, immediate=True)

    def replace_text(self, raw: str, title: str) -> None:
        """Put `raw` in the open editor (an alternative taken); the reviewer's undo brings back what was there."""
        self.protected = markup.protect(raw)
        area = self.target
        area.replace(visible(self.protected.wire), area.document.start, area.document.end)
        area.border_title = title
        area.move_cursor(area.document.end)

    def edited_text(self) -> str:
        """The editor's text with the markup back; MarkupError when a placeholder was broken (half of a
        pair deleted, one typed twice, pairs crossed). A whole piece removed is the reviewer's choice."""
        return markup.restore(from_visible(self.target.text), self.protected, may_drop=True)

    def stop_editing(self) -> None:
        self.target.display = False
        self.current.display = True

    def show_issues(self, issues: list) -> None:
        put(self.query_one("#seg-qa", Static), issues_text(issues))

    @property
    def current(self) -> Static:
        return self.query_one("#seg-current", Static)

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
            text.append(markup_text(Text(visible(row["draft"])), row["draft"]))
        elif row.get("draft_error"):
            text.append("Draft failed: ", "bold red")
            text.append(visible(row["draft_error"]), "red")
            text.append("  (r redrafts, e writes the target)", "dim")
        else:
            text.append("No draft yet (r drafts it, e writes the target)", "dim")
        return text
