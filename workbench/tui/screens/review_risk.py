"""The review screen's risk and alternative drafts: computing every segment's risk in the background,
the risk order (`o`), and taking an alternative into the editor (`x`).

A mixin of ReviewScreen, kept apart so each file stays small; it uses the screen's session, list,
pane and helpers (show_current, move_to, update_progress, action_edit).

Risk is computed for the whole document in a worker thread with its own database connection (20,000
segments take seconds), which posts a message; the screen is usable meanwhile. A change it depends on
(a corrected text, a redraft, a glossary term) makes it due again: it runs once more after a pause,
one computation at a time, and the figures of changed segments are shown as out of date until then.
"""

from __future__ import annotations

import gc
from functools import partial

from rich.text import Text

from workbench import verify
from workbench.display import visible
from workbench.reports.overview import segment_alternatives
from workbench.rows import current_text
from workbench.storage import open_store
from workbench.tui.findings import word_diff
from workbench.tui.messages import AlternativesLoaded, RisksComputed
from workbench.tui.risk_run import RiskRun
from workbench.tui.screens.dialogs import ChoiceScreen

RISK_PAUSE = 1.0  # seconds after the last change before risk is computed again
IN_A_PROCESS_FROM = 2000  # segments; below, computing takes well under a second and a thread is quicker


class RiskAndAlternatives:
    _risk_running = False
    _risk_run = None
    _risk_timer = None
    _alternatives_read = False
    moved = False  # whether the reviewer has moved or edited yet (the risk order may still pick the start)

    # ------------------------------------------------------------------ computing

    def start_risk(self) -> None:
        """Compute every segment's risk in a thread, unless a computation is running (its end starts
        another one when something changed meanwhile)."""
        if self._risk_running:
            return
        self._risk_running = True
        read_alternatives = not self._alternatives_read
        self._alternatives_read = True
        self.run_worker(partial(self._compute_risk, self.session.risk_version, read_alternatives),
                        thread=True, group="risk")

    def risk_if_due(self) -> None:
        """After a change: compute the risk again once the reviewer pauses."""
        if not self.session.risk_due or self.session.risk_error:
            return
        if self._risk_timer is not None:
            self._risk_timer.stop()
        self._risk_timer = self.set_timer(RISK_PAUSE, self.start_risk)

    def _compute_risk(self, version: int, read_alternatives: bool) -> None:
        # In a thread; only messages go back to the screen. A large document's risk is computed in a
        # child process (see risk_run), a small one's here.
        try:
            if read_alternatives:
                self.post_message(AlternativesLoaded(self._read(segment_alternatives)))
            if len(self.session.rows) >= IN_A_PROCESS_FROM:
                self._risk_run = RiskRun(self.session.store.path, self.session.document_id)
                risks, error = self._risk_run.result()
            else:
                risks, error = self._read(verify.document_risk), None
        except Exception as exc:  # noqa: BLE001 - a fault in one signal must not end the session
            risks, error = None, f"{type(exc).__name__}: {exc}"
        if error != "stopped":
            self.post_message(RisksComputed(risks, version, error))

    def _read(self, call):
        # With a connection of the thread's own (SQLite connections stay in the thread that opened them).
        store = open_store(self.session.store.path, create=False)
        try:
            return call(store, self.session.document_id)
        finally:
            store.close()

    def stop_risk(self) -> None:
        """End a computation in a child process (when the session ends: quitting does not wait for it)."""
        if self._risk_run is not None:
            self._risk_run.stop()

    def on_alternatives_loaded(self, message: AlternativesLoaded) -> None:
        self.session.alternatives = message.alternatives
        if self.row is not None:
            self.pane.show_alternatives(self.row, self.session)

    def on_risks_computed(self, message: RisksComputed) -> None:
        self._risk_running = False
        if message.error is not None:
            self.session.risk_error = message.error
            self.notify(f"Risk could not be computed: {message.error}", severity="error")
        elif self.session.merge_risks(message.risks, message.version) and self.session.order == "risk":
            self._sorted_by_risk_at_last()
        self.segments.refresh()
        self._show_risk()
        self.update_progress()
        if len(self.session.rows) >= 5000:
            gc.freeze()  # as after reading the states: long-lived objects out of the GC's full passes
        self.risk_if_due()

    def _show_risk(self) -> None:
        row = self.row
        if row is None:
            return
        if self.editing:  # the editor keeps its text and its live QA; only the risk line changes
            self.pane.show_risk(row, self.session)
        else:
            self.show_current(reread=False)

    def _sorted_by_risk_at_last(self) -> None:
        """The risk order was asked for before the risks were known: sort now. A reviewer who has not
        moved yet starts at the riskiest segment needing review; otherwise the focused one stays."""
        if self.moved or self.editing:
            self.reorder()
            return
        self.session.apply(self.session.filter)
        self.segments.reset()
        self.move_to(max(self.session.first_needing_review(), 0))
        self.notify("Riskiest first: starting at the riskiest segment needing review.")

    # ------------------------------------------------------------------ the order

    def reorder(self) -> None:
        """Apply the filter and order again, keeping the focused segment focused (the editor stays open)."""
        current = self.row
        self.session.apply(self.session.filter)
        self.segments.reset()
        if current is not None and current["position"] - 1 in self.session.visible:
            self.segments.cursor = self.session.visible.index(current["position"] - 1)
        if not self.editing:
            self.show_current(reread=False)
        self.update_progress()
        self.refresh_bindings()

    def action_sort_risk(self) -> None:
        self.session.order = "risk"
        self.reorder()
        if self.session.risks is None:
            self.notify("Risk is still being computed: the list is sorted as soon as it is known.")
        else:
            self.notify("Riskiest first: home goes to the riskiest, o back to position order.")

    def action_sort_position(self) -> None:
        self.session.order = "position"
        self.reorder()

    # ------------------------------------------------------------------ alternatives

    def action_take_alternative(self) -> None:
        row = self.row
        if row is None:
            return
        alternatives = self.session.alternatives_of(row)
        if not alternatives:
            self.notify("This segment has no alternative drafts (`workbench import FILE --bilingual "
                        "--add-to DOC --engine NAME` adds them).", severity="warning")
            return
        if len(alternatives) == 1:
            self._take(alternatives, 1)
            return
        base = row.get("draft") or current_text(row)
        options = []
        for n, alt in enumerate(alternatives, 1):
            label = Text(f"{n}. {_label(alt)}: ", "bold")
            label.append(word_diff(base, alt["text"]) if base is not None else Text(visible(alt["text"])))
            options.append((str(n), label))
        self.app.push_screen(ChoiceScreen("Take which alternative draft into the editor? (1–9 or enter)", options,
                                          numbered=True),
                             lambda key: self._take(alternatives, int(key)) if key else None)

    def _take(self, alternatives: list[dict], n: int) -> None:
        alt = alternatives[n - 1]
        self.action_edit()
        if self.editing:
            self.pane.replace_text(alt["text"], f"Alt {n} ({_label(alt)}) — ctrl+s save · esc leave · "
                                                         "ctrl+z back to what was there")


def _label(alt: dict) -> str:
    return visible(alt["engine"] + (f" {alt['model']}" if alt.get("model") else ""))
