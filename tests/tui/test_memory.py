"""The translation memory in the review session: the focused segment's matches with score, origin and
the source differences marked; `p` takes a match into the editor (saving stores it); `C` searches the
concordance."""

from __future__ import annotations

from tests.memory.helpers import tmx
from tests.tui.helpers import make_app, statuses_counted
from workbench.memory import manage
from workbench.storage import open_store
from workbench.tui.screens.dialogs import AskScreen, ChoiceScreen
from workbench.tui.screens.memory import ConcordanceScreen
from workbench.tui.screens.review_memory import CHANGED_STYLE


def _memory(db, tmp_path, units):
    store = open_store(db)
    try:
        manage.import_tmx(store, tmx(tmp_path / "house.tmx", units))
    finally:
        store.close()


async def _settled(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _changed(text) -> list[str]:
    return [text.plain[s.start:s.end] for s in text.spans if str(s.style) == CHANGED_STYLE]


async def test_matches_show_score_origin_and_differences_and_p_takes_the_best(doc, tmp_path):
    db, doc_id, read = doc
    # segment 4 is 美国商务部尚未回应。
    _memory(db, tmp_path, [("zh-CN", "美国商务部至今尚未回应。", "en", "The Commerce Department has still not responded."),
                           ("zh-CN", "无关的句子。", "en", "Unrelated.")])
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "j")
        await _settled(pilot)
        box = app.screen.pane.query_one("#seg-matches")
        assert box.display
        lines = str(box.content).splitlines()
        assert lines[0].startswith("TM 1  81% fuzzy · memory house · ")  # 2 of 11 characters inserted
        assert lines[1:3] == ["美国商务部至今尚未回应。", "The Commerce Department has still not responded."]
        assert _changed(box.content) == ["至今"]
        await pilot.press("p")
        screen = app.screen
        assert screen.editing and screen.pane.target.text == "The Commerce Department has still not responded."
        assert "TM 81%" in str(screen.pane.target.border_title)
        await pilot.press("ctrl+s")
        assert not screen.editing
    seg = read.seg(4)
    assert (seg["status"], seg["target"]) == ("reviewed", "The Commerce Department has still not responded.")


async def test_a_reviewed_segment_is_offered_to_its_repetition_elsewhere_and_several_matches_are_chosen(doc, tmp_path):
    db, doc_id, read = doc
    _memory(db, tmp_path, [("zh-CN", "美国商务部尚未作出回应。", "en", "The Commerce Department has not yet replied.")])
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "j", "e")
        app.screen.pane.target.load_text("The US Department of Commerce has yet to respond.")
        await pilot.press("ctrl+s")  # segment 4 reviewed: now part of the memory
    app = make_app(db, doc_id)
    store = open_store(db)
    try:
        from workbench.memory import matches
        found = matches.find(store, "美国商务部尚未回应。", minimum=75)
    finally:
        store.close()
    assert [m.unit.target for m in found] == ["The US Department of Commerce has yet to respond.",
                                              "The Commerce Department has not yet replied."]
    async with app.run_test(size=(100, 40)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "j")  # segment 4: its own review is not its match; the memory unit is
        await _settled(pilot)
        assert str(app.screen.pane.query_one("#seg-matches").content).startswith("TM 1  81% fuzzy · memory house")


async def test_p_with_several_matches_lets_the_reviewer_choose(doc, tmp_path):
    db, doc_id, read = doc
    _memory(db, tmp_path, [("zh-CN", "美国商务部至今尚未回应。", "en", "The Commerce Department has still not responded."),
                           ("zh-CN", "美国商务部尚未作出回应。", "en", "The Commerce Department has not yet replied.")])
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "j")
        await _settled(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, ChoiceScreen)
        second = str(app.screen.options[1][1]).rsplit(": ", 1)[1]
        await pilot.press("2")
        assert app.screen.pane.target.text == second
        await pilot.press("ctrl+s")
    assert read.seg(4)["target"] == second
    assert read.seg(4)["status"] == "reviewed"


async def test_p_without_a_match_says_so_and_changes_nothing(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await statuses_counted(pilot)
        await _settled(pilot)
        assert not app.screen.pane.query_one("#seg-matches").display
        await pilot.press("p")
        assert not app.screen.editing
    assert read.seg(1)["status"] == "translated"


async def test_C_searches_the_concordance(doc, tmp_path):
    db, doc_id, read = doc
    _memory(db, tmp_path, [("zh-CN", "美国商务部至今尚未回应。", "en", "The Commerce Department has still not responded.")])
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("C")
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"商务部", "enter")
        await _settled(pilot)
        for _ in range(50):
            if isinstance(app.screen, ConcordanceScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, ConcordanceScreen)
        shown = str(app.screen.query_one("#concordance-text").content)
        assert "memory house" in shown and "The Commerce Department has still not responded." in shown
        assert "document 1" in shown  # the document's own sentence too
        await pilot.press("escape")
        assert not isinstance(app.screen, ConcordanceScreen)
