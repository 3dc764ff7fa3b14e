"""Command: check — the zh→en QA checks on a document's current text."""

from __future__ import annotations

import click
from rich.markup import escape

from workbench import verify
from workbench.cli.common import (
    SafeConsole,
    db_option,
    document_or_fail,
    echo,
    emit_json,
    parse_positions,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.qa import Issue
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
    result = verify.check_document(store(), doc["id"], positions=parse_positions(positions), corpus=corpus,
                                   risk_warnings=True)
    shown = result.at_least(severity)
    if as_json:
        emit_json({"issues": [{"position": p, **i.to_dict()} for p, issues in sorted(shown.items()) for i in issues]})
    elif not result.found:
        echo(f"document {doc['id']} has no drafts yet: nothing to check (`workbench draft {doc['id']}`)")
    else:
        _print(result.rows, shown, len(result.found))
    if result.errors:
        click.get_current_context().exit(1)


def _print(rows: list[SegmentRow], shown: dict[int, list[Issue]], checked: int) -> None:
    console = SafeConsole(highlight=False)
    text = {r["position"]: current_text(r) or "" for r in rows}
    counts = {"error": 0, "warning": 0, "info": 0}
    for position, issues in sorted(shown.items()):
        if not issues:
            continue
        console.print(f"[bold]segment {position}[/bold]  {escape(_clip(text[position]))}", soft_wrap=True)
        for i in issues:
            counts[i.severity] += 1
            at = f" at {i.span[0]}–{i.span[1]}" if i.span != (0, 0) else ""
            console.print(f"  [{_STYLE[i.severity]}]{i.severity}[/] {i.code}{at}: {escape(i.message)}", soft_wrap=True)
    flagged = sum(bool(v) for v in shown.values())
    console.print(f"{checked} segments checked: {flagged} with issues — "
                  f"{counts['error']} errors, {counts['warning']} warnings")


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
