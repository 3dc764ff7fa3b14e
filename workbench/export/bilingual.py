"""Side-by-side exports for a second reader: bilingual Markdown and a self-contained HTML page.

The HTML is built as an lxml tree, so every text is escaped by the serializer (a segment saying
<script> shows those characters); its CSS is inline and it loads nothing from anywhere.
"""

from __future__ import annotations

import re
import tempfile
from typing import Iterator

from lxml import html as lxml_html
from lxml.html import builder as E

from workbench.export.assemble import with_members
from workbench.export.base import Exporter, ExportJob, batched_text, marked
from workbench.rows import current_text, included
from workbench.statuses import REVIEWED

_CSS = """
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1200px;
       color: #1d232a; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
.summary, .credit { color: #4a5560; margin: .2rem 0; }
.credit { font-style: italic; }
.legend { font-size: .85rem; color: #4a5560; }
.legend span { margin-right: .4rem; }
table.bilingual { border-collapse: collapse; width: 100%; table-layout: fixed; margin-top: 1rem; }
table.bilingual th { text-align: left; border-bottom: 2px solid #c7ced6; padding: .4rem; }
table.bilingual th:first-child, td.n { width: 2.5rem; }
td { vertical-align: top; padding: .5rem .4rem; border-bottom: 1px solid #e3e7eb; overflow-wrap: anywhere; }
td.n { color: #8a949e; font-size: .8rem; }
td.zh { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
tr.kind-heading td.zh, tr.kind-heading td.en { font-weight: 600; font-size: 1.1rem; }
tr.kind-quote td.zh, tr.kind-quote td.en { border-left: 3px solid #c7ced6; padding-left: .8rem; color: #3b4650; }
td.raw pre { margin: 0; white-space: pre-wrap; color: #5b6670; font-size: .85rem; }
.term { background: #e4f0ff; border-bottom: 2px solid #4a8fe0; }
.qa-error { background: #ffe1e1; border-bottom: 2px solid #d33; }
.qa-warning { background: #fff3cd; border-bottom: 2px solid #d9a400; }
.qa-info { border-bottom: 2px dotted #8a949e; }
.md-syntax { display: none; }
.md-strong { font-weight: 600; }
.md-em { font-style: italic; }
.md-link { color: #1a5fb4; text-decoration: underline; }
.badge { display: inline-block; font-size: .7rem; text-transform: uppercase; letter-spacing: .04em;
         padding: 0 .35rem; margin-right: .3rem; border-radius: 3px; background: #6c757d; color: #fff; }
.badge-flagged { background: #c0392b; }
.badge-initial { background: #8e44ad; }
.status-translated, .status-flagged, .status-initial { color: #5b6670; }
.missing { color: #8a949e; }
ul.issues { margin: .4rem 0 0; padding-left: 1.1rem; font-size: .85rem; }
ul.issues li.qa-error, ul.issues li.qa-warning, ul.issues li.flag-note { background: none; border: 0; }
ul.issues li.qa-error b { color: #b02a2a; }
ul.issues li.qa-warning b { color: #8a6a00; }
ul.issues li.flag-note b { color: #c0392b; }
"""


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks flattened."""
    return re.sub(r"\s*\n\s*", " ", text).replace("|", "\\|")


_COMMENT = re.compile(r"<!--.*?-->", re.S)


def paragraph_rows(job: ExportJob) -> Iterator[tuple[dict, list[dict]]]:
    """(paragraph, its segments) in document order, as the segments stream by; raw blocks come with no
    segments. Raw blocks that are only HTML comments (notes to the editor, invisible in the rendered
    source) are left out, and so are segments left out of the excerpt (a paragraph with none left goes too)."""
    for p, rows in with_members(job.paragraphs, job.rows, kind="paragraph"):
        kept = [r for r in rows if included(r)]
        if rows and not kept:
            continue  # every segment of it left out of the excerpt
        if p.get("raw") is None or _COMMENT.sub("", p["raw"]).strip():
            yield p, kept


class BilingualMarkdownExporter(Exporter):
    name = "bilingual-md"
    suffix = ".md"
    description = "Chinese and English side by side, one table row per paragraph"
    needs_review = True

    def chunks(self, job: ExportJob) -> Iterator[str]:
        lines = [f"# {job.document['title']} (bilingual)", ""]
        if job.credit:
            lines += [f"*{job.credit_line()}*", ""]
        lines += ["| ¶ | 中文 | English |", "|---|---|---|"]
        yield "\n".join(lines) + "\n"
        yield from batched_text(self._lines(job))

    def _lines(self, job: ExportJob) -> Iterator[str]:
        for para, rows in paragraph_rows(job):
            if para.get("raw") is not None:
                yield f"| {para['position']} | *({para['kind']}, kept as is)* | |\n"
                continue
            if not rows:
                continue
            zh = "".join(r["source"] for r in rows)
            en = " ".join(marked(r) for r in rows)
            yield f"| {para['position']} | {_cell(zh)} | {_cell(en)} |\n"


def _runs(text: str, marks: list[tuple[int, int, str, str]]) -> list:
    """Split `text` into runs carrying the classes and titles of the marks covering them (marks may
    overlap: a glossary term inside a QA span gets both)."""
    if not marks:
        return [text]
    cuts = sorted({0, len(text), *(max(0, min(len(text), m[i])) for m in marks for i in (0, 1))})
    out: list = []
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        piece = text[a:b]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({m[2] for m in covering}))
        title = "\n".join(dict.fromkeys(m[3] for m in covering if m[3]))
        out.append(E.SPAN(piece, **{"class": classes, **({"title": title} if title else {})}))
    return out


# Inline Markdown in a segment (**strong**, *emphasis*, [link](url)): the reader sees the formatting,
# not the asterisks. The markup characters stay in the page, hidden, so offsets of terms and QA spans
# (which count them) still line up.
_MD_INLINE = (
    (re.compile(r"(\*\*)(?=\S)(.+?)(?<=\S)(\*\*)"), "md-strong"),
    (re.compile(r"(?<![*\w])(\*)(?=[^\s*])([^*]+?)(?<=[^\s*])(\*)(?![*\w])"), "md-em"),
    (re.compile(r"(\[)([^\]\n]+)(\]\([^)\s]+\))"), "md-link"),
)


def _markdown_marks(text: str) -> list[tuple[int, int, str, str]]:
    marks = []
    for regex, kind in _MD_INLINE:
        for m in regex.finditer(text):
            url = m.group(3)[2:-1] if kind == "md-link" else ""
            marks += [(m.start(1), m.end(1), "md-syntax", ""), (m.start(2), m.end(2), kind, url),
                      (m.start(3), m.end(3), "md-syntax", "")]
    return marks


def _target_term_marks(text: str, hits) -> list[tuple[int, int, str, str]]:
    marks = []
    low = text.lower()
    for hit in hits:
        for rendering in hit.term.renderings():
            at = (text if hit.term.case_sensitive else low).find(rendering if hit.term.case_sensitive else rendering.lower())
            if at >= 0:
                marks.append((at, at + len(rendering), "term", f"glossary: {hit.term.source} → {hit.term.target}"))
                break
    return marks


class HtmlExporter(Exporter):
    name = "html"
    suffix = ".html"
    description = "one self-contained HTML page, side by side, QA issues and glossary terms marked"
    needs_review = True

    def chunks(self, job: ExportJob) -> Iterator[str]:
        """The table rows are made as the segments stream by and kept in a temporary file; the header,
        which counts the QA issues of the whole document, goes first once they are known."""
        with tempfile.TemporaryFile("w+", encoding="utf-8") as body:
            total_issues = reviewed = 0
            for para, rows in paragraph_rows(job):
                if para.get("raw") is not None:
                    body.write(_html(_raw_row(para)))
                elif rows:
                    issues = {row["position"]: job.issues_for(row) for row in rows}
                    body.write(_html(_segment_row(job, issues, para, rows)))
                    total_issues += sum(len(found) for found in issues.values())
                    reviewed += sum(1 for row in rows if row["status"] in REVIEWED)
            page = E.HTML(
                E.HEAD(E.META(charset="utf-8"), E.TITLE(f"{job.document['title']} (bilingual)"), E.STYLE(_CSS)),
                E.BODY(E.HEADER(*_header(job, total_issues, reviewed)),
                       E.TABLE(E.THEAD(E.TR(E.TH("¶"), E.TH("中文", lang="zh-CN"), E.TH("English"))),
                               E.TBODY(), **{"class": "bilingual"})),
                lang="en",
            )
            # every text is escaped in the page, so the one literal "<tbody></tbody>" is the empty table body
            head, tail = (lxml_html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", method="html")
                          + "\n").rsplit("<tbody></tbody>", 1)
            yield head + "<tbody>"
            body.seek(0)
            while piece := body.read(1 << 16):
                yield piece
            yield "</tbody>" + tail


def _html(element) -> str:
    return lxml_html.tostring(element, encoding="unicode", method="html")


def _raw_row(para: dict):
    """A block kept as it was in the source (not translated): shown preformatted across both columns."""
    return E.TR(E.TD(str(para["position"]), **{"class": "n"}),
                E.TD(E.PRE(para["raw"]), colspan="2", **{"class": "raw"}),
                **{"class": "raw-block"})


def _segment_row(job: ExportJob, issues: dict[int, list], para: dict, rows: list[dict]):
    """One paragraph: its sources in one cell, its current texts in the other, with their QA issues and flags listed below."""
    zh_cell, en_cell, notes = [], [], []
    for row in rows:
        hits = job.matcher.find(row["source"])
        found = issues.get(row["position"], [])
        zh_cell.append(_source_span(row, hits))
        en_cell.append(_target_span(row, hits, found))
        en_cell.append(" ")
        notes.extend(_notes(row, found))
    en = [*en_cell] + ([E.UL(*notes, **{"class": "issues"})] if notes else [])
    return E.TR(
        E.TD(str(para["position"]), **{"class": "n"}),
        E.TD(*zh_cell, lang="zh-CN", **{"class": "zh"}),
        E.TD(*en, lang="en", **{"class": "en"}),
        **{"class": f"kind-{para['kind']}"},
    )


def _source_span(row: dict, hits):
    marks = [(h.start, h.end, "term", f"glossary: {h.term.source} → {h.term.target}") for h in hits]
    marks += _markdown_marks(row["source"])
    return E.SPAN(*_runs(row["source"], marks), **{"class": "seg", "data-position": str(row["position"])})


def _target_span(row: dict, hits, found: list):
    """The current text with its terms and located QA issues marked; a segment not reviewed yet gets a badge
    saying what it is, and with no text at all shows its source instead."""
    text = current_text(row) or ""
    marks = _target_term_marks(text, hits) + _markdown_marks(text)
    marks += [(i.span[0], i.span[1], f"qa qa-{i.severity}", f"{i.code}: {i.message}") for i in found if i.span[1] > i.span[0]]
    parts = list(_runs(text, marks))
    status = row["status"]
    if status not in REVIEWED:
        parts.insert(0, E.SPAN("untranslated" if not text else ("flagged" if status == "flagged" else "draft"),
                               **{"class": f"badge badge-{status}"}))
        if not text:
            parts.append(E.SPAN(row["source"], lang="zh-CN", **{"class": "missing"}))
    return E.SPAN(*parts, **{"class": f"seg status-{status}", "data-position": str(row["position"]),
                             "title": f"segment {row['position']}: {status}"})


def _notes(row: dict, found: list) -> list:
    """List items for the segment's QA issues and, when it is flagged, the reviewer's note."""
    notes = [E.LI(E.B(f"#{row['position']} {i.code}"), f" {i.message}", **{"class": f"qa-{i.severity}"}) for i in found]
    if row["status"] == "flagged" and row.get("note"):
        notes.append(E.LI(E.B(f"#{row['position']} flag"), f" {row['note']}", **{"class": "flag-note"}))
    return notes


def _header(job: ExportJob, total_issues: int, reviewed: int) -> list:
    """Title, summary, the credit line when asked for, and the legend of the marks."""
    left_out = job.left_out
    summary = (f"{reviewed} of {len(job.rows) - left_out} segments reviewed · {total_issues} QA issues · "
               f"{len(job.matcher)} glossary terms" + (f" · {left_out} left out of the excerpt" if left_out else ""))
    header = [E.H1(job.document["title"]), E.P(summary, **{"class": "summary"})]
    if job.credit:
        header.append(E.P(job.credit_line(), **{"class": "credit"}))
    header.append(E.P(
        E.SPAN("glossary term", **{"class": "term"}), " ",
        E.SPAN("QA error", **{"class": "qa qa-error"}), " ",
        E.SPAN("QA warning", **{"class": "qa qa-warning"}), " ",
        E.SPAN("draft", **{"class": "badge badge-translated"}), " not reviewed yet",
        **{"class": "legend"}))
    return header
