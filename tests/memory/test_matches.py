"""Fuzzy matches against the memory: documents' reviewed segments and imported units, exact and context
matches, the minimum, short queries, and the issue's re-imported article (中国 → 中国大陆)."""

from __future__ import annotations

import pytest

from tests.memory.helpers import tmx
from workbench.errors import WorkbenchError
from workbench.memory import manage, matches
from workbench.memory.matches import rank
from workbench.rows import MemoryUnit
from workbench.storage import open_store

ARTICLE = "乡村振兴，人才是关键。中国经济在今年实现了稳定增长。优秀返乡农民工是不可或缺的生力军。\n"
CHANGED = "乡村振兴，人才是关键。中国大陆经济在今年实现了稳定增长。优秀返乡农民工是不可或缺的生力军。\n"


@pytest.fixture
def reviewed(tmp_path, run_cli, db_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("import", article).exit_code == 0
    for pos, text in ((1, "Talent is the key to rural revitalisation."),
                      (2, "China's economy grew steadily this year."),
                      (3, "Returning migrant workers are an indispensable force.")):
        assert run_cli("accept", "1", pos, "--text", text).exit_code == 0
    changed = tmp_path / "changed.txt"
    changed.write_text(CHANGED, encoding="utf-8")
    assert run_cli("import", changed).exit_code == 0
    s = open_store(db_path)
    yield s
    s.close()


def test_a_reimported_sentence_with_one_word_changed_keeps_its_reviewed_translation(reviewed):
    found = matches.for_segment(reviewed, 2, 2)
    assert [(m.score, m.label, m.unit.target, m.unit.origin, m.unit.position) for m in found] == [
        (87, "fuzzy", "China's economy grew steadily this year.", "document 1: article", 2)]
    assert found[0].unit.reviewer is None or isinstance(found[0].unit.reviewer, str)
    assert found[0].unit.updated_at


def test_the_same_sentence_with_the_same_neighbours_is_a_context_match(reviewed):
    first = matches.for_segment(reviewed, 2, 1)  # before: none, after: the changed sentence
    assert [(m.score, m.label) for m in first] == [(100, "exact")]
    assert [(m.score, m.label) for m in matches.for_segment(reviewed, 1, 1)] == []  # never its own match
    assert [(m.score, m.label) for m in matches.find(reviewed, "乡村振兴，人才是关键。", after="中国经济在今年实现了稳定增长。")] == [
        (101, "context")]


def test_memory_units_match_too_and_the_minimum_filters(tmp_path, reviewed):
    manage.import_tmx(reviewed, tmx(tmp_path / "house.tmx", [("zh", "中国经济在去年实现了稳定增长。", "en", "China's economy grew steadily last year.")]))
    found = matches.for_segment(reviewed, 2, 2)
    assert [(m.score, m.unit.origin) for m in found] == [(87, "document 1: article"), (81, "memory house")]
    assert [m.score for m in matches.for_segment(reviewed, 2, 2, minimum=85)] == [87]
    assert matches.find(reviewed, "中国经济在去年实现了稳定增长。")[0].to_dict()["label"] == "exact"


@pytest.mark.parametrize("minimum", [0, 101, -5])
def test_a_minimum_outside_1_to_100_is_one_line(reviewed, minimum):
    with pytest.raises(WorkbenchError, match=f"from 1 to 100, not {minimum}"):
        matches.find(reviewed, "人才是关键。", minimum=minimum)


def test_short_queries_get_exact_matches_only(tmp_path, reviewed):
    manage.import_tmx(reviewed, tmx(tmp_path / "short.tmx", [("zh", "好。", "en", "Good."), ("zh", "好的。", "en", "OK.")]))
    assert [(m.score, m.unit.target) for m in matches.find(reviewed, "好。", minimum=1)] == [(100, "Good.")]
    assert matches.find(reviewed, "行。", minimum=1) == []


def test_a_missing_segment_is_one_line(reviewed):
    with pytest.raises(WorkbenchError, match="has no segment at position 9"):
        matches.for_segment(reviewed, 1, 9)


def test_units_only_found_through_a_trigram_are_still_candidates(tmp_path, reviewed):
    # many units share the common trigrams; the rare ones lead to the right unit
    units = [("zh", f"今年经济增长稳定第{i}号文件。", "en", f"Document {i}.") for i in range(300)]
    units.append(("zh", "国产替代的进程正在加快。", "en", "Domestic substitution is accelerating."))
    manage.import_tmx(reviewed, tmx(tmp_path / "many.tmx", units))
    best = matches.find(reviewed, "国产替代的进程正在加速。")[0]
    assert (best.score, best.unit.target) == (90, "Domestic substitution is accelerating.")


def test_ranking_stops_early_without_changing_the_best_matches():
    """rank(keep=n) scores candidates best base first and stops once n scores beat the next base: the n
    best it returns are exactly those of ranking every candidate (numbers penalise, so the orders differ)."""
    query = "2023年中国芯片出口增长了百分之十五，达到新高。"
    variants = [query.replace("2023", str(2000 + n)) for n in range(10)]  # numbers differ: −10 each
    variants += [query.replace("芯片", w) for w in ("汽车", "手机", "电池", "钢铁", "光伏")]  # words differ
    variants += [query[:-1] + "！", query.replace("新高", "新低"), query.replace("中国", "中国大陆")]
    units = [MemoryUnit(v, f"English {n}", "memory test") for n, v in enumerate(variants)]
    every = sorted(rank(query, units, 50), key=lambda m: (m.score, m.base), reverse=True)
    for keep in (1, 3, 5):
        early = sorted(rank(query, units, 50, keep=keep), key=lambda m: (m.score, m.base), reverse=True)
        assert [m.score for m in early[:keep]] == [m.score for m in every[:keep]]
    assert len(rank(query, units, 50, keep=1)) < len(every)  # it did stop early
