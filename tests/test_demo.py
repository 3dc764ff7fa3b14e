"""`workbench demo`: the bundled sample, its recorded drafts and its own database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import drafts_of
from workbench import demo, review
from workbench.cli import cli
from workbench.glossary.terms import Matcher
from workbench.importing import paths as documents
from workbench.storage import documents as doc_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

# Which QA issue codes count as catching each kind of fault planted in the recorded drafts.
FAULT_CODES = {
    "term": ("term-forbidden", "term-missing"),
    "number": ("number-altered", "number-missing"),
    "untranslated": ("untranslated",),
    "punctuation": ("punctuation",),
    "omission": ("length",),
}


def _catches(kind: str, code: str) -> bool:
    return any(code == c or code.startswith(c + "-") for c in FAULT_CODES[kind])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return path, demo.load_demo(path)


def _rows(path: Path, doc_id: int) -> list[dict]:
    store = open_store(path)
    try:
        return seg_store.for_document(store, doc_id)
    finally:
        store.close()


def run(args: list[str], env: dict | None = None):
    return CliRunner().invoke(cli, args, env=env or {}, catch_exceptions=False)


def test_demo_no_tui_from_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    working = tmp_path / "working.db"
    result = run(["demo", "--no-tui"], env={"WORKBENCH_DB": str(working)})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "db" / "demo.db").is_file()
    assert not working.exists(), "the demo must not touch the working database named by WORKBENCH_DB"
    n = len(demo.recorded_drafts())
    assert f"Segments: {n}; drafted: {n}" in result.output
    assert "workbench --db db/demo.db review 1" in result.output
    assert "workbench --db db/demo.db check 1" in result.output
    assert "export 1 --format md" in result.output
    assert "QA issues" in result.output and "term-forbidden" in result.output


def test_demo_without_flag_shows_summary_when_not_a_terminal(tmp_path):
    db = tmp_path / "d.db"
    result = run(["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Segments:" in result.output
    assert "Not a terminal" in result.output


def test_sample_is_a_chinese_commentary_of_the_asked_shape():
    text = demo.ARTICLE.read_text(encoding="utf-8")
    assert 40 <= len(demo.recorded_drafts()) <= 55
    for name in ("心智观察所", "观察者网", "郭嘉昆", "黄仁勋", "英伟达", "寒武纪", "发改委", "工信部", "国泰海通", "台积电"):
        assert name in text
    assert len(re.findall(r"^## ", text, re.M)) in (2, 3) and text.count("\n> ") == 1


def test_every_segment_has_exactly_its_own_recorded_draft(demo_db):
    path, doc_id = demo_db
    rows = _rows(path, doc_id)
    recorded = demo.recorded_drafts()
    assert [r["source"] for r in rows] == [d["source"] for d in recorded]
    store = open_store(path)
    try:
        for row, rec in zip(rows, recorded):
            assert row["draft"] == rec["text"], f"segment {row['position']} got another segment's draft"
            assert row["engine"] == "sample-drafts" and row["status"] == "translated"
            assert len(drafts_of(store, row["id"])) == 1
        assert len(term_store.all_terms(store)) > 30  # the seed glossary came along
    finally:
        store.close()


def test_repeated_sentence_is_in_the_sample(demo_db):
    path, doc_id = demo_db
    sources = [r["source"] for r in _rows(path, doc_id)]
    assert any(sources.count(s) == 2 for s in sources)


def test_rerun_keeps_a_decision_and_reset_starts_over(tmp_path):
    path = tmp_path / "demo.db"
    doc_id = demo.load_demo(path)
    store = open_store(path)
    review.accept(store, doc_id, 3, text="Corrected by the reviewer.", reviewer="ed", force=True)
    store.close()

    result = run(["demo", "--no-tui", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 reviewed" in result.output
    row = _rows(path, doc_id)[2]
    assert (row["status"], row["target"]) == ("reviewed", "Corrected by the reviewer.")
    store = open_store(path)
    assert len(doc_store.all_documents(store)) == 2  # the two sample commentaries, once each
    assert len(drafts_of(store, row["id"])) == 1  # no second copy of the drafts
    store.close()

    result = run(["demo", "--no-tui", "--reset", "--db", str(path)])
    assert result.exit_code == 0, result.output
    rows = _rows(path, doc_id)
    assert all(r["status"] == "translated" and r["target"] is None for r in rows)


def test_reset_refuses_a_database_with_other_documents(tmp_path):
    path = tmp_path / "work.db"
    article = tmp_path / "mine.txt"
    article.write_text("这是我自己的文章。", encoding="utf-8")
    assert run(["--db", str(path), "import", str(article)]).exit_code == 0
    demo.load_demo(path)
    result = CliRunner().invoke(cli, ["demo", "--no-tui", "--reset", "--db", str(path)])
    assert result.exit_code == 1
    assert "holds other documents" in result.output and "Traceback" not in result.output
    store = open_store(path)
    assert len(doc_store.all_documents(store)) == 3
    store.close()


def test_drafts_out_of_step_with_the_sample_fail_loudly_and_load_nothing(tmp_path, monkeypatch):
    data = json.loads(demo.DRAFTS.read_text(encoding="utf-8"))
    data["drafts"][5]["source"] += "（改）"
    broken = tmp_path / "drafts.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo, "DRAFTS", broken)
    path = tmp_path / "demo.db"
    with pytest.raises(demo.WorkbenchError, match="position 6"):
        demo.load_demo(path)
    store = open_store(path)
    assert doc_store.all_documents(store) == [] and term_store.all_terms(store) == []
    store.close()


def test_qa_catches_every_planted_fault_and_passes_the_good_drafts(demo_db):
    from workbench import qa

    path, doc_id = demo_db
    rows = _rows(path, doc_id)
    store = open_store(path)
    matcher = Matcher(term_store.all_terms(store))
    store.close()
    issues = qa.check_document(rows, matcher)
    recorded = demo.recorded_drafts()
    assert {d["fault"] for d in recorded} - {None} == set(FAULT_CODES)
    assert sum(d["fault"] is None for d in recorded) / len(recorded) >= 0.65
    for row, rec in zip(rows, recorded):
        found = issues.get(row["position"], [])
        if rec["fault"] is None:
            errors = [(i.code, i.message) for i in found if i.severity == "error"]
            assert not errors, f"good draft at {row['position']} flagged: {errors}"
        else:
            codes = [i.code for i in found]
            assert any(_catches(rec["fault"], c) for c in codes), (
                f"{rec['fault']} fault at {row['position']} not caught (issues: {codes})")
            # The per-segment checks alone catch everything except an omission (a document-level check).
            if rec["fault"] != "omission":
                seg_codes = [i.code for i in qa.check_segment(row["source"], rec["text"], matcher)]
                assert any(_catches(rec["fault"], c) for c in seg_codes)


async def test_demo_opens_in_the_review_app_and_a_decision_lands_in_the_demo_db(tmp_path):
    from workbench.tui import app as app_module

    path = tmp_path / "demo.db"
    doc_id = demo.load_demo(path)
    app = app_module.ReviewApp(path, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")  # accept the first draft (a good one) and move on
        await pilot.pause()
        await pilot.press("q")
    first = _rows(path, doc_id)[0]
    assert (first["status"], first["target"]) == ("reviewed", demo.recorded_drafts()[0]["text"])


def test_a_demo_db_from_an_older_sample_asks_for_reset(tmp_path):
    path = tmp_path / "demo.db"
    old = tmp_path / "old.md"
    old.write_text("# 旧的示例\n\n这是旧版本的示例文章。\n", encoding="utf-8")
    store = open_store(path)
    documents.import_file(store, old, title=demo.TITLE)
    store.close()
    result = CliRunner().invoke(cli, ["demo", "--no-tui", "--db", str(path)])
    assert result.exit_code == 1 and "--reset" in result.output
    result = run(["demo", "--no-tui", "--reset", "--db", str(path)])
    assert result.exit_code == 0 and f"Segments: {len(demo.recorded_drafts())}" in result.output


def test_the_second_commentary_has_its_own_drafts_and_metadata(demo_db):
    path, first = demo_db
    store = open_store(path)
    try:
        ids = demo.demo_ids(store)
        assert ids[0] == first and len(ids) == 2
        rows = seg_store.for_document(store, ids[1])
        recorded = demo.recorded_drafts(demo.SECOND_DRAFTS)
        assert [r["source"] for r in rows] == [d["source"] for d in recorded] and 10 <= len(rows) <= 20
        assert all(r["draft"] == d["text"] for r, d in zip(rows, recorded))
        meta = json.loads(doc_store.get(store, ids[1])["meta"])
        assert meta["outlet"] == "观察者网" and meta["author"] == "心智观察所"
    finally:
        store.close()
    text = demo.SECOND_ARTICLE.read_text(encoding="utf-8")
    assert "心智观察所" in text and "original short commentary written for this project" in text


def test_demo_no_tui_prints_the_first_lines_of_the_compiled_post(tmp_path):
    result = run(["demo", "--no-tui", "--db", str(tmp_path / "demo.db")])
    assert result.exit_code == 0, result.output
    head = result.output.split("The compiled post, first lines")[1]
    assert "export 1 2 -f md --compile --status all --credit" in head
    assert "drafted by sample-drafts; not verified yet." in head
    assert "  ## [draft] H200 Cleared" in head
    assert "  *By Xinzhi Observatory (心智观察所) · Guancha (观察者网) · 10 December 2025*" in head
