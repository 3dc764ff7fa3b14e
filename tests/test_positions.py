"""Positions as ranges: `--positions 1-300000000` is two numbers, not 300 million; numbers too large for
any document (or for SQLite) are one line; more segments than SQLite's variable limit still work."""

from __future__ import annotations

import json

import pytest

from tests.tui.helpers import build
from workbench import review, verify
from workbench.errors import WorkbenchError
from workbench.positions import MAX_POSITION, Positions
from workbench.storage import documents as doc_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store
from workbench.storage.documents import NewParagraph, NewSegment


def test_ranges_are_merged_and_never_expanded():
    p = Positions.parse("12, 3-9,8-10,11")
    assert p.ranges == ((3, 12),)
    assert 3 in p and 12 in p and 13 not in p and 2 not in p
    huge = Positions.parse("1-300000000")
    assert huge.ranges == ((1, 300_000_000),) and 299_999_999 in huge
    assert str(Positions.parse("5,1-3")) == "1-3,5"
    assert huge.beyond(6).ranges == ((7, 300_000_000),)


@pytest.mark.parametrize("text, message", [
    ("0", "use positions like"), ("3-", "use positions like"), ("-3", "use positions like"), ("a-b", "use positions like"),
    ("9-3", "runs backwards"), ("99999999999999999999999", "no document has a position above"),
    ("1-99999999999999999999", "no document has a position above"), (str(MAX_POSITION + 1), "no document has a position above"),
])
def test_bad_positions_say_what_is_wrong(text, message):
    with pytest.raises(WorkbenchError, match=message):
        Positions.parse(text)


@pytest.fixture
def doc(tmp_path):
    db = tmp_path / "review.db"
    return db, build(db)


@pytest.mark.parametrize("args", [
    ["segments", "1", "--positions", "2-300000000", "--json"],
    ["check", "1", "--positions", "2-300000000", "--json"],
])
def test_a_range_far_past_the_end_costs_nothing(doc, run_cli, args):
    db, _ = doc
    result = run_cli(*args, db=db)
    assert result.exit_code in (0, 1), result.output  # check exits 1 when it finds errors
    out = json.loads(result.stdout)
    positions = [s["position"] for s in out] if isinstance(out, list) else [i["position"] for i in out["issues"]]
    assert positions and min(positions) >= 2


@pytest.mark.parametrize("args, message", [
    (["segments", "99999999999999999999999"], "no document '99999999999999999999999'"),
    (["accept", "1", "99999999999999999999"], "no document has a position above"),
    (["flag", "1", "99999999999999999999", "--note", "x"], "no document has a position above"),
    (["segments", "1", "--positions", "1-99999999999999999999"], "no document has a position above"),
    (["signoff", "1", "--positions", "1-300000000"], "no segment at position(s) 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 …"),
])
def test_numbers_too_large_are_one_line_and_change_nothing(doc, run_cli, db_state, args, message):
    db, _ = doc
    before = db_state(db)
    result = run_cli(*args, db=db)
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 2  # the error, and at most click's usage hint
    assert db_state(db) == before


def test_more_segments_than_sqlite_variables_in_one_range(tmp_path):
    # SQLite allows 250,000 variables in a statement: a range is two of them, however long.
    store = open_store(tmp_path / "big.db")
    count = 250_010
    records = [NewParagraph(1, "paragraph", "", "")] + [NewSegment(paragraph=1, source=f"第{i}句。", tokens=[f"第{i}句", "。"])
                                                       for i in range(count)]
    doc_id, stored = doc_store.create(store, title="big", source_path=str(tmp_path / "big.txt"), sha256="x" * 64,
                                      encoding="utf-8", fmt="txt", segments=iter(records), meta={})
    assert stored == count
    rows = seg_store.for_document(store, doc_id, Positions.parse(f"2-{count}"))
    assert len(rows) == count - 1 and rows[0].position == 2
    assert len(review.session_rows(store, doc_id, Positions.parse(f"1-{count}"))) == count
    store.close()


def test_hundreds_of_ranges_are_filtered_without_one_variable_each(doc):
    db, doc_id = doc
    store = open_store(db)
    many = Positions.parse(",".join(str(p) for p in range(1, 1200, 2)))  # 600 ranges
    assert [r.position for r in seg_store.for_document(store, doc_id, many)] == [1, 3, 5]
    assert sorted(verify.check_document(store, doc_id, positions=many).found) == [1, 3, 5]
    store.close()
