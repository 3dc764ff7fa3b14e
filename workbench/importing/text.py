"""Text and Markdown files: lines → blocks (headings, list items, quotes, paragraphs; code, tables,
rules and images kept raw) → sentences → jieba words, stored as one document.

The blocks are what a later export needs to rebuild the document around translated sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from workbench import segment
from workbench.config import Settings
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.common import ImportResult, already_imported, file_meta, non_empty
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
    blocks = (markdown_blocks if fmt == "md" else plain_blocks)(lines(pr))
    records = _records(blocks, settings.segmentation.break_on_semicolon)
    doc_title = title or pr.path.stem
    doc_id, count = doc_store.create(
        store, title=doc_title, source_path=str(pr.path), sha256=pr.sha256, encoding=pr.encoding, fmt=fmt,
        segments=non_empty(records, pr.path), meta=file_meta(pr.path, pr.size),
    )
    return ImportResult(pr.path, doc_id, count, False, doc_title)


def _records(blocks: Iterable[Block], semicolon: bool) -> Iterator[NewSegment | NewParagraph]:
    """Each block as a paragraph record followed by its sentences, streamed (memory stays bounded)."""
    for number, block in enumerate(blocks, 1):
        yield NewParagraph(number, block.kind, block.prefix, block.gap, block.raw)
        if block.raw is not None or not block.text:
            continue
        for sentence in segment.split_sentences(block.text, break_on_semicolon=semicolon):
            yield NewSegment(paragraph=number, source=sentence, tokens=segment.tokens(sentence))


@dataclass
class Block:
    kind: str  # heading, paragraph, item, quote (translatable); code, rule, underline, table, html, image (raw)
    prefix: str  # markup before the text: "## ", "- ", "1. ", "> ", "> - "
    text: str  # the translatable text (inline Markdown kept), "" for raw blocks
    gap: str  # the line breaks before this block ("" for the first, "\n", "\n\n", …)
    raw: str | None = None  # the untranslated block (code, rules, tables, images)


_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)(?:[ \t]+#+[ \t]*)?$")


_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)(.*)$")


_QUOTE = re.compile(r"^((?:[ \t]{0,3}>[ \t]?)+)(.*)$")


_FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)")


_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


_TABLE = re.compile(r"^[ \t]*\|")


_HTML = re.compile(r"^[ \t]*<(?:!--|/?[a-zA-Z])")


_SETEXT = re.compile(r"^[ \t]{0,3}=+[ \t]*$")


_IMAGE_ONLY = re.compile(r"^[ \t]*!\[[^\]]*\]\([^)]*\)[ \t]*$")


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


class _Open:
    """The block being read: its lines are kept in a list so a huge paragraph joins in linear time."""

    def __init__(self, kind: str, prefix: str, text: str, gap: str):
        self.kind, self.prefix, self.gap = kind, prefix, gap
        self.parts = [text]

    def add(self, line: str) -> None:
        """A soft line break: no space between Chinese, one space between Latin words."""
        last = self.parts[-1]
        if last and line and _latin(last[-1]) and _latin(line[0]):
            self.parts.append(" ")
        self.parts.append(line)

    def block(self) -> Block:
        if self.kind == "table":  # kept raw, line by line
            return Block("table", "", "", self.gap, raw="\n".join(self.parts))
        return Block(self.kind, self.prefix, "".join(self.parts), self.gap)


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ",;:.!?)\"'*_`")


def markdown_blocks(source: Iterator[str]) -> Iterator[Block]:  # noqa: C901 - markdown-it-py replaces it (formats issue)
    """Markdown: headings, list items, quotes and paragraphs are translatable blocks with their prefix;
    fenced code, rules, setext underlines, tables, HTML (a comment to its end) and image-only lines are kept raw."""
    newlines = 0
    first = True
    current: _Open | None = None
    fence: str | None = None
    code: list[str] = []
    code_gap = ""
    comment: list[str] | None = None  # the lines of an HTML comment still open

    def gap() -> str:
        nonlocal first, newlines
        g = "" if first else "\n" * (newlines + 1)
        first, newlines = False, 0
        return g

    for line in source:
        if fence is not None:
            code.append(line)
            if line.strip().startswith(fence):
                yield Block("code", "", "", code_gap, raw="\n".join(code))
                fence, code = None, []
            continue
        if comment is not None:  # inside a comment nothing is text to translate, blank lines included
            comment.append(line)
            if "-->" in line:
                yield Block("html", "", "", code_gap, raw="\n".join(comment))
                comment = None
            continue
        if not line.strip(_INDENT):
            if current is not None:
                yield current.block()
                current = None
            newlines += 1
            continue
        m = _FENCE.match(line)
        if m:
            if current is not None:
                yield current.block()
                current = None
            fence, code, code_gap = m.group(1)[:3], [line], gap()
            continue
        raw_kind = (
            "rule" if _RULE.match(line) else
            "underline" if current is not None and current.kind == "paragraph" and _SETEXT.match(line) else
            "html" if _HTML.match(line) else
            "image" if _IMAGE_ONLY.match(line) else None
        )
        if raw_kind:
            if current is not None:
                yield current.block()
                current = None
            if raw_kind == "html" and line.rfind("<!--") > line.rfind("-->"):
                comment, code_gap = [line], gap()  # a comment over several lines: one raw block
                continue
            yield Block(raw_kind, "", "", gap(), raw=line)
            continue
        if _TABLE.match(line):
            if current is not None and current.kind == "table":
                current.parts.append(line)
                continue
            if current is not None:
                yield current.block()
            current = _Open("table", "", line, gap())
            continue
        h = _HEADING.match(line)
        if h:
            if current is not None:
                yield current.block()
                current = None
            yield Block("heading", h.group(1), h.group(2).strip(), gap())
            continue
        q = _QUOTE.match(line)
        if q:
            quote_prefix, rest = q.group(1), q.group(2)
            inner = _ITEM.match(rest)
            text = (inner.group(2) if inner else rest).strip(_INDENT)
            same_quote = (current is not None and current.kind == "quote"
                          and current.prefix.replace(" ", "") == quote_prefix.replace(" ", ""))
            if same_quote and not inner and text:
                current.add(text)  # the quote goes on
                continue
            if current is not None:
                yield current.block()
            current = _Open("quote", quote_prefix + (inner.group(1) if inner else ""), text, gap())
            continue
        it = _ITEM.match(line)
        if it:
            if current is not None:
                yield current.block()
            current = _Open("item", it.group(1), it.group(2).strip(_INDENT), gap())
            continue
        if current is not None and current.kind in ("paragraph", "item"):
            current.add(line.strip(_INDENT))
            continue
        if current is not None:
            yield current.block()
        # Leading spaces are structure (a paragraph inside a list item); a full-width indent is not.
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        current = _Open("paragraph", indent, line.strip(_INDENT), gap())
    if fence is not None:
        yield Block("code", "", "", code_gap, raw="\n".join(code))
    elif comment is not None:
        yield Block("html", "", "", code_gap, raw="\n".join(comment))
    elif current is not None:
        yield current.block()
