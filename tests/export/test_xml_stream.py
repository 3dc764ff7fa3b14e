"""The XML exports (XLIFF 1.2 and 2.0, TMX) are written a unit at a time; each unit must come out as
pretty-printing the whole tree would make it — in particular a segment that begins with an inline code
keeps its text exactly (no indentation slipped in before the code)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from workbench.export import export
from workbench.export.base import xml_pieces, xml_stream
from workbench.importing.paths import import_file
from workbench.storage import open_store

NS = "urn:oasis:names:tc:xliff:document:1.2"
DATA = Path(__file__).parents[1] / "importing" / "data"


def _unit(n: int):
    unit = etree.Element(f"{{{NS}}}trans-unit", id=str(n), nsmap={None: NS})
    source = etree.SubElement(unit, f"{{{NS}}}source")
    etree.SubElement(source, f"{{{NS}}}x", id="1").tail = f"外交部表示注意到了有关报道{n}。"
    target = etree.SubElement(unit, f"{{{NS}}}target")
    target.text = "plain"
    return unit


def test_units_stream_as_the_whole_tree_pretty_prints():
    whole = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS})
    body = etree.SubElement(etree.SubElement(whole, f"{{{NS}}}file"), f"{{{NS}}}body")
    for n in range(3):
        body.append(_unit(n))
    expected = etree.tostring(whole, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()

    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS})
    container = etree.SubElement(etree.SubElement(root, f"{{{NS}}}file"), f"{{{NS}}}body")
    assert "".join(xml_stream(root, container, (_unit(n) for n in range(3)), level=3)) == expected
    assert '<source><x id="1"/>外交部' in expected
    assert "".join(xml_pieces([_unit(7)], 3, {None: NS})).startswith('<trans-unit id="7">')


def test_a_segment_that_begins_with_an_inline_code_keeps_its_text(tmp_path):
    store = open_store(tmp_path / "w.db")
    doc = import_file(store, DATA / "trados-memoq.xlf").document_id
    text = export(store, doc, "xliff12", status="all")
    assert '<mrk mtype="seg" mid="3"><x id="5"/>外交部' in text
    for fmt in ("xliff12", "xliff", "tmx"):
        tree = etree.fromstring(export(store, doc, fmt, status="all").encode())
        texts = ["".join(el.itertext()) for el in tree.iter() if etree.QName(el).localname in ("mrk", "seg", "source")
                 and not len([c for c in el if etree.QName(c).localname == "mrk"])]
        assert texts and all(t == t.strip() for t in texts), fmt
    store.close()
