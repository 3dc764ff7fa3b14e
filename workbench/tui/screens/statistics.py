"""The statistics screen (ctrl+t in the review app): the figures of `workbench report`, in the terminal.

`StatisticsScreen(report)` shows a report dict from `workbench.reports.document.build`;
`StatisticsScreen(store, document_id)` builds it (and `r` rebuilds it after more review work).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.display import visible
from workbench.reports.document import build
from workbench.statuses import STATUSES

STATUS_STYLES = {"initial": "grey62", "translated": "steel_blue1", "reviewed": "green3", "final": "dark_green",
                 "flagged": "red3"}
BAR_WIDTH = 60


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def progress_view(report: dict) -> Group:
    p = report["progress"]
    total = p["segments"] or 1
    bar, legend = Text(), Text()
    for status in STATUSES:
        count = p["by_status"].get(status, 0)
        cells = round(BAR_WIDTH * count / total)
        if count and not cells:
            cells = 1
        bar.append("█" * cells, style=STATUS_STYLES[status])
        legend.append("■ ", style=STATUS_STYLES[status]).append(f"{status} {count}   ")
    facts = Text(f"{p['segments']} segments · {p['flagged']} flagged · {p['failed_drafts']} failed drafts · "
                 f"source {p['source_characters']} characters / {p['source_words']} words · "
                 f"{p['target_words']} English words reviewed")
    return Group(Text("Progress", style="bold"), bar, legend, facts)


def post_editing_view(report: dict) -> Group:
    pe = report["post_editing"]
    title = Text("Post-editing effort (draft = hypothesis, final = reference)", style="bold")
    if pe is None:
        return Group(title, Text("nothing to measure yet: no reviewed segment with a draft", style="italic"))
    o = pe["overall"]
    scores = Table("metric", "score", "sacrebleu signature", box=None, padding=(0, 2))
    for key, label in (("bleu", "BLEU"), ("chrf", "chrF"), ("ter", "TER")):
        scores.add_row(label, f"{o[key]:.2f}", Text(o["signature"][key], style="dim"))
    engines = Table("engine/model", "segments", "BLEU", "chrF", "TER", "unchanged", "worked from", box=None,
                    padding=(0, 2))
    for name, g in pe["by_engine"].items():
        engines.add_row(Text(name), str(g["segments"]), f"{g['bleu']:.2f}", f"{g['chrf']:.2f}", f"{g['ter']:.2f}",
                        _pct(g["unchanged_share"]), str(g["worked_from"]))
    top = max(pe["chrf_histogram"]) or 1
    histogram = Text()
    for i, n in enumerate(pe["chrf_histogram"]):
        histogram.append(f"{i * 10:>3}–{i * 10 + 10:<3} ").append("▇" * round(30 * n / top), style="green3").append(f" {n}\n")
    parts = [title, Text(f"{o['segments']} segments · {o['unchanged']} accepted unchanged ({_pct(o['unchanged_share'])})"),
             scores, Text(""), Text("by engine/model", style="bold"), engines, Text(""),
             Text("per-segment chrF", style="bold"), histogram]
    if pe["most_edited"]:
        parts.append(Text("most edited", style="bold"))
        for s in pe["most_edited"]:
            parts.append(Text(f"#{s['position']} TER {s['ter']:.1f} chrF {s['chrf']:.1f}: ")
                         .append(s["draft"], style="red").append(" → ").append(s["final"], style="green"))
    return Group(*parts)


def quality_view(report: dict) -> Group:
    t = report["terminology"]
    terms = Table("term accuracy", "accuracy", "correct", "terms", box=None, padding=(0, 2))
    for label, key in (("all drafts", "drafts"), ("reviewed drafts", "reviewed_drafts"), ("final text", "final")):
        terms.add_row(label, _pct(t[key]["accuracy"]), str(t[key]["correct"]), str(t[key]["total"]))
    parts = [Text("Terminology and QA", style="bold"), terms, Text("")]
    qa = report["qa"]
    if not qa["segments"]:
        parts.append(Text("QA: no reviewed drafts to compare", style="italic"))
    else:
        table = Table("QA check", "in drafts", "left in final", box=None, padding=(0, 2))
        for code in sorted(set(qa["drafts"]["by_code"]) | set(qa["final"]["by_code"])):
            table.add_row(code, str(qa["drafts"]["by_code"].get(code, 0)), str(qa["final"]["by_code"].get(code, 0)))
        table.add_row(Text("total", style="bold"), str(qa["drafts"]["issues"]), str(qa["final"]["issues"]))
        parts.append(table)
    return Group(*parts)


def pace_view(report: dict) -> Group:
    if not report["pace"]:
        return Group(Text("Review pace", style="bold"), Text("no decisions recorded yet", style="italic"))
    table = Table("reviewer", "decisions", "active minutes", "segments/hour", box=None, padding=(0, 2))
    for r in report["pace"]:
        pace = "n/a" if r["segments_per_hour"] is None else f"{r['segments_per_hour']:.0f}"
        table.add_row(Text(r["reviewer"]), str(r["decisions"]), f"{r['active_minutes']:.1f}", pace)
    return Group(Text("Review pace (pauses over 10 minutes left out)", style="bold"), table)


class StatisticsScreen(Screen):
    """Progress, post-editing effort, terminology, QA and review pace of one document."""

    CSS_PATH = "statistics.tcss"
    BINDINGS = [
        Binding("escape,q,ctrl+t", "close", "Close"),
        Binding("r", "rebuild", "Refresh"),
    ]

    def __init__(self, report, document_id: int | None = None) -> None:
        super().__init__()
        self._store = None
        if document_id is not None:  # called with (store, document id): build the report here
            self._store, self._document_id = report, document_id
            report = self._build()
        self.report = report

    def _build(self) -> dict:
        return build(self._store, self._document_id)

    def compose(self) -> ComposeResult:
        doc = self.report["document"]
        with VerticalScroll(id="statistics"):
            yield Static(Text(f"Statistics — {visible(doc['title'])} (document {doc['id']})", style="bold"), id="stats-title")
            for note in self.report["notes"]:
                yield Static(Text(note), classes="stats-note")
            yield Static(progress_view(self.report), id="stats-progress", classes="stats-box")
            yield Static(post_editing_view(self.report), id="stats-post-editing", classes="stats-box")
            yield Static(quality_view(self.report), id="stats-quality", classes="stats-box")
            yield Static(pace_view(self.report), id="stats-pace", classes="stats-box")
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "rebuild":
            return self._store is not None  # a report handed in as a dict cannot be rebuilt here
        return True

    def action_close(self) -> None:
        self.dismiss()

    def action_rebuild(self) -> None:
        if self._store is None:
            return
        self.report = self._build()
        for widget_id, view in (("stats-progress", progress_view), ("stats-post-editing", post_editing_view),
                                ("stats-quality", quality_view), ("stats-pace", pace_view)):
            self.query_one(f"#{widget_id}", Static).update(view(self.report))
