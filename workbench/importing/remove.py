"""Taking a document out again: what would go, and the deletion itself (one transaction)."""

from __future__ import annotations

from workbench.storage import Store, reporting
from workbench.storage import documents as doc_store


def what_goes(store: Store, document: dict) -> dict:
    """What deleting `document` removes: its segments, and how many of them a person reviewed (those
    leave the translation memory too unless they are kept)."""
    return {"document": document["id"], "title": document["title"],
            "segments": doc_store.counts(store, document["id"]),
            "reviewed": len(reporting.reviewed_pairs(store, document["id"]))}


def delete_document(store: Store, document: dict, *, keep_memory: bool = False) -> dict:
    """Delete a document and everything stored for it; with `keep_memory` its reviewed segments stay
    in the translation memory (later drafts of the same sentences still reuse them)."""
    return doc_store.delete(store, document["id"], keep_memory=keep_memory)
