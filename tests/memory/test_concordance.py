"""Concordance over the sources and targets of documents and memories."""

from __future__ import annotations

import pytest

from tests.memory.helpers import tmx
from workbench.errors import WorkbenchError
from workbench.memory import concordance, manage
from workbench.storage import open_store


@pytest.fixture
def store(tmp_path, run_cli, db_path):
    article = tmp_path / "chips.txt"
    article.write_text("国产替代正在加快。美国升级芯片战。\n", encoding="utf-8")
    assert run_cli("import", article).exit_code == 0
    assert run_cli("accept", "1", "1", "--text", "Domestic substitution is speeding up.").exit_code == 0
    s = open_store(db_path)
    manage.import_tmx(s, tmx(tmp_path / "house.tmx", [("zh", "国产替代是关键。", "en", "Import substitution is key."),
                                                     ("zh", "人才是关键。", "en", "Talent is key.")]))
    yield s
    s.close()


def test_a_phrase_is_found_in_documents_and_memories_with_its_translation(store):
    result = concordance.search(store, "国产替代")
    assert result.indexed
    assert sorted((h.unit.origin, h.marked_source, h.unit.target) for h in result.hits) == [
        ("document 1: chips", "[国产替代]正在加快。", "Domestic substitution is speeding up."),
        ("memory house", "[国产替代]是关键。", "Import substitution is key.")]


def test_english_targets_are_searched_too_case_insensitively(store):
    result = concordance.search(store, "SUBSTITUTION")
    assert sorted((h.field, h.marked_target) for h in result.hits) == [
        ("target", "Domestic [substitution] is speeding up."), ("target", "Import [substitution] is key.")]


def test_short_text_is_searched_with_like_and_says_so(store):
    result = concordance.search(store, "芯片")
    assert not result.indexed and "LIKE" in result.how
    # an undrafted segment is found by its source; its translation is empty
    assert [(h.marked_source, h.unit.target) for h in result.hits] == [("美国升级[芯片]战。", "")]


def test_an_empty_query_is_one_line(store):
    with pytest.raises(WorkbenchError, match="needs a word or phrase"):
        concordance.search(store, "  ")


def test_like_wildcards_are_literal(store):
    assert concordance.search(store, "%").hits == []
