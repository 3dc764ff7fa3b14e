"""Where each document stands: the editor's view of the week's work."""

from __future__ import annotations

from workbench.storage import Store
from workbench.storage import progress as progress_store


def document_overview(store: Store) -> list[dict]:
    """Per document: segments, drafted, failed drafts, reviewed, flagged, last activity."""
    return progress_store.overview(store)
