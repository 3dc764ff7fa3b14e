"""Excerpts, the editor's notes and the document's metadata, as library calls: the CLI (`workbench
exclude`, `include`, `note`, `documents DOC --set`) and the review session (keys minus, P, N) use these.

A segment left out of the excerpt keeps everything decided about it (status, target, note); it is
only not drafted, checked, counted as unreviewed or published until it is included again. Whether a
segment is in is `workbench.rows.included` — one predicate for every stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.positions import Positions
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage import excerpts as excerpt_store
from workbench.storage import segments as seg_store

# The metadata a document may carry for the compiled post (`workbench documents DOC --set key=value`).
META_KEYS = {
    "outlet": "where the commentary was published (a glossary term is shown in its English form)",
    "author": "who wrote it",
    "url": "the original's address (the source line links to it)",
    "date": "when it was published",
    "heading": "the English heading of this commentary in a compiled post (default: the document's title)",
}


@dataclass
class Change:
    """What an exclude or include did: the positions that changed and those already so."""

    document_id: int
    excluded: bool
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def _selected(store: Store, document_id: int, positions: Positions | None, paragraphs: Positions | None) -> list[int]:
    """The positions a --positions or --paragraphs selection names; WorkbenchError (nothing changed)
    when it reaches outside the document or names nothing."""
    if (positions is None) == (paragraphs is None):
        raise WorkbenchError("give either --positions or --paragraphs")
    count = doc_store.counts(store, document_id)
    if positions is not None:
        beyond = positions.beyond(count)
        if beyond:
            raise WorkbenchError(f"document {document_id} has no segment at position {beyond.ranges[0][0]} "
                                 f"(it has {count} segments); nothing was changed")
        return list(positions)
    # A paragraph is a block of the document as stored for export (headings and list items are blocks
    # too), numbered as `workbench segments DOC --json` shows each segment's "paragraph".
    numbers = excerpt_store.paragraph_numbers(store, document_id)
    beyond = paragraphs.beyond(max(numbers, default=0))
    if beyond:
        raise WorkbenchError(f"document {document_id} has no paragraph {beyond.ranges[0][0]} "
                             f"(its last is {max(numbers, default=0)}); nothing was changed")
    chosen = excerpt_store.positions_of_paragraphs(store, document_id, [n for n in numbers if n in paragraphs])
    if not chosen:
        raise WorkbenchError(f"paragraph(s) {paragraphs} of document {document_id} hold no text to leave out; "
                             "nothing was changed")
    return chosen


def set_excluded(store: Store, document_ref: str | int, excluded: bool, *, positions: Positions | None = None,
                 paragraphs: Positions | None = None, reviewer: str | None = None) -> Change:
    """Leave segments out of the excerpt (`excluded`) or take them back in, by positions or paragraphs."""
    document_id = doc_store.require(store, document_ref)["id"]
    chosen = _selected(store, document_id, positions, paragraphs)
    changed = excerpt_store.set_excluded(store, document_id, chosen, excluded, reviewer)
    done = set(changed)
    return Change(document_id, excluded, changed, [p for p in chosen if p not in done])


def toggle_segment(store: Store, document_id: int, position: int, *, reviewer: str | None = None) -> Change:
    """The review session's minus key: the segment goes out of the excerpt, or back in."""
    row = seg_store.at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position}")
    return set_excluded(store, document_id, not row.excluded, positions=Positions.single(position), reviewer=reviewer)


def toggle_paragraph(store: Store, document_id: int, position: int, *, reviewer: str | None = None) -> Change:
    """The review session's P key: the segment's whole paragraph goes out (when any of it is in), or
    back in (when all of it was out)."""
    row = seg_store.at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position}")
    members = excerpt_store.positions_of_paragraphs(store, document_id, [row.paragraph])
    rows = seg_store.for_document(store, document_id, members)
    out = any(not r.excluded for r in rows)
    changed = excerpt_store.set_excluded(store, document_id, members, out, reviewer)
    return Change(document_id, out, changed, [p for p in members if p not in set(changed)])


# ---------------------------------------------------------------------------- notes


def set_note(store: Store, document_ref: str | int, position: int, text: str, *, author: str | None = None) -> None:
    """Attach the editor's note to a segment (replacing its note): a footnote of the English article.
    A note on a left-out segment is kept, and published only while the segment is included."""
    text = (text or "").strip()
    if not text:
        raise WorkbenchError("the note is empty (use --delete to remove a note)")
    row = _segment(store, document_ref, position)
    excerpt_store.set_note(store, row.id, text, author)


def delete_note(store: Store, document_ref: str | int, position: int) -> None:
    row = _segment(store, document_ref, position)
    if not excerpt_store.delete_note(store, row.id):
        raise WorkbenchError(f"segment {position} has no note to delete")


def notes(store: Store, document_id: int) -> dict[int, dict]:
    """position → the editor's note ({"text", "author", "updated_at"})."""
    return excerpt_store.notes(store, document_id)


def _segment(store: Store, document_ref: str | int, position: int):
    document_id = doc_store.require(store, document_ref)["id"]
    row = seg_store.at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position} "
                             f"(it has {doc_store.counts(store, document_id)} segments)")
    return row


# ---------------------------------------------------------------------------- metadata


def parse_meta(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`key=value` pairs → a dict; an unknown key or a pair without `=` is refused (nothing is set)."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        key = key.strip()
        if not eq:
            raise WorkbenchError(f"--set {pair!r}: write key=value (an empty value removes the key)")
        if key not in META_KEYS:
            raise WorkbenchError(f"--set: unknown key {key!r} (use one of: {', '.join(META_KEYS)})")
        values[key] = value.strip()
    return values


def set_metadata(store: Store, document_ref: str | int, pairs: list[str] | tuple[str, ...]) -> dict:
    """Set a document's metadata from `key=value` pairs; returns the metadata as it is now."""
    values = parse_meta(pairs)
    document_id = doc_store.require(store, document_ref)["id"]
    return excerpt_store.set_meta(store, document_id, values)


def metadata(store: Store, document_ref: str | int) -> dict:
    """A document's metadata (outlet, author, …) as stored."""
    return doc_store.meta(doc_store.require(store, document_ref))
