"""Risk in the review session: a marker and the top reason on every list row (computed in the
background), the risk order (`o`, `[review] order = "risk"`), the reasons beside the editor at 80×24,
and the marks the risk signals leave on the source."""

from __future__ import annotations

import io
import threading
import time

import pytest
from rich.console import Console

from tests.tui.helpers import make_app, statuses_counted
from workbench import review, verify
from workbench.errors import WorkbenchError
from workbench.risk import Finding
from workbench.risk import signals as risk_signals
from workbench.storage import open_store
from workbench.tui.findings import METER, UNCOVERED_STYLE
from workbench.tui.risk_run import RiskRun
from workbench.tui.screens import review_risk
from workbench.tui.screens.help import HelpScreen
from workbench.tui.text import GLYPHS


def line_of(screen, position: int) -> str:
    """The list line of a segment as drawn (it must be on screen)."""
    y = screen.session.visible.index(position - 1) - screen.segments.scroll_offset.y
    return screen.segments.render_line(y).text


def shown_text(screen, name: str) -> str:
    return str(screen.query_one(f"#seg-{name}").content)


def progress(screen) -> str:
    return str(screen.query_one("#progress").content)


def positions(screen) -> list[int]:
    return [i + 1 for i in screen.session.visible]


def risk_order(session) -> list[int]:
    return sorted(session.risks, key=lambda p: (session.risks[p].risk is None, -(session.risks[p].risk or 0), p))


async def test_each_row_shows_a_risk_marker_and_its_top_reason_in_words(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        screen = app.screen
        risky = line_of(screen, 3)  # "Mind Observation Institute": a forbidden rendering
        assert risky[6:8] == "○!" and risky[8] in METER[4:]  # status, QA, risk
        assert "term-forbidden" in risky
        calm = line_of(screen, 1)
        # The fitted weights carry the MQM data's base rate (most MT segments there have a Major error),
        # so a segment no signal speaks about is not "low": it is lower than one a signal flags.
        assert METER.index(calm[8]) < METER.index(risky[8]) and calm.rstrip().endswith("│")  # no reason to give
        failed = line_of(screen, 6)  # no English yet: nothing to judge, no marker
        assert failed[6:9] == "✗  "
        assert "Risk" in shown_text(screen, "risk")


async def test_risk_is_computed_in_the_background_and_the_session_is_usable_meanwhile(doc, monkeypatch):
    db, doc_id, read = doc
    release = threading.Event()
    original = verify.document_risk

    def slow(*args, **kwargs):
        release.wait(20)  # as a 20,000-segment document would take seconds
        return original(*args, **kwargs)

    monkeypatch.setattr(verify, "document_risk", slow)
    app = make_app(db, doc_id)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            await pilot.press("j", "j")
            assert screen.row["position"] == 3 and screen.session.risks is None
            assert "being computed" in shown_text(screen, "risk")
            assert "risk…" in progress(screen)
            await pilot.press("a", "y")  # deciding works too (QA error confirmed)
            assert read.seg(3)["status"] == "reviewed"
            release.set()
            await statuses_counted(pilot)
            assert screen.session.risks is not None and "risk…" not in progress(screen)
            assert "Risk" in shown_text(screen, "risk")
    finally:
        release.set()


async def test_o_sorts_the_list_by_risk_and_back(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        screen = app.screen
        await pilot.press("o")
        assert positions(screen) == risk_order(screen.session)
        assert positions(screen)[-1] == 6  # nothing to judge yet: last
        assert screen.row["position"] == 1  # the focused segment stays focused
        assert "riskiest first" in progress(screen)
        names = {c.title for c in app.get_system_commands(screen)}
        assert "By position" in names and "By risk" not in names
        await pilot.press("home")
        assert screen.row["position"] == risk_order(screen.session)[0]
        await pilot.press("o")
        assert positions(screen) == [1, 2, 3, 4, 5, 6] and "riskiest" not in progress(screen)
    assert read.history(1) == []  # sorting decides nothing


async def test_a_filter_and_the_risk_order_are_shown_together(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("o", "slash", *"decision", "enter")
        screen = app.screen
        shown = positions(screen)
        assert sorted(shown) == [2, 3, 5] and shown == [p for p in risk_order(screen.session) if p in shown]
        line = progress(screen)
        assert "3 shown, search “decision”" in line and "riskiest first" in line


async def test_order_risk_in_the_settings_starts_at_the_riskiest_and_n_follows_risk(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id, order="risk")
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        screen = app.screen
        order = risk_order(screen.session)
        assert positions(screen) == order
        assert screen.row["position"] == order[0]
        await pilot.press("n")
        assert screen.row["position"] == order[1]
        await pilot.press("a")  # accept (no QA error here) and go on, in risk order
        if screen.row["position"] != order[2]:  # an error in the next one asks first
            await pilot.press("y")
        assert screen.row["position"] == order[2]
    assert read.seg(order[1])["status"] == "reviewed"


def test_order_comes_from_workbench_toml_and_a_wrong_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    assert review.ReviewSettings.load().order == "position"
    (tmp_path / "workbench.toml").write_text('[review]\norder = "risk"\n')
    assert review.ReviewSettings.load().order == "risk"
    (tmp_path / "workbench.toml").write_text('[review]\norder = "riskiest"\n')
    with pytest.raises(WorkbenchError, match='order must be "position" or "risk"'):
        review.ReviewSettings.load()


def lines_in_view(widget, within=None) -> int:
    """How many lines of `widget` are on the screen (and inside `within`, a scrolling part)."""
    if not widget.is_on_screen or not widget.display:
        return 0
    region = widget.region.intersection(widget.screen.region)
    if within is not None:
        region = region.intersection(within.region)
    return region.height


async def test_at_80x24_the_editor_keeps_the_qa_issues_and_risk_reasons_in_view(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j", "e")
        await pilot.pause()
        screen = app.screen
        pane = screen.pane
        assert lines_in_view(pane.target, pane.query_one("#seg-scroll")) >= 3  # the editor, whole
        assert lines_in_view(pane.query_one("#seg-qa")) >= 1 and lines_in_view(pane.query_one("#seg-risk")) >= 1
        assert pane.query_one("#seg-risk").region.bottom <= 22  # above the progress line and footer
        assert "forbidden" in shown_text(screen, "qa")
        assert "high" in shown_text(screen, "risk")
        assert "EDITING" in progress(screen)
        await pilot.press("end", *" (Xinzhi Observatory)")
        await pilot.pause(0.4)  # live QA while typing
        assert "forbidden" in shown_text(screen, "qa") and lines_in_view(pane.query_one("#seg-qa")) >= 1


async def test_help_has_a_legend_of_every_mark_and_reviewed_and_final_look_different(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        for static in app.screen.query("Static"):
            console.print(static.content)
        shown = console.export_text()
        for mark, _ in GLYPHS.values():
            assert f" {mark} " in shown
        for words in ("QA error", "QA warning", METER, "no English counterpart", "sort the list by risk",
                      "alternative draft"):
            assert words in shown
    (reviewed, reviewed_style), (final, final_style) = GLYPHS["reviewed"], GLYPHS["final"]
    assert reviewed != final and "reverse" in final_style and "reverse" not in reviewed_style


def coverage(segment, document) -> Finding:
    """A stand-in coverage signal: 太晚 (too late) has no English counterpart in segment 3."""
    if "太晚" in segment.source:
        start = segment.source.index("太晚")
        return Finding("coverage", 0.9, "'太晚' has no English counterpart", source_spans=((start, start + 2),))
    return Finding("coverage", 0.0)


async def test_source_words_a_signal_found_no_counterpart_for_are_marked(doc, monkeypatch):
    monkeypatch.setitem(risk_signals.SIGNALS, "coverage", coverage)
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        await pilot.press("j", "j")
        source = app.screen.query_one("#seg-source").content
        marked = [source.plain[s.start:s.end] for s in source.spans if str(s.style) == UNCOVERED_STYLE]
        assert marked == ["太晚"]
        await pilot.press("j")  # segment 4 has nothing marked
        source = app.screen.query_one("#seg-source").content
        assert not [s for s in source.spans if str(s.style) == UNCOVERED_STYLE]


async def test_a_correction_is_risked_again_in_the_background(doc, monkeypatch):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    release = threading.Event()
    real = verify.document_risk
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        screen = app.screen
        before = screen.session.risks[3].risk
        assert before > 0.5
        # the next computation waits until the stale mark is seen (a fast machine would finish it first)
        monkeypatch.setattr(verify, "document_risk", lambda *a, **k: release.wait() and real(*a, **k))
        await pilot.press("j", "j", "e", "f7")
        await pilot.press(*"Xinzhi Observatory believes the decision came too late.", "ctrl+s")
        row = screen.session.row(3)
        assert screen.session.risk_stale(row)  # the old figure, marked as being computed again
        release.set()
        for _ in range(1500):  # up to 30 s: a bound for a busy machine, not a speed requirement
            if not screen.session.risk_stale(row):
                break
            await pilot.pause(0.02)
        assert screen.session.risks[3].risk < before - 0.2
        assert screen.session.risks[3].finding("rule_qa").score == 0
        assert "term-forbidden" not in line_of(screen, 3)
    assert read.seg(3)["target"] == "Xinzhi Observatory believes the decision came too late."


async def test_a_large_documents_risk_is_computed_in_a_child_process(doc, monkeypatch):
    db, doc_id, read = doc
    monkeypatch.setattr(review_risk, "IN_A_PROCESS_FROM", 1)  # as if this document were large
    runs = []
    result = RiskRun.result
    monkeypatch.setattr(RiskRun, "result", lambda self: runs.append(self.args) or result(self))
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await statuses_counted(pilot)
        assert runs and runs[0][1:3] == ["-m", "workbench.tui.risk_run"]
        computed = app.screen.session.risks
    store = open_store(db)
    try:
        assert computed == verify.document_risk(store, doc_id)
    finally:
        store.close()


def test_a_risk_process_stops_at_once_and_says_why_it_failed(doc, tmp_path):
    db, doc_id, read = doc
    run = RiskRun(db, doc_id)
    out = []
    worker = threading.Thread(target=lambda: out.append(run.result()))
    worker.start()
    while run._process is None and worker.is_alive():
        time.sleep(0.01)
    run.stop()  # as when the reviewer quits during a long computation
    worker.join(10)
    assert out == [(None, "stopped")]
    risks, error = RiskRun(tmp_path / "missing.db", 1).result()
    assert risks is None and "no database at" in error
