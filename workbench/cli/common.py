"""Shared CLI plumbing: the store option, error translation, JSON output, position ranges."""

from __future__ import annotations

import functools
import inspect
import json
import re
import sys

import click

from workbench import config
from workbench.errors import WorkbenchError
from workbench.storage import Store, open_store


def keep_examples(text: str | None) -> str | None:
    """Click rewraps help paragraphs; the lines after "Example:" are commands to copy, so mark each
    of their paragraphs with click's no-rewrap marker (\\b) to keep them as written."""
    if not text or "Example:" not in text:
        return text
    head, tail = inspect.cleandoc(text).split("Example:", 1)
    paragraphs = [p.rstrip() for p in re.split(r"\n[ \t]*\n", tail) if p.strip()]
    return head + "Example:\n\n" + "\n\n".join(p if p.lstrip().startswith("\b") else "\b\n" + p for p in paragraphs)


class WorkbenchCommand(click.Command):
    """A command whose examples keep their lines."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = keep_examples(self.help)


# A database this process created for the current command: removed again if the command fails
# before storing anything, so bad input leaves no stray empty database behind.
_created: list = []


class WorkbenchGroup(click.Group):
    """Lists commands in the order they were added (the order of the workflow); its commands keep
    their examples' lines. Usage mistakes are one line, like every other error."""

    command_class = WorkbenchCommand

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = keep_examples(self.help)

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        _created.clear()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
            click.echo(f"Error: {exc.format_message()}{hint}", err=True)
            _discard_created()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            _discard_created()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except SystemExit as exc:
            if exc.code not in (0, None):
                _discard_created()
            raise
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx):
        return list(self.commands)


def db_option(f):
    """`--db PATH` on a subcommand too, so it may follow the command name."""

    @click.option("--db", "db_here", metavar="PATH", help="The database file (default db/workbench.db; also WORKBENCH_DB).")
    @functools.wraps(f)
    def wrapper(*args, db_here=None, **kwargs):
        ctx = click.get_current_context()
        root = ctx.find_root()
        root.ensure_object(dict)
        if db_here:
            root.obj["db"] = db_here
        return f(*args, **kwargs)

    return wrapper


def store() -> Store:
    """Open the store for this command (once), translating failures into one line."""
    ctx = click.get_current_context().find_root()
    ctx.ensure_object(dict)
    if "store" not in ctx.obj:
        path = config.db_path(ctx.obj.get("db"))
        if path == config.DEFAULT_DB:
            path.parent.mkdir(exist_ok=True)  # the default folder is ours to make; a named one is not
        if not path.exists():
            _created.append(path)
        try:
            ctx.obj["store"] = open_store(path)
        except WorkbenchError as exc:
            raise click.ClickException(str(exc)) from None
        ctx.call_on_close(ctx.obj["store"].close)
    return ctx.obj["store"]


def output_guard(force: bool = False):
    """What this command's output files must not replace: the database, imported sources, and files
    workbench did not write (unless --force); every write is recorded (see workbench.outputs)."""
    from workbench.outputs import Guard
    from workbench.storage import outputs as output_store

    s = store()
    sources, hashes = output_store.sources(s)
    return Guard(database=s.path, sources=sources, source_hashes=hashes, force=force,
                 written=lambda path: output_store.written(s, path),
                 record=lambda path, digest: output_store.record(s, path, digest))


FORCE_HELP = "Replace an existing output file that workbench did not write (never the database or an imported source)."


def _discard_created() -> None:
    from workbench.storage.db import discard_if_blank

    while _created:
        discard_if_blank(_created.pop())


def user_errors(f):
    """Turn WorkbenchError into click's one-line error (exit 1)."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except WorkbenchError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def parse_positions(text: str | None) -> list[int] | None:
    """'3-9,12' → [3, 4, …, 9, 12]; None stays None."""
    if not text:
        return None
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        try:
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                if a < 1 or b < a:
                    raise ValueError
                out.extend(range(a, b + 1))
            else:
                n = int(part)
                if n < 1:
                    raise ValueError
                out.append(n)
        except ValueError:
            raise click.BadParameter(f"{text!r}: use positions like 3-9 or 3,5,8 (1-based)",
                                     param_hint="'--positions'") from None
    return out


def document_or_fail(ref: str) -> dict:
    from workbench.storage import documents

    try:
        return documents.require(store(), ref)
    except WorkbenchError as exc:
        raise click.ClickException(str(exc)) from None
