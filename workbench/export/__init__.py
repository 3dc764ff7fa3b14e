"""Exports: a small registry of formats behind one base (sacrebleu-style pluggable parts).

Each format is a module with one `Exporter` subclass registered under its name. `export()` loads the
document once into an `ExportJob` and hands it to the format; formats never speak SQL.

`--status` decides what happens to segments nobody has reviewed yet:
- md, bilingual-md, html: refused (`reviewed`, the default) or included and visibly marked (`all`);
- tmx: only reviewed segments (`reviewed`) or every translated segment with an x-status property (`all`);
- xliff, jsonl: always every segment, since both carry each segment's status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from workbench import outputs, qa
from workbench.encodings import writable
from workbench.errors import WorkbenchError
from workbench.glossary.terms import Matcher
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage import reporting
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

REVIEWED = seg_store.REVIEWED
STATUS_CHOICES = ("reviewed", "all")


@dataclass
class ExportJob:
    """One document loaded for export: its segments with their current state, and its block structure."""

    store: Store
    document: dict
    rows: list[dict]
    paragraphs: list[dict]
    status: str = "reviewed"
    credit: bool = False
    terms: list = field(default_factory=list)

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.terms)

    @cached_property
    def issues(self) -> dict[int, list]:
        """QA issues of the current texts by position."""
        return qa.check_document(self.rows, self.matcher)

    @property
    def unreviewed(self) -> list[dict]:
        return [r for r in self.rows if r["status"] not in REVIEWED]

    def credit_line(self) -> str:
        """'Translated by <models>, verified by <reviewers>' from the drafts and reviews behind the texts."""
        models: list[str] = []
        by_position = {p["position"]: p for p in reporting.reviewed_pairs(self.store, self.document["id"])}
        for row in self.rows:
            source = by_position.get(row["position"], row)
            if source.get("draft") is None or source.get("engine") == "repetition":
                continue
            name = source.get("model") or source.get("engine")
            if name and name not in models:
                models.append(name)
        people = [p for p in reporting.reviewers(self.store, self.document["id"]) if p.strip()]
        translated = ", ".join(models) or "nobody (no drafts)"
        # decisions saved without a reviewer name (none configured) were still made by a person
        unnamed = "an unnamed reviewer" if any(r["status"] in REVIEWED for r in self.rows) else "nobody yet"
        verified = ", ".join(people) or unnamed
        return f"Translated by {translated}, verified by {verified}."


class Exporter:
    """One export format. Subclasses set `name`, `suffix`, `description` and implement `render`."""

    name = ""
    suffix = ""
    description = ""
    needs_review = False  # True: refuse unreviewed segments unless status == "all"

    def render(self, job: ExportJob) -> str:
        raise NotImplementedError


EXPORTERS: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    EXPORTERS[cls.name] = cls()
    return cls


def _load_formats() -> None:
    from workbench.export import bilingual, jsonl, md, tmx, xliff  # noqa: F401


def formats() -> list[str]:
    _load_formats()
    return list(EXPORTERS)


def load_job(store: Store, document_ref: str | int, *, status: str = "reviewed", credit: bool = False) -> ExportJob:
    document = doc_store.require(store, document_ref)
    rows = seg_store.for_document(store, document["id"])
    if not rows:
        raise WorkbenchError(f"document {document['id']} ({document['title']!r}) has no segments to export")
    # Every format writes the same text: a control character a draft or an edit brought in becomes U+FFFD.
    return ExportJob(store, writable(document), writable(rows), writable(doc_store.paragraphs(store, document["id"])),
                     status, credit, term_store.all_terms(store))


def export(store: Store, document_ref: str | int, fmt: str, *, status: str = "reviewed",
           credit: bool = False) -> str:
    """Render a document in format `fmt`; raises WorkbenchError with one line on bad input."""
    _load_formats()
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


def check_output(path: str | Path) -> Path:
    """Refuse an output path that cannot be written (a folder, or in a missing folder) with one line."""
    return outputs.check_path(path)


def write_output(text: str, path: str | Path) -> Path:
    """Write an export to PATH without ever leaving half a file under its name (see workbench.outputs)."""
    outputs.write_atomic(path, text)
    return Path(path)


def marked(row: dict) -> str:
    """The text an export shows for a segment, with a visible mark when nobody has reviewed it."""
    text = seg_store.current_text(row)
    status = row["status"]
    if status in REVIEWED:
        return text or ""
    if text is None:
        return f"[untranslated] {row['source']}"
    return f"[{'flagged' if status == 'flagged' else 'draft'}] {text}"


def xml_safe(text: str | None) -> str:
    """Text XML 1.0 can carry: a control character (never meaningful in a translation) becomes U+FFFD."""
    return writable(text or "")


def tmx_date(stamp: str | None) -> str | None:
    """Our ISO timestamps → the TMX/ISO 8601 basic form YYYYMMDDThhmmssZ (UTC)."""
    if not stamp:
        return None
    from datetime import datetime, timezone

    moment = datetime.fromisoformat(stamp).astimezone(timezone.utc)
    return moment.strftime("%Y%m%dT%H%M%SZ")
