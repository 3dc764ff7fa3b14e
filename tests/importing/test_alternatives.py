"""`import FILE.tsv --bilingual --add-to DOC --engine NAME [--model M]`: line k's English becomes an
alternative draft of segment k; mismatches are refused with the line number and store nothing."""

from __future__ import annotations

import json

import pytest

SOURCES = ["英伟达发布了新芯片。", "寒武纪回应了。", "分析人士认为市场反应平淡。"]
OTHER = ["Nvidia launched a new chip.", "Cambricon responded.", "Analysts see a muted market reaction."]


@pytest.fixture
def doc(tmp_path, run_cli):
    original = tmp_path / "system-a.tsv"
    original.write_text("".join(f"{zh}\tDraft {i}.\n" for i, zh in enumerate(SOURCES, 1)), encoding="utf-8")
    assert run_cli("import", original, "--bilingual").exit_code == 0
    return tmp_path


def _tsv(folder, name, lines):
    path = folder / name
    path.write_text("".join(f"{zh}\t{en}\n" for zh, en in lines), encoding="utf-8")
    return path


def test_alternatives_attach_line_by_line_and_show_in_segments_json(doc, run_cli):
    alt = _tsv(doc, "system-b.tsv", zip(SOURCES, OTHER))
    result = run_cli("import", alt, "--bilingual", "--add-to", "1", "--engine", "wmt23", "--model", "system-b")
    assert result.exit_code == 0, result.output
    assert "3 alternative drafts added to document 1 (wmt23/system-b)" in result.stdout
    segments = json.loads(run_cli("segments", "1", "--json").stdout)
    assert [s["alternatives"] for s in segments] == [[{"engine": "wmt23", "model": "system-b", "text": t}] for t in OTHER]
    assert [s["draft"] for s in segments] == ["Draft 1.", "Draft 2.", "Draft 3."]  # the current draft stays


def test_the_same_file_twice_stores_nothing_twice(doc, run_cli):
    alt = _tsv(doc, "system-b.tsv", zip(SOURCES, OTHER))
    assert run_cli("import", alt, "--bilingual", "--add-to", "1", "--engine", "wmt23").exit_code == 0
    again = run_cli("import", alt, "--bilingual", "--add-to", "1", "--engine", "wmt23", "--json")
    assert json.loads(again.stdout)["added"] == 0
    assert all(len(s["alternatives"]) == 1 for s in json.loads(run_cli("segments", "1", "--json").stdout))


def test_whitespace_in_the_chinese_does_not_matter(doc, run_cli):
    spaced = _tsv(doc, "spaced.tsv", [(" 英伟达 发布了新芯片。", OTHER[0]), (SOURCES[1], OTHER[1]), (SOURCES[2], OTHER[2])])
    assert run_cli("import", spaced, "--bilingual", "--add-to", "1", "--engine", "x").exit_code == 0


@pytest.mark.parametrize("lines, message", [
    ([(SOURCES[0], OTHER[0]), (SOURCES[1], OTHER[1])], "spaced.tsv:2: the file has 2 lines of text and document 1 has 3 segments"),
    ([(SOURCES[0], OTHER[0]), ("完全不同的句子。", OTHER[1]), (SOURCES[2], OTHER[2])], "spaced.tsv:2: the Chinese is not segment 2's source"),
    ([*zip(SOURCES, OTHER), ("多出来的一行。", "One more.")], "spaced.tsv:4: the file has 4 lines"),
])
def test_a_file_that_does_not_match_is_refused_with_its_line_and_stores_nothing(doc, run_cli, db_path, db_state, lines, message):
    bad = _tsv(doc, "spaced.tsv", lines)
    before = db_state(db_path)
    result = run_cli("import", bad, "--bilingual", "--add-to", "1", "--engine", "x")
    assert result.exit_code == 1 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db_state(db_path) == before


@pytest.mark.parametrize("args, message", [
    (["--add-to", "9", "--engine", "x"], "no document '9'"),
    (["--add-to", "1"], "needs --engine"),
    (["--engine", "x"], "use them with --add-to"),
    (["--add-to", "1", "--engine", "x", "--no-bilingual"], ""),
])
def test_bad_add_to_arguments_are_one_line(doc, run_cli, db_path, db_state, args, message):
    alt = _tsv(doc, "system-b.tsv", zip(SOURCES, OTHER))
    before = db_state(db_path)
    argv = ["import", alt] + (["--bilingual"] if "--no-bilingual" not in args else []) + [a for a in args if a != "--no-bilingual"]
    result = run_cli(*argv)
    assert result.exit_code != 0 and message in result.stderr
    assert db_state(db_path) == before


def test_a_file_that_is_not_tsv_is_refused(doc, run_cli, db_path, db_state):
    text = doc / "plain.txt"
    text.write_text("英伟达发布了新芯片。\n", encoding="utf-8")
    before = db_state(db_path)
    result = run_cli("import", text, "--bilingual", "--add-to", "1", "--engine", "x")
    assert result.exit_code == 1 and "plain.txt:1: expected chinese<TAB>english" in result.stderr
    assert db_state(db_path) == before
