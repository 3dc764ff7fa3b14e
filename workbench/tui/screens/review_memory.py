"""The review screen's translation memory: the focused segment's best matches (score, origin, the
differences between the two Chinese sources marked), `p` takes a match into the editor, `C` searches
the concordance.

A mixin of ReviewScreen. Matches are looked up in a worker thread with its own database connection
(the trigram lookup takes milliseconds, but a large memory must never hold a keypress up); results are
kept per position and shown when they belong to the segment still in focus.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench import config
from workbench.display import visible
from workbench.errors import WorkbenchError
from workbench.memory import concordance, matches
from workbench.memory.similarity import differences
from workbench.storage import open_store
from workbench.tui.messages import ConcordanceFound, MatchesFound
from workbench.tui.screens.dialogs import AskScreen, ChoiceScreen
from workbench.tui.screens.memory import ConcordanceScreen

CHANGED_STYLE = "bold black on yellow"  # what differs in the match's source
SHOWN = 3  # matches shown under the draft (p chooses among all found)
FOUND = 5


def match_label(match: matches.Match) -> str:
    unit = match.unit
    who = ", ".join(visible(x) for x in (unit.reviewer, (unit.updated_at or "")[:10]) if x)
    return f"{match.score}% {match.label} · {visible(unit.origin)}" + (f" · {who}" if who else "")


def match_text(source: str, found: list[matches.Match]) -> Text:
    """The matches as the pane shows them: label, source with the differences marked, target."""
    text = Text()
    for n, match in enumerate(found[:SHOWN], 1):
        if n > 1:
            text.append("\n")
        text.append(f"TM {n}  {match_label(match)}\n", "bold cyan")
        for kind, part in differences(source, match.unit.source):
            text.append(visible(part), CHANGED_STYLE if kind == "changed" else "")
        text.append("\n")
        text.append(visible(match.unit.target), "green")
    if len(found) > SHOWN:
        text.append(f"\n(+{len(found) - SHOWN} more: p lists them)", "dim")
    return text


class MemoryMatches:
    _matches: dict[int, list] | None = None

    @property
    def found_matches(self) -> dict[int, list]:
        if self._matches is None:
            self._matches = {}
        return self._matches

    def matches_if_due(self) -> None:
        row = self.row
        box = self.pane.query_one("#seg-matches", Static)
        if row is None:
            box.display = False
            return
        found = self.found_matches.get(row["position"])
        if found is None:
            box.display = False
            # not exclusive: a thread cannot be stopped midway, and each answer is kept for its position
            self.run_worker(lambda: self._look_up(row["position"]), thread=True, group="matches")
        else:
            self._show_matches(row, found)

    def _look_up(self, position: int) -> None:
        # In a thread with its own connection: the session's connection stays the UI's.
        try:
            store = open_store(self.session.store.path, create=False)
            try:
                minimum = matches.check_minimum(config.memory_minimum())
                found = matches.for_segment(store, self.session.document_id, position, minimum=minimum, limit=FOUND)
            finally:
                store.close()
            self.post_message(MatchesFound(position, found))
        except WorkbenchError as exc:
            self.post_message(MatchesFound(position, [], str(exc)))

    def on_matches_found(self, message: MatchesFound) -> None:
        if message.error:
            self.notify(message.error, severity="error", title="Translation memory")
        self.found_matches[message.position] = message.matches
        row = self.row
        if row is not None and row["position"] == message.position:
            self._show_matches(row, message.matches)

    def _show_matches(self, row, found: list) -> None:
        box = self.pane.query_one("#seg-matches", Static)
        box.display = bool(found)
        if found:
            box.update(match_text(row["source"], found))

    def forget_matches(self) -> None:
        """After a save the memory changed: look the matches up again."""
        self.found_matches.clear()

    def action_take_match(self) -> None:
        row = self.row
        if row is None:
            return
        found = self.found_matches.get(row["position"])
        if found is None:
            self.notify("Still looking up the translation memory…", severity="warning")
            return
        if not found:
            self.notify("The translation memory has no match for this segment.", severity="warning")
            return
        if len(found) == 1:
            self._take_match(found[0])
            return
        options = [(str(n), Text(f"{n}. {match_label(m)}: {visible(m.unit.target)}")) for n, m in enumerate(found, 1)]
        self.app.push_screen(ChoiceScreen("Take which match into the editor? (1–9 or enter)", options, numbered=True),
                             lambda key: self._take_match(found[int(key) - 1]) if key else None)

    def _take_match(self, match: matches.Match) -> None:
        self.action_edit()
        if self.editing:
            self.pane.replace_text(visible(match.unit.target), f"TM {match.score}% ({visible(match.unit.origin)}) — "
                                                               "ctrl+s save · esc leave · ctrl+z back")

    def action_concordance(self) -> None:
        selected = (self.app.screen.get_selected_text() or "").strip() if self.row else ""

        def asked(text: str | None) -> None:
            if text is not None:
                self.run_worker(lambda: self._search(text), thread=True, group="concordance")

        self.app.push_screen(AskScreen("Concordance: find a word or phrase in every document and memory",
                                       placeholder="e.g. 国产替代", value=selected), asked)

    def _search(self, text: str) -> None:
        try:
            store = open_store(self.session.store.path, create=False)
            try:
                self.post_message(ConcordanceFound(concordance.search(store, text)))
            finally:
                store.close()
        except WorkbenchError as exc:
            self.post_message(ConcordanceFound(None, str(exc)))

    def on_concordance_found(self, message: ConcordanceFound) -> None:
        if message.error:
            self.notify(message.error, severity="error", title="Concordance")
            return
        self.app.push_screen(ConcordanceScreen(message.result))
