"""Where each document stands: the editor's view of the week's work."""

from __future__ import annotations

from workbench.glossary import manage
from workbench.glossary.terms import Matcher
from workbench.storage import Store
from workbench.storage import progress as progress_store
from workbench.storage import segments as seg_store


def document_overview(store: Store) -> list[dict]:
    """Per document: segments, drafted, failed drafts, reviewed, flagged, QA errors and warnings in the
    current texts (drafts or reviewed targets), and the time of the last import, draft or decision."""
    rows = progress_store.overview(store)
    if not rows:
        return rows
    matcher = manage.matcher(store)
    for row in rows:
        errors, warnings = qa_counts(store, row["id"], matcher)
        row["qa_errors"], row["qa_warnings"] = errors, warnings
    return rows


def qa_counts(store: Store, document_id: int, matcher: Matcher) -> tuple[int, int]:
    """(errors, warnings) the QA checks find in a document's current texts."""
    from workbench.qa import check_document

    issues = check_document(seg_store.for_document(store, document_id), matcher)
    severities = [i.severity for found in issues.values() for i in found]
    return severities.count("error"), severities.count("warning")
