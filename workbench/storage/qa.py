"""Queries the QA checks need beyond one document: the same sources in other documents (--corpus)."""

from __future__ import annotations

from workbench.storage import segments as seg_store
from workbench.storage.db import Store


def same_sources_elsewhere(store: Store, document_id: int) -> list[dict]:
    """Segments of other documents whose source text also occurs in this document, each with its
    current text: {document_id, position, source, text} (segments with no text yet are left out)."""
    rows = store.query(
        "SELECT o.id FROM segments o WHERE o.document_id != ? AND o.source IN "
        "(SELECT s.source FROM segments s WHERE s.document_id = ?) ORDER BY o.document_id, o.position",
        (document_id, document_id),
    )
    out = []
    for row in rows:
        seg = seg_store.by_id(store, row["id"])
        text = seg_store.current_text(seg) if seg else None
        if text is not None:
            out.append({"document_id": seg["document_id"], "position": seg["position"], "source": seg["source"], "text": text})
    return out
