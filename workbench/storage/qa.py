"""Queries the QA checks need beyond one document: the same sources in other documents (--corpus)."""

from __future__ import annotations

from workbench.rows import current_text
from workbench.storage import segments as seg_store
from workbench.storage.db import Store


def same_sources_elsewhere(store: Store, document_id: int) -> list[dict]:
    """Segments of other documents whose source text also occurs in this document, each with its
    current text: {document_id, position, source, text} (segments with no text yet are left out)."""
    rows = seg_store.where(
        store,
        "s.document_id != ? AND s.source IN (SELECT source FROM segments WHERE document_id = ?)"
        " ORDER BY s.document_id, s.position",
        (document_id, document_id),
    )
    out = []
    for seg in rows:
        text = current_text(seg)
        if text is not None:
            out.append({"document_id": seg["document_id"], "position": seg["position"], "source": seg["source"], "text": text})
    return out
