"""What every import shares: the result it reports, and the rule that the same bytes are imported once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from workbench.encodings import control_message, first_control
from workbench.errors import WorkbenchError
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage.documents import NewParagraph, NewSegment


@dataclass
class ImportResult:
    path: Path
    document_id: int
    segments: int
    duplicate: bool = False  # the same bytes were imported before (document_id is that document)
    title: str = ""


def already_imported(store: Store, path: Path, sha256: str) -> ImportResult | None:
    """The earlier import of exactly these bytes, reported as a duplicate (None if there is none)."""
    existing = doc_store.find_by_sha(store, sha256)
    if existing is None:
        return None
    return ImportResult(path, existing["id"], doc_store.counts(store, existing["id"]), True, existing["title"])


def file_meta(path: Path, size: int) -> dict:
    """What a document records about its file: its size, and its real path (symlinks resolved, made
    absolute) so that no output is ever written over it, whatever folder a later command runs in."""
    return {"bytes": size, "path": os.path.realpath(path)}


def non_empty(records: Iterator[NewSegment | NewParagraph], path: Path) -> Iterator[NewSegment | NewParagraph]:
    any_ = False
    for record in records:
        any_ = any_ or isinstance(record, NewSegment)
        yield record
    if not any_:
        raise WorkbenchError(f"{path}: no text to translate (only markup or code)")


def refuse_controls(path: Path, *texts: str | None) -> None:
    """A control character in text extracted from a page or a Word file: refused like in any other import."""
    for text in texts:
        found = first_control(text) if text else None
        if found:
            raise WorkbenchError(control_message(f"{path}", found[1]))
