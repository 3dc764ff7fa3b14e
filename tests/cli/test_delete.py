"""`workbench delete DOC`: asks (or --yes), removes everything stored for the document, and keeps its
reviewed segments in the translation memory only when told to."""

from __future__ import annotations

import json

import pytest

ARTICLE = "英伟达发布了新芯片。寒武纪回应了。\n"


@pytest.fixture
def reviewed(tmp_path, run_cli):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("import", article).exit_code == 0
    assert run_cli("accept", "1", "1", "--text", "Nvidia released a new chip.").exit_code == 0
    again = tmp_path / "b.txt"
    again.write_text("英伟达发布了新芯片。\n", encoding="utf-8")  # the same first sentence, in another article
    return again


def _tables(db_path) -> dict:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "paragraphs", "segments", "drafts", "reviews", "revisions")}
    finally:
        conn.close()


def test_delete_removes_the_document_and_everything_stored_for_it(reviewed, run_cli, db_path):
    result = run_cli("delete", "1", "--yes", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"document": 1, "title": "a", "segments": 2, "kept_in_memory": 0}
    assert _tables(db_path) == dict.fromkeys(("documents", "paragraphs", "segments", "drafts", "reviews", "revisions"), 0)
    assert run_cli("documents", "--json").stdout.strip() == "[]"


def test_without_keep_memory_its_reviews_leave_the_translation_memory(reviewed, run_cli):
    assert run_cli("delete", "1", "--yes").exit_code == 0
    assert run_cli("import", reviewed).exit_code == 0
    assert json.loads(run_cli("draft", "2", "--dry-run", "--json").stdout)["from_tm"] == 0


def test_keep_memory_keeps_its_reviewed_segments_for_later_drafts(reviewed, run_cli):
    result = run_cli("delete", "1", "--yes", "--keep-memory")
    assert result.exit_code == 0 and "1 reviewed segments kept in the translation memory" in result.stdout
    assert run_cli("import", reviewed).exit_code == 0
    assert json.loads(run_cli("draft", "2", "--dry-run", "--json").stdout)["from_tm"] == 1


def test_delete_asks_and_a_script_must_say_yes(reviewed, run_cli, db_path, db_state):
    before = db_state(db_path)
    result = run_cli("delete", "1")  # no terminal to ask on
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert db_state(db_path) == before


def test_an_unknown_document_is_one_line(reviewed, run_cli, db_path, db_state):
    before = db_state(db_path)
    result = run_cli("delete", "7", "--yes")
    assert result.exit_code == 1 and "no document '7'" in result.stderr
    assert db_state(db_path) == before


def test_ids_are_never_used_again_after_a_deletion(reviewed, run_cli, db_path):
    from workbench.storage import open_store
    from workbench.storage import segments as seg_store

    store = open_store(db_path)
    old_ids = {r.id for r in seg_store.for_document(store, 1)}
    store.close()
    assert run_cli("delete", "1", "--yes").exit_code == 0
    imported = json.loads(run_cli("import", reviewed, "--json").stdout)
    assert imported["document_id"] == 2  # "document 1" in an old export or note never names another document
    store = open_store(db_path)
    new_ids = {r.id for r in seg_store.for_document(store, 2)}
    store.close()
    assert new_ids and min(new_ids) > max(old_ids)  # a Batch API file sent for the old segments lands nowhere
