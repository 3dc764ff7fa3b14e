"""Helpers for the drafting tests (a uniquely named module, importable from tests in this folder)."""

from __future__ import annotations

from workbench.config import DraftSettings
from workbench.drafting.loopback import Loopback, translate
from workbench.storage import segments as seg_store
from workbench.storage.documents import NewParagraph, NewSegment, create


def sources(n: int, start: int = 1, topic: str = "经济增长") -> list[str]:
    return [f"第{i}句：今年{topic}保持稳定。" for i in range(start, start + n)]


def add_document(store, texts: list[str], title: str = "doc") -> int:
    doc_id, _ = create(store, title=title, source_path=None, sha256=f"sha-{title}-{len(texts)}-{texts[:1]}",
                       encoding="utf-8", fmt="txt", paragraphs=[NewParagraph(1, "p")],
                       segments=[NewSegment(1, t) for t in texts])
    return doc_id


def settings_for(server: Loopback, **kw) -> DraftSettings:
    values = {"base_url": server.url, "batch_size": 3, "concurrency": 2, "timeout": 1.0, "max_retries": 2}
    values.update(kw)
    return DraftSettings(**values)


def assert_aligned(store, doc_id: int, terms: list[dict] | None = None, failed: set[str] = frozenset()) -> list[dict]:
    """Every segment's draft is the loopback translation of its own source (or it is marked failed)."""
    rows = seg_store.for_document(store, doc_id)
    for r in rows:
        if r["source"] in failed:
            assert r["draft"] is None and r["draft_error"], r
            continue
        assert r["draft"] == translate(r["source"], terms), (r["position"], r["source"], r["draft"])
    return rows


def document_in(db_path, texts: list[str], title: str = "doc") -> int:
    """add_document on a database file (for CLI tests, which open their own connection)."""
    from workbench.storage import open_store

    s = open_store(db_path)
    try:
        return add_document(s, texts, title=title)
    finally:
        s.close()


def rows_in(db_path, doc: int) -> list[dict]:
    from workbench.storage import open_store

    s = open_store(db_path)
    try:
        return seg_store.for_document(s, doc)
    finally:
        s.close()
