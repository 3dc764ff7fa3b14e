"""XLIFF 1.2 in, the way OmegaT, Trados/memoQ and translate-toolkit write it; `export -f xliff12` out with
the file's own ids and inline codes, valid against the OASIS XLIFF 1.2 strict schema, merging back."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from workbench import review
from workbench.export import export
from workbench.importing.paths import import_file
from workbench.storage import open_store
from workbench.storage import segments as seg_store

DATA = Path(__file__).parent / "data"
SCHEMA = Path(__file__).resolve().parents[1] / "export" / "schemas" / "xliff-core-1.2-strict.xsd"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "w.db")
    yield s
    s.close()


def _rows(store, name: str):
    doc = import_file(store, DATA / name).document_id
    return doc, [(r["status"], r["source"], r["draft"], r["target"]) for r in seg_store.for_document(store, doc)]


def _valid(xml: str) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    root = etree.fromstring(xml.encode())
    assert schema.validate(root), schema.error_log
    return root


def test_trados_memoq_segments_and_codes_come_in_as_placeholders(store):
    _, rows = _rows(store, "trados-memoq.xlf")
    assert rows == [
        ("translated", "放行{1}H200{/1}：英伟达的“回马枪”", "Clearing the {1}H200{/1}: Nvidia's about-face", None),
        ("translated", "12月8日，特朗普宣布放行。", "On December 8, Trump announced the clearance.", None),
        ("initial", "{1/}外交部表示注意到了有关报道。", None, None),
    ]


def test_translate_toolkit_and_omegat_states(store):
    _, rows = _rows(store, "translate-toolkit.xlf")
    assert rows[0] == ("reviewed", "英伟达表示欢迎这一决定。", None, "Nvidia welcomed the decision.")  # approved="yes"
    assert rows[1] == ("translated", "详见{1/}观察者网{2/}的报道。", "See the {1/}Guancha{2/} report.", None)
    assert rows[2][0] == "initial"
    _, rows = _rows(store, "omegat.xlf")
    assert rows == [("reviewed", "心智观察所认为，这一决定{1/}来得太晚{2/}。", None,
                     "Xinzhi Observatory thinks the decision {1/}came too late{2/}."),  # state="final"
                    ("initial", "算力终究要握在自己手里。", None, None)]


@pytest.mark.parametrize("name", ["trados-memoq.xlf", "translate-toolkit.xlf", "omegat.xlf"])
def test_the_xliff12_export_keeps_ids_and_inline_codes_and_is_valid(store, name):
    doc, _ = _rows(store, name)
    original = etree.parse(str(DATA / name)).getroot()
    out = _valid(export(store, doc, "xliff12", status="all"))
    assert [f.get("original") for f in out.iterfind("x:file", NS)] == [f.get("original") for f in original.iterfind("x:file", NS)]
    assert [u.get("id") for u in out.iterfind(".//x:trans-unit", NS)] == [u.get("id") for u in original.iterfind(".//x:trans-unit", NS)]
    for unit, before in zip(out.iterfind(".//x:trans-unit", NS), original.iterfind(".//x:trans-unit", NS)):
        codes = [(etree.QName(c).localname, c.get("id"), c.text) for c in unit.find("x:source", NS).iter() if c is not unit.find("x:source", NS)]
        assert codes == [(etree.QName(c).localname, c.get("id"), c.text) for c in before.find("x:source", NS).iter()
                         if c is not before.find("x:source", NS)]
        mids = [m.get("mid") for m in unit.iterfind("x:seg-source/x:mrk", NS)]
        assert mids == [m.get("mid") for m in before.iterfind("x:seg-source/x:mrk", NS)]


def test_a_reviewed_translation_goes_back_with_its_codes_and_imports_again(store, tmp_path):
    doc, _ = _rows(store, "trados-memoq.xlf")
    review.accept(store, doc, 3, text="{1/}The Foreign Ministry said it had noted the reports.", force=True)
    out = export(store, doc, "xliff12", status="all")
    root = _valid(out)
    (mrk,) = [m for m in root.iterfind(".//x:target/x:mrk", NS) if m.get("mid") == "3"]
    assert etree.tostring(mrk, encoding="unicode", with_tail=False).endswith(
        '><x id="5"/>The Foreign Ministry said it had noted the reports.</mrk>')
    again = tmp_path / "back.xlf"
    again.write_text(out, encoding="utf-8")
    doc2 = import_file(store, again).document_id
    rows = seg_store.for_document(store, doc2)
    # XLIFF 1.2 has one state per <target>: a unit with a draft and a reviewed segment goes back as needing review
    assert rows[2]["draft"] == "{1/}The Foreign Ministry said it had noted the reports."
    assert [u.get("approved") for u in root.iterfind(".//x:trans-unit", NS)] == [None, None]


def test_a_trans_unit_without_id_is_refused_with_one_line(tmp_path, run_cli, db_path, db_state):
    before = db_state(db_path)
    path = tmp_path / "noid.xlf"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                    '<file original="a.txt" source-language="zh-CN" datatype="plaintext"><body>\n'
                    '<trans-unit id="1"><source>一。</source></trans-unit>\n'
                    '<trans-unit><source>二。</source></trans-unit></body></file></xliff>\n', encoding="utf-8")
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {path}:4: trans-unit 2 has no id (XLIFF 1.2 requires one; without it the "
                             "translation could not be merged back)\n")
    assert db_state(db_path) == before


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en-US">
  <file id="f-commentary">
    <unit id="p1">
      <segment id="1" state="final"><source>华为发布新芯片。</source><target>Huawei launches a new chip.</target></segment>
      <segment id="2" state="translated"><source>价格<pc id="b1" dataRefStart="d1">未公布</pc>。</source><target>The price <pc id="b1" dataRefStart="d1">was not disclosed</pc>.</target></segment>
    </unit>
    <unit id="p2">
      <segment id="3"><source>敬请期待<ph id="x" equiv="!"/></source></segment>
    </unit>
  </file>
</xliff>
"""


def test_an_xliff_2_file_goes_back_with_its_file_unit_and_segment_ids_and_codes(store, tmp_path):
    path = tmp_path / "from-tool.xlf"
    path.write_text(XLIFF2, encoding="utf-8")
    doc = import_file(store, path).document_id
    review.accept(store, doc, 3, text="Stay tuned{1/}", force=True)
    root = etree.fromstring(export(store, doc, "xliff", status="all").encode())
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    assert [f.get("id") for f in root.iterfind("x:file", ns)] == ["f-commentary"]
    assert [(u.get("id"), [s.get("id") for s in u.iterfind("x:segment", ns)]) for u in root.iterfind(".//x:unit", ns)] == [
        ("p1", ["1", "2"]), ("p2", ["3"])]
    pc = root.find(".//x:segment[@id='2']/x:target/x:pc", ns)
    assert (pc.get("id"), pc.get("dataRefStart"), pc.text) == ("b1", "d1", "was not disclosed")
    ph = root.find(".//x:segment[@id='3']/x:target/x:ph", ns)
    assert (ph.get("id"), ph.get("equiv")) == ("x", "!")
    assert root.find(".//x:segment[@id='3']/x:target", ns).text == "Stay tuned"
