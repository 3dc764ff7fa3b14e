"""Exports: a small registry of formats behind one base (sacrebleu-style pluggable parts).

Each format is a module with one `Exporter` subclass registered under its name. `export()` loads the
document once into an `ExportJob` and hands it to the format; formats never speak SQL.

`--status` decides what happens to segments nobody has reviewed yet:
- md, bilingual-md, html: refused (`reviewed`, the default) or included and visibly marked (`all`);
- tmx: only reviewed segments (`reviewed`) or every translated segment with an x-status property (`all`);
- xliff, jsonl: always every segment, since both carry each segment's status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from workbench.encodings import decode_small, writable
from workbench.errors import WorkbenchError
from workbench.export import bilingual, jsonl, md, post, tmx, word, xliff, xliff12
from workbench.export.base import Exporter, ExportJob
from workbench.export.excerpt import ellipsis_setting
from workbench.export.post_writers import POST_WRITERS
from workbench.outputs import Guard
from workbench.storage import Store, reporting
from workbench.storage import documents as doc_store
from workbench.storage import excerpts as excerpt_store
from workbench.storage import outputs as output_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

STATUS_CHOICES = ("reviewed", "all")


# The one registry of formats (sorted by name, as `--help` lists them).
EXPORTERS: dict[str, Exporter] = {cls.name: cls() for cls in (
    bilingual.BilingualMarkdownExporter, bilingual.HtmlExporter, jsonl.JsonlExporter, md.MarkdownExporter,
    tmx.TmxExporter, word.WordExporter, xliff.XliffExporter, xliff12.Xliff12Exporter)}


def formats() -> list[str]:
    return list(EXPORTERS)


def is_binary(fmt: str) -> bool:
    return fmt in EXPORTERS and EXPORTERS[fmt].binary


def load_job(store: Store, document_ref: str | int, *, status: str = "reviewed", credit: bool = False,
             ellipsis: str | None = None) -> ExportJob:
    document = doc_store.require(store, document_ref)
    if not seg_store.count(store, document["id"]):
        raise WorkbenchError(f"document {document['id']} ({document['title']!r}) has no segments to export")
    # Every format writes the same text: a control character a draft or an edit brought in becomes U+FFFD
    # (the job's streams pass each row through `writable`).
    return ExportJob(store, writable(document), status=status, credit=credit, terms=term_store.all_terms(store),
                     notes=writable(excerpt_store.notes(store, document["id"])), ellipsis=ellipsis_setting(ellipsis))


def export_chunks(store: Store, document_ref: str | int, fmt: str, *, status: str = "reviewed",
                  credit: bool = False, ellipsis: str | None = None) -> Iterator[str | bytes]:
    """Document `document_ref` in format `fmt`, as pieces of text (bytes for a binary format: docx) made while its segments stream from
    the store; raises WorkbenchError with one line on bad input (before the first piece)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise WorkbenchError(f"unknown export format {fmt!r} (use one of: {', '.join(EXPORTERS)})")
    if status not in STATUS_CHOICES:
        raise WorkbenchError(f"unknown --status {status!r} (use reviewed or all)")
    job = load_job(store, document_ref, status=status, credit=credit, ellipsis=ellipsis)
    waiting, first = job.waiting
    if exporter.needs_review and status == "reviewed" and waiting:
        shown = ", ".join(str(p) for p in first) + (" …" if waiting > len(first) else "")
        raise WorkbenchError(
            f"{waiting} of {len(job.published)} segments are not reviewed yet (positions {shown}); "
            "review them, or export with --status all to include them marked"
        )
    return exporter.chunks(job)


def export(store: Store, document_ref: str | int, fmt: str, *, status: str = "reviewed",
           credit: bool = False, ellipsis: str | None = None) -> str | bytes:
    """Render a document in format `fmt` as one text (bytes for a binary format: docx); raises
    WorkbenchError with one line on bad input."""
    pieces = list(export_chunks(store, document_ref, fmt, status=status, credit=credit, ellipsis=ellipsis))
    return b"".join(pieces) if is_binary(fmt) else "".join(pieces)


def build_post(store: Store, refs: list[str], *, status: str = "reviewed", credit: bool = False,
               intro: str | None = None, ellipsis: str | None = None) -> post.Post:
    """The blocks of one post from several documents (see workbench.export.post); WorkbenchError,
    with the positions, while an included segment is unreviewed (unless status "all": then marked)."""
    if status not in STATUS_CHOICES:
        raise WorkbenchError(f"unknown --status {status!r} (use reviewed or all)")
    documents = post.check_documents(store, refs)
    jobs = [load_job(store, d["id"], status=status, credit=credit, ellipsis=ellipsis) for d in documents]
    post.refuse_unready(jobs, status)
    return post.assemble_post(jobs, intro=intro, credit=credit)


def compile_post(store: Store, refs: list[str], fmt: str, *, status: str = "reviewed", credit: bool = False,
                 intro: Path | None = None, ellipsis: str | None = None) -> str | bytes:
    """One post from several documents in format `fmt` (md, html or docx: bytes): `workbench export … --compile`."""
    writer = POST_WRITERS.get(fmt)
    if writer is None:
        raise WorkbenchError(f"--compile writes {' or '.join(POST_WRITERS)}, not {fmt!r}")
    return writer(build_post(store, refs, status=status, credit=credit, intro=read_intro(intro), ellipsis=ellipsis))


def read_intro(path: Path | None) -> str | None:
    """The editor's introduction (Markdown) from a file, any encoding workbench reads."""
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"cannot read the intro {path}: {exc.strerror}") from None
    text = decode_small(data)
    if text is None:
        raise WorkbenchError(f"cannot read the intro {path}: not UTF-8, UTF-16 or GB18030 text")
    return writable(text)


def reviewed_count(store: Store, document_id: int) -> int:
    """Segments reviewed or final: what a translation memory export can hold."""
    return reporting.pair_count(store, document_id)


def output_guard(store: Store, force: bool = False) -> Guard:
    """What a command's output files must not replace: the database, imported sources, and files
    workbench did not write (unless `force`); every write is recorded (see workbench.outputs)."""
    sources, hashes = output_store.sources(store)
    return Guard(database=store.path, sources=sources, source_hashes=hashes, force=force,
                 written=lambda path: output_store.written(store, path),
                 record=lambda path, digest: output_store.record(store, path, digest))
