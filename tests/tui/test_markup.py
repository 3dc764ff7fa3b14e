"""Inline markup in the review session: shown compactly (a link is its words styled as a link), edited as
short placeholders, put back on save; a save that breaks a placeholder is refused with a clear message."""

from __future__ import annotations

from tests.tui.helpers import Reader, build, make_app
from workbench.tui.screens.dialogs import ConfirmScreen

ARTICLE = "# 标题\n\n详见[观察者网](https://www.guancha.cn/a.html)，这个**很重要**。\n"
DRAFTS = {1: "Title", 2: "See [Guancha](https://www.guancha.cn/a.html); this **matters**."}


def _doc(tmp_path):
    db = tmp_path / "review.db"
    doc_id = build(db, ARTICLE, drafts=DRAFTS, failed={}, terms=[])
    return db, doc_id, Reader(db, doc_id)


async def test_a_link_shows_as_its_words_styled_as_a_link_not_its_address(tmp_path):
    db, doc_id, read = _doc(tmp_path)
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        current = pilot.app.screen.pane.current.content
        assert current.plain == "See Guancha; this matters."
        styles = {current.plain[s.start:s.end]: str(s.style) for s in current.spans}
        assert "underline" in styles["Guancha"] and "bold" in styles["matters"]
        source = pilot.app.screen.query_one("#seg-source").content
        assert "https://" not in source.plain and "观察者网" in source.plain


async def test_editing_around_the_markup_keeps_it(tmp_path):
    db, doc_id, read = _doc(tmp_path)
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "e")
        area = pilot.app.screen.pane.target
        assert area.text == "See {1}Guancha{/1}; this {2}matters{/2}."
        area.load_text("See the {1}Guancha report{/1}: this {2}really matters{/2}.")
        await pilot.press("ctrl+s")
        assert not pilot.app.screen.editing
    assert read.seg(2)["target"] == "See the [Guancha report](https://www.guancha.cn/a.html): this **really matters**."


async def test_a_save_that_breaks_a_placeholder_is_refused_and_nothing_is_stored(tmp_path):
    db, doc_id, read = _doc(tmp_path)
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "e")
        screen = pilot.app.screen
        screen.pane.target.load_text("See {1}Guancha; this {2}matters{/2}.")  # half of the link's pair deleted
        await pilot.press("ctrl+s")
        assert screen.editing
        assert any("Not saved: placeholder {/1} missing" in n.message for n in pilot.app._notifications)
        # deleting a pair whole is a choice the editor may make: the markup check asks first
        screen.pane.target.load_text("See Guancha; this {2}matters{/2}.")
        await pilot.press("ctrl+s")
        assert isinstance(pilot.app.screen, ConfirmScreen) and "link of the source missing" in str(pilot.app.screen.question)
        await pilot.press("y")
        assert not screen.editing
    assert read.seg(2)["target"] == "See Guancha; this **matters**."
