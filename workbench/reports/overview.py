"""Where each document stands: the editor's view of the week's work, finding a document by what the
user calls it, and a document's segments as the `segments` command lists them."""

from __future__ import annotations

from typing import Iterator

from workbench import verify
from workbench.glossary import manage
from workbench.positions import Positions
from workbench.rows import SegmentRow
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
from workbench.storage import documents as doc_store
from workbench.storage import progress as progress_store
from workbench.storage import segments as seg_store


def find_document(store: Store, ref: str | int) -> dict:
    """A document by id, exact title or source file name; one clear line when there is none."""
    return doc_store.require(store, ref)


def segment_listing(store: Store, document_id: int, positions: Positions | None = None) -> list[dict]:
    """A document's segments (all, or those at `positions`) with their words and glossary hits: what
    `workbench segments` prints, as JSON-ready objects."""
    return list(iter_segment_listing(store, document_id, positions))


def iter_segment_listing(store: Store, document_id: int, positions: Positions | None = None) -> Iterator[dict]:
    """`segment_listing` made a chunk of segments at a time, in position order: the risk judges each
    segment against its whole document through the document's figures (`verify.risk_stats`), read first."""
    matcher = manage.matcher(store)
    stats = verify.risk_stats(store, document_id)
    for chunk in seg_store.chunks(seg_store.iter_document(store, document_id, positions=positions)):
        alternatives = alt_store.for_segments(store, [r.id for r in chunk])
        risks = verify.document_risk(store, document_id, matcher=matcher, rows=chunk, alternatives=alternatives,
                                     stats=stats)
        for r in chunk:
            yield {**_listed(r, matcher), "alternatives": alternatives.get(r.id, []),
                   "risk": risks[r.position].risk, "risk_reasons": list(risks[r.position].reasons)}


def segment_alternatives(store: Store, document_id: int) -> dict[int, list[dict]]:
    """A document's alternative drafts, segment id → [{"engine", "model", "text"}], oldest first (what the
    review session shows under the draft)."""
    return alt_store.for_document(store, document_id)


def by_risk(listing: list[dict]) -> list[dict]:
    """Riskiest first; segments with no text to judge (risk null) last, in position order."""
    return sorted(listing, key=lambda s: (s["risk"] is None, -(s["risk"] or 0.0), s["position"]))


def _listed(r: SegmentRow, matcher) -> dict:
    return {
        "position": r.position, "status": r.status, "source": r.source, "draft": r.draft, "target": r.target,
        "tokens": list(r.tokens), "terms": [h.to_dict() for h in matcher.find(r.source)], "engine": r.engine,
        "draft_error": r.draft_error, "paragraph": r.paragraph, "revision": r.revision, "note": r.note,
        "excluded": r.excluded,
    }


def document_overview(store: Store) -> list[dict]:
    """Per document: segments, drafted, failed drafts, reviewed, flagged, QA errors and warnings in the
    current texts (drafts or reviewed targets), and the time of the last import, draft or decision."""
    rows = progress_store.overview(store)
    if not rows:
        return rows
    counts = verify.stored_counts(store)  # checked again only where a text, the glossary or the checks changed
    for row in rows:
        row["qa_errors"], row["qa_warnings"] = counts.get(row["id"], (0, 0))
    return rows



def workspace(store: Store) -> dict:
    """What `workbench info` shows of the database: where it is, its schema version and what it holds."""
    return {"database": str(store.path.resolve()) if store.path else None, "schema_version": store.schema_version,
            **progress_store.totals(store)}
