"""Exports: a small registry of formats behind one base (sacrebleu-style pluggable parts).

Each format is a module with one `Exporter` subclass registered under its name. `export()` loads the
document once into an `ExportJob` and hands it to the format; formats never speak SQL.

`--status` decides what happens to segments nobody has reviewed yet:
- md, bilingual-md, html: refused (`reviewed`, the default) or included and visibly marked (`all`);
- tmx: only reviewed segments (`reviewed`) or every translated segment with an x-status property (`all`);
- xliff, jsonl: always every segment, since both carry each segment's status.
"""

from __future__ import annotations

from workbench.encodings import writable
from workbench.errors import WorkbenchError
from workbench.export import bilingual, jsonl, md, tmx, word, xliff, xliff12
from workbench.export.base import Exporter, ExportJob
from workbench.outputs import Guard
from workbench.storage import Store, reporting
from workbench.storage import documents as doc_store
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


def load_job(store: Store, document_ref: str | int, *, status: str = "reviewed", credit: bool = False) -> ExportJob:
    document = doc_store.require(store, document_ref)
    rows = seg_store.for_document(store, document["id"])
    if not rows:
        raise WorkbenchError(f"document {document['id']} ({document['title']!r}) has no segments to export")
    # Every format writes the same text: a control character a draft or an edit brought in becomes U+FFFD.
    return ExportJob(store, writable(document), writable(rows), writable(doc_store.paragraphs(store, document["id"])),
                     status, credit, term_store.all_terms(store))


def export(store: Store, document_ref: str | int, fmt: str, *, status: str = "reviewed",
           credit: bool = False) -> str | bytes:
    """Render a document in format `fmt` (bytes for a binary format: docx); raises WorkbenchError with
    one line on bad input."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise WorkbenchError(f"unknown export format {fmt!r} (use one of: {', '.join(EXPORTERS)})")
    if status not in STATUS_CHOICES:
        raise WorkbenchError(f"unknown --status {status!r} (use reviewed or all)")
    job = load_job(store, document_ref, status=status, credit=credit)
    if exporter.needs_review and status == "reviewed" and job.unreviewed:
        waiting = job.unreviewed
        shown = ", ".join(str(r["position"]) for r in waiting[:10]) + (" …" if len(waiting) > 10 else "")
        raise WorkbenchError(
            f"{len(waiting)} of {len(job.rows)} segments are not reviewed yet (positions {shown}); "
            "review them, or export with --status all to include them marked"
        )
    return exporter.render(job)


def reviewed_count(store: Store, document_id: int) -> int:
    """Segments reviewed or final: what a translation memory export can hold."""
    return len(reporting.reviewed_pairs(store, document_id))


def output_guard(store: Store, force: bool = False) -> Guard:
    """What a command's output files must not replace: the database, imported sources, and files
    workbench did not write (unless `force`); every write is recorded (see workbench.outputs)."""
    sources, hashes = output_store.sources(store)
    return Guard(database=store.path, sources=sources, source_hashes=hashes, force=force,
                 written=lambda path: output_store.written(store, path),
                 record=lambda path, digest: output_store.record(store, path, digest))
