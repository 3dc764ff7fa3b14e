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

from workbench.encodings import BIG5, bomless_utf16, control_message, detect_bom, first_control, legacy_chinese, line_breaks
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


class _Decoding:
    """One candidate encoding followed through the file: its decoder, the start of its text, the line
    it has reached, and the first control character it met (with its line)."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.start = ""  # the first decoded text, to judge what the file is
        self.lines = 0  # line breaks so far, to name a control character's line
        self.after_cr = False
        self.control: tuple[int, str] | None = None
        self.meaningful = False

    def feed(self, chunk: bytes) -> str:
        text = self.decoder.decode(chunk)
        if len(self.start) < _START:
            self.start += text[: _START - len(self.start)]
        split_crlf = self.after_cr and text.startswith("\n")  # its LF was already counted with the CR
        if self.control is None:
            found = first_control(text)
            if found:
                self.control = (self.lines + found[0] - split_crlf, found[1])
        self.lines += line_breaks(text) - split_crlf
        self.after_cr = text.endswith("\r") if text else self.after_cr
        self.meaningful = self.meaningful or bool(text.strip(" \t\r\n\f\v\u3000\ufeff"))
        return text


def _open_text_file(path: Path):
    """The file opened for reading, after the refusals that need no decoding (missing, folder, HTML name)."""
    if not path.exists():
        raise ImportError_(f"{path}: no such file")
    if path.is_dir():
        raise ImportError_(f"{path}: is a directory (give a file)")
    if not path.is_file():
        raise ImportError_(f"{path}: is not a regular file")
    _refuse_html(path)
    try:
        return path.open("rb")
    except OSError as exc:
        raise ImportError_(f"{path}: cannot read ({exc.strerror})") from None


def _candidates(path: Path, head: bytes) -> list[str]:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise ImportError_(f"{path}: is {what}, not text")
    encoding = detect_bom(head)
    if encoding is None and bomless_utf16(head):
        raise ImportError_(f"{path}: looks like UTF-16 without a byte-order mark "
                           "(save it as UTF-8, or as UTF-16 with a BOM)")
    return [encoding] if encoding else ["utf-8", "gb18030", BIG5]


def _decode_all(path: Path, fh) -> tuple[dict[str, _Decoding], str, int, bool]:
    """One pass over the file: hash it and try every candidate decoder on the same chunks.
    Returns the decodings still standing, the sha256, the size, and whether the end was reached."""
    head = fh.read(CHUNK)
    decodings = {enc: _Decoding(enc) for enc in _candidates(path, head)}
    digest = hashlib.sha256()
    size = 0
    utf8_seen = 0  # non-ASCII characters decoded as UTF-8 so far
    chunk = head
    failed_at: dict[str, int] = {}
    while chunk:
        digest.update(chunk)
        for enc in list(decodings):
            try:
                text = decodings[enc].feed(chunk)
            except UnicodeDecodeError as exc:
                del decodings[enc]
                failed_at[enc] = size + exc.start
                if enc == "utf-8":
                    utf8_seen += _non_ascii(chunk[: exc.start].decode("utf-8", "ignore"))
                    if utf8_seen >= _DAMAGED_UTF8:
                        raise ImportError_(
                            f"{path}: invalid UTF-8 at byte {size + exc.start} (the file is UTF-8 up to "
                            "there, so it looks damaged)") from None
                continue
            if enc == "utf-8":
                utf8_seen += _non_ascii(text)
        size += len(chunk)
        if not decodings or all(d.control for d in decodings.values()):
            break  # whichever decoding wins, the file is refused: no need to read on
        chunk = fh.read(CHUNK)
    # Big5 that fails somewhere, while what comes before reads as Big5: damaged, not GB18030 (which
    # decodes almost any byte pair, so it would import nonsense).
    if BIG5 in failed_at and "utf-8" not in decodings and failed_at[BIG5] >= 8 and legacy_chinese(head[:failed_at[BIG5]]) == BIG5:
        raise ImportError_(f"{path}: invalid Big5 at byte {failed_at[BIG5]} (the file is Big5 up to there, so it "
                           "looks damaged; save it again as UTF-8)")
    if "gb18030" in decodings and BIG5 in decodings:
        del decodings[BIG5 if legacy_chinese(head) != BIG5 else "gb18030"]
    return decodings, digest.hexdigest(), size, not chunk


def probe(path: Path) -> Probe:
    """Check a file is readable text in a supported encoding; hash it. Reads in chunks."""
    path = Path(path)
    with _open_text_file(path) as fh:
        decodings, sha256, size, ended = _decode_all(path, fh)
    for enc in list(decodings):
        try:
            decodings[enc].decoder.decode(b"", final=ended)  # (mid-file after a refusal: not the end)
        except UnicodeDecodeError:
            del decodings[enc]
    if not decodings:
        raise ImportError_(f"{path}: cannot decode as UTF-8, UTF-16, GB18030/GBK or Big5")
    chosen = next(iter(decodings.values()))
    if chosen.control:
        line, char = chosen.control
        if char == "\x00":  # NUL bytes: not a text file at all
            raise ImportError_(f"{path}: looks like a binary file (control characters), not text")
        raise ImportError_(control_message(f"{path}:{line}", char))
    if size == 0 or not chosen.meaningful:
        raise ImportError_(f"{path}: is empty (nothing to import)")
    _refuse_html(path, chosen.start)
    _refuse_implausible(path, chosen.start, chosen.encoding)
    return Probe(path, sha256, chosen.encoding, size)


# GBK text fails as UTF-8 at its first Chinese character; a file that decoded this many non-ASCII
# characters as UTF-8 before failing is damaged UTF-8, which GB18030 would turn into nonsense.
_DAMAGED_UTF8 = 4


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


_START = 64 * 1024  # characters of the file's start kept to judge whether it is an HTML page, or garbled


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


HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


# An HTML page: a doctype or an <html> element first (after an XML declaration or comments).
_HTML_PAGE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def _refuse_html(path: Path, start: str | None = None) -> None:
    """Read as text, an HTML page's tags, scripts and styles would all become sentences to translate."""
    if path.suffix.lower() in HTML_SUFFIXES or (start is not None and _HTML_PAGE.match(start.lstrip("\ufeff"))):
        raise ImportError_(f"{path}: is an HTML page, not {path.suffix or 'plain'} text; give it an .html name "
                           "to import the page's main text")


# What text to translate is made of: Latin (with accents), Greek and Cyrillic, punctuation, symbols,
# CJK ideographs, kana, bopomofo, CJK and full-width punctuation, emoji. A wrong decoding (random
# bytes after a UTF-16 byte-order mark) spreads over the whole code space: Yi, braille, Hangul,
# private use, unassigned code points.
_PLAUSIBLE = re.compile(
    "[\\s\x20-\x7e\u00a0-\u052f\u1e00-\u1eff\u2000-\u2bff\u2e80-\u2fdf\u3000-\u31ff\u3200-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffef\ufeff"
    "\U0001f000-\U0001faff\U00020000-\U0003134f]+")
_IMPLAUSIBLE_SHARE = 0.25


def _refuse_implausible(path: Path, start: str, encoding: str) -> None:
    rest = _PLAUSIBLE.sub("", start)
    visible = len("".join(start.split()))
    if visible and len(rest) / visible > _IMPLAUSIBLE_SHARE:
        sample = "".join(dict.fromkeys(rest))[:5]
        raise ImportError_(f"{path}: decoded as {encoding}, {len(rest) * 100 // visible}% of the characters are not "
                           f"Chinese, Latin or punctuation (e.g. {sample}): a wrong encoding, or not a text file")
