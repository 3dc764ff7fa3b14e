"""Text and Markdown files: blocks (workbench.importing.markdown for Markdown, one per line for plain
text) → sentences → jieba words, stored as one document.

The blocks are what a later export needs to rebuild the document around translated sentences.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from workbench import markup, segment
from workbench.config import Settings
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.blocks import Block
from workbench.importing.common import ImportResult, already_imported, file_meta, non_empty
from workbench.importing.markdown import markdown_file_blocks
from workbench.importing.reading import Probe, is_markdown, lines
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage.documents import NewParagraph, NewSegment


def import_text(store: Store, pr: Probe, *, settings: Settings, title: str | None = None) -> ImportResult:
    """Import a probed text or Markdown file as a new document (or report the earlier import of the same bytes)."""
    existing = already_imported(store, pr.path, pr.sha256)
    if existing:
        return existing
    prepare_tokenizer(store)
    fmt = "md" if is_markdown(pr.path) else "txt"
    blocks = markdown_file_blocks(lines(pr)) if fmt == "md" else plain_blocks(lines(pr))
    return store_blocks(store, pr.path, blocks, sha256=pr.sha256, encoding=pr.encoding, fmt=fmt,
                        meta=file_meta(pr.path, pr.size), title=title or pr.path.stem, settings=settings)


def store_blocks(store: Store, path: Path, blocks: Iterable[Block], *, sha256: str, encoding: str, fmt: str,
                 meta: dict, title: str, settings: Settings) -> ImportResult:
    """A document from blocks (a text or Markdown file, or the Markdown a web page or Word file became)."""
    records = _records(blocks, settings.segmentation.break_on_semicolon)
    doc_id, count = doc_store.create(
        store, title=title, source_path=str(path), sha256=sha256, encoding=encoding, fmt=fmt,
        segments=non_empty(records, path), meta=meta,
    )
    return ImportResult(path, doc_id, count, False, title)


def _records(blocks: Iterable[Block], semicolon: bool) -> Iterator[NewSegment | NewParagraph]:
    """Each block as a paragraph record followed by its sentences, streamed (memory stays bounded)."""
    for number, block in enumerate(blocks, 1):
        yield NewParagraph(number, block.kind, block.prefix, block.gap, block.raw)
        if block.raw is not None or not block.text:
            continue
        sentences = segment.split_sentences(block.text, break_on_semicolon=semicolon)
        for sentence in markup.keep_whole(block.text, sentences):
            yield NewSegment(paragraph=number, source=sentence, tokens=segment.tokens(sentence))


_INDENT = " \t\u3000"


def plain_blocks(source: Iterator[str]) -> Iterator[Block]:
    """Plain text: every non-empty line is a paragraph; blank lines are kept as gaps."""
    newlines = 0
    first = True
    for line in source:
        if not line.strip(_INDENT):
            newlines += 1
            continue
        gap = "" if first else "\n" * (newlines + 1)
        first, newlines = False, 0
        yield Block("paragraph", "", line.strip(_INDENT), gap)
