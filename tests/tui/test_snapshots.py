"""Snapshots of the review screens at 80×24 (the smallest supported terminal) and one wide layout.

Update after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.helpers import build, make_app, statuses_counted


async def counted(pilot) -> None:
    """Wait for the background count of statuses, so the progress line is always the same."""
    await statuses_counted(pilot)


def settled(*keys: str):
    """Press the keys, then wait until every worker (live QA, counts) is done and the screen has
    caught up: on a loaded machine a snapshot taken right after the keys can miss the last update."""

    async def run(pilot) -> None:
        await statuses_counted(pilot)
        for key in keys:
            await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run


@pytest.fixture
def app(tmp_path):
    db = tmp_path / "review.db"
    return make_app(db, build(db))


def test_main_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=counted)


def test_main_screen_wide(app, snap_compare):
    assert snap_compare(app, terminal_size=(130, 30), run_before=settled("j", "j"))


def test_editor(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled("j", "j", "e"))


def test_help(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled("question_mark"))


def test_glossary_dialog(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled("j", "j", "g"))


def test_add_term_dialog(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled("end", "t", *"分析人士"))
