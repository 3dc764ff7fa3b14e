"""Nothing is lost: decisions survive a restart, and two sessions on one database never overwrite
each other silently."""

from __future__ import annotations

from tests.tui.helpers import make_app, statuses_counted
from workbench.tui.screens.dialogs import ConflictScreen
from workbench.tui.screens.review import ReviewScreen


async def test_decisions_survive_a_restart_and_the_session_resumes(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("a")  # 1 accepted
        await pilot.press("f", *"look", "enter")  # 2 flagged
        await pilot.press("e", "backspace", *" (e)", "ctrl+s", "y")  # 3 corrected (QA error: confirmed)
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)  # the statuses are counted in the background
        screen = app.screen
        assert screen.row["position"] == 4  # the first segment nobody has decided
        assert screen.session.counts.reviewed == 2 and screen.session.counts.flagged == 1
        assert screen.session.row(3)["target"].endswith("(e)")
    assert read.statuses() == {1: "reviewed", 2: "flagged", 3: "reviewed", 4: "translated", 5: "translated",
                               6: "initial"}


async def test_a_stale_save_shows_the_other_text_and_keeps_it_unless_the_reviewer_chooses(doc):
    db, doc_id, read = doc
    first, second = make_app(db, doc_id), make_app(db, doc_id)
    async with first.run_test(size=(100, 30)) as one, second.run_test(size=(100, 30)) as two:
        await two.press("e", *" (second)")  # the second editor opens segment 1 first
        await one.press("e", *" (first)", "ctrl+s")  # …the first saves it meanwhile
        assert read.seg(1)["target"] == "Chip exports (first)"
        await two.press("ctrl+s")
        assert isinstance(second.screen, ConflictScreen)
        assert "Chip exports (first)" in str(second.screen.query_one("#theirs").content)
        assert read.seg(1)["target"] == "Chip exports (first)"  # nothing overwritten
        await two.press("escape")  # back to the editor, still holding the second text
        assert second.screen.editing and second.screen.pane.target.text.endswith("(second)")
        await two.press("ctrl+s")  # a knowing save, based on the revision now seen
    assert read.seg(1)["target"] == "Chip exports (second)"
    assert [h["target"] for h in read.history(1)] == ["Chip exports (first)", "Chip exports (second)"]


async def test_taking_their_text_leaves_the_database_as_the_other_session_wrote_it(doc):
    db, doc_id, read = doc
    first, second = make_app(db, doc_id), make_app(db, doc_id)
    async with first.run_test(size=(100, 30)) as one, second.run_test(size=(100, 30)) as two:
        await one.press("a")
        await two.press("a")  # stale: the second session still thinks segment 1 is undecided
        assert isinstance(second.screen, ConflictScreen)
        await two.press("t")
        assert isinstance(second.screen, ReviewScreen)
        assert second.screen.session.row(1)["status"] == "reviewed"
    assert len(read.history(1)) == 1


async def test_moving_onto_a_segment_shows_what_another_session_decided(doc):
    db, doc_id, read = doc
    first, second = make_app(db, doc_id), make_app(db, doc_id)
    async with first.run_test(size=(100, 30)) as one, second.run_test(size=(100, 30)) as two:
        await one.press("j", "f", *"term", "enter")
        await two.press("j")
        assert second.screen.row["status"] == "flagged"
        assert "term" in str(second.screen.query_one("#seg-head").content)
