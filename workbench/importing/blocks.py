"""The block a text import produces: what a later export needs to rebuild the document around
translated sentences (workbench.export.assemble joins gap + prefix + text, or gap + raw)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Block:
    kind: str  # heading, paragraph, item, quote, cell, alt (translatable); code, html, front_matter, rule, table, markup (raw)
    prefix: str  # untranslated text before the text on its line: "## ", "- ", "> ", "| ", "!["
    text: str  # the translatable text (inline Markdown kept), "" for raw blocks
    gap: str  # the line breaks before this block ("" for the first, "\n", "\n\n", …)
    raw: str | None = None  # the untranslated block (code, front matter, HTML, reference definitions, …)


def latin(ch: str) -> bool:
    """A character after which a soft line break reads as a space (English words, not Chinese)."""
    return ch.isascii() and (ch.isalnum() or ch in ",;:.!?)\"'*_`")
