"""The rich progress view for a drafting run: a bar per document and a total, on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from workbench.drafting.plan import DocumentCounts

MAX_BARS = 20  # more documents than this: finished ones make room for the next (the total counts all)


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} seg/s" if speed else "", style="progress.data.speed")


class ProgressView:
    """Callbacks for draft_documents: `plan(counts)` once, `update(counts)` as batches land."""

    def __init__(self, enabled: bool, console: Console | None = None):
        self.enabled = enabled
        self.console = console or Console(stderr=True)
        self.progress: Progress | None = None
        self.tasks: dict[int, int] = {}
        self.total_task = None
        self.done: dict[int, int] = {}

    def plan(self, counts: list[DocumentCounts]) -> None:
        if not self.enabled or not counts:
            return
        self.progress = Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), RateColumn(),
            TimeRemainingColumn(), TextColumn("{task.fields[failed]}", markup=False),
            console=self.console, transient=False,
        )
        if len(counts) > 1:
            for i, c in enumerate(counts):
                self.tasks[c.document_id] = self.progress.add_task(_label(c.title), total=c.todo, completed=c.done,
                                                                   failed="", visible=i < MAX_BARS)
        self.total_task = self.progress.add_task("total", total=sum(c.todo for c in counts),
                                                 completed=sum(c.done for c in counts), failed="")
        self.counts = {c.document_id: c for c in counts}
        self.progress.start()

    def update(self, counts: DocumentCounts) -> None:
        if self.progress is None:
            return
        task = self.tasks.get(counts.document_id)
        if task is not None:
            self.progress.update(task, completed=counts.done, failed=_failed(counts.failed))
            if len(self.tasks) > MAX_BARS and counts.done >= counts.todo:
                self._make_room()
        everything = self.counts.values()
        self.progress.update(self.total_task, completed=sum(c.done for c in everything),
                             failed=_failed(sum(c.failed for c in everything)))

    def _make_room(self) -> None:
        """Hide finished documents and show waiting ones, at most MAX_BARS bars at a time."""
        shown = 0
        for doc_id, task in self.tasks.items():
            c = self.counts[doc_id]
            visible = c.done < c.todo and shown < MAX_BARS
            shown += visible
            self.progress.update(task, visible=visible)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _label(title: str) -> str:
    return title if len(title) <= 28 else title[:27] + "…"


def _failed(n: int) -> str:
    return f"{n} failed" if n else ""
