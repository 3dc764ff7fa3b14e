"""Reading source files: encoding detection, line endings, and Markdown block structure.

Files are read in chunks so a 50 MB text imports in bounded memory: one pass hashes and checks the
encoding, a second decodes and yields blocks.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from workbench.errors import WorkbenchError

CHUNK = 1 << 20
# Work done in another CAT tool (XLIFF 2.0, TMX): imported by workbench.cat_import, not read as text.
CAT_SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff", ".tmx": "tmx"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (a .docx?)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program",
    b"SQLite format 3": "an SQLite database",
}


class ImportError_(WorkbenchError):
    """A file that cannot be imported; the message says why in one line."""


@dataclass
class Probe:
    path: Path
    sha256: str
    encoding: str
    size: int


def probe(path: Path) -> Probe:
    """Check a file is readable text in a supported encoding; hash it. Reads in chunks."""
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path}: no such file")
    if path.is_dir():
        raise ImportError_(f"{path}: is a directory (give a file)")
    if not path.is_file():
        raise ImportError_(f"{path}: is not a regular file")
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ImportError_(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        head = fh.read(CHUNK)
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                raise ImportError_(f"{path}: is {what}, not text")
        encoding = _detect(head)
        if encoding is None and _bomless_utf16(head):
            raise ImportError_(f"{path}: looks like UTF-16 without a byte-order mark "
                               "(save it as UTF-8, or as UTF-16 with a BOM)")
        candidates = [encoding] if encoding else ["utf-8", "gb18030"]
        # One pass: hash, and try every candidate decoder on the same chunks.
        digest = hashlib.sha256()
        decoders = {enc: codecs.getincrementaldecoder(enc)() for enc in candidates}
        size = 0
        utf8_seen = 0  # non-ASCII characters decoded as UTF-8 so far
        meaningful = False
        chunk = head
        while chunk:
            digest.update(chunk)
            for enc in list(decoders):
                try:
                    text = decoders[enc].decode(chunk)
                except UnicodeDecodeError as exc:
                    del decoders[enc]
                    if enc == "utf-8":
                        utf8_seen += _non_ascii(chunk[: exc.start].decode("utf-8", "ignore"))
                        if utf8_seen >= _DAMAGED_UTF8:
                            raise ImportError_(
                                f"{path}: invalid UTF-8 at byte {size + exc.start} (the file is UTF-8 up to "
                                "there, so it looks damaged)") from None
                    continue
                if enc == "utf-8":
                    utf8_seen += _non_ascii(text)
                if _has_binary(text):
                    raise ImportError_(f"{path}: looks like a binary file (control characters), not text")
                meaningful = meaningful or bool(text.strip(" \t\r\n\f\v\u3000\ufeff"))
            size += len(chunk)
            if not decoders:
                break
            chunk = fh.read(CHUNK)
        for enc in list(decoders):
            try:
                decoders[enc].decode(b"", final=True)
            except UnicodeDecodeError:
                del decoders[enc]
    if not decoders:
        raise ImportError_(f"{path}: cannot decode as UTF-8, UTF-16 or GB18030/GBK")
    if size == 0 or not meaningful:
        raise ImportError_(f"{path}: is empty (nothing to import)")
    return Probe(path, digest.hexdigest(), next(iter(decoders)), size)


# GBK text fails as UTF-8 at its first Chinese character; a file that decoded this many non-ASCII
# characters as UTF-8 before failing is damaged UTF-8, which GB18030 would turn into nonsense.
_DAMAGED_UTF8 = 4


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def decode_small(data: bytes) -> str | None:
    """Decode a small file held in memory (a glossary) as import does: BOM (UTF-8, UTF-16), else
    UTF-8, else GB18030/GBK — what Excel on a Chinese Windows saves. None when nothing decodes."""
    for enc in ([_detect(data)] if _detect(data) else ["utf-8", "gb18030"]):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.lstrip("\ufeff")
    return None


def _detect(head: bytes) -> str | None:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    return None


def _bomless_utf16(head: bytes) -> bool:
    """NUL bytes at only even or only odd offsets: the high (or low) halves of UTF-16 code units."""
    sample = head[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return (even == 0) != (odd == 0) and max(even, odd) >= 2


_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _has_binary(text: str) -> bool:
    return _BINARY.search(text) is not None


def lines(pr: Probe) -> Iterator[str]:
    """Decoded lines without line endings (CRLF, CR and LF all end a line), streamed."""
    decoder = codecs.getincrementaldecoder(pr.encoding)()
    pending = ""
    first = True
    with pr.path.open("rb") as fh:
        while True:
            chunk = fh.read(CHUNK)
            final = not chunk
            text = pending + decoder.decode(chunk, final=final)
            if first and text:
                first = False
                if text.startswith("\ufeff"):  # a BOM the codec left in place
                    text = text[1:]
            # Keep a trailing CR back: it may be the first half of a CRLF split across chunks.
            if not final and text.endswith("\r"):
                text, pending = text[:-1], "\r"
            else:
                pending = ""
            parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if final:
                if parts and parts[-1] == "":
                    parts.pop()
                yield from parts
                return
            pending = parts.pop() + pending
            yield from parts


# ---------------------------------------------------------------------------------------------
# Blocks: what a later export needs to rebuild the document around translated sentences.


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


def markdown_blocks(source: Iterator[str]) -> Iterator[Block]:
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


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES
