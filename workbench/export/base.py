"""What every export format shares: the document loaded once (`ExportJob`), the `Exporter` base each
format subclasses, and the small text helpers (marks for unreviewed segments, XML-safe text, TMX dates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Callable, Iterable, Iterator

from lxml import etree

from workbench import qa
from workbench.encodings import writable
from workbench.glossary.terms import Matcher
from workbench.rows import SegmentRow, current_text, included
from workbench.statuses import REPETITION, REVIEWED
from workbench.storage import Store, reporting
from workbench.storage import documents as doc_store
from workbench.storage import origins as origin_store
from workbench.storage import segments as seg_store


class Stream:
    """A re-iterable view of rows read from the store a chunk at a time: every `for` reads them again
    in order, so an export of a million segments never holds them all. `len()` is counted in SQL."""

    def __init__(self, read: Callable[[], Iterable], size: Callable[[], int]):
        self._read, self._size = read, size

    def __iter__(self) -> Iterator:
        return (writable(row) for row in self._read())

    @cached_property
    def _count(self) -> int:
        return self._size()

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return len(self) > 0


@dataclass
class ExportJob:
    """One document for export: its segments with their current state and its block structure, both
    streamed from the store (see `Stream`), the glossary, and the document's QA norms (computed once,
    bounded). A format iterates `job.rows` and yields its text as it goes (`Exporter.chunks`)."""

    store: Store
    document: dict
    status: str = "reviewed"
    credit: bool = False
    terms: list = field(default_factory=list)
    notes: dict[int, dict] = field(default_factory=dict)  # position → the editor's note (a footnote)
    ellipsis: str = "[…]"  # what a run of left-out text becomes in the English article ("" for nothing)

    @cached_property
    def rows(self) -> Stream:
        doc_id = self.document["id"]
        return Stream(lambda: seg_store.iter_document(self.store, doc_id), lambda: seg_store.count(self.store, doc_id))

    @cached_property
    def paragraphs(self) -> Stream:
        doc_id = self.document["id"]
        return Stream(lambda: doc_store.iter_paragraphs(self.store, doc_id),
                      lambda: doc_store.paragraph_count(self.store, doc_id))

    @cached_property
    def origins(self) -> dict[int, dict]:
        """Position → where the segment stands in the XLIFF file it was imported from ({} otherwise)."""
        return origin_store.for_document(self.store, self.document["id"])

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.terms)

    @cached_property
    def norms(self) -> qa.DocumentNorms:
        """What the document-level QA checks need of the whole document (one bounded pass)."""
        return qa.document_norms(lambda: qa.texts_of(self.rows))

    def issues_for(self, row) -> list:
        """QA issues of one segment's current text (the document-level ones against the whole document)."""
        return next((issues for _, issues in qa.check_rows([row], self.matcher, self.norms)), [])

    @property
    def issues(self) -> dict[int, list]:
        """QA issues of the current texts by position, the whole document at once (prefer `issues_for`)."""
        return {row["position"]: issues for row, issues in qa.check_rows(self.rows, self.matcher, self.norms)}

    @cached_property
    def waiting(self) -> tuple[int, list[int]]:
        """How many segments of the excerpt nobody has reviewed, and the first positions of them
        (left-out ones never wait for a review)."""
        return seg_store.unreviewed(self.store, self.document["id"])

    @property
    def unreviewed(self) -> list:
        """The unreviewed rows of the excerpt themselves (the whole list: prefer `waiting` for a count)."""
        return [r for r in self.rows if r["status"] not in REVIEWED and included(r)]

    @cached_property
    def left_out(self) -> int:
        """How many segments the editor left out of the excerpt (counted in SQL)."""
        return seg_store.excluded_count(self.store, self.document["id"])

    @cached_property
    def published(self) -> Stream:
        """The segments of the excerpt (what an English article shows), streamed like `rows`."""
        return Stream(lambda: (r for r in self.rows if included(r)), lambda: len(self.rows) - self.left_out)

    @property
    def excerpted(self) -> bool:
        """Whether the editor cut the document or annotated it (the article needs ellipses or footnotes)."""
        return bool(self.left_out or self.notes)

    def published_notes(self) -> dict[int, dict]:
        """The editor's notes on segments of the excerpt (a note on a left-out segment waits)."""
        if not self.notes:
            return {}
        return {r["position"]: self.notes[r["position"]] for r in self.rows if r["position"] in self.notes and included(r)}

    def worked_from(self) -> Iterator[tuple[SegmentRow, dict | None]]:
        """Each row with its reviewed pair (the draft the reviewer worked from), None when not reviewed:
        two position-ordered streams walked side by side."""
        pairs = reporting.iter_reviewed_pairs(self.store, self.document["id"])
        pair = next(pairs, None)
        for row in self.rows:
            while pair is not None and pair["position"] < row["position"]:
                pair = next(pairs, None)
            yield row, (pair if pair is not None and pair["position"] == row["position"] else None)

    def models(self) -> list[str]:
        """The models (or engines) whose drafts are behind the published texts, in order of appearance:
        for a reviewed segment the draft the reviewer worked from."""
        models: dict[str, None] = {}
        for row, pair in self.worked_from():
            source = pair or row
            if not included(row) or source.get("draft") is None or source.get("engine") == REPETITION:
                continue
            name = source.get("model") or source.get("engine")
            if name:
                models.setdefault(name)
        return list(models)

    def credit_line(self) -> str:
        """'Translated by <models>, verified by <reviewers>' from the drafts and reviews behind the texts."""
        models = self.models()
        people = [p for p in reporting.reviewers(self.store, self.document["id"]) if p.strip()]
        translated = ", ".join(models) or "nobody (no drafts)"
        # decisions saved without a reviewer name (none configured) were still made by a person; whether
        # any segment is reviewed is counted in SQL, not by reading the document again
        verified = ", ".join(people) or (
            "an unnamed reviewer" if reporting.pair_count(self.store, self.document["id"]) else "nobody yet")
        return f"Translated by {translated}, verified by {verified}."


class Exporter:
    """One export format. Subclasses set `name`, `suffix`, `description` and implement `chunks`
    (the text in pieces, as the rows stream by: what keeps a long export in bounded memory) or, for a
    small format, `render` (the whole text)."""

    name = ""
    suffix = ""
    description = ""
    needs_review = False  # True: refuse unreviewed segments unless status == "all"
    binary = False  # True: render returns bytes (a Word file), written only to a file

    def chunks(self, job: ExportJob) -> Iterator[str | bytes]:
        yield self.render(job)

    def render(self, job: ExportJob) -> str | bytes:
        if type(self).chunks is Exporter.chunks:
            raise NotImplementedError
        return "".join(self.chunks(job))


def batched_text(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Small pieces of text joined into chunks of about `size` characters (fewer, larger writes)."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield "".join(buffer)


_SLOT = "workbench-units"


def xml_stream(root, container, children: Iterable, level: int) -> Iterator[str]:
    """An XML document written as its units come: `root` is the skeleton (header and all), `container`
    the element in it the `children` (lxml elements, made one at a time) go into, at nesting `level`.
    The same text as serializing the whole tree pretty-printed, without ever holding the whole tree."""
    head, tail = xml_skeleton(root, container, 0, root.nsmap)
    yield head
    yield from batched_text(xml_pieces(children, level, root.nsmap))
    yield tail


def xml_skeleton(element, container, level: int, nsmap: dict) -> tuple[str, str]:
    """The text of `element` (as pretty-printing the whole tree makes it at nesting `level`; at level 0
    with the XML declaration) before and after what `container`, inside it, will hold."""
    container.append(etree.Comment(_SLOT))
    if level:
        text = _at_level(element, level, nsmap)
    else:
        text = etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
    head, tail = text.split(f"<!--{_SLOT}-->", 1)
    return head, tail


def xml_pieces(children: Iterable, level: int, nsmap: dict) -> Iterator[str]:
    """Elements made one at a time, each serialized as it would be at nesting `level` of a whole tree
    pretty-printed (whose root declares `nsmap`), joined as their parent would join them."""
    return _joined((_at_level(child, level, nsmap) for child in children), "\n" + "  " * level)


def _at_level(element, level: int, nsmap: dict) -> str:
    """`element` serialized inside `level` wrappers declaring `nsmap`, so libxml2 indents it (or leaves
    mixed content alone) and leaves out the declarations exactly as in the whole tree; from its "<"
    to its end. (etree.indent would put whitespace into a segment that begins with an inline code.)"""
    tag = f"{{{nsmap[None]}}}w" if nsmap.get(None) else "w"
    wrapper = etree.Element(tag, nsmap=nsmap)
    inner = wrapper
    for _ in range(level - 1):
        inner = etree.SubElement(inner, tag)
    inner.append(element)
    text = etree.tostring(wrapper, encoding="unicode", pretty_print=True)
    body = text.split("\n", level)[level].rsplit("\n", level + 1)[0]
    return body[2 * level:]


def _joined(pieces: Iterable[str], between: str) -> Iterator[str]:
    for n, piece in enumerate(pieces):
        yield (between + piece) if n else piece


def marked(row: dict) -> str:
    """The text an export shows for a segment, with a visible mark when nobody has reviewed it."""
    text = current_text(row)
    status = row["status"]
    if status in REVIEWED:
        return text or ""
    if text is None:
        return f"[untranslated] {row['source']}"
    return f"[{'flagged' if status == 'flagged' else 'draft'}] {text}"


def xml_safe(text: str | None) -> str:
    """Text XML 1.0 can carry: a control character (never meaningful in a translation) becomes U+FFFD."""
    return writable(text or "")


def tmx_date(stamp: str | None) -> str | None:
    """Our ISO timestamps → the TMX/ISO 8601 basic form YYYYMMDDThhmmssZ (UTC)."""
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp).astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")
