"""Risk in `workbench segments`: null for a segment without a draft; --sort risk says plainly when
nothing has a draft yet; riskiest first otherwise."""

from __future__ import annotations

import json

from tests.risk.fixtures import SUMMIT, SUMMIT_FULL, ZHAO, ZHAO_WRONG


def test_no_drafts_risk_null_and_sort_risk_says_so_in_one_line(run_cli, tmp_path):
    path = tmp_path / "article.md"
    path.write_text("欧盟峰会为难民政策争论。欧盟官员表示接收过程步步瓶颈。\n", encoding="utf-8")
    assert run_cli("import", path).exit_code == 0
    listing = json.loads(run_cli("segments", "1", "--json").stdout)
    assert [s["risk"] for s in listing] == [None, None] and all(s["risk_reasons"] == [] for s in listing)
    assert [s["risk"] for s in json.loads(run_cli("segments", "1", "--sort", "risk", "--json").stdout)] == [None, None]
    result = run_cli("segments", "1", "--sort", "risk")
    assert result.exit_code == 0
    assert result.stdout.strip() == "document 1: nothing has a draft yet, so there is no risk to sort by (`workbench draft 1` first)"


def test_sort_risk_puts_the_wrong_name_first_with_its_reason(run_cli, tmp_path):
    path = tmp_path / "drafts.tsv"
    path.write_text(f"{SUMMIT}\t{SUMMIT_FULL}\n{ZHAO}\t{ZHAO_WRONG}\n", encoding="utf-8")
    assert run_cli("import", path, "--bilingual").exit_code == 0
    listing = json.loads(run_cli("segments", "1", "--sort", "risk", "--json").stdout)
    assert [s["position"] for s in listing] == [2, 1]
    assert 0 <= listing[1]["risk"] < listing[0]["risk"] <= 1
    assert any("赵春山" in r for r in listing[0]["risk_reasons"])
    table = run_cli("segments", "1", "--sort", "risk")
    assert table.exit_code == 0 and "why:" in table.stdout
