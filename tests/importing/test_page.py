"""A saved web page: its main text through trafilatura; boilerplate dropped; no main text → one line."""

from __future__ import annotations

from pathlib import Path

from workbench.storage import documents as doc_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>放行H200：英伟达的“回马枪” - 观察者网</title>
<meta name="author" content="心智观察所"><meta property="og:title" content="放行H200：英伟达的“回马枪”">
<meta property="og:site_name" content="观察者网">
<script>var ad = "广告脚本不翻译";</script><style>p{color:red}</style></head>
<body><nav><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/tech">科技</a></nav>
<div class="ad">广告：买一送一！</div>
<article><h1>放行H200：英伟达的“回马枪”</h1><p class="byline">作者：心智观察所</p>
<p>12月8日，美国总统特朗普在社交媒体上宣布，将允许英伟达向中国的“经批准客户”出售H200芯片。这一决定引起了广泛关注，业内人士纷纷发表看法。</p>
<h2>H200到底有多香</h2>
<p>在英伟达的产品谱系里，H200属于上一代<strong>Hopper架构</strong>，性能却远超专为中国市场定制的H20。详见<a href="https://www.guancha.cn/a.html">观察者网的报道</a>。</p>
<p>国泰海通的分析师在研报中指出，H200的意义更多在于扩大中国市场的算力供给，而不是技术突破。对大厂来说，要不要买、买多少，至少要算清三笔账。</p>
</article>
<footer><p>版权所有 © 观察者网 2025。未经授权不得转载。</p><a href="/about">关于我们</a></footer></body></html>
"""


def test_a_saved_page_imports_its_main_text_with_title_and_byline(tmp_path, run_cli, db_path):
    path = tmp_path / "article.html"
    path.write_text(PAGE, encoding="utf-8")
    result = run_cli("import", path, "--json")
    assert result.exit_code == 0, result.output
    store = open_store(db_path)
    document = doc_store.get(store, 1)
    rows = seg_store.for_document(store, 1)
    paragraphs = doc_store.paragraphs(store, 1)
    store.close()
    assert document["title"] == "放行H200：英伟达的“回马枪”" and document["format"] == "html"
    meta = __import__("json").loads(document["meta"])
    assert meta["byline"] == "心智观察所" and meta["sitename"] == "观察者网"
    sources = [r["source"] for r in rows]
    assert sources[0] == "放行H200：英伟达的“回马枪”"
    assert "在英伟达的产品谱系里，H200属于上一代**Hopper架构**，性能却远超专为中国市场定制的H20。" in sources
    assert "详见[观察者网的报道](https://www.guancha.cn/a.html)。" in sources
    assert [p["kind"] for p in paragraphs if p["raw"] is None][:3] == ["heading", "paragraph", "heading"]
    text = "".join(sources)
    for boilerplate in ("首页", "广告", "版权所有", "关于我们", "var ad"):
        assert boilerplate not in text


def test_a_page_with_no_main_text_is_refused_with_one_line(tmp_path, run_cli, db_path, db_state):
    assert run_cli("import", _write(tmp_path / "ok.txt", "已有的文档。")).exit_code == 0
    before = db_state(db_path)
    path = _write(tmp_path / "menu.html", "<html><body><nav><a href='/'>首页</a> | <a href='/b'>新闻</a></nav></body></html>")
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {path}: no main text found in the page (only navigation, ads or boilerplate); "
                             "save the article itself, or copy its text into a .md file\n")
    assert db_state(db_path) == before


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
