"""What to import: one file by its kind (`import_file`), or many paths at once — files, folders
(recursive) and glob patterns — each file on its own (`import_paths`)."""

from __future__ import annotations

import fnmatch
import glob as globbing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.importing import bilingual
from workbench.importing.bilingual import import_bilingual
from workbench.importing.cat import import_cat
from workbench.importing.common import ImportResult
from workbench.importing.reading import CAT_SUFFIXES, HTML_SUFFIXES, probe
from workbench.importing.text import import_text
from workbench.storage import Store


def add_alternatives(store: Store, path: Path, document: dict, *, engine: str, model: str | None = None) -> dict:
    """Attach a bilingual TSV's English lines as alternative drafts of `document`'s segments, line k to
    segment k (see importing.bilingual.add_alternatives)."""
    path = Path(path)
    if path.suffix.lower() in CAT_SUFFIXES:
        raise WorkbenchError(f"{path}: alternatives come from a bilingual TSV (chinese<TAB>english per line)")
    return bilingual.add_alternatives(store, probe(path), document, engine=engine, model=model)


def import_file(store: Store, path: Path, *, bilingual: bool = False, settings: Settings | None = None,
                title: str | None = None) -> ImportResult:
    """Import one file as a new document: text or Markdown, a bilingual TSV (`bilingual`), or work
    done in another CAT tool (XLIFF, TMX). The database is unchanged if it fails."""
    path = Path(path)
    if path.suffix.lower() in CAT_SUFFIXES:  # work done in another CAT tool comes back
        return import_cat(store, path, title=title)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES and not bilingual:  # a saved web page: its main text (trafilatura)
        from workbench.importing.page import import_page  # noqa: PLC0415 - trafilatura loads only for a web page: the CLI starts fast

        return import_page(store, path, settings=settings or Settings(), title=title)
    if suffix == ".docx" and not bilingual:  # a Word file (python-docx)
        from workbench.importing.word import import_word  # noqa: PLC0415 - python-docx loads only for a Word file: the CLI starts fast

        return import_word(store, path, settings=settings or Settings(), title=title)
    pr = probe(path)
    if bilingual:
        return import_bilingual(store, pr, title=title)
    if path.suffix.lower() == ".tsv":
        # Read as text, its English would become Chinese source to translate, and the same bytes could
        # then never be imported again the right way (a second import is reported as a duplicate).
        raise WorkbenchError(f"{path}: a .tsv file holds chinese<TAB>english lines: import it with --bilingual")
    return import_text(store, pr, settings=settings or Settings(), title=title)


TEXT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.text", "*.html", "*.htm", "*.docx")


BILINGUAL_PATTERNS = ("*.tsv",)


@dataclass
class FileOutcome:
    """What happened to one path: imported, skipped (already imported), rejected (with the reason),
    or empty (a folder or pattern that matched no file)."""

    path: Path
    status: str
    document_id: int | None = None
    segments: int | None = None
    title: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict:
        return {"path": str(self.path), "status": self.status, "document_id": self.document_id,
                "segments": self.segments, "title": self.title, "reason": self.reason}


def expand(paths: Iterable[str | Path], patterns: Iterable[str] = (), *, bilingual: bool = False,
           ) -> Iterator[Path | FileOutcome]:
    """The files to import, in order: a file as given; a folder's matching files (recursively, sorted,
    hidden ones skipped); a glob pattern's files (those matching `patterns` too, when they are given).
    A folder or pattern that matches nothing yields an `empty` outcome instead. Each file comes once."""
    chosen = tuple(patterns)  # given by the user: they also narrow what a glob argument finds
    patterns = chosen or (BILINGUAL_PATTERNS if bilingual else TEXT_PATTERNS)
    seen: set[Path] = set()

    def once(files: Iterable[Path]) -> Iterator[Path]:
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield f

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = list(once(_walk(path, patterns)))
            if not found:
                yield FileOutcome(path, "empty", reason=f"{path}: no files matching {' '.join(patterns)} in this folder")
            yield from found
        elif not path.exists() and globbing.has_magic(str(raw)):
            found = list(once(Path(p) for p in sorted(globbing.glob(str(raw), recursive=True))
                              if Path(p).is_file() and (not chosen or _matches(Path(p).name, p, chosen))))
            if not found:
                also = f" and {' '.join(chosen)}" if chosen else ""
                yield FileOutcome(path, "empty", reason=f"{raw}: no files match this pattern{also}")
            yield from found
        else:
            yield from once([path])  # a missing file is rejected by the import with its reason


def _walk(folder: Path, patterns: tuple[str, ...]) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if _matches(name, os.path.relpath(os.path.join(root, name), folder), patterns):
                yield Path(root) / name


def _matches(name: str, path: str, patterns: tuple[str, ...]) -> bool:
    """A pattern with a slash matches the path (relative to the folder searched), one without the name."""
    return any(fnmatch.fnmatchcase(path if "/" in p else name, p) for p in patterns)


def import_paths(store: Store, paths: Iterable[str | Path], *, patterns: Iterable[str] = (),
                 bilingual: bool = False, settings: Settings | None = None) -> Iterator[FileOutcome]:
    """Import every file the paths name, one outcome per file as it is done. A rejected file leaves
    nothing behind and does not stop the others."""
    settings = settings or Settings()
    for item in expand(paths, patterns, bilingual=bilingual):
        if isinstance(item, FileOutcome):
            yield item
            continue
        try:
            r = import_file(store, item, bilingual=bilingual, settings=settings)
        except WorkbenchError as exc:
            yield FileOutcome(item, "rejected", reason=str(exc))
            continue
        yield FileOutcome(item, "skipped" if r.duplicate else "imported", r.document_id, r.segments, r.title)


def batch_failed(outcomes: list[FileOutcome]) -> bool:
    """A batch fails when it imported nothing and something went wrong. Files that were all imported
    before are a success: running the same import twice is not an error."""
    statuses = {o.status for o in outcomes}
    return "imported" not in statuses and ("skipped" not in statuses or bool(statuses & {"rejected", "empty"}))
