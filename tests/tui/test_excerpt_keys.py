"""minus leaves the focused segment out of the excerpt (and back in), P its whole paragraph, N writes
the editor's note; left-out segments are dimmed, skipped by n and not counted as waiting."""

from __future__ import annotations

from tests.tui.helpers import make_app, statuses_counted
from workbench import excerpts
from workbench.storage import open_store


def _notes(db, doc_id):
    store = open_store(db)
    try:
        return excerpts.notes(store, doc_id)
    finally:
        store.close()


async def test_minus_leaves_a_segment_out_and_takes_it_back(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        screen = pilot.app.screen
        assert screen.row["position"] == 1
        await pilot.press("minus")
        assert read.seg(1).excluded
        assert screen.session.counts.left_out == 1 and screen.session.counts.total == 5
        assert "left out 1" in str(screen.query_one("#progress").render())
        line = screen.segments.render_line(0)
        assert all(seg.style.dim for seg in line if seg.text.strip())  # dimmed (app.tcss)
        await pilot.press("minus")
        assert not read.seg(1).excluded
        assert screen.session.counts.left_out == 0
    assert [(h["action"], h["reviewer"]) for h in read.history(1)] == [("exclude", "editor"), ("include", "editor")]


async def test_shift_p_leaves_the_paragraph_out_and_n_skips_it(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        screen = pilot.app.screen
        await pilot.press("j", "P")  # segment 2: its paragraph holds segments 2-4
        assert [read.seg(p).excluded for p in range(1, 7)] == [False, True, True, True, False, False]
        await pilot.press("k", "a")  # accept segment 1: the next needing review is 5, not 2
        assert read.seg(1).status == "reviewed"
        assert screen.row["position"] == 5
        await pilot.press("k", "k", "P")  # segment 3 (left out): the whole paragraph comes back
        assert [read.seg(p).excluded for p in range(2, 5)] == [False, False, False]


async def test_shift_n_writes_the_note_and_a_lone_dash_deletes_it(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("N")
        await pilot.press(*"Guancha's tech column.")
        await pilot.press("enter")
        assert _notes(db, doc_id)[1]["text"] == "Guancha's tech column."
        assert _notes(db, doc_id)[1]["author"] == "editor"
        assert "footnote: Guancha's tech column." in str(pilot.app.screen.query_one("#seg-head").render())
        await pilot.press("N", "ctrl+a", "ctrl+k", "minus", "enter")
        assert _notes(db, doc_id) == {}
