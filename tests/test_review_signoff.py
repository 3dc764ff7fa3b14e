"""Sign-off: reviewed segments become final (library call and `workbench signoff`), one revision each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tui.helpers import Reader, build
from workbench import review  # noqa: E402
from workbench.cli import cli  # noqa: E402
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.export import export  # noqa: E402
from workbench.storage import open_store  # noqa: E402


@pytest.fixture
def doc(tmp_path):
    """The six-segment test article: 1-3 reviewed (by mei), 4 flagged, 5 drafted, 6 draft failed."""
    db = tmp_path / "review.db"
    doc_id = build(db)
    store = open_store(db)
    try:
        for position in (1, 2, 3):
            review.accept(store, doc_id, position, reviewer="mei", force=True)
        review.flag(store, doc_id, 4, note="check the ministry's name", reviewer="mei")
    finally:
        store.close()
    return db, doc_id, Reader(db, doc_id)


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_sign_off_makes_reviewed_segments_final_and_reports_the_rest(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        done = review.sign_off(store, doc_id, reviewer="lead")
    finally:
        store.close()
    assert (done.signed, done.flagged, done.not_reviewed, done.already_final) == ([1, 2, 3], [4], [5, 6], [])
    assert read.statuses() == {1: "final", 2: "final", 3: "final", 4: "flagged", 5: "translated", 6: "initial"}
    seg = read.seg(2)
    assert (seg["target"], seg["reviewer"]) == ("Nvidia welcomed the decision.", "lead")
    assert [(h["action"], h["status"]) for h in read.history(2)] == [("accept", "reviewed"), ("sign-off", "final")]
    assert [h["action"] for h in read.history(4)] == ["flag"]  # left alone: no revision written


def test_sign_off_without_a_name_keeps_the_reviewer_and_undo_restores_reviewed(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        review.sign_off(store, doc_id, [2])
        assert read.seg(2)["reviewer"] == "mei"
        decision = review.undo(store, doc_id, 2)
    finally:
        store.close()
    assert decision.status == "reviewed"
    assert (read.seg(2)["status"], read.seg(2)["target"]) == ("reviewed", "Nvidia welcomed the decision.")


def test_final_segments_export_like_reviewed_ones(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        review.sign_off(store, doc_id, [1, 2])
        tmx = export(store, doc_id, "tmx")
    finally:
        store.close()
    assert "Nvidia welcomed the decision." in tmx and "Chip exports" in tmx
    assert tmx.count('<prop type="x-status">final</prop>') == 2


def test_sign_off_one_refuses_what_is_not_reviewed(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        with pytest.raises(WorkbenchError, match="segment 4 is flagged"):
            review.sign_off_one(store, doc_id, 4)
        review.sign_off_one(store, doc_id, 1)
        with pytest.raises(WorkbenchError, match="already final"):
            review.sign_off_one(store, doc_id, 1)
    finally:
        store.close()
    assert [h["action"] for h in read.history(1)] == ["accept", "sign-off"]


def test_cli_signs_off_a_range_and_lists_what_it_left(doc):
    db, doc_id, read = doc
    result = run(db, "signoff", str(doc_id), "--positions", "2-5", "--reviewer", "lead")
    assert result.exit_code == 0, result.output
    assert "signed off 2 segment(s) of document 1 as final: 2-3" in result.output
    assert "left 1 flagged: 4" in result.output and "left 1 not reviewed yet: 5" in result.output
    assert read.statuses()[1] == "reviewed"  # outside the range
    result = run(db, "signoff", str(doc_id), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"document": doc_id, "signed_off": [1], "already_final": [2, 3],
                                         "flagged": [4], "not_reviewed": [5, 6]}


@pytest.mark.parametrize("args, message", [
    (["signoff", "99"], "no document '99'"),
    (["signoff", "1", "--positions", "4-6"], "nothing to sign off: no reviewed segments (1 flagged, 2 not reviewed yet)"),
    (["signoff", "1", "--positions", "3-9"], "no segment at position(s) 7, 8, 9"),
    (["signoff", "1", "--positions", "0"], "use positions like 3-9"),
])
def test_bad_input_is_one_line_and_leaves_the_database_unchanged(doc, db_state, args, message):
    db, doc_id, read = doc
    before = db_state(db)
    result = run(db, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert db_state(db) == before


def test_signing_off_twice_says_everything_is_final(doc, db_state):
    db, doc_id, read = doc
    assert run(db, "signoff", "1", "--positions", "1-3").exit_code == 0
    before = db_state(db)
    result = run(db, "signoff", "1", "--positions", "1-3")
    assert result.exit_code == 1
    assert "nothing to sign off: all 3 segments are already final" in result.output
    assert db_state(db) == before


def test_signoff_help_has_an_example():
    assert "Example:" in cli.get_command(None, "signoff").help
