"""Commands: tm import | list | export | delete, matches, concordance."""

from __future__ import annotations

from pathlib import Path

import click

from workbench import config
from workbench.cli.common import (
    FORCE_HELP,
    POSITION,
    db_option,
    document_or_fail,
    echo,
    emit_json,
    output_guard,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.memory import concordance as concordance_search
from workbench.memory import manage, matches
from workbench.memory.similarity import differences


@cli.group("tm", cls=click.Group)
def tm() -> None:
    """The translation memory: every reviewed segment of every document, plus named memories imported
    from TMX files.

    Example:

        workbench tm import house.tmx --name house
    """


@tm.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", help="The memory's name (default: the file name without its extension).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@db_option
@user_errors
def tm_import(file: Path, name: str | None, as_json: bool) -> None:
    """Import a TMX file as a named memory (not a document): every unit with Chinese and English text,
    in either direction (zh→en or en→zh), language codes zh, zh-CN, zh-Hans, zh_CN …; en, en-US, en-GB.

    Example:

        workbench tm import omegat/project_save.tmx --name omegat
    """
    result = manage.import_tmx(store(create=True), file, name)
    if as_json:
        emit_json(result.to_dict())
    else:
        skipped = f"; {result.skipped} units without Chinese and English skipped" if result.skipped else ""
        echo(f"memory {result.name!r}: {result.kept} units from {file}{skipped}")


@tm.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the memories as JSON.")
@db_option
@user_errors
def tm_list(as_json: bool) -> None:
    """List the named memories and what else the memory holds.

    Example:

        workbench tm list
    """
    rows = manage.listing(store())
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        if row.get("kind") == "kept":
            echo(f"(kept from deleted documents)  {row['units']} units")
        elif row.get("kind") == "documents":
            echo(f"(reviewed segments of documents)  {row['units']} units")
        else:
            echo(f"{row['name']}  {row['units']} units  from {row['source_path']}  ({row['languages']})  {row['created_at'][:10]}")


@tm.command("export")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=Path("memory.tmx"),
              show_default=True, help="The TMX file to write.")
@click.option("--name", help="Export only this named memory (default: the whole memory).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@db_option
@user_errors
def tm_export(output: Path, name: str | None, force: bool) -> None:
    """Write the memory as TMX 1.4 (zh-CN → en): every reviewed segment and every memory unit.

    Example:

        workbench tm export -o house.tmx
    """
    count = manage.export_tmx(store(), output, output_guard(force), name)
    echo(f"wrote {count} units to {output}")


@tm.command("delete")
@click.argument("name")
@db_option
@user_errors
def tm_delete(name: str) -> None:
    """Delete a named memory and its units (documents are not touched).

    Example:

        workbench tm delete omegat
    """
    gone = manage.delete(store(), name)
    echo(f"memory {name!r} deleted ({gone} units)")


MINIMUM_HELP = "The least match percentage shown, 1–100 (default: workbench.toml [memory] minimum, else 75)."


def _marked(query: str, found: str) -> str:
    """The match's source with what differs from the query in [brackets]."""
    return "".join(f"[{text}]" if kind == "changed" else text for kind, text in differences(query, found))


@cli.command("matches")
@click.argument("document")
@click.argument("position", type=POSITION)
@click.option("--minimum", type=int, help=MINIMUM_HELP)
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="How many matches.")
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@db_option
@user_errors
def matches_(document: str, position: int, minimum: int | None, limit: int, as_json: bool) -> None:
    """The translation memory's best matches for one segment: score (101 context, 100 exact, else
    fuzzy), where each comes from, and what differs in its source ([brackets]).

    Example:

        workbench matches 1 12
    """
    doc = document_or_fail(document)
    minimum = matches.check_minimum(config.memory_minimum(minimum))
    found = matches.for_segment(store(), doc["id"], position, minimum=minimum, limit=limit)
    if as_json:
        emit_json([m.to_dict() for m in found])
        return
    if not found:
        echo(f"no match of {minimum}% or more for segment {position}")
        return
    source = matches.segment_source(store(), doc["id"], position)
    for m in found:
        who = ", ".join(x for x in (m.unit.reviewer, (m.unit.updated_at or "")[:10]) if x)
        echo(f"{m.score:>3}% {m.label}  {m.unit.origin}" + (f" ({who})" if who else ""))
        echo(f"     {_marked(source, m.unit.source)}")
        echo(f"     {m.unit.target}")


@cli.command("concordance")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True,
              help="The most hits per kind (memory/document × source/target).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@db_option
@user_errors
def concordance(text: str, limit: int, as_json: bool) -> None:
    """Find a word or phrase in the sources and targets of every document and memory, each hit in its
    sentence with the translation beside it.

    Example:

        workbench concordance 国产替代
    """
    result = concordance_search.search(store(), text, limit=limit)
    if as_json:
        emit_json(result.to_dict())
        return
    echo(result.how)
    for hit in result.hits:
        echo(f"{hit.unit.origin}" + (f" #{hit.unit.position}" if hit.unit.position else ""))
        echo(f"  {hit.marked_source}")
        echo(f"  {hit.marked_target or '(no translation yet)'}")
