"""Bytes to text the way Chinese files come: a byte-order mark (UTF-8, UTF-16), else UTF-8, else
GB18030/GBK — what Excel and editors on a Chinese Windows save. Shared by document import and
glossary files."""

from __future__ import annotations

import codecs

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_small(data: bytes) -> str | None:
    """Decode a small file held in memory (a glossary) as import does: BOM (UTF-8, UTF-16), else
    UTF-8, else GB18030/GBK — what Excel on a Chinese Windows saves. None when nothing decodes."""
    for enc in ([detect_bom(data)] if detect_bom(data) else ["utf-8", "gb18030"]):
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
