"""The check use case with MQM: assessed spans listed as `assess-<category>` issues (model findings
marked), dismissed rule findings left out for the text they were dismissed on, and the risk signal."""

from __future__ import annotations

import pytest

from tests.drafting.helpers import add_document
from workbench import verdicts, verify
from workbench.risk import load_weights
from workbench.storage import assessments as assess_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store

SOURCE = "今年经济增长保持稳定。"
DRAFT = "This year，growth in the economy stayed stable."


@pytest.fixture
def doc(store):
    doc = add_document(store, [SOURCE, "第二句话。"])
    rows = seg_store.for_document(store, doc)
    draft_store.add(store, rows[0].id, engine="llm", model="m1", text=DRAFT)
    draft_store.add(store, rows[1].id, engine="llm", model="m1", text="The second sentence.")
    r = seg_store.for_document(store, doc)[0]
    assess_store.add(store, r.id, r.draft_id, "judge", [
        {"span": "stayed", "category": "fluency/grammar", "severity": "minor", "explanation": "tense"},
        {"span": "growth in the economy", "category": "accuracy/mistranslation", "severity": "major"},
        {"span": "今年", "category": "accuracy/omission", "severity": "critical"}])
    return doc


def _codes(store, doc, position=1):
    return [(i.code, i.severity, i.model) for i in verify.check_document(store, doc).found[position]]


def test_assessed_spans_are_issues_marked_as_model_findings(store, doc):
    issues = verify.check_document(store, doc).found[1]
    mqm = [i for i in issues if i.code.startswith("assess-")]
    assert [(i.code, i.severity, i.model) for i in mqm] == [
        ("assess-fluency/grammar", "warning", "judge"),
        ("assess-accuracy/mistranslation", "error", "judge"),
        ("assess-accuracy/omission", "error", "judge")]
    assert mqm[0].span == (DRAFT.index("stayed"), DRAFT.index("stayed") + 6)
    assert mqm[0].to_dict()["model_finding"] is True
    assert "model_finding" not in next(i for i in issues if not i.code.startswith("assess-")).to_dict()


def test_a_dismissed_span_is_not_listed_and_an_own_span_is(store, doc):
    spans = verdicts.spans(store, doc, 1)
    verdicts.dismiss(store, doc, 1, spans[1].id)
    verdicts.annotate(store, doc, 1, span="This year", category="style", severity="minor")
    codes = [c for c in _codes(store, doc) if c[0].startswith("assess-")]
    assert codes == [("assess-fluency/grammar", "warning", "judge"), ("assess-accuracy/omission", "error", "judge"),
                     ("assess-style", "warning", None)]


def test_a_dismissed_rule_finding_stays_away_for_that_text_only(store, doc):
    rule = "punctuation-full-width"
    assert (rule, "error", None) in _codes(store, doc)
    verdicts.dismiss_finding(store, doc, 1, rule)
    assert rule not in [c[0] for c in _codes(store, doc)]
    row = seg_store.for_document(store, doc)[0]
    draft_store.add(store, row.id, engine="llm", model="m1", text=DRAFT.replace("stable", "steady"))
    assert rule in [c[0] for c in _codes(store, doc)]  # another text is checked afresh


def test_the_assessment_is_a_risk_signal_with_a_hand_set_weight(store, doc):
    risks = verify.document_risk(store, doc)
    finding = risks[1].finding("assessment")
    assert finding.score == 1.0 and "3 MQM error spans (worst critical)" == finding.reason
    assert risks[2].finding("assessment").score == 0.0
    weights = load_weights()
    assert weights["with_alternatives"]["weights"]["assessment"] == 2.0
    assert "not fitted" in weights["hand_set"]["assessment"]
    before = risks[1].risk
    for s in verdicts.spans(store, doc, 1):
        verdicts.dismiss(store, doc, 1, s.id)
    after = verify.document_risk(store, doc)[1]
    assert after.finding("assessment").score == 0.0 and after.risk < before
