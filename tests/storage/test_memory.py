"""The memory's storage: a database from before the translation-memory migration is upgraded with its
segments and kept units indexed; the trigram indexes follow inserts and deletes."""

from __future__ import annotations

from workbench.storage import db as db_module
from workbench.storage import memory as memory_store
from workbench.storage import open_store
from workbench.storage.documents import NewParagraph, NewSegment, create
from workbench.storage.migrations import MIGRATIONS, SCHEMA_VERSION

# The translation-memory migration is the one that creates the named memories (wherever the lead orders it).
TM_MIGRATION = next(i for i, m in enumerate(MIGRATIONS) if "CREATE TABLE memories" in m)


def test_an_older_database_gets_its_existing_sources_indexed(db_path, monkeypatch):
    monkeypatch.setattr(db_module, "MIGRATIONS", MIGRATIONS[:TM_MIGRATION])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", TM_MIGRATION)
    old = open_store(db_path)
    create(old, title="old", source_path=None, sha256="x", encoding="utf-8", fmt="txt",
           paragraphs=[NewParagraph(1, "p")], segments=[NewSegment(1, "国产替代正在加快。")])
    old.execute("INSERT INTO memory (source, target, reviewer, updated_at, origin)"
                " VALUES ('国产替代是关键。', 'Import substitution is key.', NULL, 'now', 'document 9: gone')")
    old.close()
    monkeypatch.undo()
    store = open_store(db_path)
    assert store.schema_version == SCHEMA_VERSION
    hits, indexed = memory_store.search(store, "国产替代", 10)
    assert indexed and sorted(u.origin for _, u in hits) == ["document 1: old", "document 9: gone"]
    store.close()


def test_the_indexes_follow_deletes(db_path):
    store = open_store(db_path)
    doc, _ = create(store, title="d", source_path=None, sha256="y", encoding="utf-8", fmt="txt",
                    paragraphs=[NewParagraph(1, "p")], segments=[NewSegment(1, "国产替代正在加快。")])
    assert len(memory_store.search(store, "国产替代", 10)[0]) == 1
    store.execute("DELETE FROM documents WHERE id = ?", (doc,))
    assert memory_store.search(store, "国产替代", 10)[0] == []
    assert store.one("SELECT count(*) AS n FROM segment_text WHERE source LIKE '%国产替代%'")["n"] == 0
    store.close()
