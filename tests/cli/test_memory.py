"""`workbench tm …`, `workbench matches`, `workbench concordance`: output, JSON and one-line errors."""

from __future__ import annotations

import json

from tests.memory.helpers import tmx


def _article(tmp_path, run_cli):
    article = tmp_path / "a.txt"
    article.write_text("中国经济在今年实现了稳定增长。人才是乡村振兴的关键。\n", encoding="utf-8")
    assert run_cli("import", article).exit_code == 0


def test_tm_import_list_export_delete(tmp_path, run_cli):
    path = tmx(tmp_path / "house.tmx", [("en-GB", "Talent is key.", "zh-Hans", "人才是关键。")], srclang="en-GB")
    result = run_cli("tm", "import", path, "--name", "house")
    assert result.exit_code == 0 and result.stdout == f"memory 'house': 1 units from {path}\n"
    assert "house  1 units" in run_cli("tm", "list").stdout
    assert json.loads(run_cli("tm", "list", "--json").stdout)[0]["name"] == "house"
    out = tmp_path / "out.tmx"
    assert run_cli("tm", "export", "-o", out).stdout == f"wrote 1 units to {out}\n"
    assert "<seg>人才是关键。</seg>" in out.read_text(encoding="utf-8")
    assert run_cli("tm", "delete", "house").stdout == "memory 'house' deleted (1 units)\n"


def test_bad_input_is_one_line(tmp_path, run_cli):
    path = tmx(tmp_path / "house.tmx", [("zh", "人才是关键。", "en", "Talent is key.")])
    assert run_cli("tm", "import", path).exit_code == 0
    for args, message in [
        (("tm", "import", path), "a memory named 'house' exists already"),
        (("tm", "import", tmx(tmp_path / "x.tmx", [("ja", "人材", "ko", "인재")])), "the file's languages: ja, ko"),
        (("tm", "delete", "nope"), "no memory named 'nope'"),
        (("concordance", ""), "needs a word or phrase"),
        (("tm", "export", "-o", tmp_path / "house.tmx"), "already exists and is not a file workbench wrote"),
    ]:
        result = run_cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_matches_shows_score_origin_and_differences(tmp_path, run_cli):
    _article(tmp_path, run_cli)
    assert run_cli("accept", "1", "1", "--text", "China's economy grew steadily this year.").exit_code == 0
    run_cli("tm", "import", tmx(tmp_path / "m.tmx", [("zh", "人才是乡村振兴的关键因素。", "en", "Talent is the key factor in rural revitalisation.")]))
    result = run_cli("matches", "1", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(" 83% fuzzy  memory m") and lines[1].strip() == "人才是乡村振兴的关键[因素]。"
    assert lines[2].strip() == "Talent is the key factor in rural revitalisation."
    data = json.loads(run_cli("matches", "1", "2", "--json").stdout)
    assert [(m["score"], m["label"], m["memory"]) for m in data] == [(83, "fuzzy", "m")]
    assert run_cli("matches", "1", "2", "--minimum", "90").stdout == "no match of 90% or more for segment 2\n"
    bad = run_cli("matches", "1", "2", "--minimum", "0")
    assert bad.exit_code == 1 and bad.stderr == "Error: the minimum match is a percentage from 1 to 100, not 0\n"


def test_the_minimum_comes_from_workbench_toml(tmp_path, run_cli):
    _article(tmp_path, run_cli)
    run_cli("tm", "import", tmx(tmp_path / "m.tmx", [("zh", "人才是乡村振兴的关键因素。", "en", "Talent is the key factor in rural revitalisation.")]))
    (tmp_path / "workbench.toml").write_text("[memory]\nminimum = 90\n", encoding="utf-8")
    assert "no match of 90%" in run_cli("matches", "1", "2").stdout
    (tmp_path / "workbench.toml").write_text("[memory]\nminimum = 150\n", encoding="utf-8")
    assert "from 1 to 100, not 150" in run_cli("matches", "1", "2").stderr


def test_concordance_prints_hits_in_context(tmp_path, run_cli):
    _article(tmp_path, run_cli)
    result = run_cli("concordance", "人才是")
    assert result.stdout.splitlines() == [
        "1 hits for '人才是': sources through the trigram index; targets with LIKE", "document 1: a #2", "  [人才是]乡村振兴的关键。", "  (no translation yet)"]
    data = json.loads(run_cli("concordance", "人才", "--json").stdout)
    assert data["indexed"] is False and data["hits"][0]["position"] == 2
