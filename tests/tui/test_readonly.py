"""A database that cannot be written: the review session says so in one line and stays open; nothing
is half-saved. `workbench review` without a terminal says so instead of hanging."""

from __future__ import annotations

from tests.helpers import unwritable
from tests.tui.helpers import Reader, build, make_app, statuses_counted


async def test_accepting_in_a_read_only_database_is_one_line_and_the_session_stays(tmp_path):
    db = tmp_path / "review.db"
    doc_id = build(db)
    before = Reader(db, doc_id).statuses()
    with unwritable(db, 0o444):
        app = make_app(db, doc_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await statuses_counted(pilot)
            await pilot.press("a")
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert any("read-only: nothing was saved" in m for m in messages), messages
            assert app.is_running  # still reviewing; the reviewer can quit or copy their text
    assert Reader(db, doc_id).statuses() == before


def test_review_without_a_terminal_says_so_instead_of_hanging(tmp_path, run_cli):
    db = tmp_path / "review.db"
    build(db)
    result = run_cli("review", "1", db=db)  # CliRunner's stdin and stdout are not terminals
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr and len(result.stderr.strip().splitlines()) == 1


async def test_a_title_with_escape_sequences_is_shown_visibly(tmp_path):
    from workbench.storage import open_store
    from workbench.tui.screens.statistics import StatisticsScreen

    db = tmp_path / "review.db"
    doc_id = build(db)
    store = open_store(db)
    store.execute("UPDATE documents SET title = ? WHERE id = ?", ("news\x1b]0;owned\x07", doc_id))
    store.close()
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        header = str(app.screen.query_one("#header").render()) if app.screen.query("#header") else ""
        shown = header or "".join(str(w.render()) for w in app.screen.query("Static"))
        assert "\x1b" not in shown and "␛]0;owned␇" in shown
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        title = str(app.screen.query_one("#stats-title").render())
        assert "\x1b" not in title and "␛]0;owned␇" in title
