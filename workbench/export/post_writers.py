"""Writers of a compiled post (workbench.export.post): Markdown and a newsletter-style HTML page.

One registry, `POST_WRITERS`: a new format (docx) is one more function from a Post to its bytes or text.
The HTML page renders each block's Markdown with markdown-it-py (CommonMark, raw HTML off, so text from
a source or a model can never inject markup); its CSS is inline and it loads nothing from anywhere.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from markdown_it import MarkdownIt

from workbench.export.post import Credit, Footnotes, Heading, Intro, Paragraph, Post, SourceLine
from workbench.export.word import markdown_docx

_REF = re.compile(r"\[\^(\d+)\]")


# ---------------------------------------------------------------------------- Markdown


def source_md(line: SourceLine) -> str:
    """"By <author> · <outlet> · <date>", the outlet linked to the original when its address is known."""
    outlet = f"[{line.outlet}]({line.url})" if line.outlet and line.url else line.outlet
    parts = [f"By {line.author}" if line.author else None, outlet, line.date]
    if line.url and not line.outlet:
        parts.append(f"[original]({line.url})")
    return " · ".join(p for p in parts if p)


def render_md(post: Post) -> str:
    out: list[str] = []
    for block in post.blocks:
        if isinstance(block, Intro):
            out.append(block.markdown)
        elif isinstance(block, Credit):
            out.append(f"*{block.text}*")
        elif isinstance(block, Heading):
            out.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, SourceLine):
            out.append(f"*{source_md(block)}*")
        elif isinstance(block, Paragraph):
            out.append(block.text if block.raw or block.kind == "ellipsis" else block.prefix + block.text)
        elif isinstance(block, Footnotes):
            out.append("\n".join(f"[^{n}]: {text}" for n, text in block.items))
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------- HTML

# Chinese names (the outlet, an author) fall back to a CJK font the reader's system has.
_CSS = """
:root { --sans: "Helvetica Neue", Arial, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
body { margin: 0; background: #f4f1ea; color: #1f1f1f; }
article { max-width: 680px; margin: 2.5rem auto; background: #fff; padding: 2.5rem 3rem 3rem;
          box-shadow: 0 1px 3px rgba(0,0,0,.08);
          font: 18px/1.65 Georgia, "Times New Roman", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; }
.intro { font-size: 1.05rem; }
.credit { font-style: italic; color: #555; border-left: 3px solid #c8102e; padding-left: .9rem; margin: 1.5rem 0; }
h2 { font: 700 1.55rem/1.25 var(--sans); margin: 2.6rem 0 .3rem; padding-top: 1.2rem;
     border-top: 1px solid #e2ddd3; }
h3, h4, h5, h6 { font: 700 1.15rem/1.3 var(--sans); margin: 1.8rem 0 .4rem; }
.source { font: italic .95rem/1.4 var(--sans); color: #6b6b6b; margin: 0 0 1.2rem; }
a { color: #c8102e; }
blockquote { margin: 1rem 0; padding: .1rem 1.2rem; border-left: 3px solid #ccc; color: #444; }
.ellipsis { text-align: center; color: #8a8a8a; }
pre { background: #f6f6f6; padding: .8rem; overflow-x: auto; font-size: .85rem; }
sup.fnref a { text-decoration: none; font-size: .75em; }
section.footnotes { margin-top: 2.5rem; border-top: 1px solid #e2ddd3; font-size: .9rem; color: #444; }
section.footnotes li { margin: .4rem 0; }
"""

_MD = MarkdownIt("commonmark", {"html": False})


def _inline(text: str) -> str:
    """Inline Markdown → HTML (escaped), with footnote references as superscript links."""
    rendered = _MD.renderInline(text)
    return _REF.sub(lambda m: f'<sup class="fnref"><a href="#fn{m.group(1)}" id="fnref{m.group(1)}">{m.group(1)}</a></sup>',
                    rendered)


def _paragraph(block: Paragraph) -> str:
    if block.kind == "ellipsis":
        return f'<p class="ellipsis">{html.escape(block.text)}</p>'
    if block.raw:
        return _MD.render(block.text)  # code, tables, images: as Markdown renders them (raw HTML stays text)
    if block.kind == "quote":
        return f"<blockquote><p>{_inline(block.text)}</p></blockquote>"
    if block.kind == "item":
        tag = "ol" if block.prefix.strip()[:1].isdigit() else "ul"
        return f"<{tag}><li>{_inline(block.text)}</li></{tag}>"
    return f"<p>{_inline(block.text)}</p>"


def render_html(post: Post, title: str = "") -> str:
    parts: list[str] = []
    for block in post.blocks:
        if isinstance(block, Intro):
            parts.append(f'<div class="intro">{_REF.sub("", _MD.render(block.markdown))}</div>')
        elif isinstance(block, Credit):
            parts.append(f'<p class="credit">{html.escape(block.text)}</p>')
        elif isinstance(block, Heading):
            parts.append(f"<h{block.level}>{_inline(block.text)}</h{block.level}>")
        elif isinstance(block, SourceLine):
            parts.append(f'<p class="source">{_inline(source_md(block))}</p>')
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        elif isinstance(block, Footnotes):
            items = "".join(f'<li id="fn{n}">{_MD.renderInline(text)} <a href="#fnref{n}" class="back">↩</a></li>'
                            for n, text in block.items)
            parts.append(f'<section class="footnotes"><ol>{items}</ol></section>')
    head_title = html.escape(title or next((b.text for b in post.blocks if isinstance(b, Heading)), "Post"))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{head_title}</title>"
            f"<style>{_CSS}</style></head><body><article>\n" + "\n".join(parts) + "\n</article></body></html>\n")


def render_docx(post: Post) -> bytes:
    """The post as a Word file: its Markdown read back into Word's structure (export.word), so the three
    forms of a post always agree; footnotes stay as numbered notes at the end."""
    title = next((b.text for b in post.blocks if isinstance(b, Heading)), "Post")
    return markdown_docx(render_md(post), title)


POST_WRITERS: dict[str, Callable[[Post], str | bytes]] = {"md": render_md, "html": render_html, "docx": render_docx}
