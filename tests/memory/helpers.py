"""TMX files for the memory tests."""

from __future__ import annotations

from pathlib import Path


def tmx(path: Path, units: list[tuple[str, str, str, str]], srclang: str = "zh-CN", tu_attrs: str = "") -> Path:
    """A TMX file with units (lang1, text1, lang2, text2), in that order inside each <tu>."""
    body = "".join(
        f'<tu{tu_attrs}><tuv xml:lang="{l1}"><seg>{t1}</seg></tuv><tuv xml:lang="{l2}"><seg>{t2}</seg></tuv></tu>\n'
        for l1, t1, l2, t2 in units)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                    f'<header srclang="{srclang}" creationtool="t" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/>\n'
                    f"<body>\n{body}</body>\n</tmx>\n", encoding="utf-8")
    return path
