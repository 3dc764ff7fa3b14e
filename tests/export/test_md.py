"""The Markdown export rebuilds the source's structure: markdown-it-py's token stream of the source and
of the English export match apart from the text (types, tags, nesting, markup, attributes, and every
verbatim block), on the demo article and on the edge-case file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench import markup, review
from workbench.export import export
from workbench.importing.markdown import parser
from workbench.importing.paths import import_file
from workbench.storage import drafts, open_store
from workbench.storage import segments as seg_store

ROOT = Path(__file__).resolve().parents[2]
EDGE = ROOT / "tests" / "importing" / "data" / "edge-cases.md"
DEMO = ROOT / "workbench" / "data" / "sample" / "h200-commentary.md"

_VERBATIM = {"fence", "code_block", "html_block", "front_matter", "code_inline", "html_inline"}
_TEXT = {"text", "softbreak", "text_special"}


def structure(text: str) -> list[tuple]:
    """The token stream without its text: what must survive translation."""
    out = []
    for tok in parser().parse(text):
        if tok.type == "inline":
            out.append(("inline", [_shape(c) for c in tok.children or [] if c.type not in _TEXT]))
        else:
            out.append(_shape(tok))
    return out


def _shape(tok) -> tuple:
    attrs = sorted((k, str(v)) for k, v in tok.attrs.items() if k != "alt")  # alt text is translated
    return (tok.type, tok.tag, tok.nesting, tok.markup, tok.info, attrs, tok.content if tok.type in _VERBATIM else None)


def english(source: str) -> str:
    """A stand-in translation that keeps the markup the way drafting does: through the placeholders."""
    protected = markup.protect(source)
    words = re.sub(r"[\u3400-\u9fff]+", "word", protected.wire)
    words = words.translate(str.maketrans("。，：；！？（）“”、", ".,:;!?()\"\","))
    return markup.restore(words, protected)


def _export(tmp_path: Path, source: Path, translate=english) -> str:
    store = open_store(tmp_path / "work.db")
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    doc_id = import_file(store, copy).document_id
    for row in seg_store.for_document(store, doc_id):
        drafts.add(store, row["id"], engine="llm", model="m", text=translate(row["source"]))
        review.accept(store, doc_id, row["position"], reviewer="alice", force=True)
    out = export(store, doc_id, "md")
    store.close()
    return out


@pytest.mark.parametrize("source", [DEMO, EDGE], ids=["demo", "edge-cases"])
def test_the_english_export_has_the_token_structure_of_the_source(tmp_path, source):
    out = _export(tmp_path, source)
    for translated in ("厂商", "英伟达的H200芯片", "引用第一行", "放行H200", "子项：推理"):
        assert translated not in out
    assert structure(out) == structure(source.read_text(encoding="utf-8"))


def test_a_translation_that_would_start_another_block_is_escaped(tmp_path):
    # "1990. …" at the start of a paragraph would become a list; "- …" in an item a nested list; "|" ends a cell
    hostile = {"最后一段，文末。": "1990. That year.", "第一点：算力。": "- a dash", "一": "# not a heading",
               "国产": "a | pipe", "嵌套引用。": "> not a quote"}
    out = _export(tmp_path, EDGE, lambda source: hostile.get(source) or english(source))
    assert "1990\\. That year." in out and "| a \\| pipe |" in out
    assert structure(out) == structure(EDGE.read_text(encoding="utf-8"))
