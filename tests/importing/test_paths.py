"""Documents: import (single, bilingual, duplicate, many paths at once), rebuilding the Markdown, and the
per-document overview."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from rich.cells import cell_len

from workbench import review, segment
from workbench.errors import WorkbenchError
from workbench.export.assemble import assemble
from workbench.importing.paths import import_file
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store


def rebuild(store, doc_id: int, texts: dict[int, str] | None = None) -> str:
    """The document's Markdown rebuilt from its stored blocks, each block's sentences taken from `texts`
    (position → text) and from the source where `texts` has none (Chinese sentences run on)."""
    texts = texts or {}
    rows = doc_store.sentences(store, doc_id)
    chosen = {r["position"]: texts.get(r["position"]) or r["source"] for r in rows}
    return assemble(doc_store.paragraphs(store, doc_id), rows, chosen, segment.join_sentences)


ARTICLE = textwrap.dedent("""\
    # 英伟达的**新芯片**：H200

    心智观察所认为，这一决定*来得太晚*。详见[观察者网的报道](https://www.guancha.cn/a.html)。美国商务部尚未回应！

    ## 各方反应

    - 华为：推出昇腾芯片。
    - 寒武纪：算力提升3.5倍。
      1. 第一代。
      2. 第二代。

      列表项里的第二段。

    > 外交部发言人郭嘉昆说：“我们注意到了有关报道。”
    > > 这是嵌套的引用。

    ```text
    代码块不翻译。
    ```

    | 厂商 | 出货量 |
    |---|---|
    | 英伟达 | 1,436 |

    ---

    ![芯片](chip.png)

    最后一段，含 English text inside. 完。
    """)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


def test_import_stores_blocks_and_sentences(tmp_path, store):
    r = import_file(store, _write(tmp_path / "h200.md", ARTICLE))
    assert (r.document_id, r.duplicate, r.title) == (1, False, "h200")
    rows = seg_store.for_document(store, r.document_id)
    assert r.segments == len(rows) == 17
    assert [row["position"] for row in rows] == list(range(1, 18))
    assert rows[0]["source"] == "英伟达的**新芯片**：H200"
    assert [row["source"] for row in rows[1:4]] == [
        "心智观察所认为，这一决定*来得太晚*。", "详见[观察者网的报道](https://www.guancha.cn/a.html)。", "美国商务部尚未回应！"]
    assert {row["status"] for row in rows} == {"initial"}
    assert "心智观察所" in rows[1]["tokens"]
    assert [row["source"] for row in rows[7:]] == [
        "第一代。", "第二代。", "列表项里的第二段。", "外交部发言人郭嘉昆说：“我们注意到了有关报道。”", "这是嵌套的引用。",
        "厂商", "出货量", "英伟达", "芯片", "最后一段，含 English text inside. 完。"]  # table cells with Chinese, the image's alt text


def test_the_same_file_twice_is_reported_not_duplicated(tmp_path, store, db_state, db_path):
    first = import_file(store, _write(tmp_path / "a.md", ARTICLE))
    before = db_state(db_path)
    again = import_file(store, _write(tmp_path / "renamed.md", ARTICLE))
    assert (again.document_id, again.segments, again.duplicate) == (first.document_id, first.segments, True)
    assert db_state(db_path) == before


def test_import_file_refuses_a_directory(tmp_path, store):
    with pytest.raises(WorkbenchError, match="is a directory"):
        import_file(store, tmp_path)


def _unwrap(markdown: str) -> str:
    """Join soft-wrapped lines the way the importer does (the one thing rebuild does not keep)."""
    return re.sub(r"(?<=[^\n])\n(?=[^\n#>\-|`!\d ])", "", markdown)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_rebuilding_with_the_sources_gives_back_the_markdown(tmp_path, store, encoding):
    r = import_file(store, _write(tmp_path / "h200.md", ARTICLE, encoding))
    assert rebuild(store, r.document_id) == ARTICLE


def test_rebuilding_a_soft_wrapped_document_gives_it_back_unwrapped(tmp_path, store):
    wrapped = "# 标题\n\n心智观察所认为，\n这一决定来得太晚。\nThe chip\nis fast.\n\n- 列表项\n  续行。\n"
    r = import_file(store, _write(tmp_path / "w.md", wrapped))
    assert rebuild(store, r.document_id) == "# 标题\n\n心智观察所认为，这一决定来得太晚。The chip is fast.\n\n- 列表项续行。\n"
    assert _unwrap("心智观察所认为，\n这一决定来得太晚。") == "心智观察所认为，这一决定来得太晚。"


def test_rebuilding_around_english_keeps_the_structure(tmp_path, store):
    r = import_file(store, _write(tmp_path / "h200.md", ARTICLE))
    english = {1: "Nvidia's **new chip**: H200", 2: "Xinzhi Observatory thinks the decision *came too late*.",
               3: "See [Guancha's report](https://www.guancha.cn/a.html).", 4: "The US Commerce Department has not replied!",
               5: "Reactions", 10: "> not a quote"}
    out = rebuild(store, r.document_id, english)
    assert out.startswith(
        "# Nvidia's **new chip**: H200\n\n"
        "Xinzhi Observatory thinks the decision *came too late*. See [Guancha's report](https://www.guancha.cn/a.html). "
        "The US Commerce Department has not replied!\n\n## Reactions\n\n- 华为：推出昇腾芯片。\n")
    assert "```text\n代码块不翻译。\n```\n\n| 厂商 | 出货量 |\n|---|---|\n| 英伟达 | 1,436 |\n\n---\n\n![芯片](chip.png)" in out


def test_plain_text_keeps_its_paragraph_breaks(tmp_path, store):
    text = "第一段第一句。第二句。\n第二段。\n\n\n第三段。\n"
    r = import_file(store, _write(tmp_path / "a.txt", text))
    assert r.segments == 4
    assert rebuild(store, r.document_id) == text


# ---------------------------------------------------------------------------------------------
# Bilingual TSV


def test_a_bilingual_tsv_becomes_segments_with_imported_drafts(tmp_path, run_cli, db_path):
    tsv = _write(tmp_path / "v.tsv", "zh\ten\n乡村振兴，人才是关键。\tTalent is the key to rural revitalization.\n\n"
                                     "人才哪里找？\tWhere is talent found?\t\n")  # an empty third column is no data
    result = run_cli("import", tsv, "--bilingual", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"document_id": 1, "segments": 2, "duplicate": False}
    rows = json.loads(run_cli("segments", "1", "--json").stdout)
    assert [(r["source"], r["draft"], r["status"], r["engine"]) for r in rows] == [
        ("乡村振兴，人才是关键。", "Talent is the key to rural revitalization.", "translated", "imported"),
        ("人才哪里找？", "Where is talent found?", "translated", "imported"),
    ]


@pytest.mark.parametrize("lines, message", [
    ("一。\tOne.\n二。 Two.\n", "{path}:2: expected chinese<TAB>english, found no tab"),
    ("一。\tOne.\n\n三。\t \n", "{path}:3: the English side is empty"),
    ("\tOne.\n", "{path}:1: the Chinese side is empty"),
    ("一。\tOne.\n二。\tTwo.\tscore 0.9\n", "{path}:2: 3 columns; expected exactly chinese<TAB>english "
                                           "(a tab inside the English? remove the extra columns)"),
])
def test_a_bad_bilingual_line_names_its_line_and_stores_nothing(tmp_path, run_cli, db_path, db_state, lines, message):
    assert run_cli("import", _write(tmp_path / "ok.txt", "已有的文档。")).exit_code == 0
    before = db_state(db_path)
    path = _write(tmp_path / "bad.tsv", lines)
    result = run_cli("import", path, "--bilingual")
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(path=path) + "\n"
    assert db_state(db_path) == before


def test_a_tsv_imported_without_bilingual_is_refused_so_it_can_still_be_imported_with_it(tmp_path, run_cli, db_path,
                                                                                        db_state):
    assert run_cli("import", _write(tmp_path / "ok.txt", "已有的文档。")).exit_code == 0
    tsv = _write(tmp_path / "verified.tsv", "英伟达发布了新芯片。\tNvidia released a new chip.\n")
    before = db_state(db_path)
    result = run_cli("import", tsv)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tsv}: a .tsv file holds chinese<TAB>english lines: import it with --bilingual\n"
    assert db_state(db_path) == before
    again = run_cli("import", tsv, "--bilingual", "--json")
    assert json.loads(again.stdout)["duplicate"] is False
    segments = json.loads(run_cli("segments", "verified", "--json").stdout)
    assert [(s["source"], s["draft"]) for s in segments] == [("英伟达发布了新芯片。", "Nvidia released a new chip.")]


# ---------------------------------------------------------------------------------------------
# Many paths at once


@pytest.fixture
def articles(tmp_path) -> Path:
    root = tmp_path / "week"
    (root / "monday").mkdir(parents=True)
    (root / "tuesday" / "drafts").mkdir(parents=True)
    (root / ".git").mkdir()
    _write(root / "monday" / "h200.md", "# H200\n\n英伟达的芯片。")
    _write(root / "monday" / "notes.txt", "心智观察所的笔记。", "gb18030")
    _write(root / "tuesday" / "drafts" / "cambricon.md", "寒武纪发布新品。美国商务部回应。")
    _write(root / "tuesday" / "logo.png", "ignored by the patterns")
    (root / "tuesday" / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(root / ".git" / "secret.md", "隐藏的文件夹不导入。")
    return root


def test_a_folder_is_imported_recursively_one_line_per_file(articles, run_cli, db_path, tmp_path):
    extra = _write(tmp_path / "extra.md", "华为发布了新手机。")
    result = run_cli("import", articles, extra)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"imported  {articles}/monday/h200.md: document 1 ('h200'), 2 segments",
        f"imported  {articles}/monday/notes.txt: document 2 ('notes'), 1 segment",
        f"imported  {articles}/tuesday/drafts/cambricon.md: document 3 ('cambricon'), 2 segments",
        f"imported  {extra}: document 4 ('extra'), 1 segment",
        "5 files: 4 imported, 0 already imported, 1 rejected",
    ]
    assert result.stderr == f"rejected  {articles}/tuesday/broken.md: is a PNG image, not text\n"
    store = open_store(db_path)
    assert store.one("SELECT count(*) AS n FROM documents WHERE source_path LIKE '%broken%'")["n"] == 0
    store.close()

    # again: everything is already there; that is not an error
    again = run_cli("import", articles, extra)
    assert again.exit_code == 1  # broken.md is still rejected and nothing new was imported
    assert again.stdout.splitlines()[-1] == "5 files: 0 imported, 4 already imported, 1 rejected — nothing imported"
    only_good = run_cli("import", articles / "monday", extra)
    assert only_good.exit_code == 0
    assert only_good.stdout.splitlines()[-1] == "3 files: 0 imported, 3 already imported, 0 rejected"


def test_glob_chooses_the_files_in_folders_and_patterns_expand(articles, run_cli):
    result = run_cli("import", articles, "--glob", "*.txt", "--json")
    assert result.exit_code == 0
    assert [(o["path"], o["status"]) for o in json.loads(result.stdout)] == [(f"{articles}/monday/notes.txt", "imported")]
    quoted = run_cli("import", f"{articles}/**/*.md", "--json")  # a pattern the shell did not expand
    outcomes = json.loads(quoted.stdout)
    assert [(Path(o["path"]).name, o["status"]) for o in outcomes] == [
        ("h200.md", "imported"), ("broken.md", "rejected"), ("cambricon.md", "imported")]
    assert outcomes[1]["reason"] == f"{articles}/tuesday/broken.md: is a PNG image, not text"
    assert set(outcomes[0]) >= {"path", "status", "document_id", "segments", "reason"}


def test_glob_also_narrows_what_a_quoted_pattern_finds(articles, run_cli):
    result = run_cli("import", f"{articles}/**", "--glob", "*.md", "--json")
    assert result.exit_code == 0
    assert [(Path(o["path"]).name, o["status"]) for o in json.loads(result.stdout)] == [
        ("h200.md", "imported"), ("broken.md", "rejected"), ("cambricon.md", "imported")]  # no notes.txt, no logo.png
    none = run_cli("import", f"{articles}/monday/*", "--glob", "*.tsv")
    assert none.exit_code == 1
    assert none.stderr == f"Error: {articles}/monday/*: no files match this pattern and *.tsv — nothing imported\n"


def test_a_bad_file_in_a_bilingual_batch_stores_nothing_of_it(tmp_path, run_cli, db_path):
    good = _write(tmp_path / "good.tsv", "一。\tOne.\n")
    bad = _write(tmp_path / "bad.tsv", "二。\tTwo.\n三。\tThree.\n四。 Four.\n")
    result = run_cli("import", good, bad, "--bilingual")
    assert result.exit_code == 0
    assert result.stderr == f"rejected  {bad}:3: expected chinese<TAB>english, found no tab\n"
    store = open_store(db_path)
    assert store.one("SELECT count(*) AS n FROM segments")["n"] == 1
    assert store.one("SELECT count(*) AS n FROM drafts")["n"] == 1
    store.close()


@pytest.mark.parametrize("args, message", [
    (["{empty}"], "{empty}: no files matching *.txt *.md *.markdown *.text *.html *.htm *.docx in this folder — nothing imported"),
    (["{empty}", "--glob", "*.md"], "{empty}: no files matching *.md in this folder — nothing imported"),
    (["{empty}/*.md", "{empty}/*.txt"], "{empty}/*.md: no files match this pattern; {empty}/*.txt: no files match this pattern"
                                        " — nothing imported"),
])
def test_nothing_to_import_says_so(tmp_path, run_cli, db_path, args, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    _write(empty / "readme.rst", "不是 Markdown。")
    result = run_cli("import", *[a.format(empty=empty) for a in args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: " + message.format(empty=empty) + "\n"


def test_only_bad_files_exit_non_zero_and_store_nothing(tmp_path, run_cli, db_path, db_state):
    assert run_cli("import", _write(tmp_path / "ok.txt", "已有的文档。")).exit_code == 0
    before = db_state(db_path)
    empty = _write(tmp_path / "empty.md", "")
    result = run_cli("import", empty, tmp_path / "missing.md")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"rejected  {empty}: is empty (nothing to import)",
                                          f"rejected  {tmp_path / 'missing.md'}: no such file"]
    assert result.stdout == "2 files: 0 imported, 0 already imported, 2 rejected — nothing imported\n"
    assert db_state(db_path) == before


def test_title_names_one_document_only(tmp_path, run_cli):
    a, b = _write(tmp_path / "a.txt", "一。"), _write(tmp_path / "b.txt", "二。")
    result = run_cli("import", a, b, "--title", "周报")
    assert result.exit_code == 2
    assert "--title names one document: give a single file" in result.stderr
    assert run_cli("import", a, "--title", "周报").stdout == f"{a}: imported as document 1 ('周报'), 1 segment\n"


# ---------------------------------------------------------------------------------------------
# Where each document stands


def test_documents_overview_counts_each_state(tmp_path, store, run_cli):
    doc = import_file(store, _write(tmp_path / "a.md", "英伟达很好。华为也好。心智观察所说。百度呢？腾讯呢？阿里呢？"))
    other = import_file(store, _write(tmp_path / "b.md", "另一篇。"))
    rows = seg_store.for_document(store, doc.document_id)
    run_cli("glossary", "add", "心智观察所", "Xinzhi Observatory", "--forbidden", "Mind Observation Institute")
    drafts = ["Nvidia is good.", "Huawei is good too.", "The Mind Observation Institute says.", "What about 百度?"]
    for row, text in zip(rows, drafts):
        draft_store.add(store, row["id"], engine="llm", model="m", text=text)
    draft_store.add(store, rows[4]["id"], engine="llm", model="m", text=None, error="HTTP 500")
    draft_store.add(store, rows[5]["id"], engine="llm", model="m", text=None, error="timeout")
    draft_store.add(store, rows[5]["id"], engine="llm", model="m", text="And Alibaba?")  # a retry that worked
    review.accept(store, doc.document_id, 1)
    review.flag(store, doc.document_id, 2, note="check the tone")
    result = run_cli("documents", "--json")
    assert result.exit_code == 0
    overview = {d["id"]: d for d in json.loads(result.stdout)}
    first = overview[doc.document_id]
    assert {k: first[k] for k in ("segments", "drafted", "failed", "reviewed", "flagged", "qa_errors")} == {
        "segments": 6, "drafted": 5, "failed": 1, "reviewed": 1, "flagged": 1, "qa_errors": 3}
    last_decision = store.one("SELECT max(updated_at) AS t FROM reviews")["t"]
    assert first["last_activity"] == last_decision
    second = overview[other.document_id]
    assert {k: second[k] for k in ("segments", "drafted", "failed", "reviewed", "flagged", "qa_errors")} == {
        "segments": 1, "drafted": 0, "failed": 0, "reviewed": 0, "flagged": 0, "qa_errors": 0}
    assert second["last_activity"] == store.one("SELECT created_at FROM documents WHERE id = ?", (other.document_id,))["created_at"]
    table = run_cli("documents").stdout
    assert re.search(r"^ *1 +a +6 +5 +1 +1 +1 +3 +\d{4}-\d\d-\d\d \d\d:\d\d", table, re.M), table


def test_the_documents_table_keeps_each_document_on_one_line_in_an_80_column_terminal(tmp_path, store, run_cli):
    for name, text in (("a-rather-long-file-name-for-this-week.md", "英伟达很好。华为也好。"), ("b.md", "百度呢？腾讯呢？")):
        import_file(store, _write(tmp_path / name, text))
    table = run_cli("documents", env={"COLUMNS": "80"}).stdout
    rows = re.findall(r"^ *(\d+) +(\S+) +2 +0 +0 +0 +0 +0 +\d{4}-\d\d-\d\d \d\d:\d\d *$", table, re.M)
    assert [r[0] for r in rows] == ["1", "2"], table
    # the long title is cut with "…" to what the other columns leave: one line per document, none wider
    # than the terminal; a wider terminal shows it whole
    lines = [line for line in table.splitlines() if re.match(r" +\d+ ", line)]
    assert len(lines) == 2 and max(cell_len(line) for line in table.splitlines()) <= 80, table
    assert lines[0].split()[1].endswith("…") and "a-rather-long-file-name-for-this-week".startswith(lines[0].split()[1][:-1])
    wide = run_cli("documents", env={"COLUMNS": "120"}).stdout
    assert re.search(r"^ +1 a-rather-long-file-name-for-this-week +2 +0", wide, re.M), wide


def test_documents_on_an_empty_database(run_cli, db_path):
    assert run_cli("documents", "--json").stdout.strip() == "[]"
    assert run_cli("documents").stdout == f"no documents yet in {db_path}: `workbench import FILE` (or `workbench demo`)\n"
    assert not db_path.exists()  # a command that only reads never creates a database


def test_a_document_is_found_by_id_title_or_file_name(tmp_path, store):
    from workbench.storage import documents as doc_store

    b = import_file(store, _write(tmp_path / "weekx1.md", "二。"))
    a = import_file(store, _write(tmp_path / "week_1.md", "一。"), title="周报")
    assert doc_store.get(store, a.document_id)["id"] == a.document_id
    assert doc_store.get(store, "周报")["id"] == a.document_id
    assert doc_store.get(store, "weekx1.md")["id"] == b.document_id
    assert doc_store.get(store, "week_1.md")["id"] == a.document_id
    assert doc_store.get(store, "week%1.md") is None
    assert doc_store.get(store, "99") is None


def test_unreadable_files_among_good_ones_are_rejected_and_the_rest_imported(tmp_path, run_cli, db_path):
    import os

    folder = tmp_path / "mixed"
    folder.mkdir()
    _write(folder / "a-good.md", "英伟达发布了新芯片。")
    os.mkfifo(folder / "b-pipe.md")  # opening it would wait forever for a writer
    (folder / "c-dangling.md").symlink_to(tmp_path / "gone.md")
    expected_stderr = [f"rejected  {folder}/b-pipe.md: is not a regular file",
                       f"rejected  {folder}/c-dangling.md: no such file"]
    if os.geteuid() != 0:  # root reads through permission bits
        _write(folder / "d-locked.md", "锁住的文件。").chmod(0)
        expected_stderr.append(f"rejected  {folder}/d-locked.md: cannot read (Permission denied)")
    _write(folder / "e-good.txt", "华为发布了新手机。")
    result = run_cli("import", folder)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == expected_stderr
    assert [line.split()[0] for line in result.stdout.splitlines()[:-1]] == ["imported", "imported"]
    store = open_store(db_path)
    assert store.one("SELECT count(*) AS n FROM documents")["n"] == 2
    store.close()


def test_an_empty_folder_and_a_fruitless_pattern_among_good_files_are_reported(tmp_path, run_cli):
    empty = tmp_path / "empty"
    empty.mkdir()
    good = _write(tmp_path / "good.md", "英伟达发布了新芯片。")
    result = run_cli("import", good, empty, f"{tmp_path}/*.docx")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"nothing   {empty}: no files matching *.txt *.md *.markdown *.text *.html *.htm *.docx in this folder",
        f"nothing   {tmp_path}/*.docx: no files match this pattern",
    ]
    assert result.stdout.splitlines() == [
        f"imported  {good}: document 1 ('good'), 1 segment",
        "1 file: 1 imported, 0 already imported, 0 rejected; 2 folders or patterns matched no files",
    ]
