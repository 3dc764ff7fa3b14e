"""`workbench check` shows the coverage, name and disagreement findings as warnings with their own
codes, never errors; `check --json` includes them."""

from __future__ import annotations

import json

import pytest

from tests.risk.fixtures import HOPKINS, HOPKINS_EN, SUMMIT, SUMMIT_FULL, ZHENG, ZHENG_RIGHT, ZHENG_WRONG

OMITTING = ("政府宣布新的难民政策、移民政策、边境管理措施和财政补贴计划。", "The government made an announcement.")
ROWS = [(ZHENG, ZHENG_WRONG), OMITTING, (HOPKINS, HOPKINS_EN), (SUMMIT, SUMMIT_FULL)]


@pytest.fixture
def document(run_cli, tmp_path):
    path = tmp_path / "drafts.tsv"
    path.write_text("".join(f"{zh}\t{en}\n" for zh, en in ROWS), encoding="utf-8")
    assert run_cli("import", path, "--bilingual").exit_code == 0
    alternatives = tmp_path / "other.tsv"
    others = [ZHENG_RIGHT, "The government announced new policies.", HOPKINS_EN, "Completely unrelated words here."]
    alternatives.write_text("".join(f"{zh}\t{en}\n" for (zh, _), en in zip(ROWS, others)), encoding="utf-8")
    assert run_cli("import", alternatives, "--bilingual", "--add-to", "1", "--engine", "other-mt").exit_code == 0
    return 1


def test_check_json_has_the_risk_warnings_with_their_codes(run_cli, document):
    result = run_cli("check", "1", "--json")
    assert result.exit_code == 0, result.output  # warnings only: nothing gates publishing
    issues = json.loads(result.stdout)["issues"]
    by_code = {}
    for i in issues:
        by_code.setdefault(i["code"], []).append(i)
    assert {i["position"] for i in by_code["name-missing"]} == {1}
    assert "郑女士" in by_code["name-missing"][0]["message"]
    assert {i["position"] for i in by_code["coverage-missing"]} == {2}
    assert {i["position"] for i in by_code["models-disagree"]} == {4}
    assert all(i["severity"] == "warning" for code in ("name-missing", "coverage-missing", "models-disagree")
               for i in by_code[code])
    assert 3 not in {i["position"] for i in issues}  # the human reference: no warning


def test_check_prints_them_and_severity_error_hides_them(run_cli, document):
    result = run_cli("check", "1")
    assert result.exit_code == 0
    assert "warning name-missing" in result.stdout and "warning coverage-missing" in result.stdout
    quiet = run_cli("check", "1", "--severity", "error", "--json")
    assert json.loads(quiet.stdout) == {"issues": []}


def test_a_document_without_drafts_has_nothing_to_check(run_cli, tmp_path):
    path = tmp_path / "article.md"
    path.write_text("欧盟峰会为难民政策争论。\n", encoding="utf-8")
    assert run_cli("import", path).exit_code == 0
    result = run_cli("check", "1")
    assert result.exit_code == 0 and "no drafts yet" in result.stdout
