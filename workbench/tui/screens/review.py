"""The main review screen: segment list, focused segment, progress line, footer.

Every decision goes through workbench.review (committed to SQLite) before the cursor moves; only the
changed rows are re-read and repainted.
"""

from __future__ import annotations

import gc
from functools import partial
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from workbench import markup, review
from workbench.errors import ConflictError, WorkbenchError
from workbench.qa import Issue
from workbench.rows import current_text, decided_target
from workbench.storage import open_store
from workbench.tui.messages import StatesLoaded
from workbench.tui.progress import progress_text
from workbench.tui.screens.dialogs import AskScreen, ConfirmScreen, ConflictScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review_excerpts import ExcerptsAndNotes
from workbench.tui.screens.review_lqa import MqmVerdicts
from workbench.tui.screens.review_memory import MemoryMatches
from workbench.tui.screens.review_risk import RiskAndAlternatives
from workbench.tui.screens.review_tools import FindingAndGlossary
from workbench.tui.session import ReviewSession
from workbench.tui.text import status_key
from workbench.tui.widgets.segment_list import SegmentList
from workbench.tui.widgets.segment_pane import SegmentPane

EDITOR_ACTIONS = {"save", "leave", "help"}


class ReviewScreen(FindingAndGlossary, RiskAndAlternatives, ExcerptsAndNotes, MqmVerdicts, MemoryMatches, Screen):
    PALETTE_ONLY = {"sign_off"}  # actions listed in the command palette though not in the footer
    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("e,enter", "edit", "Edit"),
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Leave editor"),
        Binding("escape", "clear_filter", "Clear filter"),
        Binding("f", "flag", "Flag"),
        Binding("u", "undo", "Undo"),
        # Not in the footer (it is full at 80 columns); in the help and the command palette.
        Binding("F", "sign_off", "Sign off", show=False),
        Binding("minus", "toggle_excluded", "Leave out / include", show=False),
        Binding("P", "toggle_paragraph", "Leave out / include paragraph", show=False),
        Binding("N", "note", "Note (footnote)", show=False),
        Binding("n", "next", "Next"),
        # One key, two commands: the footer shows the one that applies (check_action).
        Binding("o", "sort_risk", "By risk"),
        Binding("o", "sort_position", "By position"),
        Binding("x", "take_alternative", "Take alt"),
        Binding("p", "take_match", "Take TM", show=False),
        Binding("C", "concordance", "Concordance", show=False),
        Binding("j,down", "move(1)", "Down", show=False),
        Binding("k,up", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("slash", "search", "Search"),
        Binding("s", "status_filter", "Status"),
        Binding("i", "issues_filter", "Issues"),
        Binding("g", "terms", "Terms"),
        Binding("t", "add_term", "Add term"),
        Binding("r", "redraft", "Redraft"),
        # MQM verdicts: in the help and the command palette (the footer is full).
        Binding("right_square_bracket", "next_span", "Next span", show=False),
        Binding("left_square_bracket", "previous_span", "Previous span", show=False),
        Binding("c", "confirm_span", "Confirm span", show=False),
        Binding("d", "dismiss_span", "Dismiss span/finding", show=False),
        Binding("m", "mark_span", "Mark span", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, session: ReviewSession, *, title: str, reviewer: str | None,
                 settings: review.ReviewSettings, db_path) -> None:
        super().__init__()
        self.session, self.doc_title, self.reviewer = session, title, reviewer
        self.settings, self.db_path = settings, db_path
        session.order = settings.order
        self.editing = False
        self.edit_revision = 0
        self.edit_original = ""
        self._qa_timer = None

    def compose(self) -> ComposeResult:
        with Container(id="main"):
            yield SegmentList(self.session, id="segments")
            yield SegmentPane(id="pane")
        yield Static(id="progress")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        index = self.session.first_needing_review()
        self.segments.cursor = max(index, 0)
        self.segments.focus()
        self.show_current()
        self.update_progress()
        # After the first paint, so that reading 20,000 statuses does not delay the first screen.
        self.call_after_refresh(self.run_worker, self._read_states, thread=True, group="states")
        self.call_after_refresh(self.start_risk)

    def _read_states(self) -> None:
        # In a thread with its own connection: the screen is usable while 20,000 statuses are read.
        store = open_store(self.session.store.path, create=False)
        try:
            states = review.session_states(store, self.session.document_id)
        finally:
            store.close()
        self.post_message(StatesLoaded(states))

    def on_unmount(self) -> None:
        self.stop_risk()

    def on_states_loaded(self, message: StatesLoaded) -> None:
        self.session.merge_states(message.states)
        # A 20,000-segment session keeps ~100,000 long-lived objects: taken out of the cyclic GC's
        # full passes, they no longer make a keypress now and then pay for scanning them all.
        if len(self.session.rows) >= 5000:
            gc.freeze()
        self.update_progress()

    def on_resize(self) -> None:
        self.query_one("#main").set_class(self.size.width >= 120, "wide")
        self.update_progress()  # fitted to the width

    # ------------------------------------------------------------------ helpers

    @property
    def segments(self) -> SegmentList:
        return self.query_one(SegmentList)

    @property
    def pane(self) -> SegmentPane:
        return self.query_one(SegmentPane)

    @property
    def row(self) -> dict | None:
        return self.segments.current_row

    def show_current(self, reread: bool = True) -> None:
        row = self.row
        if row is not None and reread:  # another session may have decided it meanwhile
            self.session.refresh([row["position"]])
            row = self.row
        self.pane.show(row, self.session)
        self.risk_if_due()
        self.matches_if_due()

    def update_progress(self) -> None:
        session = self.session
        view = []
        if session.filter:
            shown = f"{len(session.visible)} shown, {session.filter.label}"
            view.append((f"{shown} (esc: all)", "cyan", shown))
        if session.by_risk:
            view.append(("riskiest first", "bold cyan", "riskiest first"))
        elif session.order == "risk":
            view.append(("riskiest first, once risk is known", "bold cyan", "riskiest first (risk…)"))
        elif session.risks is None and session.risk_error is None:
            view.append(("risk…", "dim", "risk…"))
        self.query_one("#progress", Static).update(
            progress_text(self.doc_title, session.counts, len(session.rows), view, self.editing, self.size.width))

    def move_to(self, index: int) -> None:
        n = len(self.session.visible)
        if n == 0:
            return
        self.moved = True
        self.segments.cursor = max(0, min(index, n - 1))
        self.show_current()

    def advance(self) -> None:
        index = self.session.next_needing_review(self.segments.cursor)
        if index < 0:
            self.notify("Every segment in view has a decision.", title="Done")
            self.show_current(reread=False)
        else:
            self.move_to(index)

    def repaint(self, positions: list[int]) -> None:
        for position in positions:
            self.segments.refresh_position(position)
        self.update_progress()
        self.risk_if_due()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.editing:
            return action in EDITOR_ACTIONS
        if action in ("save", "leave"):
            return False
        if action == "clear_filter":
            return self.session.filter is not None  # shown only when there is a filter to clear
        if action in ("sort_risk", "sort_position"):
            return (self.session.order == "risk") == (action == "sort_position")
        return True

    # ------------------------------------------------------------------ deciding

    def _decide(self, do: Callable[[int], review.Decision], *, mine: str | None,
                then: Callable[[review.Decision], None], based_on: int | None = None) -> None:
        """Run one decision based on the revision the reviewer saw; on a conflict, show both texts."""
        row = self.row
        try:
            decision = do(row["revision"] if based_on is None else based_on)
        except ConflictError as exc:
            self.session.refresh([row["position"]])
            self.repaint([row["position"]])
            self.app.push_screen(ConflictScreen(mine or "", exc.current_target, str(exc)),
                                 partial(self._resolve, do, mine, then, exc.current_revision))
            return
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error")
            return
        self.forget_matches()  # a decision changes the memory the matches came from
        self.session.refresh([decision.position, *decision.proposed])
        self.repaint([decision.position, *decision.proposed])
        if decision.proposed:
            self.notify(f"{len(decision.proposed)} repetition(s) of this sentence got it as their draft.")
        then(decision)

    def _resolve(self, do, mine, then, revision: int, choice: str | None) -> None:
        if choice == "mine":
            self._decide(do, mine=mine, then=then, based_on=revision)
        elif choice == "theirs":
            self.leave_editor()
            self.show_current()
        elif self.editing:
            self.edit_revision = revision  # keep editing; the next save knowingly replaces theirs

    def _confirm_errors(self, issues: list, go: Callable[[], None]) -> None:
        errors = [i for i in issues if i.severity == "error"]
        if not errors or not self.settings.confirm_errors:
            go()
            return
        question = Text(f"{len(errors)} QA error(s) in segment {self.row['position']}:\n", "bold red")
        for issue in errors:
            question.append(f"• {issue.message}\n", "")
        question.append("Accept anyway?")
        self.app.push_screen(ConfirmScreen(question, yes="Accept anyway", no="Go back"),
                             lambda ok: go() if ok else None)

    def action_accept(self) -> None:
        row = self.row
        if row is None:
            return
        if current_text(row) is None:
            self.notify("Nothing to accept: there is no draft. e writes the target, r redrafts.", severity="warning")
            return
        # A decided segment keeps its target; otherwise None accepts the draft as stored.
        do = partial(self._accept, row["position"], decided_target(row))
        self._confirm_final(row, "Accept it again (it becomes reviewed)?", lambda: self._confirm_errors(
            self.session.issues(row), lambda: self._decide(do, mine=current_text(row), then=lambda d: self.advance())))

    def _confirm_final(self, row, question: str, go: Callable[[], None]) -> None:
        """A signed-off segment changes only when the reviewer says so (as `--force` on the CLI)."""
        if row["status"] != "final":
            go()
            return
        self.app.push_screen(ConfirmScreen(f"Segment {row['position']} is signed off (final). {question}",
                                           yes="Change it", no="Go back"), lambda ok: go() if ok else None)

    def action_sign_off(self) -> None:
        row = self.row
        if row is None:
            return
        if row["status"] != "reviewed":
            why = "it is already final" if row["status"] == "final" else "accept or correct it first (a)"
            self.notify(f"Only a reviewed segment can be signed off: {why}.", severity="warning")
            return
        self._decide(lambda based: self.session.sign_off(row["position"],
                                                       reviewer=self.reviewer, based_on=based),
                     mine=current_text(row), then=self._signed_off)

    def _signed_off(self, decision: review.Decision) -> None:
        self.show_current(reread=False)
        self.notify(f"Segment {decision.position} signed off: final (u takes it back to reviewed).")

    def _accept(self, position: int, text: str | None, based_on: int) -> review.Decision:
        return self.session.accept(position, text=text,
                                   reviewer=self.reviewer, based_on=based_on)

    def action_flag(self) -> None:
        row = self.row
        if row is None:
            return

        def flagged(note: str | None) -> None:
            if not note:
                return

            def do(based: int) -> review.Decision:
                return self.session.flag(row["position"], note=note, reviewer=self.reviewer, based_on=based)

            self._confirm_final(row, "Flag it?",
                                lambda: self._decide(do, mine=current_text(row), then=lambda d: self.advance()))

        self.app.push_screen(AskScreen(f"Flag segment {row['position']}: what needs a second look?",
                                       placeholder="e.g. check the figure against the source", value=row["note"] or ""),
                             flagged)

    def action_undo(self) -> None:
        row = self.row
        if row is None:
            return

        def undone(decision: review.Decision) -> None:
            self.show_current(reread=False)
            self.notify(f"Undone: segment {decision.position} is {status_key(self.row)} again.")

        self._decide(lambda based: self.session.undo(row["position"],
                                               reviewer=self.reviewer, based_on=based),
                     mine=current_text(row), then=undone)

    # ------------------------------------------------------------------ the editor

    def action_edit(self) -> None:
        row = self.row
        if row is None or self.editing:
            return
        self.editing = True
        self.moved = True
        self.edit_revision = row["revision"]
        self.edit_original = self.pane.start_editing(current_text(row) or "")
        self.pane.show_risk(row, self.session)  # now the risk of the saved text
        self.add_class("editing")
        self.refresh_bindings()
        self.update_progress()

    def leave_editor(self) -> None:
        if not self.editing:
            return
        self.editing = False
        if self._qa_timer is not None:
            self._qa_timer.stop()
        self.pane.stop_editing()
        self.remove_class("editing")
        self.segments.focus()
        self.refresh_bindings()
        self.update_progress()

    def action_save(self) -> None:
        if not self.editing:
            return
        row = self.row
        try:
            text = self.pane.edited_text().strip()
        except markup.MarkupError as exc:
            self.notify(f"Not saved: {exc}. The marks {{1}}…{{/1}} and {{2/}} stand for the links, emphasis and "
                        "code of the text: keep each pair whole (or delete both of its marks).", severity="error")
            return
        if not text:
            self.notify("The target is empty: type the translation, or escape to leave.", severity="error")
            return

        def saved(decision: review.Decision) -> None:
            self.leave_editor()
            self.advance()

        do = partial(self._accept, row["position"], text)
        self._confirm_errors(self.session.issues(row, text, use_text=True),
                             lambda: self._decide(do, mine=text, then=saved, based_on=self.edit_revision))

    def action_clear_filter(self) -> None:
        self.apply_filter(None)

    def action_leave(self) -> None:
        """Leave the editor without saving, asking first when the text was changed."""
        if self.pane.target.text == self.edit_original:
            self.leave_editor()
            self.show_current(reread=False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.leave_editor()
                self.show_current(reread=False)

        self.app.push_screen(ConfirmScreen(f"Discard your changes to segment {self.row['position']}?",
                                           yes="Discard", no="Keep editing"), answered)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if not self.editing:
            return
        if self._qa_timer is not None:
            self._qa_timer.stop()
        self._qa_timer = self.set_timer(0.2, self.live_qa)

    def live_qa(self) -> None:
        """QA of the text being typed (debounced: runs when typing pauses)."""
        if self.editing and self.row is not None:
            try:
                text = self.pane.edited_text()
            except markup.MarkupError as exc:
                self.pane.show_issues([Issue("markup-broken", "error", (0, 0), f"{exc}: it cannot be saved like this")])
                return
            self.pane.show_issues(self.session.issues(self.row, text, use_text=True))

    # ------------------------------------------------------------------ moving

    def action_move(self, delta: int) -> None:
        self.move_to(self.segments.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.segments.cursor + direction * max(self.segments.size.height - 1, 1))

    def action_jump(self, index: int) -> None:
        self.move_to(index if index >= 0 else len(self.session.visible) - 1)

    def action_next(self) -> None:
        self.advance()

    # ------------------------------------------------------------------ the rest

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit()
