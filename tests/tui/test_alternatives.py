"""Alternative drafts in the review session: shown under the draft with engine and model, the words
where they differ from the draft marked, and `x` takes one into the editor (saving stores it)."""

from __future__ import annotations

from tests.tui.helpers import ALTERNATIVES, add_alternatives, make_app, statuses_counted
from workbench.tui.findings import DIFF_STYLE, DROPPED_MARK, word_diff
from workbench.tui.screens.dialogs import ChoiceScreen, ConfirmScreen
from workbench.tui.screens.review import ReviewScreen


def differences(text) -> list[str]:
    return [text.plain[s.start:s.end] for s in text.spans if str(s.style) == DIFF_STYLE]


def test_word_diff_marks_the_words_the_draft_does_not_have_and_where_words_are_left_out():
    text = word_diff("The US Department of Commerce has not yet responded.",
                     "The Commerce Department has not responded.")
    assert text.plain == f"The Commerce Department {DROPPED_MARK}has not {DROPPED_MARK}responded."
    assert differences(text) == ["Commerce"]  # in place of "US"; "of Commerce" and "yet" left out
    assert differences(word_diff("Same words here.", "Same  words here.")) == []  # spacing is not a difference
    shown = word_diff("A clean draft.", "A \x1b[31mred\x1b[0m draft.")
    assert "\x1b" not in shown.plain and "␛" in shown.plain  # escapes made visible, as everywhere


async def test_alternatives_show_under_the_draft_with_engine_model_and_differences(doc):
    db, doc_id, read = doc
    add_alternatives(db, doc_id, ALTERNATIVES)
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        pane = app.screen.pane
        assert not pane.query_one("#seg-alternatives").display  # segment 1 has none
        await pilot.press("j", "j")
        shown = pane.query_one("#seg-alternatives")
        assert shown.display
        lines = str(shown.content).splitlines()
        assert lines[0].startswith("Alt 1 (deepl): Xinzhi Observatory believes")
        assert lines[1].startswith("Alt 2 (llm qwen2.5-7b): The Xinzhi Observatory thinks that")
        assert differences(shown.content) == ["Xinzhi Observatory", "Xinzhi Observatory thinks that"]


async def test_x_takes_the_alternative_into_the_editor_and_saving_stores_it_as_the_target(doc):
    db, doc_id, read = doc
    add_alternatives(db, doc_id, ALTERNATIVES)
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "j", "x")  # segment 4: one alternative, taken at once
        screen = app.screen
        assert screen.editing and screen.pane.target.text == "The Commerce Department has not responded yet."
        assert "deepl" in str(screen.pane.target.border_title)
        await pilot.press("ctrl+s")
        assert not screen.editing
    seg = read.seg(4)
    assert (seg["status"], seg["target"]) == ("reviewed", "The Commerce Department has not responded yet.")
    assert read.history(4)[-1]["action"] == "correct"


async def test_with_several_alternatives_x_lets_the_reviewer_choose_one(doc):
    db, doc_id, read = doc
    add_alternatives(db, doc_id, ALTERNATIVES)
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "x")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.editing
        assert screen.pane.target.text == "The Xinzhi Observatory thinks that the decision came too late."
        await pilot.press("ctrl+z")  # undo brings back what the editor held
        assert screen.pane.target.text == "The Mind Observation Institute believes the decision came too late."
        await pilot.press("ctrl+y", "ctrl+s")
    assert read.seg(3)["target"] == "The Xinzhi Observatory thinks that the decision came too late."


async def test_leaving_after_taking_an_alternative_asks_and_stores_nothing(doc):
    db, doc_id, read = doc
    add_alternatives(db, doc_id, ALTERNATIVES)
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "x", "escape")  # the choice cancelled: no editor
        assert isinstance(app.screen, ReviewScreen) and not app.screen.editing
        await pilot.press("x", "enter", "escape")  # the first one taken, then leaving the editor
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert not app.screen.editing
        await pilot.press("k", "x")  # segment 2 has none: a message, no editor
        assert not app.screen.editing
        assert any("no alternative drafts" in n.message for n in app._notifications)
    assert read.seg(3)["status"] == "translated" and read.history(3) == []
