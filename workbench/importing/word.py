"""A Word file (.docx) through python-docx: headings, paragraphs, bulleted and numbered lists, tables,
and bold, italics and links inside a paragraph, written as Markdown and imported on the Markdown path
(so the same inline placeholders, checks and exports apply)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from lxml import etree

from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.common import ImportResult, already_imported, file_meta, refuse_controls
from workbench.importing.markdown import markdown_blocks
from workbench.importing.text import store_blocks
from workbench.storage import Store

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_HEADING = re.compile(r"^(?:Heading (\d)|Title)$")


def import_word(store: Store, path: Path, *, settings: Settings, title: str | None = None) -> ImportResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot read ({exc.strerror})") from None
    sha256 = hashlib.sha256(data).hexdigest()
    existing = already_imported(store, path, sha256)
    if existing:
        return existing
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        why = "not a ZIP archive" if not zipfile.is_zipfile(path) else f"no Word document inside ({exc})"
        raise WorkbenchError(f"{path}: not a valid .docx file ({why})") from None
    markdown = "\n\n".join(docx_markdown(document))
    meta = file_meta(path, len(data))
    props = document.core_properties
    if props.author:
        meta["byline"] = props.author
    if props.title:
        meta["title"] = props.title
    refuse_controls(path, markdown, *(str(v) for v in meta.values()))
    prepare_tokenizer(store)
    return store_blocks(store, path, markdown_blocks(markdown), sha256=sha256, encoding="docx", fmt="docx", meta=meta,
                        title=title or props.title or path.stem, settings=settings)


def docx_markdown(document) -> Iterator[str]:
    """The body's blocks in order as Markdown: one string per paragraph or table."""
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield _table(item)
            continue
        text = inline(item).strip()
        if text:
            yield _prefix(item) + text


def _prefix(paragraph: Paragraph) -> str:
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING.match(style)
    if heading:
        return "#" * min(int(heading.group(1) or 1), 6) + " "
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith("List Number"):
        return "1. "
    if style.startswith("List") or numbered:
        return "- "
    if style in ("Quote", "Intense Quote"):
        return "> "
    return ""


def inline(paragraph: Paragraph) -> str:
    """A paragraph's runs and links as Markdown: bold as **…**, italics as *…*, a link as [text](url)."""
    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            words = "".join(_run(r) for r in item.runs)
            parts.append(f"[{words}]({item.url})" if item.url and words.strip() else words)
        else:
            parts.append(_run(item))
    return re.sub(r"\s*\n\s*", " ", "".join(parts))


def _run(run) -> str:
    text = _SPECIAL.sub(r"\\\1", run.text)
    if not text.strip():
        return text
    core = text.strip()
    lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    if run.bold:
        core = f"**{core}**"
    if run.italic:
        core = f"*{core}*"
    return lead + core + tail


def _table(table: Table) -> str:
    rows = [["".join(inline(p) for p in cell.paragraphs).strip() or " " for cell in row.cells] for row in table.rows]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [" "] * (width - len(r))) + " |" for r in rows]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)
