"""Drafting: English drafts from an OpenAI-compatible endpoint, batched, validated, cached, resumable.

`run.draft_documents` drafts whole documents; `redraft_one` is the synchronous call the
review TUI makes from a worker thread for the segment under the cursor.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import WorkbenchError


def redraft_one(db_path: str | Path, document_id: int, position: int) -> str:
    """Ask the configured endpoint for a fresh draft of one segment; store it and return its text.

    Raises WorkbenchError with one clear line when no endpoint is configured, the segment does not
    exist, or the draft failed validation (the failure is then stored, visible as `draft failed`).
    """
    from workbench.config import draft_settings
    from workbench.drafting.run import draft_documents
    from workbench.storage import documents as doc_store
    from workbench.storage import open_store
    from workbench.storage import segments as seg_store

    settings = draft_settings()
    settings.require_endpoint()
    settings.batch_size = 1
    store = open_store(db_path)
    try:
        if doc_store.get(store, int(document_id)) is None:
            raise WorkbenchError(f"no document {document_id}")
        if seg_store.at(store, int(document_id), int(position)) is None:
            raise WorkbenchError(f"document {document_id} has no segment at position {position}")
        summary = draft_documents(store, [str(int(document_id))], settings, positions=[int(position)],
                                  redraft=True, use_tm=False)
        row = seg_store.at(store, int(document_id), int(position))
        if summary.total()["skipped"]:
            raise WorkbenchError(f"segment {position} is being drafted by another run: try again when it is done")
        if summary.total()["failed"] or summary.interrupted:
            reason = row.get("draft_error") or "no valid reply"
            raise WorkbenchError(f"redraft of segment {position} failed: {reason}")
        return row["draft"]
    finally:
        store.close()


__all__ = ["redraft_one"]
