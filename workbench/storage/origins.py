"""Where imported segments came from in their XLIFF file (file, unit and segment ids, inline codes)."""

from __future__ import annotations

import json
from typing import Iterable

from workbench.storage.db import Store


def add(store: Store, pairs: Iterable[tuple[int, dict]]) -> None:
    """Record (segment id, origin) pairs; the caller holds the transaction."""
    for sid, origin in pairs:
        store.execute("INSERT INTO segment_origins (segment_id, origin) VALUES (?, ?)",
                      (sid, json.dumps(origin, ensure_ascii=False)))


def for_document(store: Store, document_id: int) -> dict[int, dict]:
    """Position → origin, for the segments of a document that have one ({} for a document not from XLIFF)."""
    rows = store.query("SELECT s.position, o.origin FROM segment_origins o JOIN segments s ON s.id = o.segment_id "
                       "WHERE s.document_id = ? ORDER BY s.position", (document_id,))
    return {r["position"]: json.loads(r["origin"]) for r in rows}
