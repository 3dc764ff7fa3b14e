"""The review screen's excerpt and note actions: `minus` leaves the focused segment out of the
excerpt (or takes it back), `P` its whole paragraph, `N` writes the editor's note (a footnote).

A mixin of ReviewScreen, kept apart so each file stays small; it uses the screen's session, list,
pane and helpers (show_current, repaint).
"""

from __future__ import annotations

from workbench.errors import WorkbenchError
from workbench.tui.screens.dialogs import AskScreen


class ExcerptsAndNotes:
    def _toggle(self, do) -> None:
        row = self.row
        if row is None:
            return
        try:
            change = do(row["position"], reviewer=self.reviewer)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error")
            return
        self.session.refresh(change.changed)
        self.repaint(change.changed)
        self.show_current(reread=False)
        what = "left out of the excerpt" if change.excluded else "back in the excerpt"
        self.notify(f"{len(change.changed)} segment(s) {what}." if len(change.changed) != 1
                    else f"Segment {change.changed[0]} {what}.")

    def action_toggle_excluded(self) -> None:
        self._toggle(self.session.toggle_excluded)

    def action_toggle_paragraph(self) -> None:
        self._toggle(self.session.toggle_paragraph)

    def action_note(self) -> None:
        row = self.row
        if row is None:
            return
        position = row["position"]
        current = self.session.notes.get(position, {}).get("text", "")

        def written(text: str | None) -> None:
            if text is None:
                return
            try:
                if text == "-":
                    self.session.delete_note(position)
                else:
                    self.session.set_note(position, text, author=self.reviewer)
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error")
                return
            self.show_current(reread=False)
            self.notify(f"Note {'deleted' if text == '-' else 'saved'} on segment {position}.")

        self.app.push_screen(AskScreen(f"Note on segment {position} (a footnote of the English article)",
                                       placeholder="context for the reader; links in Markdown", value=current,
                                       hint="enter saves, a lone - deletes the note, escape cancels"), written)
