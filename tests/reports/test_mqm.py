"""The report's MQM figures against values computed by hand (see the comments)."""

from __future__ import annotations

import json

import pytest

from tests.drafting.helpers import add_document
from workbench import review, verdicts
from workbench.reports import document as report_doc
from workbench.reports.html import render_html
from workbench.storage import assessments as assess_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store

SOURCES = ["一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十", "十个字十个字十个字十"]  # 10, 20, 10 characters
DRAFTS = [("m-a", "one two three four five"), ("m-b", "a b c d e f g h i j"), ("m-a", "x y z")]  # 5, 10, 3 words


@pytest.fixture
def doc(store):
    doc = add_document(store, SOURCES)
    for row, (model, text) in zip(seg_store.for_document(store, doc), DRAFTS):
        draft_store.add(store, row.id, engine="llm", model=model, text=text)
    rows = seg_store.for_document(store, doc)
    for row, spans in zip(rows, [[("two", "accuracy/mistranslation", "major"), ("five", "style", "minor")],
                                 [("c", "terminology", "critical")], [("y", "style", "minor")]]):
        assess_store.add(store, row.id, row.draft_id, "judge",
                         [{"span": s, "category": c, "severity": v} for s, c, v in spans])
    two, five = verdicts.spans(store, doc, 1)
    verdicts.confirm(store, doc, 1, two.id)    # seg 1: major 5
    verdicts.dismiss(store, doc, 1, five.id)   # a false positive: no points
    verdicts.annotate(store, doc, 1, span="four", category="style", severity="minor")  # seg 1: own minor 1
    review.accept(store, doc, 1, force=True)   # seg 1 is reviewed: in scope
    (c,) = verdicts.spans(store, doc, 2)
    verdicts.confirm(store, doc, 2, c.id)      # seg 2: critical 25
    verdicts.annotate(store, doc, 2, span="e", category="fluency/grammar", severity="major")  # seg 2: own major 5
    return doc                                 # seg 3: not reviewed, nothing counted: out of scope


def test_the_mqm_figures_match_the_hand_computed_ones(store, doc):
    m = report_doc.build(store, doc)["mqm"]
    # penalty 5 + 1 + 25 + 5 = 36 over segments 1 and 2: 30 source characters, 15 target words
    assert m["document"] | {} == {
        "segments": 2, "source_characters": 30, "target_words": 15, "errors": 4, "penalty": 36.0,
        "per_100_source_characters": 120.0, "per_100_target_words": 240.0, "score": -140.0, "passed": False,
        "by_severity": {"minor": 1, "major": 2, "critical": 1}}
    a, b = m["by_engine"]["llm/m-a"], m["by_engine"]["llm/m-b"]
    assert (a["penalty"], a["per_100_source_characters"], a["per_100_target_words"], a["score"]) == (6.0, 60.0, 120.0, -20.0)
    assert (b["penalty"], b["per_100_source_characters"], b["per_100_target_words"], b["score"]) == (30.0, 150.0, 300.0, -200.0)
    assert m["by_category"] == {"accuracy/mistranslation": 1, "terminology": 1, "fluency/grammar": 1, "style": 1}
    # judge: confirmed 2 (two, c), dismissed 1 (five), unjudged 1 (y), missed 2 (own: four, e)
    assert m["assessors"]["judge"] == {"drafts_assessed": 3, "spans": 4, "confirmed": 2, "dismissed": 1,
                                       "unjudged": 1, "missed": 2, "precision": 0.6667, "recall": 0.5}
    json.dumps(m)


def test_weights_and_threshold_come_from_workbench_toml(store, doc, tmp_path):
    (tmp_path / "workbench.toml").write_text("[mqm]\nmajor = 10\npass_threshold = -210\n", encoding="utf-8")
    m = report_doc.build(store, doc)["mqm"]
    # 10 + 1 + 25 + 10 = 46 points over 15 words: 306.6667 per 100; score -206.6667 ≥ -210 passes
    assert m["penalties"]["major"] == 10.0 and m["document"]["penalty"] == 46.0
    assert m["document"]["per_100_target_words"] == 306.6667 and m["document"]["passed"] is True


def test_a_bad_setting_is_one_line(store, doc, tmp_path):
    from workbench.errors import WorkbenchError

    (tmp_path / "workbench.toml").write_text('[mqm]\nminor = "one"\n', encoding="utf-8")
    with pytest.raises(WorkbenchError, match=r"\[mqm\] minor must be a number"):
        report_doc.build(store, doc)


def test_text_and_html_show_the_scores(store, doc):
    report = report_doc.build(store, doc)
    text = report_doc.render_text(report)
    assert "document                 score -140.00 FAIL; penalty 36 (240.00 per 100 target words" in text
    assert "assessor judge: precision 0.67, recall 0.50" in text
    html = render_html(report)
    assert "<h2>MQM</h2>" in html and "MQM penalty points per 100 target words" in html


def test_nothing_to_score_says_so(store):
    doc = add_document(store, SOURCES[:1])
    report = report_doc.build(store, doc)
    assert report["mqm"]["document"]["segments"] == 0
    assert "nothing scored yet" in report_doc.render_text(report)
