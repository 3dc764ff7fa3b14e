"""The review decisions as library calls and on the command line (workbench accept / flag / undo)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tui.helpers import Reader, build
from workbench import review
from workbench.cli import cli
from workbench.errors import ConflictError, WorkbenchError
from workbench.positions import Positions
from workbench.storage import open_store


@pytest.fixture
def doc(tmp_path):
    db = tmp_path / "review.db"
    doc_id = build(db)
    return db, doc_id, Reader(db, doc_id)


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def digest(db: Path) -> str:
    """The database's content (not its file bytes: WAL may checkpoint)."""
    store = open_store(db)
    try:
        dump = "\n".join(store.conn.iterdump())
    finally:
        store.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def test_accept_takes_the_draft(doc):
    db, doc_id, read = doc
    result = run(db, "accept", str(doc_id), "2", "--reviewer", "mei")
    assert result.exit_code == 0, result.output
    assert "segment 2: reviewed" in result.output
    assert "repetition" in result.output  # segment 5 is the same sentence
    seg = read.seg(2)
    assert (seg["status"], seg["target"], seg["reviewer"]) == ("reviewed", "Nvidia welcomed the decision.", "mei")
    assert read.seg(5)["draft"] == "Nvidia welcomed the decision."


def test_accept_with_text_saves_a_correction(doc):
    db, doc_id, read = doc
    result = run(db, "accept", "review", "3", "--text", "Xinzhi Observatory thinks it came too late.", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["corrected"] is True and out["status"] == "reviewed"
    assert read.seg(3)["target"] == "Xinzhi Observatory thinks it came too late."
    assert read.history(3)[-1]["action"] == "correct"


def test_flag_and_undo(doc):
    db, doc_id, read = doc
    assert run(db, "flag", str(doc_id), "4", "--note", "check the ministry's name").exit_code == 0
    assert (read.seg(4)["status"], read.seg(4)["note"]) == ("flagged", "check the ministry's name")
    result = run(db, "undo", str(doc_id), "4")
    assert result.exit_code == 0, result.output
    assert read.seg(4)["status"] == "translated"


@pytest.mark.parametrize("args, message", [
    (["accept", "99", "1"], "no document '99'"),
    (["accept", "1", "7"], "no segment at position 7"),
    (["accept", "1", "0"], "no segment at position 0"),
    (["accept", "1", "2", "--text", "   "], "--text is empty"),
    (["accept", "1", "6"], "no draft to accept"),
    (["flag", "1", "2", "--note", " "], "needs a note"),
    (["flag", "nosuchdoc", "2", "--note", "x"], "no document 'nosuchdoc'"),
    (["undo", "1", "2"], "no decision to undo"),
])
def test_bad_input_is_one_line_and_changes_nothing(doc, args, message):
    db, doc_id, read = doc
    before = digest(db)
    result = run(db, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert digest(db) == before


def test_flag_needs_note_option(doc):
    db, doc_id, read = doc
    result = run(db, "flag", "1", "2")
    assert result.exit_code == 2 and "--note" in result.output


def test_every_review_command_has_an_example():
    for name in ("review", "accept", "flag", "undo"):
        assert "Example:" in cli.get_command(None, name).help


def test_a_stale_revision_raises_conflict_and_writes_nothing(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        review.accept(store, doc_id, 2, based_on=0)
        with pytest.raises(ConflictError) as info:
            review.accept(store, doc_id, 2, text="Another text.", based_on=0)
        assert info.value.current_target == "Nvidia welcomed the decision."
        assert info.value.current_revision == 1
    finally:
        store.close()
    assert len(read.history(2)) == 1


def test_reviewed_sentences_are_not_overwritten_by_repetition_proposals(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        review.accept(store, doc_id, 5, text="Nvidia said it welcomed the decision.")
        decision = review.accept(store, doc_id, 2)
    finally:
        store.close()
    assert decision.proposed == []
    assert read.seg(5)["target"] == "Nvidia said it welcomed the decision."


def test_session_rows_agree_with_the_segment_view(doc):
    db, doc_id, read = doc
    store = open_store(db)
    try:
        review.flag(store, doc_id, 1, note="title")
        rows = review.session_rows(store, doc_id)
        from workbench.storage import segments as seg_store

        full = seg_store.for_document(store, doc_id)
        keys = ("position", "source", "draft", "draft_error", "status", "target", "revision", "note")
        assert [{k: r[k] for k in keys} for r in rows] == [{k: r[k] for k in keys} for r in full]
        assert [r["position"] for r in review.session_rows(store, doc_id, Positions.of([(4, 4), (2, 2)]))] == [2, 4]
    finally:
        store.close()


def test_review_settings_come_from_workbench_toml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    assert review.ReviewSettings.load().confirm_errors is True
    (tmp_path / "workbench.toml").write_text('[review]\nconfirm_errors = false\nreviewer = "mei"\n')
    settings = review.ReviewSettings.load()
    assert (settings.confirm_errors, settings.reviewer) == (False, "mei")


def test_review_command_refuses_an_unknown_document(doc):
    db, doc_id, read = doc
    result = run(db, "review", "42")
    assert result.exit_code == 1 and "no document '42'" in result.output


def test_review_app_refuses_a_missing_database(tmp_path):
    from workbench.tui.app import ReviewApp

    with pytest.raises(WorkbenchError, match="no database"):
        ReviewApp(tmp_path / "none.db", 1)
    assert not (tmp_path / "none.db").exists()
