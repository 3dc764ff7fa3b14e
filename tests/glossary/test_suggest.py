"""`glossary suggest`: proper nouns and keywords not yet in the glossary, ranked by frequency."""

from __future__ import annotations

import json

from workbench.glossary.suggest import suggest

# WMT21 newstest2021 source lines (zh).
SOURCES = [
    "胡巧立介绍，随着这几年保护区生物多样性不断丰富，越来越多的野生动物出现在镜头之中。",
    "松山国家级自然保护区管理处主任胡巧立介绍，截至2019年底，在这片总面积超过6200公顷的绿海中，生活着178种野生动物。",
    "胡巧立说，为了实地了解保护区内野生动植物的情况，每天都有30多名专业巡护队员巡查。",
    "北京市园林绿化局野生动植物和湿地保护处处长张志明介绍，北京陆生脊椎野生动物已增加到500多种。",
    "华为和英伟达都在北京设有研发中心。",
]


def test_people_places_and_keywords_ranked_by_frequency():
    found = suggest(list(enumerate(SOURCES, 1)), ["华为", "英伟达"], limit=50)
    by_source = {c.source: c for c in found}
    assert by_source["胡巧立"].kind == "person" and by_source["胡巧立"].count == 3
    assert by_source["胡巧立"].first_position == 1
    assert by_source["北京"].kind == "place"
    assert "野生动物" in by_source
    counts = [c.count for c in found]
    assert counts == sorted(counts, reverse=True)


def test_terms_already_in_the_glossary_and_their_parts_are_left_out():
    found = {c.source for c in suggest(list(enumerate(SOURCES, 1)), ["华为", "英伟达", "胡巧立介绍"], limit=100)}
    assert not {"华为", "英伟达", "胡巧立"} & found


def test_limit_and_empty_document():
    assert len(suggest(list(enumerate(SOURCES, 1)), [], limit=3)) == 3
    assert suggest([], []) == []


def test_cli_suggest_json(run_cli, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    assert run_cli("import", path).exit_code == 0
    run_cli("glossary", "add", "北京", "Beijing")
    result = run_cli("glossary", "suggest", "1", "--json", "--limit", "40")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found[0]["source"] == "胡巧立" and found[0]["kind"] == "person"
    assert set(found[0]) == {"source", "kind", "count", "weight", "first_position"}
    assert "北京" not in {c["source"] for c in found}
    table = run_cli("glossary", "suggest", "1", "--limit", "5")
    assert table.exit_code == 0 and "胡巧立" in table.stdout


def test_cli_suggest_unknown_document(run_cli):
    result = run_cli("glossary", "suggest", "4")
    assert result.exit_code == 1 and "no document" in result.stderr
