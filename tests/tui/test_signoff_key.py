"""F signs off the focused reviewed segment (status final); u takes it back to reviewed."""

from __future__ import annotations

from tests.tui.helpers import make_app
from workbench.tui.screens.help import HelpScreen


async def test_shift_f_signs_off_a_reviewed_segment_and_u_restores_reviewed(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("F")  # segment 1 is only drafted: nothing happens
        assert read.seg(1)["status"] == "translated"
        await pilot.press("a", "k", "F")
        assert read.seg(1)["status"] == "final"
        assert pilot.app.screen.row["status"] == "final"
        await pilot.press("u")
        assert read.seg(1)["status"] == "reviewed"
    seg = read.seg(1)
    assert (seg["target"], seg["reviewer"]) == ("Chip exports", "editor")
    assert [h["action"] for h in read.history(1)] == ["accept", "sign-off", "undo"]


async def test_sign_off_is_in_the_palette_and_the_help(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Sign off" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert any("sign off" in what for key, what in app.screen.keys)
