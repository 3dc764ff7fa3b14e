"""`workbench accept / flag / undo` keep the review session's safety: QA errors and signed-off segments
need --force, a stale --expect-revision is refused, and the default reviewer is the session's."""

from __future__ import annotations

import pytest

from tests.tui.helpers import Reader, build, make_app, statuses_counted
from workbench.tui.screens.dialogs import ConfirmScreen


@pytest.fixture
def doc(tmp_path):
    db = tmp_path / "review.db"
    doc_id = build(db)  # segment 3's draft uses a forbidden rendering of 心智观察所: a QA error
    return db, doc_id, Reader(db, doc_id)


def test_accepting_a_draft_with_qa_errors_needs_force(doc, run_cli, db_state):
    db, _, read = doc
    before = db_state(db)
    refused = run_cli("accept", "1", "3", db=db)
    assert refused.exit_code == 1
    assert "segment 3 has 2 QA error(s)" in refused.stderr and "--force" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert db_state(db) == before and read.seg(3)["status"] == "translated"
    assert run_cli("accept", "1", "3", "--force", db=db).exit_code == 0
    assert read.seg(3)["status"] == "reviewed"


def test_a_correction_without_errors_needs_no_force(doc, run_cli):
    db, _, read = doc
    result = run_cli("accept", "1", "3", "--text", "Xinzhi Observatory believes the decision came too late.", db=db)
    assert result.exit_code == 0, result.output
    assert read.seg(3)["status"] == "reviewed"


@pytest.mark.parametrize("args", [["accept", "1", "2"], ["accept", "1", "2", "--text", "Nvidia welcomed it."],
                                  ["flag", "1", "2", "--note", "check"]])
def test_a_signed_off_segment_changes_only_with_force(doc, run_cli, db_state, args):
    db, _, read = doc
    assert run_cli("accept", "1", "2", db=db).exit_code == 0
    assert run_cli("signoff", "1", "--positions", "2", db=db).exit_code == 0
    before = db_state(db)
    refused = run_cli(*args, db=db)
    assert refused.exit_code == 1 and "signed off (final)" in refused.stderr
    assert db_state(db) == before and read.seg(2)["status"] == "final"
    assert run_cli(*args, "--force", db=db).exit_code == 0
    assert read.seg(2)["status"] in ("reviewed", "flagged")


def test_expect_revision_refuses_a_segment_someone_else_changed(doc, run_cli, db_state):
    db, _, read = doc
    assert run_cli("accept", "1", "2", "--expect-revision", "0", db=db).exit_code == 0
    before = db_state(db)
    stale = run_cli("accept", "1", "2", "--text", "My older view.", "--expect-revision", "0", db=db)
    assert stale.exit_code == 1 and "changed since you opened it" in stale.stderr
    assert db_state(db) == before
    assert run_cli("undo", "1", "2", "--expect-revision", "0", db=db).exit_code == 1
    assert run_cli("undo", "1", "2", "--expect-revision", "1", db=db).exit_code == 0
    assert read.seg(2)["status"] == "translated"


def test_the_cli_records_the_same_default_reviewer_as_the_review_session(doc, run_cli, tmp_path):
    db, _, read = doc
    assert run_cli("accept", "1", "2", env={"LOGNAME": "ed", "USER": "ed"}, db=db).exit_code == 0
    assert read.history(2)[-1]["reviewer"] == "ed"  # the login name, as the review session records it
    (tmp_path / "workbench.toml").write_text('[review]\nreviewer = "mei"\n', encoding="utf-8")
    assert run_cli("flag", "1", "2", "--note", "recheck", env={"LOGNAME": "ed", "USER": "ed"}, db=db).exit_code == 0
    assert read.history(2)[-1]["reviewer"] == "mei"


async def test_the_review_session_asks_before_changing_a_signed_off_segment(doc, run_cli):
    db, doc_id, read = doc
    assert run_cli("accept", "1", "1", db=db).exit_code == 0
    assert run_cli("signoff", "1", "--positions", "1", db=db).exit_code == 0
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("home", "a")
        assert isinstance(pilot.app.screen, ConfirmScreen)  # "Segment 1 is signed off (final). Accept it again?"
        await pilot.press("escape")
        await pilot.pause()
        assert read.seg(1)["status"] == "final"
        await pilot.press("a")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert read.seg(1)["status"] == "reviewed"
