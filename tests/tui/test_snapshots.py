"""Snapshots of the review screens at 80×24 (the smallest supported terminal) and one wide layout.

Update after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.helpers import build, make_app, statuses_counted


async def counted(pilot) -> None:
    """Wait for the background count of statuses, so the progress line is always the same."""
    await statuses_counted(pilot)


@pytest.fixture
def app(tmp_path):
    db = tmp_path / "review.db"
    return make_app(db, build(db))


def test_main_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=counted)


def test_main_screen_wide(app, snap_compare):
    assert snap_compare(app, press=["j", "j"], terminal_size=(130, 30), run_before=counted)


def test_editor(app, snap_compare):
    assert snap_compare(app, press=["j", "j", "e"], terminal_size=(80, 24), run_before=counted)


def test_help(app, snap_compare):
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24), run_before=counted)


def test_glossary_dialog(app, snap_compare):
    assert snap_compare(app, press=["j", "j", "g"], terminal_size=(80, 24), run_before=counted)


def test_add_term_dialog(app, snap_compare):
    assert snap_compare(app, press=["end", "t", *"分析人士"], terminal_size=(80, 24), run_before=counted)
