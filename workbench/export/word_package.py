"""A Word file written as its Markdown streams by, in bounded memory: python-docx builds the paragraphs
of a megabyte of whole Markdown blocks at a time, their XML is spooled to a temporary file and removed
from the document, and at the end the package python-docx saves (styles, numbering, the relationships
of the links, core properties, an empty body) gets the spooled body put back into `word/document.xml`.

python-docx can only save a whole document, so without this a million-segment article would be held
as one tree (several GB); with it the memory is that of one megabyte of Markdown.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from typing import Callable, Iterable, Iterator

from lxml import etree

UNIT = 1 << 20  # characters of Markdown parsed at a time
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HTML_BLOCKS = [(re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
                 re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
                (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
                (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
                (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
                (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>"))]
_DEFINITION = re.compile(r" {0,3}\[[^\]^][^\]]*\]:\s*\S")


def markdown_units(pieces: Iterable[str], size: int = UNIT) -> Iterator[str]:
    """The Markdown text in runs of whole top-level blocks of about `size` characters: a run ends only
    at a blank line outside a code fence or a multi-line HTML block (CommonMark's kinds 1–5, which may
    hold blank lines), before a line that is not indented (an indented line may continue a list item).
    Link reference definitions seen so far are repeated at the head of each later run (they make no
    blocks), so a link after its definition resolves in any run."""
    lines: list[str] = []
    held = 0
    definitions: list[str] = []
    earlier = ""  # the definitions read before this run began: its head
    closing = None  # what ends the fence or HTML block the last line is inside
    blank = False
    for line in _lines(pieces):
        if held >= size and blank and closing is None and line.strip() and line[:1] not in " \t":
            yield earlier + "".join(lines)
            lines, held, earlier = [], 0, "".join(definitions)
        lines.append(line)
        held += len(line)
        closing = _still_open(line, closing)
        blank = not line.strip()
        if closing is None and _DEFINITION.match(line):
            definitions.append(line if line.endswith("\n") else line + "\n")
            definitions.append("\n")
    if lines:
        yield earlier + "".join(lines)


def _still_open(line: str, closing):
    """What closes the fence or HTML block after this line (None: outside both)."""
    if isinstance(closing, str):  # inside a fence: a fence of the same kind, at least as long, closes it
        m = _FENCE.match(line)
        return None if m and m.group(1)[0] == closing[0] and len(m.group(1)) >= len(closing) and not line[m.end():].strip() else closing
    if closing is not None:
        return None if closing.search(line) else closing
    m = _FENCE.match(line)
    if m:
        return m.group(1)
    for start, end in _HTML_BLOCKS:
        m = start.match(line)
        if m:
            return None if end.search(line, m.end()) else end
    return None


def _lines(pieces: Iterable[str]) -> Iterator[str]:
    rest = ""
    for piece in pieces:
        parts = (rest + piece).split("\n")
        rest = parts.pop()
        for part in parts:
            yield part + "\n"
    if rest:
        yield rest


def package(document, fill: Callable[[], Iterator[None]]) -> Iterator[bytes]:
    """The .docx bytes of `document` (python-docx) whose body `fill` fills: after each step of `fill`
    the body's new elements are spooled as XML and removed; the saved package then gets them back."""
    body = document.element.body
    root_ns = dict(document.element.nsmap)
    with tempfile.TemporaryFile() as spool:
        for _ in fill():
            for child in list(body):
                if etree.QName(child).localname == "sectPr":
                    continue
                spool.write(_without_root_namespaces(etree.tostring(child), root_ns))
                body.remove(child)
        saved = io.BytesIO()
        document.save(saved)
        yield from _merged(saved, spool)


def _without_root_namespaces(xml: bytes, root_ns: dict) -> bytes:
    """A body element's XML without the namespace declarations lxml repeats from the document's root
    (the root of document.xml declares them once)."""
    head_end = xml.index(b">")
    head = xml[:head_end]
    for prefix, uri in root_ns.items():
        if prefix is not None:
            head = head.replace(f' xmlns:{prefix}="{uri}"'.encode(), b"")
    return head + xml[head_end:]


def _merged(saved: io.BytesIO, spool) -> Iterator[bytes]:
    body_size = spool.tell()
    spool.seek(0)
    with zipfile.ZipFile(saved) as skeleton, tempfile.TemporaryFile() as out:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as result:
            for info in skeleton.infolist():
                data = skeleton.read(info)
                if info.filename != "word/document.xml":
                    result.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                    continue
                cut = data.rindex(b"<w:sectPr")  # the body's own section properties end it
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with result.open(entry, "w", force_zip64=body_size > (1 << 30)) as dest:
                    dest.write(data[:cut])
                    shutil.copyfileobj(spool, dest, 1 << 20)
                    dest.write(data[cut:])
        out.seek(0)
        while piece := out.read(1 << 20):
            yield piece
