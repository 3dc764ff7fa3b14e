"""Left-out text and the editor's notes in every export: one ellipsis paragraph per left-out run in
the md article (configurable, or nothing), translate="no" in XLIFF 2.0, left out of the bilingual views,
flagged in JSONL; notes as Markdown footnotes and XLIFF notes (only while their segment is included)."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.export.sample import DRAFTS, REVIEWS, build
from tests.export.test_formats import XLIFF_SUBSET_XSD
from workbench import excerpts, review
from workbench.errors import WorkbenchError
from workbench.export import export
from workbench.export.xliff import XLIFF_NS
from workbench.positions import Positions

FINAL = {pos: (REVIEWS[pos] if REVIEWS[pos] is not None else DRAFTS[pos][0]) for pos in REVIEWS}


def leave_out(store, doc, positions: str) -> None:
    excerpts.set_excluded(store, doc, True, positions=Positions.parse(positions), reviewer="alice")


def test_a_run_of_left_out_paragraphs_is_one_ellipsis_paragraph(tmp_path):
    store, doc = build(tmp_path)
    leave_out(store, doc, "4-6")  # both list items and the quote
    assert export(store, doc, "md") == (
        "# Nvidia's about-face\n\n"
        f"{FINAL[2]} {FINAL[3]}\n\n"
        "[…]\n\n"
        "```\ncode stays as is\n```\n\n"
        f"{FINAL[7]}\n"
    )


def test_left_out_sentences_inside_a_kept_paragraph_are_an_inline_ellipsis(tmp_path):
    store, doc = build(tmp_path)
    leave_out(store, doc, "2")
    assert f"\n\n[…] {FINAL[3]}\n\n" in export(store, doc, "md")


def test_the_ellipsis_is_configurable_or_nothing(tmp_path, monkeypatch):
    store, doc = build(tmp_path)
    leave_out(store, doc, "1-3")
    assert export(store, doc, "md", ellipsis="(…)").startswith("(…)\n\n- ")
    assert export(store, doc, "md", ellipsis="").startswith(f"- {FINAL[4]}\n")
    config = tmp_path / "workbench.toml"
    config.write_text('[export]\nellipsis = "* * *"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    assert export(store, doc, "md").startswith("* * *\n\n- ")
    config.write_text("[export]\nellipsis = 3\n", encoding="utf-8")
    with pytest.raises(WorkbenchError, match="ellipsis must be a string"):
        export(store, doc, "md")


def test_unreviewed_left_out_segments_do_not_stop_an_export(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3))
    with pytest.raises(WorkbenchError, match=r"4 of 7 segments are not reviewed yet \(positions 4, 5, 6, 7\)"):
        export(store, doc, "md")
    leave_out(store, doc, "4-7")
    text = export(store, doc, "md")
    assert text == f"# {FINAL[1]}\n\n{FINAL[2]} {FINAL[3]}\n\n[…]\n"
    assert "model-b" in export(store, doc, "md", credit=True).splitlines()[0]  # model-b drafted 3
    for fmt in ("bilingual-md", "html"):
        out = export(store, doc, fmt)
        assert "NDRC" not in out and "playing catch-up" in out


def _footnotes(text: str) -> tuple[list[str], dict[str, str]]:
    md = MarkdownIt("commonmark").use(footnote_plugin)
    tokens = md.parse(text)
    refs = [child.meta["label"] for t in tokens if t.type == "inline" for child in t.children
            if child.type == "footnote_ref"]
    defs, label = {}, None
    for i, t in enumerate(tokens):
        if t.type == "footnote_open":
            label = t.meta["label"]
        elif t.type == "inline" and label is not None and tokens[i - 2].type == "footnote_open":
            defs[label] = t.content
    return refs, defs


def test_notes_are_markdown_footnotes_after_their_sentence(tmp_path):
    store, doc = build(tmp_path)
    excerpts.set_note(store, doc, 3, "Ascend is [Huawei's AI chip line](https://example.com/ascend).")
    excerpts.set_note(store, doc, 5, "A Shanghai brokerage.")
    excerpts.set_note(store, doc, 6, "The foreign ministry's answer.")
    leave_out(store, doc, "6")  # its note waits until the segment is included again
    text = export(store, doc, "md")
    assert f"{FINAL[2]} {FINAL[3]}[^1]\n" in text and f"- {FINAL[5]}[^2]\n" in text
    assert text.endswith("\n[^1]: Ascend is [Huawei's AI chip line](https://example.com/ascend).\n"
                         "[^2]: A Shanghai brokerage.\n")
    refs, defs = _footnotes(text)
    assert refs == ["1", "2"] and set(defs) == {"1", "2"}
    assert "The foreign ministry" not in text
    excerpts.set_excluded(store, doc, False, positions=Positions.parse("6"))
    assert _footnotes(export(store, doc, "md"))[0] == ["1", "2", "3"]


def test_links_and_emphasis_the_editor_adds_are_kept_in_every_export(tmp_path):
    store, doc = build(tmp_path)
    linked = "On December 8, [Trump](https://example.com/t) announced *Nvidia* may sell H200 chips."
    review.accept(store, doc, 2, text=linked, reviewer="alice", force=True)
    assert linked in export(store, doc, "md")
    assert linked in export(store, doc, "bilingual-md")
    assert json.loads(export(store, doc, "jsonl").splitlines()[1])["target"] == linked
    root = etree.fromstring(export(store, doc, "xliff").encode())
    assert root.find(f".//{{{XLIFF_NS}}}unit[@id='u2']/{{{XLIFF_NS}}}segment/{{{XLIFF_NS}}}target").text == linked
    html = export(store, doc, "html")
    assert 'href="https://example.com/t"' in html or "example.com/t" in html


def test_xliff_marks_left_out_units_translate_no_and_carries_editor_notes(tmp_path):
    store, doc = build(tmp_path)
    leave_out(store, doc, "4-5")
    excerpts.set_note(store, doc, 2, "Announced on Truth Social.")
    excerpts.set_note(store, doc, 4, "Waits while left out.")
    data = export(store, doc, "xliff").encode()
    xsd = XLIFF_SUBSET_XSD.replace('<xs:attribute name="name" type="xs:string"/></xs:complexType></xs:element>',
                                   '<xs:attribute name="name" type="xs:string"/>'
                                   '<xs:attribute name="translate" type="xs:string"/></xs:complexType></xs:element>', 1)
    schema = etree.XMLSchema(etree.fromstring(xsd.encode()))
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log
    units = {u.get("id"): u for u in root.iter(f"{{{XLIFF_NS}}}unit")}
    assert {k for k, u in units.items() if u.get("translate") == "no"} == {"u4", "u5"}
    notes = {k: [(n.get("category"), n.text) for n in u.iter(f"{{{XLIFF_NS}}}note")] for k, u in units.items()}
    assert notes["u2"] == [("editor", "Announced on Truth Social.")] and notes["u4"] == []


def test_jsonl_and_tmx_with_left_out_segments(tmp_path):
    store, doc = build(tmp_path)
    leave_out(store, doc, "2")
    excerpts.set_note(store, doc, 3, "A note.")
    items = [json.loads(line) for line in export(store, doc, "jsonl").splitlines()]
    assert [i["excluded"] for i in items] == [False, True, False, False, False, False, False]
    assert items[2]["editor_note"] == "A note."
    # a reviewed translation stays a good translation unit, left out of this article or not
    assert FINAL[2] in export(store, doc, "tmx")


def test_the_report_counts_left_out_segments_and_the_drafting_they_saved(tmp_path):
    from workbench.reports import document as report
    from workbench.storage import drafts as draft_store
    from workbench.storage import segments as seg_store

    store, doc = build(tmp_path, drafted=(1, 2, 3, 4, 5, 6), reviewed=(1, 2, 3))
    rows = {r.position: r for r in seg_store.for_document(store, doc)}
    # priced model drafts: 2 and 3 cost 0.001 per source character, 10 tokens per character
    for pos in (2, 3):
        chars = len(rows[pos].source.replace(" ", ""))
        draft_store.add(store, rows[pos].id, engine="llm", model="model-a", text=DRAFTS[pos][0],
                        prompt_tokens=6 * chars, completion_tokens=4 * chars, cost=0.001 * chars)
    leave_out(store, doc, "6-7")  # 6 was drafted (paid already), 7 never: 7's characters are saved
    built = report.build(store, doc)
    e = built["excerpt"]
    seven = len(rows[7].source.replace(" ", ""))
    assert (e["left_out"], e["never_drafted"], e["never_drafted_characters"]) == (2, 1, seven)
    assert e["basis_segments"] == 2 and e["saved_tokens"] == 10 * seven
    assert e["saved_cost"] == pytest.approx(0.001 * seven)
    assert built["progress"]["segments"] == 5
    assert f"saved about {10 * seven} tokens, ${0.001 * seven:.4f}" in report.render_text(built)


def test_cli_ellipsis_option(tmp_path, run_cli):
    store, doc = build(tmp_path)
    leave_out(store, doc, "4-6")
    store.close()
    result = run_cli("export", doc, "-f", "md", "--ellipsis", "(…)", db=tmp_path / "work.db")
    assert result.exit_code == 0, result.output
    assert f"{FINAL[3]}\n\n(…)\n\n```" in result.stdout
    result = run_cli("export", doc, "-f", "md", "--ellipsis", "", db=tmp_path / "work.db")
    assert f"{FINAL[3]}\n\n```" in result.stdout


def test_an_excerpt_streams_block_by_block():
    """The md export of a cut or annotated document reads its rows as it writes (a million-segment
    excerpt is never held whole): the first block comes out after reading only its own rows."""
    from workbench.export.excerpt import blocks

    read: list[int] = []

    def rows():
        for position in range(1, 1_000_001):
            read.append(position)
            yield {"position": position, "paragraph": (position + 1) // 2, "excluded": position in (3, 4)}

    paragraphs = ({"position": n, "kind": "paragraph", "prefix": "", "gap": "\n\n", "raw": None} for n in range(1, 500_001))
    footnotes: list = []
    stream = blocks(paragraphs, rows(), lambda r: f"S{r['position']}.", {1: {"text": "a note"}}, footnotes=footnotes)
    first, second, third = next(stream), next(stream), next(stream)
    assert first["texts"] == ["S1.[^1]", "S2."] and first["gap"] == ""
    assert second["kind"] == "ellipsis" and second["raw"] == "[…]"  # paragraph 2 (3 and 4) left out
    assert third["texts"] == ["S5.", "S6."]
    assert footnotes == [(1, "a note")]
    assert max(read) < 10
