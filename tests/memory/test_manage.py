"""Named memories from TMX: directions, language codes, inline codes, bad files, list/export/delete."""

from __future__ import annotations

import pytest

from tests.memory.helpers import tmx
from workbench.errors import WorkbenchError
from workbench.export import output_guard
from workbench.memory import manage
from workbench.storage import memory as memory_store
from workbench.storage import open_store


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


def _units(store, name=None):
    return [(u.source, u.target) for u in memory_store.export_units(store, name)]


@pytest.mark.parametrize("zh", ["zh", "zh-CN", "zh-Hans", "ZH-CN", "zh_CN", "zh-TW"])
@pytest.mark.parametrize("en", ["en", "en-US", "en-GB", "EN"])
def test_the_language_codes_people_use(tmp_path, store, zh, en):
    path = tmx(tmp_path / "m.tmx", [(zh, "国产替代是关键。", en, "Domestic substitution is key.")])
    assert manage.import_tmx(store, path).kept == 1
    assert _units(store) == [("国产替代是关键。", "Domestic substitution is key.")]


def test_an_en_to_zh_memory_is_read_the_other_way_round(tmp_path, store):
    path = tmx(tmp_path / "enzh.tmx", [("en-US", "Talent is the key.", "zh-CN", "人才是关键。")], srclang="en-US")
    result = manage.import_tmx(store, path, "reverse")
    assert (result.name, result.kept) == ("reverse", 1)
    assert _units(store, "reverse") == [("人才是关键。", "Talent is the key.")]


def test_inline_codes_are_dropped_and_reviewer_and_date_kept(tmp_path, store):
    path = tmp_path / "codes.tmx"
    path.write_text('<tmx version="1.4"><header srclang="zh-CN"/><body>'
                    '<tu changeid="lin" changedate="20240315T080000Z">'
                    '<tuv xml:lang="zh-CN"><seg><bpt i="1">&lt;b&gt;</bpt>芯片<ept i="1">&lt;/b&gt;</ept>战<hi>升级</hi></seg></tuv>'
                    '<tuv xml:lang="en"><seg>The chip war <ph>&lt;br/&gt;</ph>escalates</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    manage.import_tmx(store, path)
    unit = next(memory_store.export_units(store, "codes"))
    assert (unit.source, unit.target, unit.reviewer, unit.updated_at[:10], unit.origin) == (
        "芯片战升级", "The chip war escalates", "lin", "2024-03-15", "memory codes")


def test_units_without_both_languages_are_skipped_and_counted(tmp_path, store):
    path = tmx(tmp_path / "mixed.tmx", [("zh-CN", "人才是关键。", "en", "Talent is key."),
                                        ("de", "Hallo", "fr", "Bonjour")])
    result = manage.import_tmx(store, path)
    assert (result.units, result.kept, result.skipped) == (2, 1, 1)


def _unchanged(db_state, db_path, action):
    before = db_state(db_path)
    with pytest.raises(WorkbenchError) as err:
        action()
    assert db_state(db_path)[0] == before[0]
    return str(err.value)


def test_a_file_with_no_chinese_english_unit_says_which_languages_it_has(tmp_path, store, db_path, db_state):
    path = tmx(tmp_path / "defr.tmx", [("de-DE", "Hallo", "fr-FR", "Bonjour")], srclang="de-DE")
    message = _unchanged(db_state, db_path, lambda: manage.import_tmx(store, path))
    assert "no unit has both Chinese" in message and "de-DE, fr-FR" in message
    assert manage.listing(store)[0]["kind"] == "kept"  # no memory was created


def test_a_malformed_file_names_line_and_column(tmp_path, store, db_path, db_state):
    path = tmp_path / "broken.tmx"
    path.write_text('<tmx version="1.4"><header/>\n<body>\n<tu><tuv xml:lang="zh"><seg>人才</seg></tuv>\n</body></tmx>\n',
                    encoding="utf-8")
    message = _unchanged(db_state, db_path, lambda: manage.import_tmx(store, path))
    assert message.startswith(f"{path}:4:") and "not well-formed XML" in message and "\n" not in message


def test_entities_are_refused(tmp_path, store):
    path = tmp_path / "bomb.tmx"
    path.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx version="1.4"><body>'
                    '<tu><tuv xml:lang="zh"><seg>&a;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    with pytest.raises(WorkbenchError, match="entity &a;"):
        manage.import_tmx(store, path)


def test_not_a_tmx_file(tmp_path, store):
    path = tmp_path / "x.tmx"
    path.write_text("<xliff/>", encoding="utf-8")
    with pytest.raises(WorkbenchError, match="not a TMX file"):
        manage.import_tmx(store, path)


def test_a_duplicate_name_is_one_line_and_changes_nothing(tmp_path, store, db_path, db_state):
    path = tmx(tmp_path / "house.tmx", [("zh", "人才是关键。", "en", "Talent is key.")])
    manage.import_tmx(store, path)
    message = _unchanged(db_state, db_path, lambda: manage.import_tmx(store, path))
    assert message == "a memory named 'house' exists already: give another --name, or `workbench tm delete house` first"


def test_list_export_delete(tmp_path, store):
    manage.import_tmx(store, tmx(tmp_path / "a.tmx", [("zh", "人才是关键。", "en", "Talent is key."),
                                                     ("zh", "乡村振兴。", "en", "Rural revitalisation.")]))
    manage.import_tmx(store, tmx(tmp_path / "b.tmx", [("zh", "芯片战。", "en", "The chip war.")]))
    named = [(m["name"], m["units"]) for m in manage.listing(store) if m["name"]]
    assert named == [("a", 2), ("b", 1)]
    out = tmp_path / "all.tmx"
    assert manage.export_tmx(store, out, output_guard(store)) == 3
    manage.import_tmx(store, out, "again")  # what we write, we read back
    assert _units(store, "again") == _units(store, "a") + _units(store, "b")
    assert manage.delete(store, "a") == 2
    assert [m["name"] for m in manage.listing(store) if m["name"]] == ["again", "b"]
    # the deleted units left the trigram index with their rows
    assert [u.origin for u in memory_store.candidates(store, ["人才是"], 10)] == ["memory again"]
    with pytest.raises(WorkbenchError, match="no memory named 'a'"):
        manage.delete(store, "a")


def test_consecutive_units_are_each_others_context(tmp_path, store):
    from workbench.memory.similarity import context_key

    manage.import_tmx(store, tmx(tmp_path / "c.tmx", [("zh", "甲。", "en", "A."), ("zh", "乙。", "en", "B."),
                                                     ("zh", "丙。", "en", "C.")]))
    contexts = [u.context for u in memory_store.export_units(store, "c")]
    assert contexts == [context_key(None, "乙。"), context_key("甲。", "丙。"), context_key("乙。", None)]
