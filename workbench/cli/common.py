"""Shared CLI plumbing: the store option, error translation, JSON output, position ranges."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Iterable

import click
from rich.console import Console
from rich.segment import Segment

from workbench import config
from workbench.cli.group import WorkbenchCommand, WorkbenchGroup, _created, echo, keep_examples
from workbench.display import visible
from workbench.errors import WorkbenchError
from workbench.outputs import Guard
from workbench.positions import MAX_POSITION, Positions
from workbench.storage import Store, open_store

__all__ = ["WorkbenchCommand", "WorkbenchGroup", "echo", "keep_examples"]  # they live in cli.group (light, for start-up)


class SafeConsole(Console):
    """A Rich console whose printed text goes through `visible` (Rich's own styling is untouched)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(s if s.control else Segment(visible(s.text), s.style, s.control) for s in buffer)


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


class NoDatabase(WorkbenchError):
    """A command that only reads found no database: it never creates one."""

    def __init__(self, path: Path):
        super().__init__(f"no workbench database at {visible(str(path.resolve()))} (`workbench import FILE` starts one here; "
                         "--db or WORKBENCH_DB names another)")
        self.path = path


def database_path() -> Path:
    """The database this command uses (--db, WORKBENCH_DB, else the project's; see config.db_path)."""
    ctx = click.get_current_context().find_root()
    ctx.ensure_object(dict)
    return config.db_path(ctx.obj.get("db"))


def store(*, create: bool = False) -> Store:
    """Open the store for this command (once), translating failures into one line. Only commands
    that add something (`create`: import, glossary import/add) make a new database; the others say
    there is none (NoDatabase) instead of leaving an empty one behind."""
    ctx = click.get_current_context().find_root()
    ctx.ensure_object(dict)
    if "store" not in ctx.obj:
        path = database_path()
        if not path.exists() and not create:
            if path.is_symlink():
                raise click.ClickException(f"database path {path} is a broken symbolic link")
            raise NoDatabase(path)
        if config.is_default_db(path):
            path.parent.mkdir(exist_ok=True)  # the default folder is ours to make; a named one is not
        if not path.exists():
            _created.append(path)
        try:
            ctx.obj["store"] = open_store(path)
        except WorkbenchError as exc:
            raise click.ClickException(str(exc)) from None
        ctx.call_on_close(ctx.obj["store"].close)
    return ctx.obj["store"]


def output_guard(force: bool = False) -> Guard:
    """What this command's output files must not replace (see workbench.export.output_guard)."""
    from workbench.export import output_guard as export_guard  # noqa: PLC0415 - the exporters (lxml) load only for commands that write files: the CLI starts fast

    return export_guard(store(), force)


FORCE_HELP = "Replace an existing output file that workbench did not write (never the database or an imported source)."


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
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_as_json))


def _as_json(value):
    """A value json cannot print itself: a compact sequence that says how it prints (`to_json`)."""
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def emit_json_items(items: Iterable, key: str | None = None) -> None:
    """A JSON list (or {key: list}) printed item by item as `items` come, laid out as `emit_json`
    lays it out: a long document's output is never held in memory whole."""
    indent = "  " if key is None else "    "
    opened = False
    for item in items:
        if not opened:
            click.echo("[" if key is None else "{\n  " + json.dumps(key) + ": [")
            opened = True
        else:
            click.echo(",")
        text = json.dumps(item, ensure_ascii=False, indent=2)
        click.echo(indent + text.replace("\n", "\n" + indent), nl=False)
    closing = ("\n" + indent[:-2] + "]") if opened else ("[]" if key is None else "{\n  " + json.dumps(key) + ": []")
    click.echo(closing + ("" if key is None else "\n}"))


class PositionType(click.ParamType):
    """A segment position (1-based) as an argument: a number too large for any document is one line."""

    name = "position"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            self.fail(f"{value!r} is not a position (a whole number, 1 for the first segment)", param, ctx)
        if len(text) > 12 or int(text) > MAX_POSITION:
            self.fail(f"{text}: no document has a position above {MAX_POSITION:,}", param, ctx)
        return int(text)


POSITION = PositionType()


def parse_positions(text: str | None) -> Positions | None:
    """'3-9,12' → the ranges 3-9 and 12 (never expanded); None stays None."""
    if not text:
        return None
    try:
        return Positions.parse(text)
    except WorkbenchError as exc:
        raise click.BadParameter(str(exc), param_hint="'--positions'") from None


def document_or_fail(ref: str) -> dict:
    from workbench.reports.overview import find_document  # noqa: PLC0415 - it imports the checks: `glossary add` starts without them

    try:
        return find_document(store(), ref)
    except NoDatabase as exc:
        raise click.ClickException(f"no document {ref!r}: {exc}") from None
    except WorkbenchError as exc:
        raise click.ClickException(str(exc)) from None
