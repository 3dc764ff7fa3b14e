"""`workbench documents`: every change shows in the next call although the counts and QA results are kept
between calls, `--json` prints what it printed before they were kept, and the table keeps one line per
document, aligned in terminal cells (Chinese titles too), without escape sequences."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from rich.cells import cell_len

from workbench import excerpts, review
from workbench.glossary import manage
from workbench.glossary.terms import Term
from workbench.positions import Positions
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store
from workbench.storage.segments import REVIEWED_SQL

SOURCES = ["英伟达将向中国出口H200芯片。", "特朗普在12月8日宣布了这一决定。", "华为的芯片仍然落后。",
           "英伟达将向中国出口H200芯片。"]
DRAFTS = ["Nvidia will export H200 chips to China.", "Trump announced the decision on 8 December.",
          "Huawei's chips still lag.", "Nvidia is going to sell H200 chips to China."]  # 1 and 4: inconsistent

# What `documents --json` printed before the counts were kept per document (the query of storage/progress.py
# then): the kept counts must print exactly this.
OLD_OVERVIEW = f"""
    WITH seg AS (
        SELECT s.document_id, s.id, s.excluded,
               EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NULL AND d.text IS NOT NULL) AS drafted,
               EXISTS (SELECT 1 FROM drafts d WHERE d.segment_id = s.id AND d.error IS NOT NULL) AS errored,
               r.status AS status,
               (SELECT max(d.created_at) FROM drafts d WHERE d.segment_id = s.id) AS drafted_at,
               r.updated_at AS reviewed_at
        FROM segments s LEFT JOIN reviews r ON r.segment_id = s.id
    )
    SELECT d.id, d.title, d.format, d.source_path, d.created_at,
           count(seg.id) AS segments,
           coalesce(sum(seg.drafted), 0) AS drafted,
           coalesce(sum(seg.errored AND NOT seg.drafted), 0) AS failed,
           coalesce(sum(seg.status IN {REVIEWED_SQL}), 0) AS reviewed,
           coalesce(sum(seg.status = 'flagged'), 0) AS flagged,
           coalesce(sum(seg.excluded), 0) AS left_out,
           max(d.created_at, coalesce(max(seg.drafted_at), ''), coalesce(max(seg.reviewed_at), '')) AS last_activity
    FROM documents d LEFT JOIN seg ON seg.document_id = d.id
    GROUP BY d.id ORDER BY d.id
"""


@pytest.fixture
def docs(store):
    """Two documents with drafts (the first has an inconsistency: a QA warning)."""
    ids = []
    for name in ("观察者网：英伟达将向中国出口H200芯片", "Chips"):
        doc_id, _ = doc_store.create(store, title=name, source_path=None, sha256=name, encoding="utf-8", fmt="txt",
                                     segments=[doc_store.NewSegment(1, s, list(s)) for s in SOURCES])
        for row, text in zip(seg_store.for_document(store, doc_id), DRAFTS):
            draft_store.add(store, row.id, engine="llm", model="m", text=text)
        ids.append(doc_id)
    return ids


def listed(run_cli, db=None) -> list[dict]:
    result = run_cli("documents", "--json", **({"db": db} if db else {}))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def from_scratch(db_path, tmp_path, run_cli) -> list[dict]:
    """`documents --json` on a copy of the database with nothing kept: every count and check done anew."""
    copy = tmp_path / "scratch.db"
    copy.unlink(missing_ok=True)
    with sqlite3.connect(db_path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
        for table in ("qa_results", "qa_documents", "qa_fresh", "document_progress"):
            dst.execute(f"DELETE FROM {table}")
    return listed(run_cli, db=copy)


def _edit(store, doc_id):
    review.accept(store, doc_id, 4, text="Nvidia will export H200 chips to China.")  # now consistent


def _review(store, doc_id):
    review.flag(store, doc_id, 2, note="check the date")


def _draft(store, doc_id):
    draft_store.add(store, seg_store.at(store, doc_id, 3).id, engine="llm", model="m", text="Huawei's 芯片 lag.")


def _failed_draft(store, doc_id):
    draft_store.add(store, seg_store.at(store, doc_id, 3).id, engine="llm", model="m", text=None, error="timeout")


def _exclusion(store, doc_id):
    excerpts.set_excluded(store, doc_id, True, positions=Positions.single(4))  # the inconsistency leaves


def _glossary(store, doc_id):
    manage.add_term(store, Term("芯片", "semiconductor"))  # every draft says "chips": an error each


@pytest.mark.parametrize("change", [_edit, _review, _draft, _failed_draft, _exclusion, _glossary],
                         ids=lambda f: f.__name__.strip("_"))
def test_a_change_shows_in_the_next_call(run_cli, db_path, tmp_path, store, docs, change):
    before = listed(run_cli)
    assert listed(run_cli) == before == from_scratch(db_path, tmp_path, run_cli)
    change(store, docs[0])
    after = listed(run_cli)
    assert after == from_scratch(db_path, tmp_path, run_cli) and after[0] != before[0]
    assert after[1] == before[1] or change is _glossary  # the other document is as it was


def test_the_json_is_what_it_was_before_anything_was_kept(run_cli, db_path, store, docs):
    review.accept(store, docs[0], 1)
    review.flag(store, docs[1], 2, note="why")
    first, again = (run_cli("documents", "--json").stdout for _ in range(2))
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute(OLD_OVERVIEW)]
    qa = json.loads(first)
    old = [{**r, "qa_errors": q["qa_errors"], "qa_warnings": q["qa_warnings"]} for r, q in zip(rows, qa)]
    assert first == again == json.dumps(old, ensure_ascii=False, indent=2) + "\n"
    assert qa[1]["qa_warnings"] >= 1 and (qa[0]["reviewed"], qa[1]["flagged"]) == (1, 1)


def _rows(table: str) -> list[str]:
    return [line for line in table.splitlines() if re.match(r" +\d+ ", line)]


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_the_table_keeps_one_aligned_line_per_document(run_cli, store, docs, columns):
    doc_store.create(store, title="A rather long English title about chips, export controls and the trade war",
                     source_path=None, sha256="long", encoding="utf-8", fmt="txt",
                     segments=[doc_store.NewSegment(1, "华为也好。", ["华为"])])
    table = run_cli("documents", env={"COLUMNS": str(columns)}).stdout
    lines = table.splitlines()
    assert lines[0] == "" and lines[1].split() == ["id", "title", "segments", "drafted", "failed", "reviewed",
                                                   "flagged", "QA", "errors", "last", "activity"]
    assert set(lines[2].strip()) == {"─"} and len(_rows(table)) == 3, table
    assert max(cell_len(line) for line in lines) <= columns, table
    # the columns after the title end at the same terminal cell on every line, whatever the title's script
    starts = {cell_len(line[:re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d$", line).start()]) for line in _rows(table)}
    assert len(starts) == 1, table
    titles = [re.match(r" +\d+ (.*?) +\d+ +\d+ +\d+", line).group(1) for line in _rows(table)]
    if columns >= 160:
        assert titles[0] == "观察者网：英伟达将向中国出口H200芯片" and titles[2].endswith("trade war")
    else:
        assert titles[2].endswith("…") and "A rather long English title".startswith(titles[2][:-1][:27])


def test_the_table_shows_escapes_in_titles_visibly(run_cli, store):
    doc_store.create(store, title="red \x1b[31malert\x1b[0m\x07", source_path=None, sha256="x", encoding="utf-8",
                     fmt="txt", segments=[doc_store.NewSegment(1, "华为也好。", ["华为"])])
    out = run_cli("documents", env={"COLUMNS": "160"}).output
    assert "\x1b" not in out and "\x07" not in out and "red ␛[31malert␛[0m␇" in out

