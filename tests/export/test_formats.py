"""Every export format, written from a document built through the library and parsed back."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2

from tests.export.sample import DRAFTS, REVIEWS, build
from workbench.errors import WorkbenchError
from workbench.export import export, formats
from workbench.export.xliff import MDA_NS, MTC_NS, XLIFF_NS

FINAL = {pos: (REVIEWS[pos] if REVIEWS[pos] is not None else DRAFTS[pos][0]) for pos in REVIEWS}
SOURCES = {
    1: "英伟达的“回马枪”",
    2: "12月8日，特朗普宣布允许英伟达出售H200芯片。",
    3: "华为的昇腾芯片仍在追赶。",
    4: "发改委召集腾讯开会。",
    5: "国泰海通发布研报。",
    6: "我们注意到有关报道。",
    7: "这段话提到了<script>alert(1)</script>标签。",
}


def test_registry_lists_every_format():
    assert set(formats()) == {"md", "bilingual-md", "html", "tmx", "xliff", "xliff12", "jsonl", "docx"}


def test_markdown_rebuilds_the_article_structure_around_reviewed_sentences(tmp_path):
    store, doc = build(tmp_path)
    text = export(store, doc, "md")
    assert text == (
        "# Nvidia's about-face\n\n"
        f"{FINAL[2]} {FINAL[3]}\n\n"
        f"- {FINAL[4]}\n- {FINAL[5]}\n\n"
        f"> {FINAL[6]}\n\n"
        "```\ncode stays as is\n```\n\n"
        f"{FINAL[7]}\n"
    )


def test_markdown_credit_names_models_and_reviewers(tmp_path):
    store, doc = build(tmp_path, reviewer="Yuxuan")
    first = export(store, doc, "md", credit=True).splitlines()[0]
    assert first == "*Translated by model-a, model-b, tm, verified by Yuxuan.*"


@pytest.mark.parametrize("reviewer, reviewed, verified", [
    ("", None, "an unnamed reviewer"),  # accepted with no reviewer name configured: still verified by a person
    ("", (), "nobody yet"),
])
def test_markdown_credit_without_reviewer_names(tmp_path, reviewer, reviewed, verified):
    store, doc = build(tmp_path, reviewer=reviewer, reviewed=reviewed)
    first = export(store, doc, "md", credit=True, status="all").splitlines()[0]
    assert first == f"*Translated by model-a, model-b, tm, verified by {verified}.*"


def test_unreviewed_segments_are_refused_then_marked_with_status_all(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2), drafted=(1, 2, 3, 4, 5, 6), flag={4: "check NDRC"})
    with pytest.raises(WorkbenchError, match=r"5 of 7 segments are not reviewed yet \(positions 3, 4, 5, 6, 7\)"):
        export(store, doc, "md")
    for fmt in ("bilingual-md", "html"):
        with pytest.raises(WorkbenchError, match="not reviewed yet"):
            export(store, doc, fmt)
    text = export(store, doc, "md", status="all")
    assert "Not publishable yet:** 5 of 7 segments" in text
    assert f"{FINAL[2]} [draft] {DRAFTS[3][0]}" in text
    assert f"- [flagged] {DRAFTS[4][0]}" in text
    assert "[untranslated] 这段话提到了" in text


def test_bilingual_markdown_puts_each_paragraph_side_by_side(tmp_path):
    store, doc = build(tmp_path)
    lines = export(store, doc, "bilingual-md").splitlines()
    assert "| ¶ | 中文 | English |" in lines
    assert f"| 2 | {SOURCES[2]}{SOURCES[3]} | {FINAL[2]} {FINAL[3]} |" in lines
    assert "| 6 | *(code, kept as is)* | |" in lines


def test_tmx_parses_back_with_translate_toolkit(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3, 5))
    data = export(store, doc, "tmx").encode("utf-8")
    tm = tt_tmx.tmxfile.parsestring(data)
    got = {u.getid(): (u.source, u.target) for u in tm.units}
    assert got == {f"{doc}-{p}": (SOURCES[p], FINAL[p]) for p in (1, 2, 3, 5)}
    root = etree.fromstring(data)
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "zh-CN" and header.get("segtype") == "sentence"
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")}
    assert langs == {"zh-CN", "en"}
    assert [tu.get("changeid") for tu in root.iter("tu")] == ["alice"] * 4


def test_tmx_with_status_all_marks_drafts(tmp_path):
    store, doc = build(tmp_path, reviewed=(1,))
    root = etree.fromstring(export(store, doc, "tmx", status="all").encode())
    props = [{p.get("type"): p.text for p in tu.iter("prop")} for tu in root.iter("tu")]
    assert [p["x-status"] for p in props] == ["reviewed"] + ["translated"] * 6
    assert props[1]["x-origin"] == "draft" and props[1]["x-model"] == "model-a"


# A schema for the part of XLIFF 2.0 core we write (element order, required attributes, the state
# enumeration, subState's prefix:value form); module elements are allowed where core allows ##other.
XLIFF_SUBSET_XSD = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xlf="{XLIFF_NS}"
    targetNamespace="{XLIFF_NS}" elementFormDefault="qualified">
  <xs:element name="xliff"><xs:complexType><xs:sequence>
    <xs:element ref="xlf:file" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="version" use="required" type="xs:string" fixed="2.0"/>
    <xs:attribute name="srcLang" use="required" type="xs:language"/>
    <xs:attribute name="trgLang" type="xs:language"/></xs:complexType></xs:element>
  <xs:element name="file"><xs:complexType><xs:sequence>
    <xs:any minOccurs="0" maxOccurs="unbounded" namespace="##other" processContents="lax"/>
    <xs:element ref="xlf:unit" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="id" use="required" type="xs:NMTOKEN"/>
    <xs:attribute name="original" type="xs:string"/></xs:complexType></xs:element>
  <xs:element name="unit"><xs:complexType><xs:sequence>
    <xs:any minOccurs="0" maxOccurs="unbounded" namespace="##other" processContents="lax"/>
    <xs:element ref="xlf:notes" minOccurs="0"/>
    <xs:element ref="xlf:segment" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="id" use="required" type="xs:NMTOKEN"/>
    <xs:attribute name="name" type="xs:string"/></xs:complexType></xs:element>
  <xs:element name="notes"><xs:complexType><xs:sequence>
    <xs:element name="note" maxOccurs="unbounded"><xs:complexType><xs:simpleContent>
      <xs:extension base="xs:string"><xs:attribute name="id" type="xs:NMTOKEN"/>
      <xs:attribute name="category" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType>
    </xs:element></xs:sequence></xs:complexType></xs:element>
  <xs:element name="segment"><xs:complexType><xs:sequence>
    <xs:element ref="xlf:source"/><xs:element ref="xlf:target" minOccurs="0"/></xs:sequence>
    <xs:attribute name="id" type="xs:NMTOKEN"/>
    <xs:attribute name="state"><xs:simpleType><xs:restriction base="xs:string">
      <xs:enumeration value="initial"/><xs:enumeration value="translated"/>
      <xs:enumeration value="reviewed"/><xs:enumeration value="final"/></xs:restriction></xs:simpleType></xs:attribute>
    <xs:attribute name="subState"><xs:simpleType><xs:restriction base="xs:string">
      <xs:pattern value="[^\\s:]+:[^\\s]+"/></xs:restriction></xs:simpleType></xs:attribute>
  </xs:complexType></xs:element>
  <xs:element name="source" type="xs:string"/>
  <xs:element name="target" type="xs:string"/>
</xs:schema>"""


def test_xliff_parses_back_with_translate_toolkit_and_validates(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3), drafted=(1, 2, 3, 4, 5, 6), flag={2: "too literal", 4: "check NDRC"})
    data = export(store, doc, "xliff").encode("utf-8")
    schema = etree.XMLSchema(etree.fromstring(XLIFF_SUBSET_XSD.encode()))
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log

    store_tt = tt_xliff2.Xliff2File.parsestring(data)
    assert store_tt.sourcelanguage == "zh-CN" and store_tt.targetlanguage == "en"
    units = {u.getid().split("::")[0]: u for u in store_tt.units}  # "u1::s1": unit u1, segment s1
    assert [u.getid() for u in store_tt.units] == [f"u{p}::s{p}" for p in range(1, 8)]
    assert {k: u.source for k, u in units.items()} == {f"u{p}": SOURCES[p] for p in SOURCES}
    expected = {  # (state, subState, target)
        1: ("reviewed", None, FINAL[1]),
        2: ("reviewed", "workbench:flagged", FINAL[2]),
        3: ("reviewed", None, FINAL[3]),
        4: ("translated", "workbench:flagged", DRAFTS[4][0]),
        5: ("translated", None, DRAFTS[5][0]),
        6: ("translated", None, DRAFTS[6][0]),
        7: ("initial", None, None),
    }
    for pos, (state, sub_state, target) in expected.items():
        unit = units[f"u{pos}"]
        assert (unit.xmlelement.get("state"), unit.xmlelement.get("subState")) == (state, sub_state), pos
        assert (unit.target or None) == target, pos
    # Notes belong to the <unit> in XLIFF 2.0 (translate-toolkit's getnotes() looks inside <segment>).
    notes = {k: [(n.get("category"), n.text) for n in u.getunitelement().iter(f"{{{XLIFF_NS}}}note")] for k, u in units.items()}
    assert notes["u2"] == [("flag", "too literal")] and notes["u4"] == [("flag", "check NDRC")] and notes["u1"] == []
    assert units["u1"].isapproved() and not units["u5"].isapproved()
    # The draft behind a reviewed target travels as a machine-translation candidate.
    match = root.find(f".//{{{XLIFF_NS}}}unit[@id='u1']/{{{MTC_NS}}}matches/{{{MTC_NS}}}match")
    assert match.get("origin") == "llm/model-a" and match.find(f"{{{XLIFF_NS}}}target").text == DRAFTS[1][0]
    meta = {m.get("type"): m.text for m in root.iterfind(f".//{{{XLIFF_NS}}}unit[@id='u3']//{{{MDA_NS}}}meta")}
    assert meta["paragraph"] == "2" and meta["model"] == "model-b" and meta["reviewer"] == "alice"


def test_jsonl_has_one_object_per_segment_with_every_field(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3), drafted=(1, 2, 3, 4, 5, 6))
    lines = export(store, doc, "jsonl").splitlines()
    items = [json.loads(line) for line in lines]
    assert [i["position"] for i in items] == list(range(1, 8))
    assert {i["position"]: i["source"] for i in items} == SOURCES
    assert items[0]["target"] == FINAL[1] and items[0]["draft"] == DRAFTS[1][0] and items[0]["status"] == "reviewed"
    assert items[3]["status"] == "translated" and items[3]["target"] is None and items[3]["text"] == DRAFTS[4][0]
    assert items[6]["status"] == "initial" and items[6]["text"] is None
    for key in ("paragraph", "engine", "model", "reviewer", "revision", "note", "tokens", "terms", "qa", "draft_error"):
        assert key in items[0]
    assert {t["source"] for t in items[3]["terms"]} == {"发改委", "腾讯"}
    assert [q["code"] for q in items[3]["qa"]] == ["term-missing"]  # "NDRC" is not the glossary rendering
    # what each draft cost is stored per draft, so it is exported too
    assert (items[0]["prompt_tokens"], items[0]["completion_tokens"], items[0]["cost"]) == (0, 0, None)
    assert items[0]["drafted_at"] and items[6]["drafted_at"] is None and items[6]["prompt_tokens"] is None


def test_jsonl_carries_the_token_usage_and_cost_of_each_draft(tmp_path):
    from workbench.storage import drafts
    from workbench.storage import segments as seg_store

    store, doc = build(tmp_path, reviewed=(), drafted=(1,))
    second = seg_store.at(store, doc, 2)
    drafts.add(store, second["id"], engine="llm", model="m", text="On December 8 …", prompt_tokens=120,
               completion_tokens=30, cost=0.00042)
    items = [json.loads(line) for line in export(store, doc, "jsonl").splitlines()]
    assert (items[1]["prompt_tokens"], items[1]["completion_tokens"], items[1]["cost"]) == (120, 30, 0.00042)
    assert items[1]["model"] == "m"


def test_html_escapes_text_and_marks_terms_and_issues(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3))
    page = export(store, doc, "html", status="all")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<span class="term" title="glossary: 华为 → Huawei">华为</span>' in page
    assert "#4 term-missing" in page
    assert "http" not in page.replace("http-equiv", "")  # nothing loaded from anywhere


def test_html_shows_inline_markdown_as_formatting_not_asterisks(tmp_path):
    from lxml import html as lxml_html

    from workbench import review
    from workbench.importing.paths import import_file
    from workbench.storage import drafts, open_store
    from workbench.storage import segments as seg_store

    store = open_store(tmp_path / "md.db")
    (tmp_path / "a.md").write_text("外交部称这是**重要**的[消息](https://www.mfa.gov.cn/)，*请注意*。\n", encoding="utf-8")
    doc = import_file(store, tmp_path / "a.md").document_id
    (row,) = seg_store.for_document(store, doc)
    drafts.add(store, row["id"], engine="llm", model="m",
               text="The ministry called it **important** [news](https://www.mfa.gov.cn/), *take note*.")
    review.accept(store, doc, 1, reviewer="alice", force=True)
    dom = lxml_html.fromstring(export(store, doc, "html"))
    en = dom.xpath("//td[@class='en']")[0]
    visible = "".join(t for t in en.xpath(".//text()[not(ancestor::span[contains(@class, 'md-syntax')])]"))
    assert visible.strip() == "The ministry called it important news, take note."
    assert [x.text_content() for x in en.xpath(".//span[contains(@class, 'md-strong')]")] == ["important"]
    assert [x.text_content() for x in en.xpath(".//span[contains(@class, 'md-em')]")] == ["take note"]
    (link,) = en.xpath(".//span[contains(@class, 'md-link')]")
    assert link.text_content() == "news" and link.get("title") == "https://www.mfa.gov.cn/"
    zh = dom.xpath("//td[@class='zh']")[0]
    assert [x.text_content() for x in zh.xpath(".//span[contains(@class, 'md-strong')]")] == ["重要"]
    assert ".md-syntax { display: none; }" in export(store, doc, "html")


def test_unknown_and_bad_requests_are_one_line_errors(tmp_path):
    store, doc = build(tmp_path)
    with pytest.raises(WorkbenchError, match="no document '99'"):
        export(store, 99, "md")
    with pytest.raises(WorkbenchError, match="unknown export format 'pdf'"):
        export(store, doc, "pdf")


def test_english_sentences_keeping_a_chinese_name_are_still_joined_with_one_space(tmp_path):
    from workbench import review

    store, doc = build(tmp_path)
    review.accept(store, doc, 3, text="The column 心智观察所 says Huawei is catching up.", reviewer="alice", force=True)
    text = export(store, doc, "md")
    assert f"{FINAL[2]} The column 心智观察所 says Huawei is catching up.\n" in text


def test_markdown_with_status_all_keeps_one_space_before_untranslated_sentences(tmp_path):
    store, doc = build(tmp_path, reviewed=(2,), drafted=(2,))
    text = export(store, doc, "md", status="all")
    assert f"{FINAL[2]} [untranslated] 华为的昇腾芯片仍在追赶。" in text


def test_comment_only_html_blocks_stay_out_of_the_bilingual_views_but_not_the_markdown(tmp_path):
    """A note to the editor in an HTML comment is invisible in the rendered source: the side-by-side
    views leave it out, the Markdown export (the source's structure) keeps it. Other HTML stays."""
    from lxml import html as lxml_html

    from workbench import review
    from workbench.importing.paths import import_file
    from workbench.storage import drafts, open_store
    from workbench.storage import segments as seg_store

    store = open_store(tmp_path / "c.db")
    source = "<!-- 样稿：数字仅作示例 -->\n\n英伟达发布了新芯片。\n\n<!--\n编辑注：\n\n待核实\n-->\n<div>图表</div>\n"
    (tmp_path / "c.md").write_text(source, encoding="utf-8")
    doc = import_file(store, tmp_path / "c.md").document_id
    (row,) = seg_store.for_document(store, doc)
    drafts.add(store, row["id"], engine="llm", model="m", text="Nvidia released a new chip.")
    review.accept(store, doc, 1, force=True)
    bilingual = export(store, doc, "bilingual-md")
    assert "样稿" not in bilingual and "编辑注" not in bilingual and "<!--" not in bilingual
    assert [line for line in bilingual.splitlines() if line.startswith("| ") and "¶" not in line] == [
        "| 2 | 英伟达发布了新芯片。 | Nvidia released a new chip. |", "| 4 | *(html, kept as is)* | |"]
    page = lxml_html.fromstring(export(store, doc, "html"))
    assert [tr.xpath("string(td[1])") for tr in page.xpath("//table[@class='bilingual']//tr[td]")] == ["2", "4"]
    assert "样稿" not in page.text_content() and "<div>图表</div>" in page.text_content()
    assert export(store, doc, "md") == source.replace("英伟达发布了新芯片。", "Nvidia released a new chip.")


def test_a_control_character_from_a_draft_or_an_edit_is_written_as_a_replacement_character_everywhere(tmp_path):
    """Import refuses control characters, but a model's draft or a reviewer's edit can still bring one:
    every export (and the HTML report) writes it as U+FFFD instead of failing or silently dropping it."""
    import re

    from workbench import review
    from workbench.reports import document as report
    from workbench.reports.html import render_html
    from workbench.storage import drafts
    from workbench.storage import segments as seg_store

    store, doc = build(tmp_path)
    rows = seg_store.for_document(store, doc)
    drafts.add(store, rows[1]["id"], engine="llm", model="m\x01", text="On December 8\x0b, Trump\x1b[0m announced.")
    review.accept(store, doc, 2, reviewer="al\x07ice", force=True)
    review.accept(store, doc, 3, text="Huawei's \x85Ascend chips\x7f are catching up.", reviewer="bob", force=True)
    controls = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    for fmt in formats():
        text = export(store, doc, fmt, status="all")
        if isinstance(text, bytes):  # docx: the text of its paragraphs
            import io

            import docx
            text = "\n".join(p.text for p in docx.Document(io.BytesIO(text)).paragraphs)
        assert not controls.search(text), fmt
        assert "\ufffd" in text, fmt
    page = render_html(report.build(store, doc))
    assert not controls.search(page) and "\ufffd" in page
