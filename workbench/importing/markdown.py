"""Markdown → blocks through markdown-it-py (CommonMark, GFM tables, front matter via mdit-py-plugins).

markdown-it-py finds the text to translate: each inline run of a heading, paragraph (in a list item or a
quote too) and table cell, split at hard line breaks, and the alt text of an image standing alone.
Everything between two such runs — block markers, front matter, code (fenced and indented), HTML
blocks, link reference definitions, rules, table pipes, the tail of a line — is kept verbatim, as the
prefix of the next block (within a line) or as a raw block (whole lines). Writing the blocks back with
new text therefore gives the same token structure (workbench.export.assemble).

A run whose text cannot be found again in the source (markdown-it normalised it) stays raw: never
translated rather than misplaced.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

from workbench import markup
from workbench.importing.blocks import Block, latin
from workbench.segment import CJK

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_RAW_KINDS = {"fence": "code", "code_block": "code", "html_block": "html", "front_matter": "front_matter",
              "hr": "rule", "table_open": "table"}
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    # Only the blocks are needed here (inline markup is workbench.markup's, per sentence): no inline pass.
    from markdown_it import MarkdownIt  # noqa: PLC0415 - markdown-it loads at the first Markdown file: the CLI starts fast
    from mdit_py_plugins.front_matter import front_matter_plugin  # noqa: PLC0415 - as markdown-it

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin).disable("inline")


@dataclass
class _Run:
    kind: str
    start: int
    end: int
    text: str


# Where a long file may be cut into parts parsed one at a time (memory stays bounded): a blank line
# followed by a line that starts a top-level block, outside fenced code and multi-line HTML blocks.
CHUNK_LINES = 2000
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_OPEN = re.compile(r"^ {0,3}<(?:!--|\?|!\[CDATA\[|(?:script|pre|style|textarea)(?:[\s>]|$))", re.I)
_HTML_CLOSE = re.compile(r"-->|\?>|\]\]>|</(?:script|pre|style|textarea)>", re.I)


def markdown_file_blocks(lines: Iterable[str]) -> Iterator[Block]:
    """`markdown_blocks` over a file's lines, parsed in parts of about CHUNK_LINES lines cut where
    CommonMark starts afresh anyway, so a 50 MB report never sits in memory as one token stream.
    (Parts are independent for what this import needs: link reference definitions stay verbatim and
    inline links resolve without them, see workbench.markup.)"""
    part: list[str] = []
    blanks = 0  # blank lines before the part (the gap of its first block)
    inside: re.Pattern | str | None = None  # an open fence (its marker) or HTML block (its end)
    first = True
    pending_blank = 0
    for line in lines:
        if not line.strip():
            if part:
                pending_blank += 1
                part.append(line)
            else:
                blanks += 1
            continue
        if part and pending_blank and inside is None and len(part) >= CHUNK_LINES and not line[0].isspace():
            yield from _part(part[: len(part) - pending_blank], blanks, first)
            first, blanks, part = False, pending_blank, []
        pending_blank = 0
        part.append(line)
        inside = _still_inside(line, inside)
    if part:
        yield from _part(part, blanks, first)


def _still_inside(line: str, inside):
    """Track fenced code and HTML blocks that may hold blank lines."""
    if isinstance(inside, str):
        return None if line.lstrip().startswith(inside) else inside
    if inside is not None:
        return None if inside.search(line) else inside
    fence = _FENCE.match(line)
    if fence:
        return fence.group(1)[:3]
    if _HTML_OPEN.match(line) and not _HTML_CLOSE.search(line):
        return _HTML_CLOSE
    return None


def _part(lines: list[str], blanks: int, first: bool) -> Iterator[Block]:
    blocks = markdown_blocks("\n".join(lines).rstrip("\n"))
    head = next(blocks, None)
    if head is None:
        return
    if not first:
        head.gap = "\n" * (blanks + 1)
    yield head
    yield from blocks


def markdown_blocks(source: str) -> Iterator[Block]:
    """The blocks of a Markdown text, in order: joined back they give `source` (its trailing newlines aside)."""
    tokens = parser().parse(source)
    starts = _line_starts(source)
    runs = list(_runs(source, tokens, starts))
    raw_kind = _Starts(_raw_kinds(tokens), _table_lines(tokens))
    pos = 0
    for run in runs:
        raw, gap, prefix = _between(source[pos:run.start], raw_kind, starts, pos)
        yield from raw
        yield Block(run.kind, prefix, run.text, gap)
        pos = run.end
    tail = source[pos:].rstrip("\n")
    if tail:
        yield from _between(tail, raw_kind, starts, pos, last=True)[0]


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", source)]


def _raw_kinds(tokens) -> dict[int, str]:
    """Line number → the kind of the untranslated block starting there."""
    out: dict[int, str] = {}
    for tok in tokens:
        if tok.map and tok.type in _RAW_KINDS and tok.map[0] not in out:
            out[tok.map[0]] = _RAW_KINDS[tok.type]
    return out


def _table_lines(tokens) -> set[int]:
    """Lines inside a table after its header: their raw parts are table rows."""
    return {n for tok in tokens if tok.type == "table_open" and tok.map for n in range(tok.map[0] + 1, tok.map[1])}


def _between(text: str, raw_kind: _Starts, starts: list[int], offset: int,
             last: bool = False) -> tuple[list[Block], str, str]:
    """The untranslated text before a run: (raw blocks, the run's gap, the run's prefix). The rest of
    the previous run's line is one raw block, the whole lines after it another (after its gap of
    newlines), and the part on the run's own line is the run's prefix."""
    raw: list[Block] = []
    consumed = 0
    at_line_start = offset == 0 or offset in starts
    newline = text.find("\n")
    if not at_line_start and newline != 0:
        head = text if newline < 0 else text[:newline]
        if head and (newline >= 0 or last):
            raw.append(Block("markup", "", "", "", raw=head))
            text, consumed = text[len(head):], len(head)
    cut = len(text) if last else text.rfind("\n") + 1
    lines, prefix = text[:cut], text[cut:]
    body = lines.lstrip("\n")
    gap = lines[: len(lines) - len(body)]
    middle = body.rstrip("\n")
    if middle:
        line = bisect.bisect_right(starts, offset + consumed + len(gap)) - 1
        raw.extend(_raw_blocks(middle, line, gap, raw_kind))
        gap = body[len(middle):]
    return raw, gap, prefix


def _raw_blocks(middle: str, line: int, gap: str, raw_kind: _Starts) -> Iterator[Block]:
    """Whole untranslated lines as one raw block per Markdown block (a comment, a code block, an HTML
    block each on its own, as the bilingual views and editor notes need them)."""
    current: list[str] = []
    blank = 0
    for n, text in enumerate(middle.split("\n")):
        if not text.strip() and current:
            blank += 1
            current.append(text)
            continue
        if current and line + n in raw_kind:
            kept = current[: len(current) - blank]
            yield Block(raw_kind.kind_at(line + n - len(current)), "", "", gap, raw="\n".join(kept))
            gap, current = "\n" * (blank + 1), []
        blank = 0
        current.append(text)
    if current:
        yield Block(raw_kind.kind_at(line + len(middle.split("\n")) - len(current)), "", "", gap,
                    raw="\n".join(current))


class _Starts(dict):
    """Line → the kind of the raw block starting there (`in`: a block starts on that line); `kind_at`
    also knows the lines of table rows."""

    def __init__(self, starts: dict[int, str], tables: set[int]):
        super().__init__(starts)
        self.tables = tables

    def kind_at(self, line: int) -> str:
        return self.get(line) or ("table" if line in self.tables else "markup")


def _runs(source: str, tokens, starts: list[int]) -> Iterator[_Run]:
    context: list[str] = []
    cursor = 0
    for tok in tokens:
        if tok.type in ("blockquote_open", "list_item_open", "heading_open", "th_open", "td_open"):
            context.append(tok.type)
        elif tok.type in ("blockquote_close", "list_item_close", "heading_close", "th_close", "td_close"):
            context.pop()
        elif tok.type == "inline" and tok.map and tok.content.strip():
            kind = _kind(context)
            if kind == "cell" and not CJK.search(tok.content):
                continue  # a table cell without Chinese (a figure, a name in Latin letters) is not translated
            first, last = starts[tok.map[0]], starts[tok.map[1]] if tok.map[1] < len(starts) else len(source)
            found = _locate(source, tok, max(cursor, first), last, kind)
            if found:
                cursor = found[-1].end
                yield from found


def _kind(context: list[str]) -> str:
    inner = context[-1] if context else ""
    return {"heading_open": "heading", "th_open": "cell", "td_open": "cell", "list_item_open": "item",
            "blockquote_open": "quote"}.get(inner, "paragraph")


def _locate(source: str, tok, lo: int, hi: int, kind: str) -> list[_Run]:
    """The runs of one inline token found in source[lo:hi]; [] when its text cannot be found (kept raw)."""
    if _IMAGE_ALONE.match(tok.content) and _image_alone(tok.content):
        return _alt_text(source, lo, hi)
    runs: list[_Run] = []
    lines: list[tuple[int, int, str]] = []
    at = lo
    content = tok.content.split("\n")
    for n, line in enumerate(content):
        text = line.strip(" \t")
        hard = n < len(content) - 1 and bool(_HARD_BREAK.search(line.rstrip("\t")))
        text = text[:-1] if hard and text.endswith("\\") else text.rstrip(" \t")
        if kind == "cell" or n:
            start = source.find(text, at, hi)
        else:  # the first line ends with the text: search from the end so a list number is not taken for it
            line_end = source.find("\n", at, hi)
            start = source.rfind(text, at, hi if line_end < 0 else line_end)
        if start < 0:
            return []
        lines.append((start, start + len(text), text))
        at = start + len(text)
        if hard or n == len(content) - 1:
            runs.append(_Run(kind, lines[0][0], lines[-1][1], _join(t for _, _, t in lines)))
            lines = []
    return [r for r in runs if r.text]


_IMAGE_ALONE = re.compile(r"^\s*!\[.*\)\s*$", re.S)


def _image_alone(content: str) -> bool:
    """The paragraph is one image and nothing else (markdown-it's inline parser decides)."""
    children = markup.parser().parseInline(content, {})[0].children or []
    alone = [c for c in children if not (c.type in ("text", "softbreak") and not c.content.strip())]
    return len(alone) == 1 and alone[0].type == "image"


def _alt_text(source: str, lo: int, hi: int) -> list[_Run]:
    """An image alone in its paragraph: its alt text is translated (what a screen reader says)."""
    start = source.find("![", lo, hi)
    if start < 0:
        return []
    depth, pos = 0, start + 2
    while pos < hi:
        ch = source[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                break
            depth -= 1
        pos += 1
    alt = source[start + 2:pos]
    if not alt.strip() or "\n" in alt:
        return []
    return [_Run("alt", start + 2, pos, alt)]


def _join(lines) -> str:
    """Soft line breaks: no space between Chinese, one space between Latin words."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and latin(out[-1][-1]) and latin(line[0]):
            out.append(" ")
        out.append(line)
    return "".join(out)
