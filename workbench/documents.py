"""Importing documents: file → blocks → sentences → jieba tokens → one transaction in the store.

Also the way back: `rebuild` puts a document's Markdown together again around given sentence texts.
"""

from __future__ import annotations

import fnmatch
import glob as globbing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from workbench import ingest, segment
from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store
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


def prepare_tokenizer(store: Store) -> None:
    """Make every glossary source term a jieba user word before tokenizing: the seed glossary's and
    the database's, so 心智观察所 and 英伟达 are one word even before any glossary is imported."""
    segment.add_user_words(_seed_sources())
    segment.add_user_words(t.source for t in term_store.all_terms(store))


def retokenize(store: Store, terms: Iterable[str]) -> int:
    """Give the segments that contain any of these (new) glossary terms fresh jieba words, so a term
    added after an import is one word there too. Returns how many segments changed."""
    from workbench.glossary import Matcher, Term

    matcher = Matcher(Term(t, t) for t in terms)
    if not len(matcher):
        return 0
    prepare_tokenizer(store)
    changed = {}
    for row in seg_store.sources(store):
        if matcher.find(row["source"]):
            changed[row["id"]] = segment.tokens(row["source"])
    if changed:
        seg_store.set_tokens(store, changed)
    return len(changed)


_seed: list[str] | None = None


def _seed_sources() -> list[str]:
    global _seed
    if _seed is None:
        from workbench import glossary, terminology

        _seed = [t.source for t in glossary.load(terminology.seed_path())]
    return _seed


def import_file(store: Store, path: Path, *, bilingual: bool = False, settings: Settings | None = None,
                title: str | None = None) -> ImportResult:
    """Import one text/Markdown file (or a bilingual TSV); the database is unchanged if it fails."""
    settings = settings or Settings()
    path = Path(path)
    if path.suffix.lower() in ingest.CAT_SUFFIXES:  # work done in another CAT tool comes back
        from workbench import cat_import

        return cat_import.import_file(store, path, title=title)
    pr = ingest.probe(path)
    if not bilingual and path.suffix.lower() == ".tsv":
        # Read as text, its English would become Chinese source to translate, and the same bytes could
        # then never be imported again the right way (a second import is reported as a duplicate).
        raise WorkbenchError(f"{path}: a .tsv file holds chinese<TAB>english lines: import it with --bilingual")
    existing = already_imported(store, path, pr.sha256)
    if existing:
        return existing
    prepare_tokenizer(store)
    semicolon = settings.segmentation.break_on_semicolon
    if bilingual:
        fmt = "tsv-bilingual"
        records = _bilingual_records(pr)
    else:
        fmt = "md" if ingest.is_markdown(path) else "txt"
        blocks = (ingest.markdown_blocks if fmt == "md" else ingest.plain_blocks)(ingest.lines(pr))
        records = _records(blocks, semicolon)
    doc_title = title or path.stem
    doc_id, count = doc_store.create(
        store, title=doc_title, source_path=str(path), sha256=pr.sha256, encoding=pr.encoding, fmt=fmt,
        segments=_non_empty(records, path), meta={"bytes": pr.size},
    )
    return ImportResult(path, doc_id, count, False, doc_title)


def _non_empty(records: Iterator[NewSegment | NewParagraph], path: Path) -> Iterator[NewSegment | NewParagraph]:
    any_ = False
    for record in records:
        any_ = any_ or isinstance(record, NewSegment)
        yield record
    if not any_:
        raise WorkbenchError(f"{path}: no text to translate (only markup or code)")


def _records(blocks: Iterable[ingest.Block], semicolon: bool) -> Iterator[NewSegment | NewParagraph]:
    """Each block as a paragraph record followed by its sentences, streamed (memory stays bounded)."""
    for number, block in enumerate(blocks, 1):
        yield NewParagraph(number, block.kind, block.prefix, block.gap, block.raw)
        if block.raw is not None or not block.text:
            continue
        for sentence in segment.split_sentences(block.text, break_on_semicolon=semicolon):
            yield NewSegment(paragraph=number, source=sentence, tokens=segment.tokens(sentence))


_HEADER_ZH = {"source", "zh", "zh-cn", "chinese", "中文", "原文"}
_HEADER_EN = {"target", "en", "english", "英文", "译文"}


def _bilingual_records(pr: ingest.Probe) -> Iterator[NewSegment | NewParagraph]:
    number = 0
    for line_no, line in enumerate(ingest.lines(pr), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            raise WorkbenchError(f"{pr.path}:{line_no}: expected chinese<TAB>english, found no tab")
        zh, en = (part.strip() for part in line.split("\t", 1))
        if "\t" in en:  # a third column (a note, a score) is ignored
            en = en.split("\t", 1)[0].strip()
        if not zh or not en:
            side = "Chinese" if not zh else "English"
            raise WorkbenchError(f"{pr.path}:{line_no}: the {side} side is empty")
        if number == 0 and zh.lower() in _HEADER_ZH and en.lower() in _HEADER_EN:
            continue  # a header row naming the columns
        number += 1
        yield NewParagraph(number, "paragraph", "", "" if number == 1 else "\n")
        yield NewSegment(paragraph=number, source=zh, tokens=segment.tokens(zh), draft=en)


# ---------------------------------------------------------------------------------------------
# Many paths at once: files, folders (recursive) and glob patterns; each file on its own.

TEXT_PATTERNS = ("*.txt", "*.md", "*.markdown", "*.text")
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


# ---------------------------------------------------------------------------------------------
# The way back


def rebuild(store: Store, doc_id: int, texts: dict[int, str | None] | None = None) -> str:
    """The document's Markdown (or text) rebuilt from its stored blocks, each block's sentences taken
    from `texts` (segment position → text) and from the source where `texts` has none.

    Block prefixes ("## ", "- ", "> "), the line breaks between blocks and raw blocks (code, tables,
    rules, images) come back as they were; soft line wraps inside a paragraph do not.
    """
    texts = texts or {}
    rows = doc_store.sentences(store, doc_id)
    chosen = {r["position"]: r["source"] if texts.get(r["position"]) is None else texts[r["position"]] for r in rows}
    return assemble(doc_store.paragraphs(store, doc_id), rows, chosen, segment.join_sentences)


def assemble(paragraphs: list[dict], rows: list[dict], texts: dict[int, str], join) -> str:
    """Put sentence texts back into the block structure: `join` makes one paragraph of its sentences
    (Chinese run on; an English export joins with one space, since an English sentence may keep a
    Chinese name and must not be glued to its neighbour)."""
    by_paragraph: dict[int, list[str]] = {}
    for row in rows:
        text = (texts.get(row["position"]) or "").strip()
        if text:
            by_paragraph.setdefault(row["paragraph"], []).append(text)
    if not paragraphs:  # a document stored without its block structure (CAT import): one block each
        paragraphs = [{"position": n, "prefix": "", "gap": "\n\n" if i else "", "raw": None}
                      for i, n in enumerate(sorted({r["paragraph"] for r in rows}))]
    out: list[str] = []
    for para in paragraphs:
        out.append(para["gap"])
        if para["raw"] is not None:
            out.append(para["raw"])
        else:
            out.append(para["prefix"] + join(by_paragraph.get(para["position"], [])))
    return "".join(out).rstrip("\n") + "\n"
