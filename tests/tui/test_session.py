"""The review session's whole-document QA reads the per-segment issues stored for the same texts
(issue 16) and finds what checking every segment finds."""

from __future__ import annotations

from tests.test_verify import DRAFTS, SOURCES
from workbench import qa, verify
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store
from workbench.tui import session as session_module
from workbench.tui.session import ReviewSession


def _document(store) -> int:
    doc_id, _ = doc_store.create(store, title="t", source_path=None, sha256="t", encoding="utf-8", fmt="txt",
                                 segments=[doc_store.NewSegment(1, s, list(s)) for s in SOURCES])
    for row, text in zip(seg_store.for_document(store, doc_id), DRAFTS):
        draft_store.add(store, row.id, engine="llm", model="m", text=text)
    return doc_id


def _checked(store, doc_id) -> tuple[int, dict]:
    session = ReviewSession(store, doc_id)
    session.load()
    session.load_all()
    flagged = session.check_document()
    return flagged, {row["position"]: session.issues(row) for row in session.rows}


def test_the_session_reads_the_stored_issues_and_finds_the_same(store, monkeypatch):
    doc_id = _document(store)
    fresh = _checked(store, doc_id)
    verify.check_document(store, doc_id)  # stores every segment's results
    calls = []
    checked = qa.check_segment

    def counted(*args, **kwargs):
        calls.append(args)
        return checked(*args, **kwargs)

    monkeypatch.setattr(qa, "check_segment", counted)
    monkeypatch.setattr(session_module, "_qa_check", counted)
    assert _checked(store, doc_id) == fresh and calls == []
    assert fresh[0] >= 1
