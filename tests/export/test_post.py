"""One post from several documents (`export DOC DOC … --compile`): its structure checked through
markdown-it-py's tokens, the source lines in the glossary's English, one credit line, footnotes numbered
across the post, the refusals, and the HTML page."""

from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.chromium import dump_dom, needs_chromium, screenshot
from tests.export.sample import FINAL_TITLE, build
from workbench import excerpts, review
from workbench.cli import cli
from workbench.errors import WorkbenchError
from workbench.export import build_post, compile_post
from workbench.export.post import Credit, Heading, SourceLine
from workbench.glossary.terms import Term
from workbench.importing.paths import import_file
from workbench.positions import Positions
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

SECOND = """# 云端的秘密

心智观察所认为，云服务让国内团队用上了先进算力。

这一点常被忽视。

## 推理与训练

推理需求正在快速增长。
"""
SECOND_EN = {1: "Secrets of the Cloud", 2: "Xinzhi Observatory believes cloud services gave Chinese teams advanced compute.",
             3: "This is often overlooked.", 4: "Inference and training", 5: "Demand for inference is growing fast."}


def two_documents(tmp_path, *, review_second: bool = True):
    store, first = build(tmp_path, reviewer="Irene")
    term_store.upsert(store, [Term("心智观察所", "Xinzhi Observatory"), Term("观察者网", "Guancha")])
    path = tmp_path / "cloud.md"
    path.write_text(SECOND, encoding="utf-8")
    second = import_file(store, path).document_id
    for row in seg_store.for_document(store, second):
        draft_store.add(store, row.id, engine="llm", model="gpt-5.1", text=SECOND_EN[row.position])
        if review_second:
            review.accept(store, second, row.position, reviewer="Jordan", force=True)
    excerpts.set_metadata(store, second, ["outlet=心智观察所", "author=陈默", "url=https://example.com/cloud"])
    excerpts.set_metadata(store, first, ["outlet=观察者网", "heading=Nvidia's about-face, seen from Beijing"])
    return store, first, second


def tokens(text: str):
    return MarkdownIt("commonmark").use(footnote_plugin).parse(text)


def headings(toks, level: str = "h2") -> list[str]:
    return [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open" and t.tag == level]


def test_the_compiled_post_has_a_heading_source_line_and_excerpt_per_document(tmp_path):
    store, first, second = two_documents(tmp_path)
    excerpts.set_excluded(store, second, True, positions=Positions.parse("3"))
    excerpts.set_note(store, first, 2, "Trump posted it on [Truth Social](https://example.com/ts).")
    excerpts.set_note(store, second, 5, "Inference: running a trained model.")
    intro = tmp_path / "intro.md"
    intro.write_text("Four commentaries on the **H200** decision.\n", encoding="utf-8")
    text = compile_post(store, [str(first), str(second)], "md", intro=intro, credit=True)
    toks = tokens(text)
    assert headings(toks) == ["Nvidia's about-face, seen from Beijing", "Secrets of the Cloud"]
    assert headings(toks, "h3") == ["Inference and training"]  # the document's own ## goes one level down
    inlines = [t.content for t in toks if t.type == "inline"]
    assert inlines[0] == "Four commentaries on the **H200** decision."
    assert inlines[1] == ("*Translations of the original Chinese were drafted by model-a, model-b, tm, gpt-5.1, "
                          "then verified manually by Irene, Jordan.*")
    # after each heading, its source line in the glossary's English
    after = {toks[i + 1].content: toks[i + 4].content for i, t in enumerate(toks) if t.type == "heading_open" and t.tag == "h2"}
    assert after["Nvidia's about-face, seen from Beijing"] == "*Guancha (观察者网)*"
    assert after["Secrets of the Cloud"] == "*By 陈默 · [Xinzhi Observatory (心智观察所)](https://example.com/cloud)*"
    assert f"# {FINAL_TITLE}\n" not in text  # the heading from the metadata replaces the document's own title
    assert "[…]" in inlines  # segment 3 of the second document, left out
    refs = [c.meta["label"] for t in toks if t.type == "inline" for c in t.children if c.type == "footnote_ref"]
    assert refs == ["1", "2"]
    defs = [toks[i + 2].content for i, t in enumerate(toks) if t.type == "footnote_open"]
    assert defs == ["Trump posted it on [Truth Social](https://example.com/ts).", "Inference: running a trained model."]
    assert text.count("verified manually") == 1


def test_the_first_heading_becomes_the_documents_heading_without_metadata(tmp_path):
    store, first, second = two_documents(tmp_path)
    post = build_post(store, [str(second), str(first)])
    assert [b.text for b in post.blocks if isinstance(b, Heading) and b.level == 2][0] == "Secrets of the Cloud"
    assert not any(isinstance(b, Credit) for b in post.blocks)
    assert isinstance(post.blocks[1], SourceLine)


def test_an_unreviewed_included_segment_stops_the_post_with_its_positions(tmp_path):
    store, first, second = two_documents(tmp_path)
    review.undo(store, second, 2)
    review.undo(store, second, 5)
    with pytest.raises(WorkbenchError, match=rf"2 included segment\(s\) are not reviewed yet \(document {second}: positions 2, 5\)"):
        compile_post(store, [str(first), str(second)], "md")
    excerpts.set_excluded(store, second, True, positions=Positions.parse("5"))
    with pytest.raises(WorkbenchError, match="positions 2\\)"):
        compile_post(store, [str(first), str(second)], "md")
    marked = compile_post(store, [str(first), str(second)], "md", status="all")
    assert "[draft] Xinzhi Observatory believes" in marked


@pytest.mark.parametrize("refs, message", [
    (["1", "1"], "is named twice"),
    (["1", "article.md"], "is named twice"),
    (["1", "9"], "no document '9'"),
    ([], "name the documents"),
])
def test_bad_document_lists_are_refused(tmp_path, refs, message):
    store, first, second = two_documents(tmp_path)
    with pytest.raises(WorkbenchError, match=message):
        compile_post(store, refs, "md")


def test_documents_with_nothing_reviewed_or_nothing_included_are_refused(tmp_path):
    store, first, second = two_documents(tmp_path, review_second=False)
    excerpts.set_excluded(store, second, True, positions=Positions.parse("1-5"))
    with pytest.raises(WorkbenchError, match="every segment left out"):
        compile_post(store, [str(first), str(second)], "md")
    excerpts.set_excluded(store, second, False, positions=Positions.parse("1-5"))
    with pytest.raises(WorkbenchError, match="no reviewed segments yet"):
        compile_post(store, [str(first), str(second)], "md")
    with pytest.raises(WorkbenchError, match="--compile writes md or html"):
        compile_post(store, [str(first)], "tmx")


def test_the_html_post_is_a_page_with_the_same_blocks(tmp_path):
    store, first, second = two_documents(tmp_path)
    excerpts.set_note(store, second, 2, "Guancha's tech column.")
    page = compile_post(store, [str(first), str(second)], "html", credit=True)
    assert page.startswith("<!DOCTYPE html>") and page.count("<h2>") == 2
    assert '<p class="credit">' in page and '<p class="source">' in page
    assert '<a href="https://example.com/cloud">Xinzhi Observatory (心智观察所)</a>' in page
    assert '<sup class="fnref"><a href="#fn1" id="fnref1">1</a></sup>' in page and '<li id="fn1">' in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_cli_compile_writes_the_post_and_refuses_bad_input_in_one_line(tmp_path, run_cli, db_path, db_state):
    store, first, second = two_documents(tmp_path)
    store.close()
    db = tmp_path / "work.db"
    out = tmp_path / "post.md"
    result = run_cli("export", first, second, "-f", "md", "--compile", "--credit", "-o", out, db=db)
    assert result.exit_code == 0, result.output
    assert headings(tokens(out.read_text(encoding="utf-8")))[1] == "Secrets of the Cloud"
    before = db_state(db)
    for args, message in (([first, first, "--compile"], "named twice"),
                          ([first, second], "add --compile"),
                          ([first, "--intro", tmp_path / "none.md"], "--intro opens a compiled post"),
                          ([first, second, "--compile", "-f", "xliff"], "--compile writes md or html")):
        result = run_cli("export", *args, db=db)
        assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert db_state(db) == before


@needs_chromium
def test_the_html_post_in_a_real_browser(tmp_path):
    store, first, second = two_documents(tmp_path)
    excerpts.set_excluded(store, first, True, positions=Positions.parse("4-5"))
    excerpts.set_note(store, second, 5, "Inference: running a trained model.")
    page = tmp_path / "post.html"
    page.write_text(compile_post(store, [str(first), str(second)], "html", credit=True), encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profile")
    assert dom.count("<h2>") == 2 and '<p class="ellipsis">[…]</p>' in dom and '<li id="fn1">' in dom
    assert "<script>alert" not in dom
    assert screenshot(page, tmp_path / "profile", tmp_path / "post.png", size="1000,1400").stat().st_size > 10_000


def test_the_compiled_post_as_a_word_file_has_the_same_headings_and_credit(tmp_path):
    store, first, second = two_documents(tmp_path)
    data = compile_post(store, [str(first), str(second)], "docx", credit=True)
    assert isinstance(data, bytes) and data[:2] == b"PK"  # a ZIP: a .docx
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    headings2 = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert headings2 == ["Nvidia's about-face, seen from Beijing", "Secrets of the Cloud"]
    texts = [p.text for p in paragraphs]
    assert sum("verified manually by Irene, Jordan" in t for t in texts) == 1
    assert any(t.startswith("Xinzhi Observatory believes cloud services") for t in texts)


def test_a_compiled_word_post_needs_a_file_name(tmp_path):
    store, first, second = two_documents(tmp_path)
    db = store.path
    store.close()
    result = CliRunner().invoke(cli, ["--db", str(db), "export", str(first), str(second), "--compile", "-f", "docx"])
    assert result.exit_code != 0 and "give it a name with -o FILE" in result.output
    out = tmp_path / "post.docx"
    result = CliRunner().invoke(cli, ["--db", str(db), "export", str(first), str(second), "--compile", "-f", "docx",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
