"""Markdown → blocks through markdown-it-py: what is translated, what is kept verbatim."""

from __future__ import annotations

import textwrap
from pathlib import Path

from workbench.export.assemble import assemble
from workbench.importing.markdown import markdown_blocks

EDGE = (Path(__file__).parent / "data" / "edge-cases.md").read_text(encoding="utf-8")

MARKDOWN = textwrap.dedent("""\
    # 英伟达的**新芯片**

    心智观察所认为，这一决定*来得太晚*。详见[观察者网](https://www.guancha.cn/a.html)。

    - 第一点：算力。
    - 第二点：推理。

    1. 一
    2. 二

    > 引用一句。
    > > 嵌套引用。

    ```python
    print("代码。")

    x = 1
    ```

    | 厂商 | 出货量 |
    |---|---|
    | 英伟达 | 1,436 |

    ---

    ![图](a.png)
    """)


def _text(blocks) -> list[tuple[str, str, str]]:
    return [(b.kind, b.prefix, b.text) for b in blocks if b.raw is None]


def _rebuilt(blocks) -> str:
    """Joined back with their own texts: the source (soft line breaks joined)."""
    paragraphs = [{"position": n, "prefix": b.prefix, "gap": b.gap, "raw": b.raw} for n, b in enumerate(blocks, 1)]
    rows = [{"position": n, "paragraph": n} for n, b in enumerate(blocks, 1) if b.raw is None]
    return assemble(paragraphs, rows, {n: b.text for n, b in enumerate(blocks, 1) if b.raw is None}, " ".join)


def test_markdown_blocks_keep_prefixes_and_raw_parts():
    blocks = list(markdown_blocks(MARKDOWN))
    assert _text(blocks) == [
        ("heading", "# ", "英伟达的**新芯片**"),
        ("paragraph", "", "心智观察所认为，这一决定*来得太晚*。详见[观察者网](https://www.guancha.cn/a.html)。"),
        ("item", "- ", "第一点：算力。"),
        ("item", "- ", "第二点：推理。"),
        ("item", "1. ", "一"),
        ("item", "2. ", "二"),
        ("quote", "> ", "引用一句。"),
        ("quote", "> > ", "嵌套引用。"),
        ("cell", "| ", "厂商"), ("cell", " | ", "出货量"), ("cell", "| ", "英伟达"),  # "1,436" has no Chinese: kept
        ("alt", "![", "图"),
    ]
    raw = [(b.kind, b.raw) for b in blocks if b.raw is not None]
    assert ("code", '```python\nprint("代码。")\n\nx = 1\n```') in raw
    assert ("rule", "---") in raw
    assert _rebuilt(blocks) == MARKDOWN


def test_soft_wrapped_lines_join_without_space_in_chinese_and_with_one_in_english():
    blocks = list(markdown_blocks("英伟达表示\n欢迎这一决定。The chip\nis fast.\n- 列表项\n  续行。"))
    assert [b.text for b in blocks if b.raw is None] == ["英伟达表示欢迎这一决定。The chip is fast.", "列表项续行。"]


def test_a_setext_heading_underline_is_not_translated():
    blocks = list(markdown_blocks("标题\n====\n\n正文。"))
    assert [(b.kind, b.text, b.raw) for b in blocks] == [
        ("heading", "标题", None), ("markup", "", "===="), ("paragraph", "正文。", None)]


def test_an_html_comment_over_several_lines_is_one_raw_block_not_text_to_translate():
    source = "<!--\n编辑注：待核实。\n\n数字仅作示例。 -->\n正文。\n\n<!-- 未闭合的注释\n末行。"
    blocks = list(markdown_blocks(source))
    assert [(b.kind, b.text, b.raw) for b in blocks] == [
        ("html", "", "<!--\n编辑注：待核实。\n\n数字仅作示例。 -->"), ("paragraph", "正文。", None),
        ("html", "", "<!-- 未闭合的注释\n末行。")]
    assert [b.gap for b in blocks] == ["", "\n", "\n\n"]


def test_the_edge_cases_front_matter_code_html_and_definitions_stay_raw():
    blocks = list(markdown_blocks(EDGE))
    texts = [b.text for b in blocks if b.raw is None]
    raw = "\n".join(b.raw for b in blocks if b.raw is not None)
    assert blocks[0].kind == "front_matter" and "title: 边缘案例" in blocks[0].raw
    assert not any("边缘案例" in t or "缩进代码块" in t or "HTML 块" in t or "x = 1" in t for t in texts)
    for kept in ("    缩进代码块，不翻译。", '<div class="note">', '[gc]: https://www.guancha.cn/ "观察者网"', "* * *"):
        assert kept in raw


def test_hard_line_breaks_split_the_text_and_keep_their_marker():
    blocks = list(markdown_blocks("第一行。  \n第二行。\\\n第三行。"))
    assert [b.text for b in blocks if b.raw is None] == ["第一行。", "第二行。", "第三行。"]
    assert [b.raw for b in blocks if b.raw is not None] == ["  ", "\\"]
    assert _rebuilt(blocks) == "第一行。  \n第二行。\\\n第三行。\n"


def test_table_cells_are_translated_one_by_one_and_image_alt_text_too():
    blocks = list(markdown_blocks(EDGE))
    cells = [b.text for b in blocks if b.kind == "cell"]
    assert cells == ["厂商", "出货量（万片）", "备注", "英伟达", "**领先**", "华为", "国产"]
    assert [b.text for b in blocks if b.kind == "alt"] == ["英伟达的H200芯片"]


def test_text_markdown_it_cannot_find_again_stays_raw_rather_than_misplaced():
    # an entity markdown-it decodes in a heading's closing sequence: everything is still given back verbatim
    source = "# 标题 &#35;\n\n正文。"
    assert _rebuilt(list(markdown_blocks(source))) == source + "\n"


def test_a_long_file_parsed_in_parts_gives_the_same_blocks_as_in_one(monkeypatch):
    from workbench.importing import markdown

    doc = (EDGE + "\n\n") * 20
    whole = list(markdown_blocks(doc))
    monkeypatch.setattr(markdown, "CHUNK_LINES", 7)  # cut wherever CommonMark allows, many times over
    parts = list(markdown.markdown_file_blocks(doc.rstrip("\n").split("\n")))
    assert _rebuilt(parts) == _rebuilt(whole) == _rebuilt(list(markdown_blocks(doc)))
    assert [b.text for b in parts if b.raw is None] == [b.text for b in whole if b.raw is None]
