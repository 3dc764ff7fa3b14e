"""Command: demo — the bundled sample in its own database, opened in the review session."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from workbench import demo as library
from workbench.cli.common import echo, user_errors
from workbench.cli.root import cli


@cli.command("demo")
@click.option("--db", "db_here", metavar="PATH",
              help=f"The demo database (default {library.DEFAULT_DB}, separate from the working database).")
@click.option("--no-tui", is_flag=True, help="Print a summary instead of opening the review session (for scripts).")
@click.option("--reset", is_flag=True, help="Delete the demo database first and start over (reviews are lost).")
@click.pass_context
@user_errors
def demo_(ctx: click.Context, db_here: str | None, no_tui: bool, reset: bool) -> None:
    """Try the workbench offline on a bundled sample: a Chinese commentary on the H200 export decision,
    the seed glossary and recorded drafts (prepared for the demo, not a model run), some with typical
    machine-translation faults for the QA checks to catch.

    Running it again reopens the same demo database with your decisions kept; --reset starts over.
    WORKBENCH_DB is ignored here so the demo never touches the working database.

    Example:

    \b
        workbench demo
        workbench demo --no-tui
    """
    db_path = Path(db_here or _root_db_flag(ctx) or library.DEFAULT_DB)
    document_id = library.load_demo(db_path, reset=reset)
    if no_tui:
        _print_summary(db_path, document_id)
        return
    if not sys.stdout.isatty():
        _print_summary(db_path, document_id)
        echo("\nNot a terminal: the summary is shown instead of the review session.")
        return
    from workbench.tui.app import run_review  # noqa: PLC0415 - Textual only when a session opens: the CLI starts fast

    run_review(db_path, document_id)


def _root_db_flag(ctx: click.Context) -> str | None:
    """`workbench --db X demo` counts, but not WORKBENCH_DB (that names the working database)."""
    root = ctx.find_root()
    if root.get_parameter_source("db") == ParameterSource.COMMANDLINE:
        return root.params.get("db")
    return None


def _print_summary(db_path: Path, document_id: int) -> None:
    s = library.summarize(db_path, document_id)
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(s.by_status.items()))
    echo(f"Demo database: {db_path}")
    echo(f"Document {s.document_id}: {s.title}")
    echo(f"Segments: {s.segments}; drafted: {s.drafted} (engine {library.ENGINE}); status: {statuses}")
    if s.qa_by_code:
        severity = ", ".join(f"{n} {k}" for k, n in sorted(s.qa_by_severity.items()))
        echo(f"QA issues ({severity}), segments per check:")
        for code, n in s.qa_by_code.items():
            echo(f"  {code}: {n}")
    else:
        echo("QA issues: none")
    db = shlex.quote(str(db_path))
    doc = s.document_id
    echo("Next steps:")
    for command, what in (
        (f"workbench --db {db} review {doc}", "review every segment (or run `workbench demo` again)"),
        (f"workbench --db {db} check {doc}", "list the QA issues per segment"),
        (f"workbench --db {db} export {doc} --format md --status all -o demo-en.md", "export the English article"),
        ("workbench demo --reset", "start the demo over"),
    ):
        echo(f"  {command:<72} {what}")
    ids, lines = library.compiled_preview(db_path)
    docs = " ".join(str(i) for i in ids)
    echo(f"\nThe compiled post, first lines (`workbench --db {db} export {docs} -f md --compile --status all --credit`;"
         " drafts marked until reviewed):")
    for line in lines:
        echo(f"  {line}")
