"""MQM spans through XLIFF 2.0 as ITS Localization Quality Issues: exported as <sm>/<em> markers with
ITS attributes, read back by the import (also inline <mrk> from another tool)."""

from __future__ import annotations

from lxml import etree

from tests.drafting.helpers import add_document
from workbench import outputs, review, verdicts
from workbench.export import export
from workbench.importing.paths import import_file
from workbench.mqm_its import ITS_NS
from workbench.storage import assessments as assess_store
from workbench.storage import drafts as draft_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store

SOURCES = ["今年经济增长保持稳定。", "他说市场反应平淡。"]
DRAFTS = ["This year growth in the economy stayed stable.", "He said the market reaction was flat."]


def _annotated(store) -> int:
    doc = add_document(store, SOURCES)
    for row, text in zip(seg_store.for_document(store, doc), DRAFTS):
        draft_store.add(store, row.id, engine="llm", model="m1", text=text)
    r1, r2 = seg_store.for_document(store, doc)
    assess_store.add(store, r1.id, r1.draft_id, "judge", [
        {"span": "growth in the economy", "category": "accuracy/mistranslation", "severity": "major",
         "explanation": "wrong <scope> & 'quotes'"},
        {"span": "economy stayed", "category": "fluency/grammar", "severity": "minor", "explanation": "overlaps"},
        {"span": "今年", "category": "accuracy/omission", "severity": "critical", "explanation": ""}])
    assess_store.add(store, r2.id, r2.draft_id, "judge", [
        {"span": "flat", "category": "style", "severity": "minor", "explanation": "tepid"}])
    a, b, c = verdicts.spans(store, doc, 1)
    verdicts.confirm(store, doc, 1, a.id)
    verdicts.dismiss(store, doc, 1, b.id)
    verdicts.annotate(store, doc, 1, span="stable", category="fluency/spelling", severity="minor", reviewer="ann")
    review.accept(store, doc, 2, text="He said the market reaction was lukewarm.", force=True)
    verdicts.annotate(store, doc, 2, span="He said", category="terminology", severity="major", reviewer="ann")
    return doc


def _spans(store, doc) -> list[tuple]:
    out = []
    for row in seg_store.for_document(store, doc):
        for s in verdicts.spans(store, doc, row.position):
            out.append((row.position, s.text, s.category, s.severity, s.explanation, s.origin, s.by, s.verdict))
    return sorted(out)


def test_the_xliff_round_trip_keeps_every_span(tmp_path):
    store = open_store(tmp_path / "a.db")
    doc = _annotated(store)
    before = _spans(store, doc)
    path = tmp_path / "doc.xlf"
    outputs.write_atomic(path, export(store, doc, "xliff", status="all"))
    fresh = open_store(tmp_path / "b.db")
    new = import_file(fresh, path).document_id
    assert _spans(fresh, new) == before
    assert len(before) == 6


def test_the_markers_are_its_quality_issues(tmp_path):
    store = open_store(tmp_path / "a.db")
    doc = _annotated(store)
    root = etree.fromstring(export(store, doc, "xliff", status="all").encode())
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0", "its": ITS_NS}
    starts = root.xpath("//x:sm", namespaces=ns)
    assert {s.get(f"{{{ITS_NS}}}locQualityIssueType") for s in starts} == {
        "mistranslation", "grammar", "omission", "misspelling", "style", "terminology"}
    assert all(s.get("type") == "its:generic" for s in starts)
    assert len(root.xpath("//x:em", namespaces=ns)) == len(starts)
    dismissed = [s for s in starts if s.get(f"{{{ITS_NS}}}locQualityIssueEnabled") == "no"]
    assert [s.get(f"{{{ITS_NS}}}locQualityIssueType") for s in dismissed] == ["grammar"]
    omission = root.xpath("//x:segment/x:source/x:sm", namespaces=ns)
    assert [o.get(f"{{{ITS_NS}}}locQualityIssueSeverity") for o in omission] == ["100"]


def test_an_inline_mrk_from_another_tool_is_the_reviewers_own(tmp_path):
    path = tmp_path / "foreign.xlf"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:its="{ITS_NS}" version="2.0" srcLang="zh" trgLang="en">
 <file id="f"><unit id="u1"><segment state="translated">
  <source>今年经济增长保持稳定。</source>
  <target>This year the <mrk id="m1" type="its:generic" its:locQualityIssueType="mistranslation"
   its:locQualityIssueSeverity="70" its:locQualityIssueComment="not GDP">GDP</mrk> held steady.</target>
 </segment></unit></file></xliff>""", encoding="utf-8")
    store = open_store(tmp_path / "c.db")
    doc = import_file(store, path).document_id
    assert seg_store.at(store, doc, 1).draft == "This year the GDP held steady."
    assert _spans(store, doc) == [(1, "GDP", "accuracy/mistranslation", "major", "not GDP", "reviewer", None, None)]
