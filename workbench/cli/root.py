"""The `workbench` command group; each area module adds its commands to it."""

from __future__ import annotations

import click

from workbench import __version__
from workbench.cli.group import WorkbenchGroup


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
