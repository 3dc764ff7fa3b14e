"""Rebuilding a document around its target texts: the stored block structure (prefixes, gaps, raw
blocks) with each paragraph's sentences put back in (blocks → text).

Paragraphs and segments both come in position order, so they are walked side by side (a merge): a
long document is rebuilt piece by piece, never held whole. `fit` adapts one block's new text to where
it goes: the Markdown export escapes what would otherwise start a different block (a heading, a list
item) or end a table cell (see `markdown_safe`)."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Callable, Iterable, Iterator

# Text that would turn a paragraph into another block if it began a line.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=[ \t]|$)|[-+*](?=[ \t])|\d{1,9}(?=[.)][ \t]|[.)]$)|>|=+[ \t]*$|-+[ \t]*$|`{3}|~{3}|[ \t]{4})")


def assemble(paragraphs: list[dict], rows: list[dict], texts: dict[int, str], join, fit=None) -> str:
    """Put sentence texts back into the block structure: `join` makes one paragraph of its sentences
    (Chinese run on; an English export joins with one space, since an English sentence may keep a
    Chinese name and must not be glued to its neighbour). The whole text at once (`assemble_chunks`
    streams it)."""
    return "".join(assemble_chunks(paragraphs, rows, lambda row: texts.get(row["position"]), join, fit))


def assemble_chunks(paragraphs: Iterable[dict], rows: Iterable, text_of: Callable[[dict], str | None],
                    join: Callable[[list[str]], str], fit: Callable[[dict, str], str] | None = None) -> Iterator[str]:
    """`assemble` as pieces, the rows and paragraphs read as they stream (both in position order)."""
    blocks = ({**para, "texts": [t for row in members if (t := (text_of(row) or "").strip())]}
              for para, members in with_members(paragraphs, rows))
    return render(blocks, join, fit)


def with_members(paragraphs: Iterable[dict], rows: Iterable, kind: str | None = None) -> Iterator[tuple[dict, list]]:
    """Each paragraph with its rows: two position-ordered streams merged (rows of a paragraph not
    stored are left out). A document stored without its block structure (a CAT import) gets one block
    per paragraph number (of `kind`, when given)."""
    groups = ((number, list(members)) for number, members in groupby(rows, key=lambda row: row["paragraph"]))
    paragraphs = iter(paragraphs)
    para = next(paragraphs, None)
    if para is None:
        for i, (number, members) in enumerate(groups):
            yield {"position": number, **({"kind": kind} if kind else {}), "prefix": "", "gap": "\n\n" if i else "",
                   "raw": None}, members
        return
    group = next(groups, None)
    while para is not None:
        while group is not None and group[0] < para["position"]:
            group = next(groups, None)
        members: list = []
        while group is not None and group[0] == para["position"]:
            members += group[1]
            group = next(groups, None)
        yield para, members
        para = next(paragraphs, None)


def render(blocks: Iterable[dict], join: Callable[[list[str]], str],
           fit: Callable[[dict, str], str] | None = None) -> Iterator[str]:
    """The text of blocks as they stream: each is a paragraph as stored (gap, prefix or raw) with the
    `texts` of its sentences (the Markdown export's excerpt blocks come from workbench.export.excerpt)."""
    yield from _trimmed(piece for block in blocks for piece in (
        block["gap"], block["raw"] if block["raw"] is not None else block["prefix"] + _fitted(block, join, fit)))


def _fitted(block: dict, join, fit) -> str:
    text = join(block["texts"])
    return fit(block, text) if fit else text


def _trimmed(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces with the trailing line breaks of the whole text cut to exactly one (held back until
    the next piece shows they are not the end)."""
    held = ""
    for piece in pieces:
        if not piece:
            continue
        body = piece.rstrip("\n")
        if body:
            yield held + body
            held = piece[len(body):]
        else:
            held += piece
    yield "\n"


def markdown_safe(para: dict, text: str) -> str:
    """A translated text that keeps its block: one line; a table cell's pipes escaped; a paragraph
    beginning like a heading, list item, quote or code escaped with a backslash."""
    text = re.sub(r"\s*\n\s*", " ", text)
    if para.get("kind") == "cell":
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    if para.get("kind") in ("paragraph", "item", "quote", "heading"):
        m = _BLOCK_START.match(text)
        if m:
            end = m.end() if text[:1].isdigit() else m.start()
            text = text[:end] + "\\" + text[end:] if not text[:1].isspace() else text.lstrip()
    return text
