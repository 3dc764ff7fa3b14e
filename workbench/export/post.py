"""One newsletter post from several documents (`workbench export DOC DOC … --compile`).

The post is assembled once as a list of blocks — an optional intro, the credit line, then per document
its heading, its source line and its excerpt (ellipses where text was left out, footnote references
where the editor wrote notes), and the footnotes at the end — and each output format is a writer of
those blocks (`workbench.export.post_writers`: md and html; a docx writer plugs in the same way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.export.base import ExportJob, marked
from workbench.export.excerpt import cut
from workbench.glossary.terms import Matcher
from workbench.statuses import REVIEWED
from workbench.storage import documents as doc_store

_HEADING_HASHES = re.compile(r"^\s*(#{1,6})\s")


@dataclass(frozen=True)
class Heading:
    level: int  # 2: a document's heading; its own headings (## and below) from 3 on
    text: str  # inline Markdown


@dataclass(frozen=True)
class Paragraph:
    text: str  # inline Markdown (footnote references as [^n]); a raw block's text as it was
    kind: str = "paragraph"  # paragraph, quote, item, ellipsis, or the kind of a raw block (code, image, …)
    prefix: str = ""  # the block's Markdown prefix ("> ", "- ", "1. ")
    raw: bool = False  # kept as it was in the source (code, tables, images)


@dataclass(frozen=True)
class SourceLine:
    outlet: str | None  # the glossary's English name, the original after it in parentheses
    author: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True)
class Credit:
    models: tuple[str, ...]
    reviewers: tuple[str, ...]
    reviewed: bool = True  # a person reviewed something published (named or not)

    @property
    def text(self) -> str:
        models = ", ".join(self.models) or "nobody (no drafts)"
        if not self.reviewed:
            return f"Translations of the original Chinese were drafted by {models}; not verified yet."
        people = ", ".join(self.reviewers) or "an unnamed reviewer"
        return f"Translations of the original Chinese were drafted by {models}, then verified manually by {people}."


@dataclass(frozen=True)
class Intro:
    markdown: str  # the editor's own Markdown, as written


@dataclass(frozen=True)
class Footnotes:
    items: tuple[tuple[int, str], ...]  # (number, inline Markdown)


Block = Heading | Paragraph | SourceLine | Credit | Intro | Footnotes


@dataclass
class Post:
    blocks: list = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    marked: int = 0  # unreviewed segments included (with --status all), marked


def english_name(text: str | None, matcher: Matcher) -> str | None:
    """A name in the glossary's English: 心智观察所 → "Xinzhi Observatory (心智观察所)"; a name with no
    glossary term stays as written."""
    if not text:
        return None
    hits = sorted(matcher.find(text), key=lambda h: h.start)
    if not hits:
        return text
    out, at = [], 0
    for hit in hits:
        if hit.start < at:
            continue
        out.append(text[at:hit.start] + hit.term.target)
        at = hit.end
    english = "".join(out) + text[at:]
    return f"{english} ({text})" if english != text else text


def check_documents(store, refs: list[str]) -> list[dict]:
    """The documents of a post, in the order given; a document named twice is refused."""
    if not refs:
        raise WorkbenchError("name the documents of the post: workbench export DOC DOC … --compile")
    docs, seen = [], {}
    for ref in refs:
        doc = doc_store.require(store, ref)
        if doc["id"] in seen:
            raise WorkbenchError(f"document {doc['id']} ({doc['title']!r}) is named twice ({seen[doc['id']]!r} and "
                                 f"{ref!r}): a post holds each commentary once")
        seen[doc["id"]] = ref
        docs.append(doc)
    return docs


def refuse_unready(jobs: list[ExportJob], status: str) -> None:
    """No post while an included segment is unreviewed (unless --status all), nor from a document that
    has nothing to publish."""
    for job in jobs:
        doc = job.document
        if not job.published:
            raise WorkbenchError(f"document {doc['id']} ({doc['title']!r}) has every segment left out: nothing to publish")
        if status == "reviewed" and not any(r["status"] in REVIEWED for r in job.published):
            raise WorkbenchError(f"document {doc['id']} ({doc['title']!r}) has no reviewed segments yet: "
                                 "nothing to publish (review it, or compile with --status all to include drafts, marked)")
    waiting = [(job.document["id"], [r["position"] for r in job.unreviewed]) for job in jobs if job.unreviewed]
    if status == "reviewed" and waiting:
        parts = "; ".join(f"document {d}: positions {_listed(ps)}" for d, ps in waiting)
        total = sum(len(ps) for _, ps in waiting)
        raise WorkbenchError(f"{total} included segment(s) are not reviewed yet ({parts}); review them, "
                             "or compile with --status all to include them marked")


def _listed(positions: list[int]) -> str:
    return ", ".join(str(p) for p in positions[:10]) + (" …" if len(positions) > 10 else "")


def assemble_post(jobs: list[ExportJob], *, intro: str | None = None, credit: bool = False) -> Post:
    """The post's blocks from the loaded documents (checked with refuse_unready first)."""
    post = Post(documents=[job.document["id"] for job in jobs])
    if intro and intro.strip():
        post.blocks.append(Intro(intro.strip()))
    if credit:
        post.blocks.append(_credit(jobs))
    footnotes: list[tuple[int, str]] = []
    for job in jobs:
        post.marked += len(job.unreviewed)
        footnotes += _document(post, job, first_note=len(footnotes) + 1)
    if footnotes:
        post.blocks.append(Footnotes(tuple(footnotes)))
    return post


def _credit(jobs: list[ExportJob]) -> Credit:
    models: list[str] = []
    people: list[str] = []
    reviewed = any(r["status"] in REVIEWED for job in jobs for r in job.published)
    for job in jobs:
        for name in job.models():
            if name not in models:
                models.append(name)
        for row in job.published:
            who = (row.get("reviewer") or "").strip()
            if row["status"] in REVIEWED and who and who not in people:
                people.append(who)
    return Credit(tuple(models), tuple(people), reviewed)


def _document(post: Post, job: ExportJob, first_note: int) -> list[tuple[int, str]]:
    meta = doc_store.meta(job.document)
    texts = {r["position"]: marked(r) for r in job.published}
    excerpt = cut(job.paragraphs, job.rows, texts, job.notes, ellipsis=job.ellipsis, first_note=first_note)
    by_paragraph: dict[int, list[str]] = {}
    for row in job.rows:
        text = (excerpt.texts.get(row["position"]) or "").strip()
        if text:
            by_paragraph.setdefault(row["paragraph"], []).append(text)
    body = [(p, " ".join(by_paragraph.get(p["position"], []))) for p in excerpt.paragraphs if not _comment(p)]
    heading = meta.get("heading")
    if body and body[0][0].get("kind") == "heading":
        # the document's own title (its first block, a heading): its English is the heading, unless the
        # metadata gives one; either way it is not repeated below
        heading = heading or body[0][1]
        body = body[1:]
    post.blocks.append(Heading(2, heading or job.document["title"]))
    matcher = job.matcher
    if any(meta.get(k) for k in ("outlet", "author", "date", "url")):
        post.blocks.append(SourceLine(english_name(meta.get("outlet"), matcher), english_name(meta.get("author"), matcher),
                                      meta.get("date"), meta.get("url")))
    for para, text in body:
        block = _block(para, text)
        if block is not None:
            post.blocks.append(block)
    return excerpt.footnotes


def _comment(para: dict) -> bool:
    """A raw block holding only HTML comments: a note to the editor, never published."""
    return para.get("raw") is not None and not re.sub(r"<!--.*?-->", "", para["raw"], flags=re.S).strip()


def _block(para: dict, text: str) -> Heading | Paragraph | None:
    if para.get("raw") is not None:
        kind = para.get("kind") or "raw"
        return Paragraph(para["raw"], kind=kind, raw=kind != "ellipsis")
    if not text:
        return None
    if para.get("kind") == "heading":
        hashes = _HEADING_HASHES.match(para.get("prefix") or "")
        return Heading(min(6, max(3, (len(hashes.group(1)) if hashes else 1) + 1)), text)
    return Paragraph(text, kind=para.get("kind") or "paragraph", prefix=para.get("prefix") or "")
