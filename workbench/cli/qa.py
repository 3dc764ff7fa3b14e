"""Command: check — the zh→en QA checks on a document's current text."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape

from workbench import qa
from workbench.cli import cli
from workbench.cli.common import (
    db_option,
    document_or_fail,
    emit_json,
    parse_positions,
    store,
    user_errors,
)
from workbench.glossary import manage
from workbench.qa.base import severity_rank
from workbench.rows import current_text
from workbench.storage import qa as qa_store
from workbench.storage import segments as seg_store

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
    numbers, untranslated Chinese, punctuation, consistency and length.

    Exit status 1 when any error-severity issue is found, so it can gate publishing.

    Example:

        workbench check 1 --severity error && workbench export 1 --format md
    """
    doc = document_or_fail(document)
    s = store()
    wanted = parse_positions(positions)
    every = seg_store.for_document(s, doc["id"])
    rows = [r for r in every if not wanted or r["position"] in wanted]
    if wanted and not rows:
        raise click.ClickException(f"document {doc['id']} has no segments at {positions}")
    others = qa_store.same_sources_elsewhere(s, doc["id"]) if corpus else []
    # The whole document is checked: length and consistency need the other segments as their norm.
    found = qa.check_document(every, manage.matcher(s), corpus=others)
    if wanted:
        found = qa.for_positions(found, {r["position"]: r["source"] for r in every}, set(wanted))
    limit = severity_rank(severity)
    shown = {p: [i for i in issues if severity_rank(i.severity) <= limit] for p, issues in found.items()}
    errors = sum(i.severity == "error" for issues in found.values() for i in issues)
    if as_json:
        emit_json({"issues": [{"position": p, **i.to_dict()} for p, issues in sorted(shown.items()) for i in issues]})
    elif not found:
        click.echo(f"document {doc['id']} has no drafts yet: nothing to check (`workbench draft {doc['id']}`)")
    else:
        _print(rows, shown, len(found))
    if errors:
        click.get_current_context().exit(1)


def _print(rows: list[dict], shown: dict[int, list[qa.Issue]], checked: int) -> None:
    console = Console(highlight=False)
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
