"""Reading source files: what kind of file it is, its encoding, its lines.

Files are read in chunks so a 50 MB text imports in bounded memory: one pass hashes and checks the
encoding, a second decodes and yields lines.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from workbench.encodings import bomless_utf16, detect_bom
from workbench.errors import WorkbenchError

CHUNK = 1 << 20


# Work done in another CAT tool (XLIFF 2.0, TMX): imported by workbench.importing.cat, not read as text.
CAT_SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff", ".tmx": "tmx"}


MARKDOWN_SUFFIXES = {".md", ".markdown"}


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
        encoding = detect_bom(head)
        if encoding is None and bomless_utf16(head):
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


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES
