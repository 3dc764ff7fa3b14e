"""Rebuilding a document around its target texts: the stored block structure (prefixes, gaps, raw
blocks) with each paragraph's sentences put back in (blocks → text).

`fit` adapts one block's new text to where it goes: the Markdown export escapes what would otherwise
start a different block (a heading, a list item) or end a table cell (see `markdown_safe`)."""

from __future__ import annotations

import re

# Text that would turn a paragraph into another block if it began a line.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=[ \t]|$)|[-+*](?=[ \t])|\d{1,9}(?=[.)][ \t]|[.)]$)|>|=+[ \t]*$|-+[ \t]*$|`{3}|~{3}|[ \t]{4})")


def assemble(paragraphs: list[dict], rows: list[dict], texts: dict[int, str], join, fit=None) -> str:
    """Put sentence texts back into the block structure: `join` makes one paragraph of its sentences
    (Chinese run on; an English export joins with one space, since an English sentence may keep a
    Chinese name and must not be glued to its neighbour)."""
    by_paragraph: dict[int, list[str]] = {}
    for row in rows:
        text = (texts.get(row["position"]) or "").strip()
        if text:
            by_paragraph.setdefault(row["paragraph"], []).append(text)
    if not paragraphs:  # a document stored without its block structure (CAT import): one block each
        paragraphs = [{"position": n, "prefix": "", "gap": "\n\n" if i else "", "raw": None}
                      for i, n in enumerate(sorted({r["paragraph"] for r in rows}))]
    out: list[str] = []
    for para in paragraphs:
        out.append(para["gap"])
        if para["raw"] is not None:
            out.append(para["raw"])
        else:
            text = join(by_paragraph.get(para["position"], []))
            out.append(para["prefix"] + (fit(para, text) if fit else text))
    return "".join(out).rstrip("\n") + "\n"


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
