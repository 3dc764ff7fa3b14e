"""Command: check — the zh→en QA checks on a document's current text."""

from __future__ import annotations

from typing import Iterable, Iterator

import click
from rich.markup import escape

from workbench import verify
from workbench.cli.common import (
    SafeConsole,
    db_option,
    document_or_fail,
    echo,
    emit_json_items,
    parse_positions,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.qa import Issue
from workbench.qa.base import severity_rank
from workbench.rows import SegmentRow, current_text

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@cli.command("check")
@click.argument("document")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"issues": [{"position", "code", "severity", "message", "span": [a, b]}]}.')
@click.option("--severity", type=click.Choice(["error", "warning"]), default="warning", show_default=True,
              help="Show issues of this severity and worse.")
@click.option("--positions", metavar="RANGES", help="Only these segments, e.g. 3-9,12 (1-based).")
@click.option("--corpus", is_flag=True, help="Also compare with the same sources in every other document.")
@db_option
@user_errors
def check(document: str, as_json: bool, severity: str, positions: str | None, corpus: bool) -> None:
    """Check each segment's current text (the reviewed target, else the draft): glossary terms,
    numbers, untranslated Chinese, punctuation, consistency and length; as warnings, source words
    and names with no counterpart in the English and, with alternative drafts, where the models
    disagree (coverage-missing, name-missing, models-disagree).

    Exit status 1 when any error-severity issue is found, so it can gate publishing.

    Example:

        workbench check 1 --severity error && workbench export 1 --format md
    """
    doc = document_or_fail(document)
    found = verify.iter_check(store(), doc["id"], positions=parse_positions(positions), corpus=corpus,
                              risk_warnings=True)
    tally = _Tally(severity)
    if as_json:
        emit_json_items(({"position": row.position, **i.to_dict()} for row, issues in tally.count(found)
                         for i in issues), "issues")
    else:
        _print(tally.count(found))
        if not tally.checked:
            echo(f"document {doc['id']} has no drafts yet: nothing to check (`workbench draft {doc['id']}`)")
        else:
            SafeConsole(highlight=False).print(
                f"{tally.checked} segments checked: {tally.flagged} with issues — "
                f"{tally.shown['error']} errors, {tally.shown['warning']} warnings")
    if tally.errors:
        click.get_current_context().exit(1)


class _Tally:
    """Counts what passes through while the issues stream by: the segments checked, their errors, and
    the issues shown (of `severity` and worse)."""

    def __init__(self, severity: str):
        self.limit = severity_rank(severity)
        self.checked = self.errors = self.flagged = 0
        self.shown = {"error": 0, "warning": 0, "info": 0}

    def count(self, found: Iterable[tuple[SegmentRow, list[Issue]]]) -> Iterator[tuple[SegmentRow, list[Issue]]]:
        """The segments with the issues shown, counted on the way."""
        for row, issues in found:
            self.checked += 1
            self.errors += sum(i.severity == "error" for i in issues)
            issues = [i for i in issues if severity_rank(i.severity) <= self.limit]
            if issues:
                self.flagged += 1
                for i in issues:
                    self.shown[i.severity] += 1
                yield row, issues


def _print(found: Iterable[tuple[SegmentRow, list[Issue]]]) -> None:
    console = SafeConsole(highlight=False)
    for row, issues in found:
        console.print(f"[bold]segment {row.position}[/bold]  {escape(_clip(current_text(row) or ''))}", soft_wrap=True)
        for i in issues:
            at = f" at {i.span[0]}–{i.span[1]}" if i.span != (0, 0) else ""
            console.print(f"  [{_STYLE[i.severity]}]{i.severity}[/] {i.code}{at}: {escape(i.message)}", soft_wrap=True)


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
