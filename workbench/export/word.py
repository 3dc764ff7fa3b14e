"""The English article as a Word file (python-docx): the Markdown export's structure — headings, paragraphs,
bulleted and numbered lists, quotes, tables, code — with bold, italics, strikethrough, inline code and
links inside a paragraph. The Markdown export is built first and read back with markdown-it-py, so both
formats always have the same structure."""

from __future__ import annotations

from typing import Iterable, Iterator

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from workbench.export.base import Exporter, ExportJob
from workbench.export.md import MarkdownExporter
from workbench.export.word_package import UNIT, markdown_units, package
from workbench.markup import document_parser

_INLINE_STYLE = {"strong": "bold", "em": "italic", "s": "strike"}


class WordExporter(Exporter):
    name = "docx"
    suffix = ".docx"
    description = "the English article as a Word file (same structure as md)"
    needs_review = True
    binary = True

    def chunks(self, job: ExportJob) -> Iterator[bytes]:
        return markdown_docx_chunks(MarkdownExporter().chunks(job), job.document["title"])

    def render(self, job: ExportJob) -> bytes:
        return b"".join(self.chunks(job))


def markdown_docx(markdown: str, title: str) -> bytes:
    """A Word file with the structure of `markdown` (an article, or a compiled post)."""
    return b"".join(markdown_docx_chunks([markdown], title))


def markdown_docx_chunks(pieces: Iterable[str], title: str, unit: int = UNIT) -> Iterator[bytes]:
    """The Word file of Markdown that streams in `pieces`, in bounded memory (workbench.export.word_package)."""
    document = docx.Document()
    document.core_properties.title = title
    writer = _Writer(document)
    parser = document_parser()

    def fill() -> Iterator[None]:
        for text in markdown_units(pieces, unit):
            writer.blocks(parser.parse(text))
            yield

    return package(document, fill)


class _Writer:
    """markdown-it block tokens → python-docx paragraphs and tables."""

    def __init__(self, document):
        self.document = document
        self.lists: list[str] = []  # "bullet" / "ordered", innermost last
        self.quote = 0
        self.heading = 0
        self.table: list[list[tuple]] = []  # rows of cells (inline tokens), while inside a table

    def blocks(self, tokens) -> None:
        for tok in tokens:
            handler = getattr(self, "on_" + tok.type, None)
            if handler is not None:
                handler(tok)

    def on_bullet_list_open(self, tok) -> None:
        self.lists.append("bullet")

    def on_ordered_list_open(self, tok) -> None:
        self.lists.append("ordered")

    def on_bullet_list_close(self, tok) -> None:
        self.lists.pop()

    on_ordered_list_close = on_bullet_list_close

    def on_blockquote_open(self, tok) -> None:
        self.quote += 1

    def on_blockquote_close(self, tok) -> None:
        self.quote -= 1

    def on_heading_open(self, tok) -> None:
        self.heading = int(tok.tag[1])

    def on_heading_close(self, tok) -> None:
        self.heading = 0

    def on_table_open(self, tok) -> None:
        self.table = []

    def on_tr_open(self, tok) -> None:
        self.table.append([])

    def on_table_close(self, tok) -> None:
        rows = self.table
        self.table = []
        if not rows:
            return
        table = self.document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, (inline, header) in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                _runs(paragraph, inline.children or [], bold=header)

    def on_inline(self, tok) -> None:
        if self.table:
            self.table[-1].append((tok, self._in_header))
            return
        if self.heading:
            paragraph = self.document.add_heading(level=min(self.heading, 9))
        elif self.lists:
            kind = "List Bullet" if self.lists[-1] == "bullet" else "List Number"
            depth = min(len(self.lists), 3)
            paragraph = self.document.add_paragraph(style=kind if depth == 1 else f"{kind} {depth}")
        elif self.quote:
            paragraph = self.document.add_paragraph(style="Quote")
        else:
            paragraph = self.document.add_paragraph()
        _runs(paragraph, tok.children or [])

    _in_header = False

    def on_th_open(self, tok) -> None:
        self._in_header = True

    def on_td_open(self, tok) -> None:
        self._in_header = False

    def on_fence(self, tok) -> None:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(tok.content.rstrip("\n"))
        run.font.name = "Courier New"
        run.font.size = Pt(9)

    on_code_block = on_fence

    def on_hr(self, tok) -> None:
        self.document.add_paragraph("* * *").alignment = 1  # centred


def _runs(paragraph, children, bold: bool = False) -> None:
    """Inline tokens as runs: emphasis as run formatting, a link as a real hyperlink, code in a fixed font."""
    styles: list[str] = ["bold"] if bold else []
    link: str | None = None
    runs: list = []
    for child in children:
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in _INLINE_STYLE:
            styles.append(_INLINE_STYLE[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLE:
            styles.remove(_INLINE_STYLE[kind[:-6]])
        elif kind == "link_open":
            link, runs = str(child.attrs.get("href", "")), []
        elif kind == "link_close":
            _hyperlink(paragraph, link or "", runs)
            link = None
        elif kind in ("text", "code_inline", "image", "softbreak", "hardbreak", "html_inline"):
            text = {"softbreak": " ", "hardbreak": "\n", "image": child.content}.get(kind, child.content)
            run = paragraph.add_run(text)
            for style in styles:
                setattr(run.font, style, True)
            if kind == "code_inline":
                run.font.name = "Courier New"
            if kind == "html_inline":
                run.font.highlight_color = WD_COLOR_INDEX.GRAY_25
            if link is not None:
                runs.append(run)


def _hyperlink(paragraph, url: str, runs: list) -> None:
    """Move the link's runs into a w:hyperlink pointing at `url` (python-docx reads these, but has no
    writer for them yet), styled as a link."""
    if not runs or not url:
        return
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), rel)
    runs[0]._r.addprevious(element)
    for run in runs:
        run.font.underline = True
        run.font.color.rgb = docx.shared.RGBColor(0x05, 0x63, 0xC1)
        element.append(run._r)
