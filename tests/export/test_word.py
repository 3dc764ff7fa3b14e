"""`export -f docx`: the English article as a Word file with the structure of the Markdown export, read
back with python-docx (and imported again: the round trip gives the same segments' structure)."""

from __future__ import annotations

import io

import docx

from tests.export.test_md import EDGE, _export
from workbench.export import export
from workbench.importing.word import docx_markdown
from workbench.storage import open_store


def _english_docx(tmp_path) -> docx.document.Document:
    _export(tmp_path, EDGE)  # imports and reviews the edge-case file in tmp_path/work.db
    store = open_store(tmp_path / "work.db")
    data = export(store, 1, "docx")
    store.close()
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def test_the_word_file_has_the_articles_structure(tmp_path):
    document = _english_docx(tmp_path)
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    names = [s for s, _ in styles]
    assert names[:2] == ["Heading 1", "Heading 1"]  # the ATX and the setext heading
    assert names.count("List Bullet") == 3 and names.count("List Bullet 2") == 1 and names.count("List Number") == 2  # a second paragraph in an item too
    assert "Quote" in names
    assert any("x = 1" in text for _, text in styles)  # code kept, in a fixed font
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["word", "word(word)", "word"]
    assert [c.text for c in table.rows[1].cells][:2] == ["word", "1,436"]


def test_bold_italics_and_links_come_back_as_inline_markup(tmp_path):
    document = _english_docx(tmp_path)
    markdown = "\n".join(docx_markdown(document))
    assert "[word](https://www.mfa.gov.cn/)" in markdown  # a real hyperlink, read back by the importer
    assert "**word**" in markdown and "~~" not in markdown


def test_docx_needs_an_output_file(tmp_path, run_cli):
    _export(tmp_path, EDGE)
    result = run_cli("export", "1", "-f", "docx", db=tmp_path / "work.db")
    assert result.exit_code == 1
    assert result.stderr == "Error: --format docx writes a binary file: give it a name with -o FILE\n"
    out = tmp_path / "edge.en.docx"
    result = run_cli("export", "1", "-f", "docx", "-o", out, db=tmp_path / "work.db")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).paragraphs
