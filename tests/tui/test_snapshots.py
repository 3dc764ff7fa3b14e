"""Snapshots of the review screens at 80×24 (the smallest supported terminal) and wide layouts, with
every segment's risk computed (the helpers wait for it) and alternative drafts where they are shown.

Update after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.helpers import ALTERNATIVES, add_alternatives, build, make_app, statuses_counted
from tests.tui.test_risk import coverage
from workbench.risk import signals as risk_signals


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
        pilot.app.clear_notifications()  # a passing message would cover the screen under test
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run


@pytest.fixture
def app(tmp_path):
    db = tmp_path / "review.db"
    return make_app(db, build(db))


@pytest.fixture
def app_alt(tmp_path):
    """The same document with alternative drafts for segments 3 and 4."""
    db = tmp_path / "review.db"
    doc_id = build(db)
    add_alternatives(db, doc_id, ALTERNATIVES)
    return make_app(db, doc_id)


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


def test_sorted_by_risk(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled("o", "home"))


def test_sorted_by_risk_wide(app_alt, snap_compare):
    assert snap_compare(app_alt, terminal_size=(130, 30), run_before=settled("o", "home"))


def test_alternatives(app_alt, snap_compare):
    assert snap_compare(app_alt, terminal_size=(80, 24), run_before=settled("j", "j"))


def test_alternative_chooser(app_alt, snap_compare):
    assert snap_compare(app_alt, terminal_size=(80, 24), run_before=settled("j", "j", "x"))


def test_editor_with_an_alternative_taken(app_alt, snap_compare):
    assert snap_compare(app_alt, terminal_size=(80, 24), run_before=settled("j", "j", "x", "1"))


def test_help_legend(app, snap_compare):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled("question_mark", "end"))


def test_source_marks_wide(app_alt, snap_compare, monkeypatch):
    """With a stand-in coverage signal: source words without an English counterpart marked."""
    monkeypatch.setitem(risk_signals.SIGNALS, "coverage", coverage)
    assert snap_compare(app_alt, terminal_size=(130, 30), run_before=settled("j", "j"))
