"""Which documents' stored QA results are stale: only documents whose change stamp, the glossary version
or the checks version moved since they were last found current are looked at segment by segment."""

from __future__ import annotations

import pytest

from workbench import qa, review, verify
from workbench.errors import StoreError
from workbench.glossary import manage
from workbench.glossary.terms import Term
from workbench.risk.pair import PAIR_VERSION
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import qa as qa_store
from workbench.storage import segments as seg_store

STALE_AMONG = qa_store._stale_among  # the segment-by-segment look itself, not the spy below


def _document(store, name: str) -> int:
    doc_id, _ = doc_store.create(store, title=name, source_path=None, sha256=name, encoding="utf-8", fmt="txt",
                                 segments=[doc_store.NewSegment(1, s, list(s)) for s in ("英伟达很好。", "华为也好。")])
    for row in seg_store.for_document(store, doc_id):
        draft_store.add(store, row.id, engine="llm", model="m", text=f"Line {row.position}.")
    return doc_id


@pytest.fixture
def docs(store):
    return [_document(store, name) for name in ("a", "b", "c")]


@pytest.fixture
def looked_at(monkeypatch):
    """The documents each stale_documents call looked at segment by segment (a list per call)."""
    calls: list[list[int]] = []

    def spy(store, document_ids, glossary, checks, pair):
        calls.append(sorted(document_ids))
        return STALE_AMONG(store, document_ids, glossary, checks, pair)

    monkeypatch.setattr(qa_store, "_stale_among", spy)
    return calls


def stale(store) -> list[int]:
    return qa_store.stale_documents(store, qa_store.glossary_version(store), qa.CHECKS_VERSION, PAIR_VERSION)


def test_an_unchanged_database_is_one_query_over_its_documents(store, docs, looked_at):
    assert stale(store) == docs and looked_at == [docs]  # nothing stored yet
    verify.refresh_stored_results(store)  # (asks too)
    looked_at.clear()
    assert stale(store) == [] and looked_at == [docs]  # found current once, segment by segment …
    assert stale(store) == [] and stale(store) == [] and looked_at == [docs]  # … then never again


def test_a_changed_document_is_looked_at_again_and_found_stale(store, docs, looked_at):
    verify.refresh_stored_results(store)
    stale(store)
    review.accept(store, docs[1], 2, text="Huawei is fine too.")
    assert stale(store) == [docs[1]] and looked_at[-1] == [docs[1]]
    verify.refresh_stored_results(store)
    assert stale(store) == [] and stale(store) == [] and looked_at[-1] == [docs[1]]


def test_a_glossary_change_makes_every_document_stale(store, docs, looked_at):
    verify.refresh_stored_results(store)
    stale(store)
    manage.add_term(store, Term("华为", "Huawei"))
    assert stale(store) == docs and looked_at[-1] == docs


def test_a_new_checks_version_makes_every_document_stale(store, docs, monkeypatch):
    verify.refresh_stored_results(store)
    stale(store)
    monkeypatch.setattr(qa, "CHECKS_VERSION", qa.CHECKS_VERSION + 1)
    assert stale(store) == docs


def test_a_new_pair_version_makes_every_document_stale_for_documents_too(store, docs, monkeypatch):
    """What risk.pair keeps per segment changed meaning: `documents` (refresh_stored_results) notices,
    not only `check`."""
    verify.refresh_stored_results(store)
    assert stale(store) == []
    monkeypatch.setattr(verify, "PAIR_VERSION", PAIR_VERSION + 1)
    assert verify.refresh_stored_results(store) == docs
    assert verify.refresh_stored_results(store) == []


def test_stored_results_removed_behind_its_back_are_found_once_the_document_changes(store, docs):
    """The stamps follow the documents' texts and decisions, not the stored results themselves: results
    deleted by hand are noticed when the document next changes (or the glossary or the checks)."""
    verify.refresh_stored_results(store)
    stale(store)
    with store.transaction():
        store.execute("DELETE FROM qa_results WHERE segment_id IN (SELECT id FROM segments WHERE document_id = ?)",
                      (docs[0],))
    draft_store.add(store, seg_store.at(store, docs[0], 1).id, engine="llm", model="m", text="Line 1 again.")
    assert stale(store) == [docs[0]]


def test_a_database_that_cannot_be_written_is_looked_at_each_time(store, docs, monkeypatch, looked_at):
    verify.refresh_stored_results(store)

    def refuse():
        raise StoreError("the database is read-only")

    monkeypatch.setattr(store, "transaction", refuse)
    looked_at.clear()
    assert stale(store) == [] and stale(store) == [] and looked_at == [docs, docs]
