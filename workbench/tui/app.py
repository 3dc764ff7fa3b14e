"""The review app: `ReviewApp(db_path, document_id)` (shared by the CLI, the demo and the tests) and
`run_review(db_path, document_id)`."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workbench import review
from workbench.errors import WorkbenchError
from workbench.reports.overview import find_document
from workbench.storage import open_store
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.screens.statistics import StatisticsScreen
from workbench.tui.session import ReviewSession


class ReviewApp(App):
    """Review one document: every segment accepted, corrected or flagged, each decision saved at once."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench review"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+t", "statistics", "Statistics", show=False)]

    def __init__(self, db_path: str | Path, document_id: int, *, reviewer: str | None = None,
                 settings: review.ReviewSettings | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.store = open_store(self.db_path, create=False)
        try:
            doc = find_document(self.store, document_id)
        except WorkbenchError:
            self.store.close()
            raise WorkbenchError(f"no document {document_id} in {self.db_path} (see `workbench documents`)") from None
        self.document = doc
        self.settings = settings or review.ReviewSettings.load()
        self.reviewer = self.settings.reviewer_name(reviewer)
        self.session = ReviewSession(self.store, doc["id"])
        self.session.load()
        if not self.session.rows:
            self.store.close()
            raise WorkbenchError(f"document {doc['id']} has no segments to review")

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session, title=self.document["title"], reviewer=self.reviewer,
                                      settings=self.settings, db_path=self.db_path))

    def on_unmount(self) -> None:
        self.store.close()

    def action_statistics(self) -> None:
        self.push_screen(StatisticsScreen(self.store, self.session.document_id))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every review key is also a command in the palette (ctrl+p), named as in the footer.
        for binding in getattr(screen, "BINDINGS", []):
            if not isinstance(binding, Binding):
                continue
            listed = binding.show or binding.action in getattr(screen, "PALETTE_ONLY", ())
            if listed and screen.check_action(binding.action, ()):
                key = binding.key.split(",")[0]
                yield SystemCommand(binding.description, f"key: {key}",
                                    lambda action=binding.action: screen.run_action(action))
        if not isinstance(screen, StatisticsScreen):
            yield SystemCommand("Statistics", "key: ctrl+t", self.action_statistics)



def run_review(db_path: str | Path, document_id: int) -> None:
    """Open the review session on a document (blocks until the reviewer quits)."""
    ReviewApp(db_path, document_id).run()
