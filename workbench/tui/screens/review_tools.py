"""The review screen's finding (search, status and QA filters), glossary and redraft actions.

A mixin of ReviewScreen, kept apart so each file stays small; it uses the screen's session, list,
pane and helpers (apply_filter's callers, show_current, repaint).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text

from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.glossary.terms import Term
from workbench.storage import open_store
from workbench.tui.messages import IssuesCounted, Redrafted, TermAdded
from workbench.tui.screens.dialogs import AskScreen, ChoiceScreen
from workbench.tui.screens.glossary import AddTermScreen, TermsScreen
from workbench.tui.text import GLYPHS, status_key

STATUS_CHOICES = [("all", "all segments"), ("translated", "translated (drafted, needs review)"),
                  ("failed", "draft failed"), ("initial", "no draft yet"), ("reviewed", "reviewed"),
                  ("final", "final"), ("flagged", "flagged")]


class FindingAndGlossary:
    # ------------------------------------------------------------------ finding

    def apply_filter(self, flt) -> None:
        current = self.row
        self.session.apply(flt)
        self.segments.reset()
        index = 0
        if current is not None and current["position"] - 1 in self.session.visible:
            index = self.session.visible.index(current["position"] - 1)
        self.segments.cursor = index
        self.show_current()
        self.update_progress()
        self.refresh_bindings()
        if flt is not None and not self.session.visible:
            self.notify(f"No segment matches {flt.label}; escape clears the filter.", severity="warning")

    def action_search(self) -> None:
        def searched(query: str | None) -> None:
            if query:
                self.apply_filter(self.session.by_search(query))

        self.app.push_screen(AskScreen("Search source and target", placeholder="words in Chinese or English"), searched)

    def action_status_filter(self) -> None:
        self.session.ensure_states()
        counts: dict[str, int] = {}
        for row in self.session.rows:
            key = status_key(row)
            counts[key] = counts.get(key, 0) + 1
        options = []
        for key, label in STATUS_CHOICES:
            n = len(self.session.rows) if key == "all" else counts.get(key, 0)
            mark = GLYPHS[key][0] if key in GLYPHS else " "
            options.append((key, f"{mark} {label} ({n})"))

        def chosen(key: str | None) -> None:
            if key:
                self.apply_filter(None if key == "all" else self.session.by_status(key))

        self.app.push_screen(ChoiceScreen("Show segments with status", options), chosen)

    def action_issues_filter(self) -> None:
        if self.session.filter is not None and self.session.filter.label == "QA issues":
            self.apply_filter(None)
            return
        self.notify("Checking every segment…")
        self.session.load_all()  # the texts, read here on the UI side; the worker only runs QA
        self.run_worker(self._count_issues, thread=True, group="qa", exclusive=True)

    def _count_issues(self) -> None:
        # In a thread: fills the session's QA cache; the filter is applied back on the UI side.
        self.post_message(IssuesCounted(self.session.check_document()))

    def on_issues_counted(self, message: IssuesCounted) -> None:
        self.apply_filter(self.session.with_issues())

    # ------------------------------------------------------------------ glossary

    def action_terms(self) -> None:
        row = self.row
        if row is not None:
            self.app.push_screen(TermsScreen(row["position"], self.session.hits(row)))

    def action_add_term(self) -> None:
        row = self.row
        selected = (self.app.screen.get_selected_text() or "").strip() if row else ""
        source = selected if selected and row and selected in row["source"] else ""

        def added(term) -> None:
            if term is not None:
                self.run_worker(partial(self._add_term, term), thread=True, group="glossary")

        self.app.push_screen(AddTermScreen(self.session.store, source), added)

    def _add_term(self, term: Term) -> None:
        # In a thread with its own connection: with a large glossary, saving a term and carrying the
        # glossary cache over takes a moment the screen does not wait for.
        try:
            store = open_store(self.db_path)
            try:
                manage.add_term(store, term)
            finally:
                store.close()
            error = None
        except WorkbenchError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the reviewer, the session goes on
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(TermAdded(term.source, term.target, error))

    def on_term_added(self, message: TermAdded) -> None:
        if message.error:
            self.notify(message.error, severity="error", title=f"{message.source} was not added")
            return
        self.session.load_glossary()
        self.segments.refresh()
        self.show_current(reread=False)
        self.notify(Text(f"Added {message.source} → {message.target} to the glossary.").plain)

    # ------------------------------------------------------------------ redraft

    def action_redraft(self) -> None:
        row = self.row
        if row is None:
            return
        self.notify(f"Redrafting segment {row['position']}…")
        self.run_worker(partial(self._redraft, row["position"]), thread=True, group="redraft")

    def _redraft(self, position: int) -> None:
        # The openai SDK takes ~0.8 s to import: only when a redraft is asked, not when the session opens.
        from workbench.drafting.run import redraft_one  # noqa: PLC0415

        # In a thread, with its own database connection (redraft_one opens the store itself).
        try:
            redraft_one(self.db_path, self.session.document_id, position)
            error = None
        except WorkbenchError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the reviewer, the session goes on
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(Redrafted(position, error))

    def on_redrafted(self, message: Redrafted) -> None:
        self.session.refresh([message.position])
        self.repaint([message.position])
        if message.error:
            self.notify(message.error, severity="error", title=f"Redraft of segment {message.position} failed")
        else:
            self.notify(f"Segment {message.position} has a new draft.")
        if not self.editing and self.row is not None and self.row["position"] == message.position:
            self.show_current(reread=False)

