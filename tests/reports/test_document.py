"""`workbench report`: figures equal to the sacrebleu command's, the parts of the report, HTML and TUI views."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu
from lxml import html as lxml_html
from rich.console import Console

from tests.chromium import dump_dom, needs_chromium, screenshot
from tests.export.sample import DRAFTS, REVIEWS, build
from workbench import outputs
from workbench.reports import document as report  # noqa: E402
from workbench.reports.html import render_html  # noqa: E402
from workbench.storage import drafts  # noqa: E402
from workbench.storage import segments as seg_store  # noqa: E402

SACREBLEU = Path(sys.executable).parent / "sacrebleu"
FINAL = {p: REVIEWS[p] if REVIEWS[p] is not None else DRAFTS[p][0] for p in REVIEWS}


def _sacrebleu_cli(ref: Path, hyp: Path) -> dict:
    out = subprocess.run([str(SACREBLEU), str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-w", "4"],
                         capture_output=True, text=True, check=True).stdout
    return {item["name"]: item for item in json.loads(out)}


def test_report_scores_equal_the_sacrebleu_command_on_the_exported_files(tmp_path, run_cli):
    build(tmp_path)
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    result = run_cli("report", "1", "--json", "--pairs", pairs, db=tmp_path / "work.db")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    overall = data["post_editing"]["overall"]
    assert (pairs / "draft.txt").read_text(encoding="utf-8").splitlines() == [DRAFTS[p][0] for p in range(1, 8)]
    assert (pairs / "final.txt").read_text(encoding="utf-8").splitlines() == [FINAL[p] for p in range(1, 8)]
    cli = _sacrebleu_cli(pairs / "final.txt", pairs / "draft.txt")
    for ours, theirs in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        assert round(overall[ours], 4) == cli[theirs]["score"], ours
        assert overall["signature"][ours] == cli[theirs]["signature"], ours
    assert 0 < overall["bleu"] < 100 and 0 < overall["ter"] < 100


def test_scores_per_engine_and_model_are_computed_on_their_own_segments(tmp_path):
    store, doc = build(tmp_path)
    pe = report.build(store, doc)["post_editing"]
    groups = {"llm/model-a": (1, 2, 5), "llm/model-b": (3, 4, 7), "tm": (6,)}
    assert set(pe["by_engine"]) == set(groups)
    for name, positions in groups.items():
        hyps, refs = [DRAFTS[p][0] for p in positions], [FINAL[p] for p in positions]
        got = pe["by_engine"][name]
        assert got["bleu"] == sacrebleu.corpus_bleu(hyps, [refs]).score
        assert got["ter"] == sacrebleu.corpus_ter(hyps, [refs]).score
        assert got["segments"] == len(positions)
    assert pe["by_engine"]["llm/model-a"]["unchanged_share"] == pytest.approx(200 / 3)
    assert pe["overall"]["unchanged"] == 4 and pe["overall"]["unchanged_share"] == pytest.approx(400 / 7)
    # The most edited segment first; unchanged ones never listed.
    assert [s["position"] for s in pe["most_edited"]] == [1, 4, 3]
    assert pe["most_edited"][0]["draft"] == DRAFTS[1][0] and pe["most_edited"][0]["final"] == REVIEWS[1]
    assert sum(pe["chrf_histogram"]) == 7 and pe["chrf_histogram"][-1] == 4


def test_two_models_drafting_the_same_segments_are_compared_on_them(tmp_path):
    store, doc = build(tmp_path)
    # After the review, model-c drafts segments 1-4 too (as a team trying another model would).
    other = {1: "Nvidia's about-face", 2: "On 8 December, Trump said Nvidia could sell H200 chips.",
             3: "Huawei's Ascend chips still lag.", 4: "The National Development and Reform Commission met Tencent."}
    for pos, text in other.items():
        drafts.add(store, seg_store.at(store, doc, pos)["id"], engine="llm", model="model-c", text=text)
    pe = report.build(store, doc)["post_editing"]
    c = pe["by_engine"]["llm/model-c"]
    hyps, refs = list(other.values()), [FINAL[p] for p in other]
    assert (c["segments"], c["worked_from"], c["unchanged"]) == (4, 0, 1)
    assert c["bleu"] == sacrebleu.corpus_bleu(hyps, [refs]).score and c["ter"] == sacrebleu.corpus_ter(hyps, [refs]).score
    assert pe["by_engine"]["llm/model-a"]["worked_from"] == 3
    # Overall and per segment stay on the drafts the reviewer worked from.
    assert pe["overall"]["segments"] == 7 and [s["group"] for s in pe["segments"]][:2] == ["llm/model-a", "llm/model-a"]


def test_progress_terminology_and_qa(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3, 4), drafted=(1, 2, 3, 4, 5), flag={5: "check"})
    seg7 = seg_store.at(store, doc, 7)
    drafts.add(store, seg7["id"], engine="llm", model="model-b", text=None, error="timeout after 3 retries")
    data = report.build(store, doc)
    p = data["progress"]
    assert p["by_status"] == {"initial": 2, "translated": 0, "reviewed": 4, "final": 0, "flagged": 1}
    assert (p["segments"], p["flagged"], p["failed_drafts"]) == (7, 1, 1)
    assert p["source_characters"] == sum(len(s.replace(" ", "")) for s in (
        "英伟达的“回马枪”", "12月8日，特朗普宣布允许英伟达出售H200芯片。", "华为的昇腾芯片仍在追赶。", "发改委召集腾讯开会。",
        "国泰海通发布研报。", "我们注意到有关报道。", "这段话提到了<script>alert(1)</script>标签。"))
    assert p["target_words"] == sum(len(FINAL[i].replace("-", " ").split()) for i in (1, 2, 3, 4)) - 2  # "about-face", "catch-up" are one word
    t = data["terminology"]
    # Drafts: 发改委 rendered "NDRC" in segment 4 is the one miss; the final text fixed it.
    assert (t["drafts"]["correct"], t["drafts"]["total"]) == (6, 7)
    assert (t["reviewed_drafts"]["correct"], t["reviewed_drafts"]["total"]) == (5, 6)
    assert (t["final"]["correct"], t["final"]["total"]) == (6, 6)
    assert data["qa"]["segments"] == 4
    assert data["qa"]["drafts"]["by_code"].get("term-missing") == 1
    assert "term-missing" not in data["qa"]["final"]["by_code"]


def test_a_document_without_reviews_says_so_and_prints_what_it_can(tmp_path, run_cli):
    build(tmp_path, reviewed=())
    result = run_cli("report", "1", db=tmp_path / "work.db")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Note: no reviewed segments yet: post-editing effort and final-text figures need reviews" in out
    assert "Progress: 7 segments — initial 0, translated 7, reviewed 0, final 0, flagged 0" in out
    assert "Post-editing effort: nothing to measure yet" in out
    assert "all drafts       85.7%  (6 of 7 term occurrences)" in out
    # The glossary terms are there; there is just no reviewed text to measure yet.
    assert "reviewed drafts  no reviewed segments yet" in out and "final text       no reviewed segments yet" in out
    assert "no glossary terms in these segments" not in out
    data = json.loads(run_cli("report", "1", "--json", db=tmp_path / "work.db").stdout)
    assert data["post_editing"] is None


def test_report_text_prints_the_signature_with_every_score(tmp_path, run_cli):
    build(tmp_path)
    out = run_cli("report", "1", db=tmp_path / "work.db").stdout
    for label, sig in (("BLEU", "nrefs:1|case:mixed|eff:no|tok:13a"), ("chrF", "nrefs:1|case:mixed|eff:yes|nc:6"),
                       ("TER", "nrefs:1|case:lc|tok:tercom")):
        line = next(line for line in out.splitlines() if line.strip().startswith(label + " "))
        assert sig in line
    assert "per-segment chrF:" in out and "nc:6|nw:0" in out.split("per-segment chrF:")[1].splitlines()[0]


def test_bad_report_requests(tmp_path, run_cli):
    build(tmp_path)
    db = tmp_path / "work.db"
    result = run_cli("report", "7", db=db)
    assert result.exit_code == 1 and result.stderr == "Error: no document '7' (see `workbench documents`)\n"
    result = run_cli("report", "1", "--html", tmp_path / "nowhere" / "r.html", db=db)
    assert result.exit_code == 1 and "folder" in result.stderr and "does not exist" in result.stderr
    result = run_cli("report", "1", "--pairs", tmp_path / "nowhere", db=db)
    assert result.exit_code == 1 and result.stderr == f"Error: {tmp_path / 'nowhere'}: no such folder (create it first)\n"


def test_review_pace_leaves_out_breaks():
    def at(seconds: int) -> str:
        return f"2026-01-05T09:{seconds // 60:02d}:{seconds % 60:02d}+00:00" if seconds < 3600 else \
            f"2026-01-05T{9 + seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}+00:00"

    decisions = [{"reviewer": "alice", "at": at(s), "position": i, "action": "accept", "status": "reviewed"}
                 for i, s in enumerate((0, 30, 60, 90, 7290, 7320), 1)]
    decisions.append({"reviewer": "bob", "at": at(100), "position": 9, "action": "flag", "status": "flagged"})
    pace = {p["reviewer"]: p for p in report.review_pace(decisions)}
    assert pace["alice"]["decisions"] == 6
    assert pace["alice"]["active_minutes"] == pytest.approx(2.0)  # 4 gaps of 30 s; the 2-hour break left out
    assert pace["alice"]["segments_per_hour"] == pytest.approx(120.0)
    assert pace["bob"]["segments_per_hour"] is None
    quick = [{**d, "reviewer": "script"} for d in decisions[:3]]  # 60 s of decisions: still a pace
    assert report.review_pace(quick)[0]["segments_per_hour"] == pytest.approx(120.0)
    assert report.review_pace(quick[:2])[0]["segments_per_hour"] is None  # 30 s says nothing


def test_review_pace_from_the_revision_history(tmp_path):
    store, doc = build(tmp_path, reviewer="Yuxuan")
    pace = report.build(store, doc)["pace"]
    assert [(p["reviewer"], p["decisions"], p["segments"]) for p in pace] == [("Yuxuan", 7, 7)]


@needs_chromium
def test_html_report_in_a_browser(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3, 4, 5, 6), flag={6: "odd"})
    data = report.build(store, doc)
    data["document"]["title"] = "<script>alert('x')</script> week 49"
    page = tmp_path / "report.html"
    outputs.write_atomic(page, render_html(data))
    dom = lxml_html.fromstring(dump_dom(page, tmp_path / "profile"))
    assert dom.xpath("//script") == []
    assert dom.xpath("//h1")[0].text_content() == "Report: <script>alert('x')</script> week 49"
    charts = dom.xpath("//svg")
    assert [c.get("aria-label") for c in charts] == [
        "segments by status", "per-segment chrF histogram", "BLEU, chrF and TER per engine/model"]
    status_titles = [t.text for t in charts[0].xpath(".//rect/title")]
    assert status_titles == ["translated: 1", "reviewed: 5", "flagged: 1"]
    bars = charts[1].xpath(".//rect/title")
    assert len(bars) == 10 and bars[-1].text.endswith(f"{data['post_editing']['chrf_histogram'][-1]} segments")
    assert len(charts[2].xpath(".//rect")) == 3 * len(data["post_editing"]["by_engine"])
    text = dom.text_content()
    assert f"{data['post_editing']['overall']['bleu']:.2f}" in text
    assert data["post_editing"]["overall"]["signature"]["ter"] in text
    png = screenshot(page, tmp_path / "profile", tmp_path / "report-html.png")
    assert png.stat().st_size > 20_000


def _text(renderable) -> str:
    console = Console(record=True, width=160, color_system=None)
    console.print(renderable)
    return console.export_text()


def _host(data: dict):
    from textual.app import App

    from workbench.tui.screens.statistics import StatisticsScreen

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(StatisticsScreen(data))

    return Host()


async def test_statistics_screen_shows_the_report_figures(tmp_path):
    from textual.widgets import Static

    from workbench.tui.screens.statistics import StatisticsScreen

    store, doc = build(tmp_path)
    data = report.build(store, doc)
    app = _host(data)
    async with app.run_test(size=(130, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        shown = {w.id: _text(w.content) for w in screen.query(Static) if w.id}
        overall = data["post_editing"]["overall"]
        assert f"BLEU      {overall['bleu']:.2f}" in shown["stats-post-editing"]
        assert overall["signature"]["chrf"] in shown["stats-post-editing"]
        assert "llm/model-b" in shown["stats-post-editing"]
        assert "reviewed 7" in shown["stats-progress"]
        assert "final text" in shown["stats-quality"] and "100.0%" in shown["stats-quality"]
        await pilot.press("escape")
        assert not isinstance(app.screen, StatisticsScreen)


async def test_ctrl_t_in_the_review_app_opens_statistics_built_from_the_database(tmp_path):
    from workbench.tui.app import ReviewApp
    from workbench.tui.screens.statistics import StatisticsScreen

    store, doc = build(tmp_path, reviewed=(1, 2))
    store.close()
    app = ReviewApp(tmp_path / "work.db", doc)
    async with app.run_test(size=(130, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        assert app.screen.report["progress"]["by_status"]["reviewed"] == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatisticsScreen)


def test_statistics_screen_snapshot(tmp_path, snap_compare):
    """Update after an intended change: pytest tests/test_report.py -k snapshot --snapshot-update"""
    store, doc = build(tmp_path, flag={6: "odd"})
    assert snap_compare(_host(report.build(store, doc)), terminal_size=(110, 60))


def test_html_report_of_a_document_without_reviews_says_so(tmp_path):
    store, doc = build(tmp_path, reviewed=())
    page = render_html(report.build(store, doc))
    dom = lxml_html.fromstring(page)
    assert dom.xpath("//p[@class='note']")[0].text_content().startswith("no reviewed segments yet")
    assert "Nothing to measure yet: no reviewed segment with a draft." in dom.text_content()
    assert [s.get("aria-label") for s in dom.xpath("//svg")] == ["segments by status"]


def test_the_reports_qa_counts_come_from_the_stored_results(tmp_path, monkeypatch):
    from workbench import qa  # noqa: PLC0415 - patched below, as the report's checks see it
    from workbench.errors import StoreError  # noqa: PLC0415
    from workbench.storage import qa as qa_store  # noqa: PLC0415

    store, doc = build(tmp_path, reviewed=(1, 2, 3, 4), drafted=(1, 2, 3, 4, 5))
    first = report.build(store, doc)["qa"]  # computes and stores every segment's results
    computed = store.query("SELECT computed FROM qa_results")
    assert computed and all(r["computed"] == 1 for r in computed)
    calls = []
    checked = qa.check_segment
    monkeypatch.setattr(qa, "check_segment", lambda *a, **k: calls.append(a) or checked(*a, **k))
    assert report.build(store, doc)["qa"] == first
    finals = {(s, t) for s, t in ((c[0], c[1]) for c in calls)}
    assert not any(t in FINAL.values() for _, t in finals)  # the final texts were read, not checked again
    assert calls == []  # and the drafts' issues were kept by their text (storage.text_issues)
    assert store.query("SELECT computed FROM qa_results") == computed

    with store.transaction():
        store.execute("DELETE FROM qa_results")
    monkeypatch.setattr(qa_store, "save_results", lambda *a, **k: (_ for _ in ()).throw(StoreError("read-only")))
    assert report.build(store, doc)["qa"] == first  # nothing can be stored: computed, the same figures


def test_the_drafts_issues_are_kept_by_text_and_follow_the_glossary(tmp_path, monkeypatch):
    """`report` counts the QA issues of the drafts the reviewers changed: checked once, kept by the
    text (and the glossary version), checked again when the glossary changes."""
    from workbench import qa  # noqa: PLC0415 - patched below, as the report's checks see it
    from workbench.glossary import manage  # noqa: PLC0415
    from workbench.glossary.terms import Term  # noqa: PLC0415
    from workbench.storage import text_issues  # noqa: PLC0415

    store, doc = build(tmp_path, reviewed=(1, 2, 3, 4), drafted=(1, 2, 3, 4, 5))
    first = report.build(store, doc)["qa"]
    kept = text_issues.count(store)
    assert kept >= 1  # the drafts that differ from their final text
    calls = []
    checked = qa.check_segment
    monkeypatch.setattr(qa, "check_segment", lambda *a, **k: calls.append(a) or checked(*a, **k))
    assert report.build(store, doc)["qa"] == first and calls == []
    manage.add_term(store, Term("研报", "research report"))
    again = report.build(store, doc)["qa"]
    assert calls and text_issues.count(store) > kept  # new glossary version: checked again, kept again
    assert again["segments"] == first["segments"]
