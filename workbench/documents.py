"""Importing documents: file → blocks → sentences → jieba tokens → one transaction in the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from workbench import ingest, segment
from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage import terms as term_store
from workbench.storage.documents import NewParagraph, NewSegment


@dataclass
class ImportResult:
    path: Path
    document_id: int
    segments: int
    duplicate: bool = False  # the same bytes were imported before (document_id is that document)
    title: str = ""


def prepare_tokenizer(store: Store) -> None:
    """Make every glossary source term a jieba user word before tokenizing."""
    segment.add_user_words(t.source for t in term_store.all_terms(store))


def import_file(store: Store, path: Path, *, bilingual: bool = False, settings: Settings | None = None,
                title: str | None = None) -> ImportResult:
    """Import one text/Markdown file (or a bilingual TSV); the database is unchanged if it fails."""
    settings = settings or Settings()
    path = Path(path)
    if path.suffix.lower() in (".xlf", ".xliff", ".tmx"):  # work done in another CAT tool comes back
        from workbench import cat_import

        return cat_import.import_file(store, path, title=title)
    pr = ingest.probe(path)
    existing = doc_store.find_by_sha(store, pr.sha256)
    if existing:
        return ImportResult(path, existing["id"], doc_store.counts(store, existing["id"]), True, existing["title"])
    prepare_tokenizer(store)
    semicolon = settings.segmentation.break_on_semicolon
    paragraphs: list[NewParagraph] = []
    if bilingual:
        fmt = "tsv-bilingual"
        segments = _bilingual_segments(pr, paragraphs)
    else:
        fmt = "md" if ingest.is_markdown(path) else "txt"
        blocks = (ingest.markdown_blocks if fmt == "md" else ingest.plain_blocks)(ingest.lines(pr))
        segments = _segments(blocks, paragraphs, semicolon)
    doc_title = title or path.stem
    doc_id, count = doc_store.create(
        store, title=doc_title, source_path=str(path), sha256=pr.sha256, encoding=pr.encoding, fmt=fmt,
        paragraphs=paragraphs, segments=_non_empty(segments, path), meta={"bytes": pr.size},
    )
    return ImportResult(path, doc_id, count, False, doc_title)


def _non_empty(segments: Iterator[NewSegment], path: Path) -> Iterator[NewSegment]:
    any_ = False
    for seg in segments:
        any_ = True
        yield seg
    if not any_:
        raise WorkbenchError(f"{path}: no text to translate (only markup or code)")


def _segments(blocks, paragraphs: list[NewParagraph], semicolon: bool) -> Iterator[NewSegment]:
    # `paragraphs` fills while segments stream, so the caller's insert sees all of them at the end:
    # doc_store.create inserts paragraphs first, which is why blocks are materialised lazily here.
    for number, block in enumerate(blocks, 1):
        paragraphs.append(NewParagraph(number, block.kind, block.prefix, block.gap, block.raw))
        if block.raw is not None or not block.text:
            continue
        for sentence in segment.split_sentences(block.text, break_on_semicolon=semicolon):
            yield NewSegment(paragraph=number, source=sentence, tokens=segment.tokens(sentence))


def _bilingual_segments(pr: ingest.Probe, paragraphs: list[NewParagraph]) -> Iterator[NewSegment]:
    number = 0
    for line_no, line in enumerate(ingest.lines(pr), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            raise WorkbenchError(f"{pr.path}:{line_no}: expected chinese<TAB>english, found no tab")
        zh, en = (part.strip() for part in line.split("\t", 1))
        if "\t" in en:
            en = en.split("\t", 1)[0].strip()
        if not zh or not en:
            side = "Chinese" if not zh else "English"
            raise WorkbenchError(f"{pr.path}:{line_no}: the {side} side is empty")
        number += 1
        paragraphs.append(NewParagraph(number, "paragraph", "", "" if number == 1 else "\n"))
        yield NewSegment(paragraph=number, source=zh, tokens=segment.tokens(zh), draft=en)
