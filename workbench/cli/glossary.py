"""Commands: glossary import | list | add | remove | export | suggest."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from workbench.cli.common import (
    FORCE_HELP,
    NoDatabase,
    SafeConsole,
    database_path,
    db_option,
    document_or_fail,
    echo,
    emit_json,
    output_guard,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.display import visible
from workbench.errors import WorkbenchError
from workbench.glossary import files as formats
from workbench.glossary import manage, suggest
from workbench.glossary.terms import Term


@cli.group("glossary", cls=click.Group)
def glossary_() -> None:
    """Keep the glossary: import, list, add and export terms.

    Example:

        workbench glossary import glossary/seed.json
    """


@glossary_.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), help="Override the format given by the extension.")
@click.option("--replace", is_flag=True, help="Take the file's target where it differs from the glossary.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@db_option
@user_errors
def glossary_import(file: Path, fmt: str | None, replace: bool, as_json: bool) -> None:
    """Import terms from OmegaT TSV (source, target, comment), CSV (source,target as DeepL and Google
    Cloud take it, or with a header naming the columns), TBX-Basic, or JSON. The format comes from
    the extension (.tsv .txt .csv .tbx .json) unless --format says otherwise.

    Duplicate and conflicting entries, empty targets and malformed files are reported and nothing is
    imported.

    Example:

        workbench glossary import omegat/glossary.tbx
    """
    r = manage.import_file(store(create=True), file, fmt=fmt, replace=replace)
    if as_json:
        emit_json({"added": r.added, "updated": r.updated, "unchanged": r.unchanged})
    else:
        echo(f"{file}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged")


@glossary_.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of terms with every field.")
@db_option
@user_errors
def glossary_list(as_json: bool) -> None:
    """List the glossary terms.

    Example:

        workbench glossary list --json
    """
    try:
        terms = manage.all_terms(store())
    except NoDatabase:
        terms = []  # nothing here yet: an empty glossary, and no empty database left behind
    if as_json:
        emit_json([t.to_dict() for t in terms])
        return
    if not terms:
        echo(f"the glossary is empty in {visible(str(database_path().resolve()))}: "
                   "`workbench glossary import FILE` or `workbench glossary add`")
        return
    table = Table("source", "target", "variants", "forbidden", "note")
    for t in terms:
        table.add_row(escape(t.source), escape(t.target), escape(", ".join(t.variants)),
                      escape(", ".join(t.forbidden)), escape(t.note))
    SafeConsole().print(table)


@glossary_.command("add")
@click.argument("source")
@click.argument("target")
@click.option("--note", default="", help="When to use the term, ambiguities.")
@click.option("--variant", "variants", multiple=True, help="Another acceptable English rendering (repeatable).")
@click.option("--forbidden", multiple=True, help="A rendering that must not be used (repeatable).")
@click.option("--case-sensitive", is_flag=True, help="Match the target's capitalisation exactly.")
@click.option("--replace", is_flag=True, help="Replace an existing entry for SOURCE.")
@db_option
@user_errors
def glossary_add(source, target, note, variants, forbidden, case_sensitive, replace) -> None:
    """Add one term.

    Example:

        workbench glossary add 摩尔线程 "Moore Threads" --note "GPU maker"
    """
    term = Term(source=source.strip(), target=target.strip(), note=note, variants=list(variants),
                   forbidden=list(forbidden), case_sensitive=case_sensitive)
    r = manage.add_term(store(create=True), term, replace=replace)
    echo(f"{source} → {target}: " + ("added" if r.added else "updated" if r.updated else "unchanged"))


@glossary_.command("remove")
@click.argument("source")
@click.option("--glossary", "name", default="default", show_default=True, help="The glossary the term is in.")
@db_option
@user_errors
def glossary_remove(source, name) -> None:
    """Remove one term.

    Example:

        workbench glossary remove 摩尔线程
    """
    manage.remove_term(store(), source.strip(), glossary=name)
    echo(f"{source}: removed")


@glossary_.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS),
              help="tsv: OmegaT (source, target, comment); csv: source,target without a header (DeepL, Google "
                   "Cloud); tbx: TBX-Basic with variants and forbidden terms; json: every field. "
                   "Default: from the -o extension, else tsv.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file (a folder: workbench.utf8 / workbench.tbx in it) instead of stdout.")
@click.option("--for", "tool", type=click.Choice(formats.TOOLS),
              help="omegat: leave forbidden renderings out (OmegaT offers every term it reads) and insist on a "
                   "file name OmegaT loads (.utf8/.txt/.tab, .tbx).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@db_option
@user_errors
def glossary_export(fmt: str | None, output: Path | None, tool: str | None, force: bool) -> None:
    """Export the glossary for other tools (OmegaT, Trados, memoQ, DeepL, Google Cloud).

    Example:

        workbench glossary export --format tbx -o omegat/glossary/workbench.tbx
        workbench glossary export --for omegat -o omegat/glossary/
    """
    fmt = formats.format_for(output, fmt)
    if output is not None:
        output = formats.output_name(output, fmt, tool)
    guard = output_guard(force)
    if output is not None:
        guard.check(output)
    terms = manage.all_terms(store())
    if not terms:
        raise WorkbenchError("the glossary is empty: nothing to export")
    text = formats.dump(terms, fmt, tool)
    if output is None:
        echo(text, nl=False)
        return
    guard.write(output, text)  # atomically: a kill never leaves the old file empty or truncated
    echo(f"wrote {len(terms)} terms to {output} ({fmt})")


@glossary_.command("suggest")
@click.argument("document")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 1000), help="How many candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of candidates.")
@db_option
@user_errors
def glossary_suggest(document: str, limit: int, as_json: bool) -> None:
    """Propose candidate terms from a document that the glossary does not have yet: names of
    people, places and organisations and other proper nouns (jieba parts of speech), plus TF-IDF
    keywords, ranked by how often they occur. Nothing is added.

    Example:

        workbench glossary suggest 1 --limit 20
    """
    doc = document_or_fail(document)
    found = suggest.for_document(store(), doc["id"], limit=limit)
    if as_json:
        emit_json([c.to_dict() for c in found])
        return
    if not found:
        echo("no new candidate terms")
        return
    table = Table("source", "kind", "count", "first segment", "tf-idf")
    for c in found:
        table.add_row(escape(c.source), c.kind, str(c.count), str(c.first_position), f"{c.weight:.3f}" if c.weight else "")
    SafeConsole().print(table)
