"""The `workbench` command: a thin click layer over the library.

Each command parses its arguments, opens the store, calls one library function and prints.
Errors a user can fix become one line on stderr and exit status 1 (or 2 for usage errors).
"""

from __future__ import annotations

import sqlite3
import sys

import click

from workbench import __version__
from workbench.cli.common import WorkbenchGroup


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH", envvar="WORKBENCH_DB",
              help="The database file (default db/workbench.db; also WORKBENCH_DB).")
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Chinese→English translation-verification workbench.

    Import a Chinese commentary, draft the English with an LLM, check it against the glossary and
    zh→en QA rules, review every sentence, then export and measure.

    Example:

        workbench import article.md && workbench segments 1
    """
    ctx.ensure_object(dict)
    ctx.obj.setdefault("db", db)


def _register() -> None:
    # Each area registers its commands; imported here so `workbench --help` lists them all,
    # in this order (the order of the workflow), so not sorted.
    from workbench.cli import documents, glossary  # noqa: F401, I001
    from workbench.cli import drafting, review, qa, publish, demo  # noqa: F401


_register()


def main() -> None:
    try:
        cli.main(prog_name="workbench", standalone_mode=True)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            click.echo("Error: the database is busy (another workbench is writing to it); try again", err=True)
        else:
            click.echo(f"Error: database problem: {exc}", err=True)
        sys.exit(1)
    except sqlite3.DatabaseError as exc:  # damage inside a database that opened fine (a bad page)
        click.echo(f"Error: the database cannot be read ({exc}); restore it from a copy", err=True)
        sys.exit(1)
