"""Commands: glossary import | list | add | export."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workbench import glossary as gl
from workbench import terminology
from workbench.cli import cli
from workbench.cli.common import db_option, emit_json, store, user_errors
from workbench.errors import WorkbenchError
from workbench.storage import terms as term_store


@cli.group("glossary", cls=click.Group)
def glossary_() -> None:
    """Keep the glossary: import, list, add and export terms.

    Example:

        workbench glossary import glossary/seed.json
    """


@glossary_.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(gl.READERS)), help="Override the format given by the extension.")
@click.option("--replace", is_flag=True, help="Take the file's target where it differs from the glossary.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@db_option
@user_errors
def glossary_import(file: Path, fmt: str | None, replace: bool, as_json: bool) -> None:
    """Import terms from OmegaT TSV (source, target, comment), CSV with a header, or JSON.

    Duplicate and conflicting entries are reported and nothing is imported.

    Example:

        workbench glossary import terms.tsv
    """
    r = terminology.import_file(store(), file, fmt=fmt, replace=replace)
    if as_json:
        emit_json({"added": r.added, "updated": r.updated, "unchanged": r.unchanged})
    else:
        click.echo(f"{file}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged")


@glossary_.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of terms with every field.")
@db_option
@user_errors
def glossary_list(as_json: bool) -> None:
    """List the glossary terms.

    Example:

        workbench glossary list --json
    """
    terms = term_store.all_terms(store())
    if as_json:
        emit_json([t.to_dict() for t in terms])
        return
    if not terms:
        click.echo("the glossary is empty: `workbench glossary import FILE` or `workbench glossary add`")
        return
    table = Table("source", "target", "variants", "forbidden", "note")
    for t in terms:
        table.add_row(escape(t.source), escape(t.target), escape(", ".join(t.variants)),
                      escape(", ".join(t.forbidden)), escape(t.note))
    Console().print(table)


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
    term = gl.Term(source=source.strip(), target=target.strip(), note=note, variants=list(variants),
                   forbidden=list(forbidden), case_sensitive=case_sensitive)
    r = terminology.add_term(store(), term, replace=replace)
    click.echo(f"{source} → {target}: " + ("added" if r.added else "updated" if r.updated else "unchanged"))


@glossary_.command("export")
@click.option("--format", "fmt", type=click.Choice(["tsv"]), default="tsv", show_default=True,
              help="tsv: OmegaT glossary (source, target, comment).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@db_option
@user_errors
def glossary_export(fmt: str, output: Path | None) -> None:
    """Export the glossary for other tools.

    Example:

        workbench glossary export --format tsv -o omegat/glossary/workbench.txt
    """
    text = gl.dump_tsv(term_store.all_terms(store()))
    if output is None:
        click.echo(text, nl=False)
        return
    if not output.parent.is_dir():
        raise WorkbenchError(f"cannot write {output}: folder {output.parent} does not exist")
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")
