"""The report as one self-contained HTML page: inline CSS and inline SVG charts, no scripts, nothing fetched.

Charts: segments by status (one stacked bar), per-segment chrF histogram, and BLEU/chrF/TER per
engine/model. Built as an lxml tree, so every text from the database is escaped by the serializer.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html
from lxml.html import builder as E

from workbench.encodings import writable

STATUS_COLOURS = {"initial": "#b8c0c8", "translated": "#7fa7d9", "reviewed": "#3f9b62", "final": "#1f6b3f",
                  "flagged": "#d9534f"}
METRIC_COLOURS = {"bleu": "#4a7fc1", "chrf": "#3f9b62", "ter": "#d98b2b"}
SVG = "http://www.w3.org/2000/svg"

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232a; max-width: 1000px;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .3rem; } h2 { font-size: 1.15rem; margin-top: 2rem;
     border-bottom: 1px solid #e3e7eb; padding-bottom: .2rem; }
.note { background: #fff3cd; border-left: 4px solid #d9a400; padding: .5rem .8rem; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .7rem; text-align: left;
        border-bottom: 1px solid #e3e7eb; vertical-align: top; } td.num, th.num { text-align: right;
        font-variant-numeric: tabular-nums; }
code.sig { font-size: .75rem; color: #5b6670; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: .5rem 0; } figcaption { font-size: .85rem; color: #4a5560; }
svg text { font: 11px system-ui, sans-serif; fill: #1d232a; }
.legend span { display: inline-block; margin-right: .9rem; font-size: .85rem; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
td.text { max-width: 22rem; }
.hint { font-size: .85rem; color: #4a5560; }
"""


def _svg(width: int, height: int, label: str):
    return etree.Element("svg", {"xmlns": SVG, "width": str(width), "height": str(height),
                                 "viewBox": f"0 0 {width} {height}", "role": "img", "aria-label": label})


def _rect(parent, x, y, w, h, fill, title: str) -> None:
    rect = etree.SubElement(parent, "rect", x=f"{x:.1f}", y=f"{y:.1f}", width=f"{max(w, 0):.1f}",
                            height=f"{max(h, 0):.1f}", fill=fill)
    etree.SubElement(rect, "title").text = title


def _text(parent, x, y, value: str, anchor: str = "middle") -> None:
    etree.SubElement(parent, "text", x=f"{x:.1f}", y=f"{y:.1f}", **{"text-anchor": anchor}).text = value


def status_bar(by_status: dict) -> etree._Element:
    width, height = 900, 46
    svg = _svg(width, height, "segments by status")
    total = sum(by_status.values()) or 1
    x = 0.0
    for status, count in by_status.items():
        if not count:
            continue
        w = width * count / total
        _rect(svg, x, 0, w, 28, STATUS_COLOURS.get(status, "#999"), f"{status}: {count}")
        if w > 40:
            _text(svg, x + w / 2, 42, f"{status} {count}")
        x += w
    return svg


def histogram_chart(counts: list[int]) -> etree._Element:
    width, height, bottom = 420, 220, 30
    svg = _svg(width, height, "per-segment chrF histogram")
    top = max(counts) or 1
    bar = (width - 20) / len(counts)
    for i, n in enumerate(counts):
        h = (height - bottom - 20) * n / top
        x = 10 + i * bar
        _rect(svg, x + 2, height - bottom - h, bar - 4, h, "#3f9b62", f"chrF {i * 10}–{i * 10 + 10}: {n} segments")
        if n:
            _text(svg, x + bar / 2, height - bottom - h - 4, str(n))
        _text(svg, x + bar / 2, height - bottom + 14, f"{i * 10}")
    _text(svg, width / 2, height - 2, "chrF of the draft against the final text (0–100)")
    return svg


def engine_chart(by_engine: dict) -> etree._Element:
    names = list(by_engine)
    row = 3 * 16 + 14
    width, height = 560, 20 + row * len(names)
    svg = _svg(width, height, "BLEU, chrF and TER per engine/model")
    left, span = 170, width - 170 - 90
    for g, name in enumerate(names):
        y0 = 10 + g * row
        _text(svg, left - 8, y0 + 28, name if len(name) <= 24 else name[:23] + "…", anchor="end")
        for m, metric in enumerate(("bleu", "chrf", "ter")):
            value = by_engine[name][metric]
            y = y0 + m * 16
            _rect(svg, left, y, span * min(value, 100) / 100, 13, METRIC_COLOURS[metric], f"{name} {metric}: {value:.2f}")
            _text(svg, left + span * min(value, 100) / 100 + 4, y + 11, f"{metric} {value:.1f}", anchor="start")
    return svg


SEVERITY_COLOURS = {"minor": "#e0c341", "major": "#d98b2b", "critical": "#d9534f"}


def mqm_chart(by_engine: dict) -> etree._Element:
    """Per engine/model: its penalty points per 100 target words, as bars stacked by severity."""
    names = list(by_engine)
    width, row = 560, 26
    height = 30 + row * len(names)
    svg = _svg(width, height, "MQM penalty points per 100 target words per engine/model")
    left, span = 170, width - 170 - 110
    top = max((g["per_100_target_words"] or 0) for g in by_engine.values()) or 1
    for i, name in enumerate(names):
        g, y = by_engine[name], 10 + i * row
        _text(svg, left - 8, y + 13, name if len(name) <= 24 else name[:23] + "…", anchor="end")
        x = float(left)
        for severity, colour in SEVERITY_COLOURS.items():
            points = g["by_severity"][severity] * g["penalty_per_error"][severity]
            share = 100 * points / g["target_words"] if g["target_words"] else 0
            w = span * share / top
            _rect(svg, x, y, w, 16, colour, f"{name} {severity}: {g['by_severity'][severity]} errors")
            x += w
        _text(svg, x + 4, y + 13, f"{g['per_100_target_words'] or 0:.2f} · score {g['score']:.1f}", anchor="start")
    return svg


def _legend(colours: dict, counts: dict | None = None) -> etree._Element:
    def label(name: str) -> str:
        return name if counts is None else f"{name} {counts.get(name, 0)}"

    return E.P(*[E.SPAN(E.I(style=f"background:{c}"), label(name)) for name, c in colours.items()], **{"class": "legend"})


def _table(head: list[str], rows: list[list], numeric: set[int] = frozenset()) -> etree._Element:
    cls = lambda i: {"class": "num"} if i in numeric else {}  # noqa: E731
    return E.TABLE(E.THEAD(E.TR(*[E.TH(h, **cls(i)) for i, h in enumerate(head)])),
                   E.TBODY(*[E.TR(*[E.TD(str(v), **cls(i)) for i, v in enumerate(r)]) for r in rows]))


def _pct(v) -> str:
    return "n/a" if v is None else f"{v:.1f}%"


def _mqm_section(m: dict) -> list:
    p, d = m["penalties"], m["document"]
    out = [E.H2("MQM"), E.P(f"From the reviewer's confirmed and own error spans: minor {p['minor']:g}, major "
                            f"{p['major']:g}, critical {p['critical']:g} points; score = 100 − points per 100 target "
                            f"words; pass at {m['pass_threshold']:g} or above.", **{"class": "hint"})]
    if not d["segments"]:
        return [*out, E.P("Nothing scored yet: no reviewed segment and no confirmed or own error span.")]
    rows = [["document", d], *[[name, g] for name, g in m["by_engine"].items()]]
    out.append(_table(["", "segments", "errors", "penalty", "per 100 words", "per 100 chars", "score", "pass"], [
        [name, g["segments"], g["errors"], f"{g['penalty']:g}", _num(g["per_100_target_words"]),
         _num(g["per_100_source_characters"]), _num(g["score"]), {True: "yes", False: "no"}.get(g["passed"], "n/a")]
        for name, g in rows], {1, 2, 3, 4, 5, 6}))
    engines = {name: {**g, "penalty_per_error": p} for name, g in m["by_engine"].items() if g["target_words"]}
    if engines and d["errors"]:  # a chart of zeros says nothing
        out += [E.FIGURE(mqm_chart(engines), E.FIGCAPTION("penalty points per 100 target words by severity")),
                _legend(SEVERITY_COLOURS)]
    if m["by_category"]:
        out.append(_table(["category", "errors"], [[c, n] for c, n in m["by_category"].items()], {1}))
    if m["assessors"]:
        out.append(_table(["assessor", "precision", "recall", "confirmed", "dismissed", "missed", "not judged"], [
            [model, _num(a["precision"]), _num(a["recall"]), a["confirmed"], a["dismissed"], a["missed"],
             a["unjudged"]] for model, a in m["assessors"].items()], {1, 2, 3, 4, 5, 6}))
        out.append(E.P("An assessor's spans are only as good as its model: precision and recall against the "
                       "reviewer's verdicts say how far to trust them.", **{"class": "hint"}))
    return out


def _num(v) -> str:
    return "n/a" if v is None else f"{v:.2f}"


def render_html(report: dict) -> str:
    report = writable(report)  # a control character from a draft or an edit: U+FFFD, as in every export
    doc, p = report["document"], report["progress"]
    body = [E.H1(f"Report: {doc['title']}"),
            E.P(f"Document {doc['id']} · {p['segments']} segments · {p['flagged']} flagged · "
                f"{p['failed_drafts']} failed drafts")]
    body += [E.P(n, **{"class": "note"}) for n in report["notes"]]
    body += [E.H2("Progress"), E.FIGURE(status_bar(p["by_status"]), E.FIGCAPTION("segments by status")),
             _legend(STATUS_COLOURS, p["by_status"]),
             _table(["", "characters", "words"], [
                 ["source (all)", p["source_characters"], p["source_words"]],
                 ["source (reviewed)", p["reviewed_source_characters"], p["reviewed_source_words"]],
                 ["English (reviewed)", "", p["target_words"]]], {1, 2})]
    pe = report["post_editing"]
    body.append(E.H2("Post-editing effort"))
    if pe is None:
        body.append(E.P("Nothing to measure yet: no reviewed segment with a draft."))
    else:
        o = pe["overall"]
        body.append(E.P(f"Draft = hypothesis, reviewed target = reference, over {o['segments']} segments; "
                        f"{o['unchanged']} accepted unchanged ({_pct(o['unchanged_share'])})."))
        body.append(_table(["metric", "score", "sacrebleu signature"], [
            [m.upper() if m != "chrf" else "chrF", f"{o[m]:.2f}", o["signature"][m]] for m in ("bleu", "chrf", "ter")], {1}))
        body.append(E.DIV(
            E.FIGURE(histogram_chart(pe["chrf_histogram"]), E.FIGCAPTION(
                "per-segment chrF — ", E.CODE(pe["segment_signature"]["chrf"], **{"class": "sig"}))),
            E.FIGURE(engine_chart(pe["by_engine"]), E.FIGCAPTION("per engine/model (TER: lower is less editing)"),
                     _legend(METRIC_COLOURS)),
            **{"class": "charts"}))
        body.append(_table(["engine/model", "segments", "BLEU", "chrF", "TER", "unchanged", "worked from"], [
            [name, g["segments"], f"{g['bleu']:.2f}", f"{g['chrf']:.2f}", f"{g['ter']:.2f}", _pct(g["unchanged_share"]),
             g["worked_from"]] for name, g in pe["by_engine"].items()], {1, 2, 3, 4, 5, 6}))
        body.append(E.P("Per engine/model: each model's drafts of the reviewed segments against the final text; "
                        "\"worked from\" counts the segments whose reviewer started from that model's draft "
                        "(the final text leans towards it).", **{"class": "hint"}))
        if pe["most_edited"]:
            body.append(E.H2("Most edited segments"))
            body.append(_table(["#", "TER", "chrF", "draft", "final"], [
                [s["position"], f"{s['ter']:.1f}", f"{s['chrf']:.1f}", s["draft"], s["final"]] for s in pe["most_edited"]],
                {0, 1, 2}))
    t = report["terminology"]
    body += [E.H2("Term accuracy"), _table(["text", "accuracy", "correct", "terms"], [
        [label, _pct(t[key]["accuracy"]), t[key]["correct"], t[key]["total"]]
        for label, key in (("all drafts", "drafts"), ("reviewed drafts", "reviewed_drafts"), ("final text", "final"))],
        {1, 2, 3})]
    qa = report["qa"]
    body.append(E.H2("QA issues"))
    if not qa["segments"]:
        body.append(E.P("No reviewed drafts to compare."))
    else:
        codes = sorted(set(qa["drafts"]["by_code"]) | set(qa["final"]["by_code"]))
        body.append(_table(["check", "in drafts", "left in final"], [
            [c, qa["drafts"]["by_code"].get(c, 0), qa["final"]["by_code"].get(c, 0)] for c in codes]
            + [["total", qa["drafts"]["issues"], qa["final"]["issues"]]], {1, 2}))
    body += _mqm_section(report["mqm"])
    body.append(E.H2("Review pace"))
    if report["pace"]:
        body.append(_table(["reviewer", "decisions", "active minutes", "segments/hour"], [
            [r["reviewer"], r["decisions"], f"{r['active_minutes']:.1f}",
             "n/a" if r["segments_per_hour"] is None else f"{r['segments_per_hour']:.0f}"] for r in report["pace"]],
            {1, 2, 3}))
    else:
        body.append(E.P("No decisions recorded yet."))
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(f"Report: {doc['title']}"), E.STYLE(_CSS)),
                  E.BODY(*body), lang="en")
    return lxml_html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", method="html") + "\n"
