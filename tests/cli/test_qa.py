"""`workbench check`: issues grouped by segment, JSON, severity filter, positions, corpus, exit status."""

from __future__ import annotations

import json

import pytest

from workbench import review
from workbench.storage import open_store

# Real WMT21 pairs (newstest2021 zh→en, reference A) plus one drafted with planted faults.
PAIRS = [
    ("根据约翰·霍普金斯大学提供的数据，美国报告的确诊总数已经达到417.6万例，至少14.6万人死亡。",
     "According to data provided by Johns Hopkins University, reported confirmed cases in the U.S. have reached "
     "4.176 million, with at least 146,000 deaths."),
    ("报道说，荷台达省降雨引发的洪水造成13人死亡，临近的哈杰省有3人在洪灾中丧生。",
     "According to such reports, the floods caused by heavy rainfall have killed 13 in Hodeidah governate and 3 in "
     "neighboring Hajjah governate."),
    ("英伟达的芯片销量增长了1.5万台。", "Yingweida chip sales rose by 1,500 units。"),
]


@pytest.fixture
def document(run_cli, tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("".join(f"{zh}\t{en}\n" for zh, en in PAIRS), encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("英伟达\tNvidia\n", encoding="utf-8")
    assert run_cli("glossary", "import", glossary).exit_code == 0
    assert run_cli("import", path, "--bilingual").exit_code == 0
    return 1


def test_check_prints_issues_grouped_by_segment_and_exits_1_on_errors(run_cli, document):
    result = run_cli("check", "1")
    assert result.exit_code == 1, result.output
    assert "segment 3" in result.stdout and "segment 1 " not in result.stdout and "segment 2 " not in result.stdout
    for code in ("number-altered", "term-missing", "punctuation-full-width"):
        assert code in result.stdout
    assert "3 segments checked: 1 with issues" in result.stdout


def test_check_json(run_cli, document):
    result = run_cli("check", "1", "--json")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert {i["position"] for i in issues} == {3}
    altered = next(i for i in issues if i["code"] == "number-altered")
    assert set(altered) == {"position", "code", "severity", "message", "span"}
    assert PAIRS[2][1][slice(*altered["span"])] == "1,500"


def test_reviewed_target_is_checked_instead_of_the_draft_and_exit_is_0_when_clean(run_cli, document, db_path):
    store = open_store(db_path)
    review.accept(store, 1, 3, text="Nvidia chip sales rose by 15,000 units.")
    store.close()
    result = run_cli("check", "1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"issues": []}


def test_positions_and_severity_filter(run_cli, document):
    result = run_cli("check", "1", "--positions", "1-2", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["issues"] == []
    result = run_cli("check", "1", "--severity", "error", "--json")
    assert all(i["severity"] == "error" for i in json.loads(result.stdout)["issues"])


def test_positions_keep_the_whole_document_as_the_norm(run_cli, tmp_path):
    """Length and consistency are measured against the whole document even when only some segments
    are shown: asking for the one segment with an omission still reports it."""
    lines = [f"{zh}\tThe statement number {n} on this matter was issued by the officials in the capital city today."
             for n, zh in enumerate(["这是关于该问题的第一份声明由首都官员今天发布", "这是关于该问题的第二份声明由首都官员今天发布",
                                      "这是关于该问题的第三份声明由首都官员今天发布", "这是关于该问题的第四份声明由首都官员今天发布",
                                      "这是关于该问题的第五份声明由首都官员今天发布", "这是关于该问题的第六份声明由首都官员今天发布",
                                      "这是关于该问题的第七份声明由首都官员今天发布", "这是关于该问题的第八份声明由首都官员今天发布",
                                      "这是关于该问题的第九份声明由首都官员今天发布", "这是关于该问题的第十份声明由首都官员今天发布",
                                      "这是关于该问题的又一份声明由首都官员今天发布", "这是关于该问题的最后声明由首都官员今天发布"], 1)]
    lines.append("这是关于该问题的补充声明由首都官员今天发布\tA statement.")  # 13: half the sentence is gone
    lines.append("这是关于该问题的第一份声明由首都官员今天发布\tThe first statement was issued today by officials.")
    path = tmp_path / "omission.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli("import", path, "--bilingual").exit_code == 0
    whole = {(i["position"], i["code"]) for i in json.loads(run_cli("check", "1", "--json").stdout)["issues"]}
    assert {(13, "length"), (1, "inconsistent")} <= whole
    one = json.loads(run_cli("check", "1", "--json", "--positions", "13").stdout)["issues"]
    assert [(i["position"], i["code"]) for i in one] == [(13, "length"), (13, "coverage-missing")]  # the omission, twice
    first = json.loads(run_cli("check", "1", "--json", "--positions", "1-2").stdout)["issues"]
    assert [(i["position"], i["code"]) for i in first] == [(1, "inconsistent")]
    # The group is 1 and 14: a range holding only 14 still shows the group's issue, once, on 14.
    last = json.loads(run_cli("check", "1", "--json", "--positions", "13-14").stdout)["issues"]
    group = [i for i in last if i["code"] == "inconsistent"]
    assert [i["position"] for i in group] == [14] and (13, "length") in {(i["position"], i["code"]) for i in last}
    assert "1: 'The statement number 1" in group[0]["message"] and "14: 'The first statement" in group[0]["message"]
    both = json.loads(run_cli("check", "1", "--json", "--positions", "1,14").stdout)["issues"]
    assert [i["position"] for i in both if i["code"] == "inconsistent"] == [1]
    assert "inconsistent" in run_cli("check", "1", "--positions", "14").stdout
    result = run_cli("check", "1", "--positions", "13")
    assert "1 segments checked: 1 with issues" in result.stdout


def test_corpus_compares_the_same_source_across_documents(run_cli, document, tmp_path):
    other = tmp_path / "other.tsv"
    other.write_text(f"{PAIRS[1][0]}\tFloods killed 13 people in Hodeidah and 3 in Hajjah.\n", encoding="utf-8")
    assert run_cli("import", other, "--bilingual").exit_code == 0
    alone = json.loads(run_cli("check", "1", "--json").stdout)["issues"]
    assert not any(i["code"] == "inconsistent" for i in alone)
    issues = json.loads(run_cli("check", "1", "--json", "--corpus").stdout)["issues"]
    inconsistent = [i for i in issues if i["code"] == "inconsistent"]
    assert len(inconsistent) == 1 and inconsistent[0]["position"] == 2 and "2:1" in inconsistent[0]["message"]


def test_undrafted_document_says_so_and_exits_0(run_cli, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("英伟达发布了新芯片。\n", encoding="utf-8")
    assert run_cli("import", path).exit_code == 0
    result = run_cli("check", "1")
    assert result.exit_code == 0 and "no drafts yet" in result.stdout


def test_unknown_document_is_one_line_on_stderr(run_cli):
    result = run_cli("check", "9")
    assert result.exit_code == 1 and "no document" in result.stderr and "Traceback" not in result.output


def test_check_help_has_an_example(run_cli):
    assert "Example:" in run_cli("check", "--help").stdout
