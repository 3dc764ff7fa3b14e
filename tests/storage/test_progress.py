"""The progress counts `workbench documents` shows are kept per document under its change stamp
(migration 14): every change to a document's segments, drafts, reviews, MQM spans or dismissed findings
moves its stamp, whichever code path makes it, and only documents whose stamp moved are counted again."""

from __future__ import annotations

import pytest

from workbench import excerpts, review
from workbench.errors import StoreError
from workbench.positions import Positions
from workbench.storage import assessments, progress
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store

COUNT = progress._count  # the counting itself, not the spy below
SOURCES = ["英伟达将向中国出口H200芯片。", "特朗普宣布了这一决定。", "华为的芯片仍然落后。"]


def _document(store, name: str) -> int:
    doc_id, _ = doc_store.create(store, title=name, source_path=None, sha256=name, encoding="utf-8", fmt="txt",
                                 segments=[doc_store.NewSegment(1, s, list(s)) for s in SOURCES])
    for row in seg_store.for_document(store, doc_id)[:2]:
        draft_store.add(store, row.id, engine="llm", model="m", text=f"English of {row.position}")
    return doc_id


@pytest.fixture
def docs(store):
    return [_document(store, name) for name in ("a", "b", "c")]


@pytest.fixture
def recounted(monkeypatch):
    """The documents each `overview` call counted again (a list per call)."""
    calls: list[list[int]] = []

    def spy(store, document_ids):
        calls.append(sorted(document_ids))
        return COUNT(store, document_ids)

    monkeypatch.setattr(progress, "_count", spy)
    return calls


def fresh(store) -> list[dict]:
    """The counts straight from the segments, drafts and reviews (nothing kept)."""
    ids = [d["id"] for d in store.query("SELECT id FROM documents ORDER BY id")]
    counted = COUNT(store, ids)
    rows = store.query("SELECT id, title, format, source_path, created_at FROM documents ORDER BY id")
    return [{**r, **counted[r["id"]]} for r in rows]


def stamp(store, doc_id: int) -> int:
    return store.one("SELECT changes FROM document_changes WHERE document_id = ?", (doc_id,))["changes"]


def _draft(store, doc_id):
    draft_store.add(store, seg_store.at(store, doc_id, 3).id, engine="llm", model="m", text="Huawei lags.")


def _failed_draft(store, doc_id):
    draft_store.add(store, seg_store.at(store, doc_id, 3).id, engine="llm", model="m", text=None, error="timeout")


def _accept(store, doc_id):
    review.accept(store, doc_id, 1, text="Nvidia will export H200 chips to China.")


def _flag(store, doc_id):
    review.flag(store, doc_id, 2, note="check the tone")


def _exclude(store, doc_id):
    excerpts.set_excluded(store, doc_id, True, positions=Positions.single(2))


def _mqm_span(store, doc_id):
    row = seg_store.at(store, doc_id, 1)
    assessments.add_own(store, row.id, row.draft_id, "English", "accuracy/mistranslation", "major")


def _dismiss(store, doc_id):
    assessments.dismiss_finding(store, seg_store.at(store, doc_id, 1).id, "length", "English of 1", None, "fine")


CHANGES = [_draft, _failed_draft, _accept, _flag, _exclude, _mqm_span, _dismiss]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_change_moves_only_its_documents_stamp(store, docs, change):
    before = {d: stamp(store, d) for d in docs}
    change(store, docs[1])
    after = {d: stamp(store, d) for d in docs}
    assert after[docs[1]] > before[docs[1]] and {d: after[d] for d in (docs[0], docs[2])} == {
        d: before[d] for d in (docs[0], docs[2])}


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_the_kept_counts_follow_every_change(store, docs, change, recounted):
    assert progress.overview(store) == fresh(store)
    assert recounted == [docs]  # the first call counts every document
    assert progress.overview(store) == fresh(store) and len(recounted) == 1  # then nothing is counted again
    change(store, docs[1])
    assert progress.overview(store) == fresh(store)
    assert recounted[1:] == [[docs[1]]]  # only the changed document


def test_the_counts_say_what_changed(store, docs):
    progress.overview(store)
    _failed_draft(store, docs[0])
    _accept(store, docs[0])
    _flag(store, docs[0])
    _exclude(store, docs[0])
    first = progress.overview(store)[0]
    assert {k: first[k] for k in ("segments", "drafted", "failed", "reviewed", "flagged", "left_out")} == {
        "segments": 3, "drafted": 2, "failed": 1, "reviewed": 1, "flagged": 1, "left_out": 1}
    assert first["last_activity"] == store.one("SELECT max(updated_at) AS t FROM reviews")["t"]


def test_a_deleted_document_takes_its_kept_rows_along(store, docs):
    from workbench.importing import remove

    progress.overview(store)
    remove.delete_document(store, doc_store.require(store, docs[1]), keep_memory=False)
    assert [r["id"] for r in progress.overview(store)] == [docs[0], docs[2]]
    for table in ("document_changes", "document_progress"):
        assert store.one(f"SELECT count(*) AS n FROM {table} WHERE document_id = ?", (docs[1],))["n"] == 0
    new = _document(store, "d")  # a new document is counted, whatever id it gets
    assert progress.overview(store) == fresh(store) and new in [r["id"] for r in progress.overview(store)]


def test_a_database_that_cannot_be_written_still_gets_its_counts(store, docs, monkeypatch, recounted):
    def refuse():
        raise StoreError("the database is read-only")

    monkeypatch.setattr(store, "transaction", refuse)
    assert progress.overview(store) == fresh(store) == progress.overview(store)
    assert recounted == [docs, docs]  # nothing kept: counted each time
