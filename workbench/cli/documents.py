"""Commands: import, documents, segments."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workbench import documents as library
from workbench.cli import cli
from workbench.cli.common import db_option, document_or_fail, emit_json, parse_positions, store, user_errors
from workbench.config import Settings
from workbench.glossary import Matcher
from workbench.storage import documents as doc_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--bilingual", is_flag=True, help="FILE is a TSV of chinese<TAB>english lines; the English becomes the draft.")
@click.option("--title", help="Document title (default: the file name without extension).")
@click.option("--json", "as_json", is_flag=True, help='Print {"document_id": N, "segments": K}.')
@db_option
@user_errors
def import_(file: Path, bilingual: bool, title: str | None, as_json: bool) -> None:
    """Import a Chinese text or Markdown file (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16 with BOM).

    The file is split into sentences (segments) with their jieba words; Markdown structure is kept
    for export. Importing the same file again is reported, not duplicated.

    Example:

        workbench import commentary.md
        workbench import verified.tsv --bilingual
    """
    result = library.import_file(store(), file, bilingual=bilingual, settings=Settings.load(), title=title)
    if as_json:
        emit_json({"document_id": result.document_id, "segments": result.segments, "duplicate": result.duplicate})
    elif result.duplicate:
        click.echo(f"{file}: already imported as document {result.document_id} ({result.title!r}); nothing changed")
    else:
        click.echo(f"{file}: imported as document {result.document_id} ({result.title!r}), {result.segments} segments")


@cli.command("documents")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@db_option
@user_errors
def documents_(as_json: bool) -> None:
    """List the documents in the database with their progress.

    Example:

        workbench documents --json
    """
    from workbench.progress import document_overview

    rows = document_overview(store())
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("no documents yet: `workbench import FILE` (or `workbench demo`)")
        return
    table = Table("id", "title", "segments", "drafted", "failed", "reviewed", "flagged", "last activity")
    for r in rows:
        table.add_row(str(r["id"]), escape(r["title"]), str(r["segments"]), str(r["drafted"]), str(r["failed"]),
                      str(r["reviewed"]), str(r["flagged"]), r["last_activity"] or "")
    Console().print(table)


@cli.command("segments")
@click.argument("doc")
@click.option("--positions", help="Only these positions, e.g. 3-9 or 3,5,8.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per segment.")
@db_option
@user_errors
def segments_(doc: str, positions: str | None, as_json: bool) -> None:
    """Show a document's segments: position, status, source, draft, target, jieba words and glossary hits.

    DOC is a document id or title.

    Example:

        workbench segments 1 --positions 1-5
    """
    document = document_or_fail(doc)
    s = store()
    rows = seg_store.for_document(s, document["id"], parse_positions(positions))
    matcher = Matcher(term_store.all_terms(s))
    out = []
    for r in rows:
        hits = matcher.find(r["source"])
        out.append({
            "position": r["position"],
            "status": r["status"],
            "source": r["source"],
            "draft": r["draft"],
            "target": r["target"],
            "tokens": r["tokens"],
            "terms": [{"source": h.term.source, "target": h.term.target, "start": h.start, "end": h.end} for h in hits],
            "engine": r["engine"],
            "draft_error": r["draft_error"],
            "paragraph": r["paragraph"],
            "revision": r["revision"],
            "note": r["note"],
        })
    if as_json:
        emit_json(out)
        return
    if not out:
        click.echo(f"document {document['id']} has no segments" + (" at those positions" if positions else ""))
        return
    table = Table("#", "status", "source / draft / target", "words", "terms", show_lines=True)
    for o in out:
        status = "draft failed" if o["draft_error"] and not o["draft"] else o["status"]
        text = escape(o["source"])
        if o["draft"]:
            text += f"\n[dim]draft:[/] {escape(o['draft'])}"
        if o["draft_error"] and not o["draft"]:
            text += f"\n[red]draft failed:[/] {escape(o['draft_error'])}"
        if o["target"]:
            text += f"\n[green]target:[/] {escape(o['target'])}"
        terms = "\n".join(escape(f"{t['source']} → {t['target']}") for t in o["terms"])
        table.add_row(str(o["position"]), status, text, escape(" / ".join(o["tokens"])), terms)
    Console().print(table)
