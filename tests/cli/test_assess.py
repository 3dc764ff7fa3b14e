"""`workbench assess` and `workbench annotate` on the command line: one line for bad input, data kept."""

from __future__ import annotations

import json

from tests.drafting.helpers import document_in, rows_in, sources
from workbench.mqm import CATEGORIES
from workbench.storage import open_store


def _drafted(run_cli, db_path, loopback, n=3) -> int:
    doc = document_in(db_path, sources(n))
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    return doc


def test_assess_prints_a_summary_and_stores_assessments(run_cli, db_path, loopback):
    doc = _drafted(run_cli, db_path, loopback)
    result = run_cli("assess", doc, "--base-url", loopback.url, "--model", "judge", "--json")
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert total["assessed"] == 3 and "drafted" not in total
    s = open_store(db_path)
    assert s.one("SELECT count(*) AS n FROM assessments WHERE model = 'judge'")["n"] == 3
    s.close()


def test_assess_on_a_document_without_drafts_is_one_line(run_cli, db_path, loopback, db_state):
    doc = document_in(db_path, sources(2))
    before = db_state(db_path)
    result = run_cli("assess", doc, "--base-url", loopback.url)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: document {doc} ('doc') has no drafts to assess: `workbench draft {doc}` first"]
    assert db_state(db_path) == before and loopback.log == []


def test_annotate_marks_a_span(run_cli, db_path, loopback):
    doc = _drafted(run_cli, db_path, loopback)
    draft = rows_in(db_path, doc)[0].draft
    word = draft.split()[0]
    result = run_cli("annotate", doc, 1, "--span", word, "--category", "style", "--severity", "minor",
                     "--reviewer", "ann", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) | {} == {"position": 1, "id": 1, "span": word, "category": "style",
                                              "severity": "minor", "explanation": "", "origin": "reviewer",
                                              "by": "ann", "verdict": None, "side": "target"}


def test_annotate_bad_input_is_one_line_and_changes_nothing(run_cli, db_path, loopback, db_state):
    doc = _drafted(run_cli, db_path, loopback)
    before = db_state(db_path)
    for args, message in [
        (["--span", "not there", "--category", "style", "--severity", "minor"], "does not occur in segment 1"),
        (["--span", "EN", "--category", "grammar", "--severity", "minor"], "unknown MQM category 'grammar'"),
        (["--span", "EN", "--category", "style", "--severity", "bad"], "unknown MQM severity 'bad'"),
    ]:
        result = run_cli("annotate", doc, 1, *args)
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], lines
    assert db_state(db_path) == before


def test_annotate_lists_the_typology_in_its_help(run_cli):
    out = run_cli("annotate", "--help").stdout
    assert all(c in " ".join(out.split()) for c in CATEGORIES)


def test_check_json_lists_the_assessed_spans_as_model_findings(run_cli, db_path, loopback):
    doc = _drafted(run_cli, db_path, loopback, 6)
    assert run_cli("assess", doc, "--base-url", loopback.url, "--model", "judge").exit_code == 0
    result = run_cli("check", doc, "--json")
    issues = [i for i in json.loads(result.stdout)["issues"] if i["code"].startswith("assess-")]
    assert issues and all(i["model_finding"] is True and i["model"] == "judge" for i in issues)
    assert all(i["code"][len("assess-"):] in CATEGORIES for i in issues)
    assert {i["severity"] for i in issues} <= {"error", "warning"}
    assert result.exit_code == (1 if any(i["severity"] == "error" for i in issues) else 0)
