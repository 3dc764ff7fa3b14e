"""Commands: import, documents, segments."""

from __future__ import annotations

import glob
import sys
from pathlib import Path

import click
from rich.markup import escape

from workbench import excerpts
from workbench.cli import columns
from workbench.cli.common import (
    NoDatabase,
    SafeConsole,
    database_path,
    db_option,
    document_or_fail,
    echo,
    emit_json,
    emit_json_items,
    parse_positions,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.config import Settings, config_path, draft_settings
from workbench.display import one_line, visible
from workbench.errors import WorkbenchError
from workbench.importing import paths as library
from workbench.importing import remove
from workbench.reports import overview


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--glob", "patterns", multiple=True, metavar="PATTERN",
              help="Which files to take from folders and quoted patterns, e.g. '*.md' (repeatable; default for "
                   "folders: *.txt *.md *.markdown *.text, or *.tsv with --bilingual).")
@click.option("--bilingual", is_flag=True, help="The files are TSV of chinese<TAB>english lines; the English becomes the draft.")
@click.option("--title", help="Document title (default: the file name without extension; one file only).")
@click.option("--add-to", "add_to", metavar="DOC", help="With --bilingual: attach line k's English as an alternative "
              "draft of segment k of DOC instead of importing a new document.")
@click.option("--engine", help="With --add-to: where the alternative English came from (a model, a translator).")
@click.option("--model", help="With --add-to: the model name, if any.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"document_id": N, "segments": K} for one file, a list of outcomes for several.')
@db_option
@user_errors
def import_(paths: tuple[str, ...], patterns: tuple[str, ...], bilingual: bool, title: str | None, add_to: str | None,
            engine: str | None, model: str | None, as_json: bool) -> None:
    """Import Chinese text or Markdown files (UTF-8, UTF-8 with BOM, GB18030/GBK, Big5/HKSCS, UTF-16 with
    BOM), saved web pages (.html: their main text), Word files (.docx), XLIFF 1.2/2.0 and TMX.

    Each file is split into sentences (segments) with their jieba words; Markdown structure is kept
    for export. A file imported before (same bytes) is reported, not duplicated.

    PATH may be files, folders (searched recursively) and quoted glob patterns. With several files,
    each gets one line (imported, skipped as already imported, or rejected with the reason) and a
    summary follows; a rejected file stores nothing and does not stop the others. The exit status is
    non-zero only when nothing was imported and something went wrong (re-importing files that are
    all already imported succeeds).

    Example:

        workbench import commentary.md
        workbench import verified.tsv --bilingual
        workbench import articles/ --glob '*.md'
        workbench import gpt4o.tsv --bilingual --add-to 1 --engine openai --model gpt-4o
    """
    if add_to is not None or engine is not None or model is not None:
        _add_alternatives(paths, bilingual, title, add_to, engine, model, as_json)
        return
    settings = Settings.load()
    if _single_file(paths, patterns):
        result = library.import_file(store(create=True), Path(paths[0]), bilingual=bilingual, settings=settings, title=title)
        if as_json:
            emit_json({"document_id": result.document_id, "segments": result.segments, "duplicate": result.duplicate})
        elif result.duplicate:
            echo(f"{paths[0]}: already imported as document {result.document_id} ({result.title!r}); nothing changed")
        else:
            echo(f"{paths[0]}: imported as document {result.document_id} ({result.title!r}), {_count(result.segments)}")
        return
    if title:
        raise click.UsageError("--title names one document: give a single file")
    outcomes = []
    for o in _nothing_found_or(library.import_paths(store(create=True), paths, patterns=patterns, bilingual=bilingual, settings=settings)):
        outcomes.append(o)
        if not as_json:
            _echo_outcome(o)
    if as_json:
        emit_json([o.to_dict() for o in outcomes])
    else:
        echo(_summary(outcomes))
    if library.batch_failed(outcomes):
        click.get_current_context().exit(1)


def _nothing_found_or(outcomes):
    """Pass outcomes through, but when the paths name no file at all, say so in one error line."""
    empty = []
    for o in outcomes:
        if o.status != "empty":
            yield from empty
            yield o
            yield from outcomes
            return
        empty.append(o)
    raise WorkbenchError("; ".join(o.reason for o in empty) + " — nothing imported")



def _add_alternatives(paths, bilingual: bool, title, add_to, engine, model, as_json: bool) -> None:
    if add_to is None:
        raise click.UsageError("--engine and --model name the source of alternatives: use them with --add-to DOC")
    if not bilingual or len(paths) != 1 or title:
        raise click.UsageError("--add-to takes one bilingual TSV: workbench import FILE.tsv --bilingual --add-to DOC --engine NAME")
    if not engine:
        raise click.UsageError("--add-to needs --engine NAME (where the English came from)")
    done = library.add_alternatives(store(), Path(paths[0]), document_or_fail(add_to), engine=engine, model=model)
    if as_json:
        emit_json(done)
        return
    again = f", {done['already_there']} already there" if done["already_there"] else ""
    echo(f"{paths[0]}: {done['added']} alternative drafts added to document {done['document']} "
         f"({done['engine']}{'/' + done['model'] if done['model'] else ''}){again}")

def _single_file(paths: tuple[str, ...], patterns: tuple[str, ...]) -> bool:
    if len(paths) != 1 or patterns:
        return False
    path = Path(paths[0])
    return not path.is_dir() and (path.exists() or not glob.has_magic(paths[0]))


def _echo_outcome(o: library.FileOutcome) -> None:
    if o.status == "imported":
        echo(f"imported  {o.path}: document {o.document_id} ({o.title!r}), {_count(o.segments)}")
    elif o.status == "skipped":
        echo(f"skipped   {o.path}: already imported as document {o.document_id} ({o.title!r})")
    elif o.status == "rejected":
        echo(f"rejected  {o.reason}", err=True)
    else:
        echo(f"nothing   {o.reason}", err=True)


def _count(segments: int) -> str:
    return f"{segments} segment{'s' if segments != 1 else ''}"


def _summary(outcomes: list[library.FileOutcome]) -> str:
    n = {s: sum(o.status == s for o in outcomes) for s in ("imported", "skipped", "rejected", "empty")}
    files = n["imported"] + n["skipped"] + n["rejected"]
    text = (f"{files} file{'s' if files != 1 else ''}: {n['imported']} imported, "
            f"{n['skipped']} already imported, {n['rejected']} rejected")
    if n["empty"]:
        text += f"; {n['empty']} folder{'s' if n['empty'] != 1 else ''} or pattern{'s' if n['empty'] != 1 else ''} matched no files"
    if library.batch_failed(outcomes):
        text += " — nothing imported"
    return text


@cli.command("documents")
@click.argument("doc", required=False)
@click.option("--set", "pairs", multiple=True, metavar="KEY=VALUE",
              help=f"With DOC: set its metadata for the compiled post ({', '.join(excerpts.META_KEYS)}; "
                   "an empty value removes a key).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per document.")
@db_option
@user_errors
def documents_(doc: str | None, pairs: tuple[str, ...], as_json: bool) -> None:
    """List the documents with where each stands: segments, drafted, failed drafts, reviewed,
    flagged, QA errors and the last activity (import, draft or review; times in UTC); --json also
    says how many segments are left out of the excerpt.
    With DOC: show (or, with --set, change) that document's metadata.

    Example:

        workbench documents --json
        workbench documents 1 --set outlet=心智观察所 --set author="Chen Mo"
    """
    if doc is not None:
        _metadata(doc, pairs, as_json)
        return
    if pairs:
        raise WorkbenchError("--set needs a document: workbench documents DOC --set key=value")
    try:
        rows = overview.document_overview(store())
    except NoDatabase:
        rows = []  # nothing imported here yet: said below, and no empty database is left behind
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo(f"no documents yet in {visible(str(database_path().resolve()))}: `workbench import FILE` (or `workbench demo`)")
        return
    console = SafeConsole()
    # Counts and times never wrap (a time cut in two lines is hard to read); the title takes what is
    # left and a longer one ends in "…" (`workbench documents N` shows it whole).
    table = columns.layout(
        ["id", "title", "segments", "drafted", "failed", "reviewed", "flagged", "QA errors", "last activity"],
        [[str(r["id"]), one_line(r["title"]), str(r["segments"]), str(r["drafted"]), str(r["failed"]),
          str(r["reviewed"]), str(r["flagged"]), str(r["qa_errors"]), _when(r["last_activity"])] for r in rows],
        width=console.width, text=1, right=frozenset({0, 2, 3, 4, 5, 6, 7}))
    echo()
    console.print(table.header, style="bold", markup=False, highlight=False, no_wrap=True, overflow="ignore", crop=False)
    echo("\n".join([table.rule, *table.rows, ""]))


def _metadata(doc: str, pairs: tuple[str, ...], as_json: bool) -> None:
    document = document_or_fail(doc)
    meta = excerpts.set_metadata(store(), document["id"], pairs) if pairs else excerpts.metadata(store(), document["id"])
    if as_json:
        emit_json({"id": document["id"], "title": document["title"], "meta": meta})
        return
    echo(f"document {document['id']}: {visible(document['title'])}")
    for key in excerpts.META_KEYS:
        echo(f"  {key:<8} {visible(meta.get(key, '')) or '-'}")


def _when(stamp: str | None) -> str:
    """'2026-11-22T09:41:05.123+00:00' (stored in UTC) → '2026-11-22 09:41'."""
    return f"{stamp[:10]} {stamp[11:16]}" if stamp else ""


@cli.command("segments")
@click.argument("doc")
@click.option("--positions", help="Only these positions, e.g. 3-9 or 3,5,8.")
@click.option("--sort", type=click.Choice(["position", "risk"]), default="position", show_default=True,
              help="risk: the segments most likely wrong first (no text yet: last).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per segment.")
@db_option
@user_errors
def segments_(doc: str, positions: str | None, sort: str, as_json: bool) -> None:
    """Show a document's segments: position, status, source, draft, target, jieba words, glossary hits,
    alternative drafts and the risk that the current text is wrong (with its reasons).

    DOC is a document id, title or source file name. The risk is null (and said plainly) for a
    segment with no draft yet.

    Example:

        workbench segments 1 --positions 1-5
        workbench segments 1 --sort risk --json
    """
    document = document_or_fail(doc)
    listing = overview.iter_segment_listing(store(), document["id"], parse_positions(positions))
    if as_json and sort == "position":
        emit_json_items(listing)  # printed as the segments stream from the store
        return
    out = overview.by_risk(listing) if sort == "risk" else list(listing)
    if as_json:
        emit_json(out)
        return
    if not out:
        echo(f"document {document['id']} has no segments" + (" at those positions" if positions else ""))
        return
    if sort == "risk" and all(o["risk"] is None for o in out):
        echo(f"document {document['id']}: nothing has a draft yet, so there is no risk to sort by "
             f"(`workbench draft {document['id']}` first)")
        return
    from rich.table import Column, Table  # noqa: PLC0415 - only this listing needs it: `documents` starts fast

    # Chinese has no spaces to wrap at: fold long sentences instead of cutting them off with "…".
    table = Table("#", "status", *(Column(h, overflow="fold") for h in ("source / draft / target", "words", "terms")),
                  show_lines=True)
    for o in out:
        status = "draft failed" if o["draft_error"] and not o["draft"] else o["status"]
        status += "\nleft out" if o["excluded"] else ""
        terms = "\n".join(escape(f"{t['source']} → {t['target']}") for t in o["terms"])
        risk = "" if o["risk"] is None else f"\nrisk {o['risk']:.2f}"
        table.add_row(str(o["position"]), status + risk, _segment_text(o), escape(" / ".join(o["tokens"])), terms)
    SafeConsole().print(table)


def _segment_text(o: dict) -> str:
    """The source with its draft (or why drafting failed), target, alternatives and risk reasons."""
    text = escape(o["source"])
    if o["draft"]:
        text += f"\n[dim]draft:[/] {escape(o['draft'])}"
    if o["draft_error"] and not o["draft"]:
        text += f"\n[red]draft failed:[/] {escape(o['draft_error'])}"
    if o["target"]:
        text += f"\n[green]target:[/] {escape(o['target'])}"
    for alt in o["alternatives"]:
        text += f"\n[cyan]{escape(alt['engine'] + ('/' + alt['model'] if alt['model'] else ''))}:[/] {escape(alt['text'])}"
    if o["risk_reasons"]:
        text += "\n[yellow]why:[/] " + escape("; ".join(o["risk_reasons"][:2]))
    return text


@cli.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print the same as one JSON object.")
@db_option
@user_errors
def info(as_json: bool) -> None:
    """Where the database is and what it holds, and how drafting is configured (the key masked).

    The database is --db, else WORKBENCH_DB, else db/workbench.db of the project: the nearest folder,
    from here upwards, holding a workbench.toml or a db/workbench.db (as git finds a repository).

    Example:

        workbench info
    """
    try:
        held = overview.workspace(store())
    except NoDatabase:
        held = {"database": str(database_path().resolve()), "schema_version": None}
    settings = draft_settings()
    drafting = {"endpoint": settings.endpoint, "model": settings.model, "batch_size": settings.batch_size,
                "concurrency": settings.concurrency, "api_key": _masked(settings.api_key),
                "price_in": settings.price_in, "price_out": settings.price_out}
    out = {**held, "config": str(config_path().resolve()), "config_found": config_path().is_file(), "drafting": drafting}
    if as_json:
        emit_json(out)
        return
    if out["schema_version"] is None:
        echo(f"database   {visible(out['database'])} (none yet: `workbench import FILE` starts it)")
    else:
        echo(f"database   {visible(out['database'])} (schema version {out['schema_version']})")
        echo(f"holds      {out['documents']} documents, {out['segments']} segments, {out['drafts']} drafts, "
                   f"{out['reviewed']} reviewed; glossary {out['terms']} terms")
    echo(f"settings   {visible(out['config'])}" + ("" if out["config_found"] else " (not present: defaults)"))
    echo(f"drafting   {visible(drafting['endpoint'])}, model {visible(drafting['model'])}, batch "
               f"{drafting['batch_size']}, concurrency {drafting['concurrency']}, API key {drafting['api_key']}")


def _masked(key: str | None) -> str:
    """Enough of a key to tell two apart, never enough to use: the last four characters."""
    if not key:
        return "not set"
    return f"set (…{key[-4:]})" if len(key) >= 16 else "set"


@cli.command("delete")
@click.argument("document")
@click.option("--yes", is_flag=True, help="Do not ask (for scripts).")
@click.option("--keep-memory", is_flag=True,
              help="Keep its reviewed segments in the translation memory (default: they go with the document).")
@click.option("--json", "as_json", is_flag=True, help="Print what was removed as JSON.")
@db_option
@user_errors
def delete(document: str, yes: bool, keep_memory: bool, as_json: bool) -> None:
    """Delete DOCUMENT (id, title or file name) with its segments, drafts, reviews and history.

    Asks first (unless --yes). Its reviewed segments leave the translation memory too, unless
    --keep-memory keeps them there for later drafts of the same sentences.

    Example:

        workbench delete 3 --keep-memory
    """
    doc = document_or_fail(document)
    s = store()
    goes = remove.what_goes(s, doc)
    if not yes:
        if not sys.stdin.isatty():
            raise click.UsageError("deleting asks for confirmation: run it in a terminal, or add --yes")
        memory = ("they stay in the translation memory" if keep_memory
                  else "they leave the translation memory too (--keep-memory keeps them)")
        echo(f"document {doc['id']} {doc['title']!r}: {goes['segments']} segments, {goes['reviewed']} reviewed; {memory}")
        if not click.confirm("Delete it?", default=False):
            echo("nothing deleted")
            sys.exit(1)
    done = remove.delete_document(s, doc, keep_memory=keep_memory)
    if as_json:
        emit_json(done)
    else:
        kept = f"; {done['kept_in_memory']} reviewed segments kept in the translation memory" if keep_memory else ""
        echo(f"deleted document {done['document']} {done['title']!r} ({done['segments']} segments){kept}")
