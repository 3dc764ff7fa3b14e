"""A Word file through python-docx: headings, paragraphs, lists, bold/italics/links as inline markup."""

from __future__ import annotations

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.storage import documents as doc_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store


def _link(paragraph, text: str, url: str) -> None:
    """A w:hyperlink as Word writes it (python-docx reads them but has no writer)."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def write_article(path) -> None:
    document = docx.Document()
    document.core_properties.author = "心智观察所"
    document.add_heading("放行H200：英伟达的“回马枪”", level=1)
    p = document.add_paragraph("心智观察所认为，这一决定")
    p.add_run("来得太晚").bold = True
    p.add_run("。美方的")
    p.add_run("名单").italic = True
    p.add_run("会不会收紧？详见")
    _link(p, "观察者网", "https://www.guancha.cn/a.html")
    p.add_run("。")
    document.add_heading("三笔账", level=2)
    document.add_paragraph("成本账：分成会不会转嫁到售价上；", style="List Bullet")
    document.add_paragraph("安全账：名单会不会收紧。", style="List Bullet")
    document.add_paragraph("第一步：评估。", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "厂商", "出货量"
    table.cell(1, 0).text, table.cell(1, 1).text = "英伟达", "1,436"
    document.save(path)


def test_a_word_file_imports_headings_lists_tables_and_inline_markup(tmp_path, run_cli, db_path):
    path = tmp_path / "article.docx"
    write_article(path)
    result = run_cli("import", path)
    assert result.exit_code == 0, result.output
    store = open_store(db_path)
    rows = seg_store.for_document(store, 1)
    kinds = {p["position"]: p["kind"] for p in doc_store.paragraphs(store, 1)}
    document = doc_store.get(store, 1)
    store.close()
    assert [(kinds[r["paragraph"]], r["source"]) for r in rows] == [
        ("heading", "放行H200：英伟达的“回马枪”"),
        ("paragraph", "心智观察所认为，这一决定**来得太晚**。"),
        ("paragraph", "美方的*名单*会不会收紧？"),
        ("paragraph", "详见[观察者网](https://www.guancha.cn/a.html)。"),
        ("heading", "三笔账"),
        ("item", "成本账：分成会不会转嫁到售价上；"),
        ("item", "安全账：名单会不会收紧。"),
        ("item", "第一步：评估。"),
        ("cell", "厂商"), ("cell", "出货量"), ("cell", "英伟达"),
    ]
    assert document["format"] == "docx" and '"byline": "心智观察所"' in document["meta"]


def test_a_docx_that_is_not_a_zip_is_refused_with_one_line(tmp_path, run_cli, db_path, db_state):
    before = db_state(db_path)
    path = tmp_path / "broken.docx"
    path.write_bytes(b"This is not a Word file at all.\n")
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: not a valid .docx file (not a ZIP archive)\n"
    assert db_state(db_path) == before


def test_a_docx_whose_xml_is_broken_is_refused_with_one_line(tmp_path, run_cli, db_path, db_state):
    import zipfile

    good = tmp_path / "good.docx"
    write_article(good)
    path = tmp_path / "broken-xml.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data.replace(b"<w:body>", b"<w:body>&#27;<w:p>") if item.filename == "word/document.xml" else data)
    before = db_state(db_path)
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: not a valid .docx file (") and result.stderr.count("\n") == 1
    assert db_state(db_path) == before
