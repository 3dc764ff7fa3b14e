"""The segment list: one line per segment, drawn on demand (a virtual list), so 20,000 segments cost
no more than 20 to show and a cursor move repaints two lines."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.display import one_line
from workbench.rows import current_text, included
from workbench.tui.findings import risk_marker, top_reason
from workbench.tui.session import ReviewSession
from workbench.tui.text import fit, glyph, qa_marker


class SegmentList(ScrollView, can_focus=True, inherit_bindings=False):
    """Position, status glyph, QA marker, risk marker, source and target snippets and the top risk reason.
    The screen moves the cursor."""

    COMPONENT_CLASSES = {"segment-list--cursor", "segment-list--excluded"}
    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, session: ReviewSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._drawn_cursor = 0

    def reset(self) -> None:
        """After the visible rows changed (a filter): new height, everything redrawn."""
        self.virtual_size = Size(1, len(self.session.visible))  # width 1: never scroll sideways
        self.refresh()

    def on_mount(self) -> None:
        self.reset()

    def on_resize(self) -> None:
        self.virtual_size = Size(1, len(self.session.visible))

    @property
    def current_row(self) -> dict | None:
        visible = self.session.visible
        if not visible:
            return None
        return self.session.at(visible[min(self.cursor, len(visible) - 1)])

    def watch_cursor(self, cursor: int) -> None:
        self.refresh_line(self._drawn_cursor)
        self.refresh_line(cursor)
        self._drawn_cursor = cursor
        top = self.scroll_offset.y
        height = max(self.size.height, 1)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)

    def refresh_position(self, position: int) -> None:
        """Repaint the line of one segment if it is on screen (after a decision changed it)."""
        top = self.scroll_offset.y
        for y in range(top, min(top + self.size.height, len(self.session.visible))):
            if self.session.visible[y] == position - 1:
                self.refresh_line(y)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = y + self.scroll_offset.y
        visible = self.session.visible
        base = self.rich_style
        if index >= len(visible):
            return Strip.blank(width, base)
        row = self.session.at(visible[index])
        selected = index == self.cursor
        style = base + self.get_component_rich_style("segment-list--cursor") if selected else base
        if not included(row):  # left out of the excerpt: dimmed (app.tcss)
            style = style + self.get_component_rich_style("segment-list--excluded")
        found = self.session.risk(row)
        marks = [glyph(row), qa_marker(self.session.issues(row)),  # QA lazily, for lines on screen, cached
                 risk_marker(found, self.session.risk_stale(row))]
        head = f"{row['position']:>5} "
        src_w, tgt_w, why_w = columns(width - len(head) - len(marks) - 1)
        target = current_text(row)
        if target is None:
            target = "draft failed: " + (row.get("draft_error") or "") if row.get("draft_error") else "—"
        reason, reason_style = top_reason(found)
        segments = [Segment(head, style + Style(dim=True))]
        segments += [Segment(mark, style + Style.parse(mark_style) if mark_style else style) for mark, mark_style in marks]
        segments += [
            Segment(" ", style),
            Segment(fit(one_line(row["source"]), src_w), style),
            Segment(" │ ", style + Style(dim=True)),
            Segment(fit(one_line(target), tgt_w), style),
            Segment(" │ ", style + Style(dim=True)),
            Segment(fit(reason, why_w), style + Style.parse(reason_style) if reason_style else style),
        ]
        return Strip(segments).adjust_cell_length(width, style)


def columns(rest: int) -> tuple[int, int, int]:
    """Widths of the source, target and top-reason columns in `rest` cells (two separators included)."""
    rest -= 6
    src_w = max(rest // 4, 8)
    why_w = max(rest * 2 // 5, 10)
    return src_w, max(rest - src_w - why_w, 4), why_w
