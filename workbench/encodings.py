"""Bytes to text the way Chinese files come: a byte-order mark (UTF-8, UTF-16), else UTF-8, else
GB18030/GBK — what Excel and editors on a Chinese Windows save — or Big5/Big5-HKSCS (Taiwan, Hong
Kong), told apart by which decoding gives plausible Chinese (charset-normalizer). Shared by document
import and glossary files."""

from __future__ import annotations

import codecs
import re
from dataclasses import fields, is_dataclass, replace

BIG5 = "big5hkscs"  # Big5 with the Hong Kong supplement: a superset, so plain Big5 files decode too

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def legacy_chinese(head: bytes) -> str:
    """GB18030 or Big5-HKSCS for bytes that are not UTF-8: most byte pairs decode either way, so the
    choice is which decoding reads as Chinese text — charset-normalizer's measure of mess and coherence
    over the first 64 KB (GB18030 when it has no opinion)."""
    from charset_normalizer import from_bytes  # noqa: PLC0415 - loaded only for a file that is not UTF-8: `workbench documents` starts fast

    best = from_bytes(head[: 64 * 1024], cp_isolation=["gb18030", "big5", "big5hkscs", "cp950"]).best()
    return BIG5 if best is not None and best.encoding in ("big5", "big5hkscs", "cp950") else "gb18030"


def decode_small(data: bytes) -> str | None:
    """Decode a small file held in memory (a glossary) as import does: BOM (UTF-8, UTF-16), else
    UTF-8, else GB18030/GBK — what Excel on a Chinese Windows saves — or Big5. None when nothing decodes."""
    for enc in ([detect_bom(data)] if detect_bom(data) else ["utf-8", legacy_chinese(data)]):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.lstrip("\ufeff")
    return None


def detect_bom(head: bytes) -> str | None:
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc
    return None


def bomless_utf16(head: bytes) -> bool:
    """NUL bytes at only even or only odd offsets: the high (or low) halves of UTF-16 code units."""
    sample = head[:8192]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return (even == 0) != (odd == 0) and max(even, odd) >= 2


# Control characters: C0 except tab, line feed and carriage return (line endings), DEL, and C1.
# They are never meaningful in a sentence to translate, XML 1.0 cannot carry most of them (the
# XML exports and reports would fail), so every import refuses them with the file and line.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_CONTROL_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape", 0x7F: "delete", 0x85: "next line"}


def control_message(where: str, char: str) -> str:
    """'<where>: control character U+001B (escape) …' — one line for a refused control character."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code, "C1 control" if code >= 0x80 else "control")
    return (f"{where}: control character U+{code:04X} ({name}) in the text; remove it "
            "(only tab and line breaks are allowed)")


def line_breaks(text: str) -> int:
    """Line breaks in text as import counts them (CRLF, CR and LF each end a line)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def first_control(text: str) -> tuple[int, str] | None:
    """(1-based line, character) of the first control character in TEXT, or None."""
    m = CONTROL.search(text)
    if m is None:
        return None
    return line_breaks(text[: m.start()]) + 1, m.group()


# What no export can write: the control characters above, lone surrogates and the non-characters
# U+FFFE/U+FFFF (XML 1.0 cannot carry them; lxml refuses them). Import refuses control characters,
# but a draft from a model or an edit can still bring one: every export writes it as U+FFFD (�),
# visibly, instead of failing (html, tmx, tbx, report) or silently dropping it (xliff).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def writable(value):
    """VALUE with every unwritable character replaced by U+FFFD; dicts (keys too), lists and tuples recursively."""
    if isinstance(value, str):
        return _UNWRITABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {writable(k): writable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(writable(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):  # a typed row (workbench.rows.SegmentRow)
        values = {f.name: getattr(value, f.name) for f in fields(value)}
        flat = _strings(values.values())
        if flat is not None and not _UNWRITABLE.search("\n".join(flat)):
            return value  # the common case, checked in one search: nothing to replace (a streamed export's rows)
        return replace(value, **{name: writable(v) for name, v in values.items()})
    return value


def _strings(values) -> list[str] | None:
    """The strings among VALUES and in their tuples and lists of strings (a row's words); None when
    something else holds text (a dict, a nested list): then every value is walked."""
    out = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
            out.extend(v)
        elif not (v is None or isinstance(v, (int, float))):
            return None
    return out


_XML_BAD_CHAR = re.compile(r"(?:Char value|xmlChar value) (\d+)|Char 0x([0-9A-Fa-f]+) out of allowed range")


def control_in_xml_error(message: str | None) -> str | None:
    """The control character an XML parser error is about (raw, or written as &#27;), if it is one."""
    m = _XML_BAD_CHAR.search(message or "")
    if not m:
        return None
    char = chr(int(m.group(1)) if m.group(1) else int(m.group(2), 16))
    return char if CONTROL.fullmatch(char) else None
