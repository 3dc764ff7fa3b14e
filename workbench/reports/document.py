"""The document report: progress, post-editing effort (sacrebleu), term accuracy, QA, review pace.

`build(store, doc)` returns one plain dict (what `workbench report --json` prints, what the HTML
report and the TUI statistics screen draw); `render_text` turns it into the terminal report.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from datetime import datetime
from itertools import groupby, islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from workbench import qa, verify
from workbench.config import MqmSettings
from workbench.errors import WorkbenchError
from workbench.glossary.manage import matcher as glossary_matcher
from workbench.glossary.terms import Matcher
from workbench.outputs import Guard
from workbench.reports import metrics
from workbench.reports import mqm as mqm_report
from workbench.reports.segment_stats import PairStats
from workbench.rows import SegmentRow, included
from workbench.statuses import REVIEWED, STATUSES
from workbench.storage import Store, reporting
from workbench.storage import assessments as assess_store
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import segments as seg_store

IDLE_SECONDS = 600  # a longer pause between two decisions is a break, not review time
MOST_EDITED = 5
MIN_ACTIVE_SECONDS = 60
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_PUNCT = re.compile(r"^[\W_]+$")


def group_name(engine: str | None, model: str | None) -> str:
    return f"{engine}/{model}" if model else (engine or "none")


def build(store: Store, document_ref: str | int) -> dict:
    """The report of a document. Segments, reviewed pairs, drafts and decisions are read as streams and
    every figure is accumulated as they pass (sacrebleu's from summed sufficient statistics; see
    metrics.Tally), so memory stays bounded at any document size."""
    document = doc_store.require(store, document_ref)
    doc_id = document["id"]
    matcher = glossary_matcher(store)

    def rows() -> Iterator[SegmentRow]:
        return seg_store.iter_document(store, doc_id)

    def pairs() -> Iterator[dict]:
        return reporting.iter_reviewed_pairs(store, doc_id)

    def kept() -> Iterator[SegmentRow]:  # the segments of the excerpt
        return (r for r in rows() if included(r))

    verify.refresh_document(store, doc_id, matcher)  # the final texts' QA issues then come from the store

    report = {
        "document": {"id": doc_id, "title": document["title"]},
        "progress": progress(kept(), reporting.failed_drafts(store, doc_id)),
        "post_editing": _post_editing(store, pairs(), reporting.drafts_of_reviewed(store, doc_id)),
        "terminology": terminology(rows(), pairs(), matcher),
        "qa": qa_counts(pairs, matcher, lambda texts: verify.kept_issues(store, doc_id, texts, lambda: matcher)),
        "pace": review_pace(reporting.decisions(store, doc_id)),
        "excerpt": excerpt_savings(store, rows()),
        "mqm": mqm_report.build(kept(), assess_store.current_spans(store, doc_id),
                                assess_store.assessed_drafts(store, doc_id), MqmSettings.load(),
                                assess_store.assessment_costs(store, doc_id)),
        "notes": [],
    }
    if not report["progress"]["segments"]:
        report["notes"].append("the document has no segments")
    elif not reporting.pair_count(store, doc_id):
        report["notes"].append("no reviewed segments yet: post-editing effort and final-text figures need reviews")
    elif report["post_editing"] is None:
        report["notes"].append("no reviewed segment has a draft, so there is no post-editing effort to measure")
    return report


def progress(rows: Iterable[dict], failed: int) -> dict:
    by_status: Counter = Counter()
    out = dict.fromkeys(("source_characters", "source_words", "reviewed_source_characters", "reviewed_source_words",
                         "target_words"), 0)
    for r in rows:
        by_status[r["status"]] += 1
        chars, words = _chars(r["source"]), _zh_words(r)
        out["source_characters"] += chars
        out["source_words"] += words
        if r["status"] in REVIEWED:
            out["reviewed_source_characters"] += chars
            out["reviewed_source_words"] += words
            out["target_words"] += len(_WORD.findall(r["target"] or ""))
    return {
        "segments": sum(by_status.values()),
        "by_status": {s: by_status.get(s, 0) for s in STATUSES},
        "flagged": by_status.get("flagged", 0),
        "failed_drafts": failed,
        **out,
    }


def excerpt_savings(store: Store, rows: Iterable[SegmentRow]) -> dict:
    """How many segments are left out of the excerpt, and what not drafting them saved.

    The estimate: the left-out segments that were never drafted, by their source characters, at the
    document's average tokens and cost per source character of its model drafts (drafts that used
    tokens: not translation memory, repetitions or imported English). Characters rather than segments,
    since a left-out passage's sentences are not of average length. None where nothing was drafted by a
    model yet (no basis), or no price is configured (cost unknown, not free). Read a chunk at a time."""
    left_out = never = saved_chars = basis = chars = tokens = 0
    costs: list[float] = []
    for chunk in seg_store.chunks(rows):
        usage = draft_store.usage(store, [r.draft_id for r in chunk if r.draft_id])
        for r in chunk:
            if not included(r):
                left_out += 1
                if r.draft_id is None:
                    never += 1
                    saved_chars += _chars(r.source)
            u = usage.get(r.draft_id)
            if u and (u["prompt_tokens"] or u["completion_tokens"]):
                basis += 1
                chars += _chars(r.source)
                tokens += u["prompt_tokens"] + u["completion_tokens"]
                if u["cost"] is not None:
                    costs.append(u["cost"])
    out = {"left_out": left_out, "never_drafted": never, "never_drafted_characters": saved_chars,
           "basis_segments": basis, "saved_tokens": None, "saved_cost": None}
    if chars:
        out["saved_tokens"] = round(tokens / chars * saved_chars)
        if costs:
            out["saved_cost"] = round(sum(costs) / chars * saved_chars, 6)
    return out


def _excerpt_line(e: dict) -> str:
    if not e["left_out"]:
        return "Excerpt: every segment is included"
    line = (f"Excerpt: {e['left_out']} segments left out ({e['never_drafted']} never drafted, "
            f"{e['never_drafted_characters']} source characters)")
    if e["saved_tokens"] is None:
        return line + "; no model draft yet to estimate the saving from"
    cost = "cost unknown (no price configured)" if e["saved_cost"] is None else f"${e['saved_cost']:.4f}"
    return (line + f": saved about {e['saved_tokens']} tokens, {cost} (the document's average per source "
            f"character over {e['basis_segments']} model drafts)")


def _chars(text: str) -> int:
    """Characters that are not whitespace (str.split() splits on exactly the characters isspace() names)."""
    return len("".join(text.split()))


def _zh_words(row: dict) -> int:
    return sum(1 for t in row["tokens"] if t.strip() and not _PUNCT.match(t))


def model_drafts(rows: Iterable[dict]) -> list[dict]:
    """One draft per reviewed segment and engine/model: the one the reviewer worked from, else the latest."""
    chosen: dict[tuple, dict] = {}
    for row in rows:  # oldest first, so a later draft replaces an earlier one…
        key = (row["position"], row["engine"], row["model"])
        if not (chosen.get(key) or {}).get("worked_from"):  # …unless the reviewer worked from the earlier one
            chosen[key] = row
    return sorted(chosen.values(), key=lambda r: (r["position"], r["engine"], r["model"] or ""))


class _Group:
    """A set of scored drafts, accumulated: sacrebleu statistics summed, unchanged drafts and the sum of
    segment chrF counted."""

    def __init__(self):
        self.tally = metrics.Tally()
        self.unchanged = 0
        self.chrf = 0.0

    def add(self, stats: dict, unchanged: bool, chrf: float) -> None:
        self.tally.add(stats)
        self.unchanged += unchanged
        self.chrf += chrf

    def scored(self) -> dict:
        """Corpus scores, how many drafts were left unchanged and the mean segment chrF."""
        out = self.tally.corpus()
        out["unchanged"] = self.unchanged
        out["unchanged_share"] = 100.0 * self.unchanged / self.tally.size
        out["mean_segment_chrf"] = self.chrf / self.tally.size
        return out


class SegmentScores:
    """Per-segment post-editing figures kept as compact columns (a few bytes a segment, not a dict):
    iterating gives {"position", "group", "unchanged", "chrf", "ter"} per segment, as a list would."""

    def __init__(self):
        self.positions, self.chrf, self.ter = array("q"), array("d"), array("d")
        self.unchanged = bytearray()
        self.groups = array("I")
        self._names: dict[str, int] = {}

    def append(self, position: int, group: str, unchanged: bool, chrf: float, ter: float) -> None:
        self.positions.append(position)
        self.groups.append(self._names.setdefault(group, len(self._names)))
        self.unchanged.append(unchanged)
        self.chrf.append(chrf)
        self.ter.append(ter)

    def __len__(self) -> int:
        return len(self.positions)

    def __iter__(self) -> Iterator[dict]:
        names = list(self._names)
        for i, position in enumerate(self.positions):
            yield {"position": position, "group": names[self.groups[i]], "unchanged": bool(self.unchanged[i]),
                   "chrf": self.chrf[i], "ter": self.ter[i]}

    def __getitem__(self, index: int) -> dict:
        return next(islice(iter(self), index, None))

    def to_json(self) -> list[dict]:
        return list(self)


def _post_editing(store: Store, pairs: Iterable[dict], all_drafts: Iterable[dict]) -> dict | None:
    """`post_editing` with each pair's statistics kept in the store (computed once per pair of texts)."""
    stats = PairStats(store)
    try:
        return post_editing(pairs, all_drafts, stats)
    finally:
        stats.close()


def post_editing(pairs: Iterable[dict], all_drafts: Iterable[dict] | None = None,
                 stats_source: PairStats | None = None) -> dict | None:
    """Draft (hypothesis) against the reviewed target (reference): overall and per segment for the
    drafts the reviewers worked from; per engine/model for every model's draft of the reviewed
    segments (so two models drafting the same document are compared on the same segments). Pairs and
    drafts come in position order and are walked side by side; each pair's statistics come from
    `stats_source` (computed once per pair of texts and kept when it has a store; see segment_stats)
    and are summed into every group the segment belongs to."""
    source = stats_source or PairStats()
    overall, segments = _Group(), SegmentScores()
    groups: dict[str, _Group] = defaultdict(_Group)
    own: dict[str, _Group] = defaultdict(_Group)  # by the engine of the draft worked from (no draft list)
    worked_from: Counter = Counter()
    edited: list[dict] = []
    without = 0
    drafts = _by_position(source.annotate(_chosen_drafts(all_drafts or []), wanted=lambda d: not d["worked_from"]))
    pending = next(drafts, None)
    for p, stats in source.annotate(pairs):
        while pending is not None and pending[0] < p["position"]:
            _score_drafts(pending[1], None, groups, worked_from)
            pending = next(drafts, None)
        if p["draft"] is None:
            without += 1
            continue
        scores = metrics.segment_scores(stats)
        unchanged = p["draft"] == p["target"]
        name = group_name(p["engine"], p["model"])
        overall.add(stats, unchanged, scores["chrf"])
        own[name].add(stats, unchanged, scores["chrf"])
        segments.append(p["position"], name, unchanged, scores["chrf"], scores["ter"])
        if not unchanged:
            edited = _most_edited(edited, {"position": p["position"], "group": name, "unchanged": False, **scores,
                                           "source": p["source"], "draft": p["draft"], "final": p["target"]})
        if pending is not None and pending[0] == p["position"]:
            _score_drafts(pending[1], (stats, unchanged, scores["chrf"]), groups, worked_from)
            pending = next(drafts, None)
    while pending is not None:
        _score_drafts(pending[1], None, groups, worked_from)
        pending = next(drafts, None)
    if not len(segments):
        return None
    if not groups:
        groups = own
        worked_from = Counter({name: g.tally.size for name, g in own.items()})
    chrfs = segments.chrf
    return {
        "overall": overall.scored(),
        "by_engine": {name: {**g.scored(), "worked_from": worked_from[name]} for name, g in sorted(groups.items())},
        "reviewed_without_draft": without,
        "segment_signature": metrics.segment_signatures(),
        "chrf_histogram": metrics.histogram(chrfs),
        "chrf_quartiles": metrics.quartiles(chrfs),
        "ter_quartiles": metrics.quartiles(segments.ter),
        "most_edited": _most_edited(edited, None),
        "segments": segments,
    }


def _chosen_drafts(drafts: Iterable[dict]) -> Iterator[dict]:
    """The drafts chosen at each position per engine/model (see model_drafts), in position order."""
    for _, members in groupby(drafts, key=lambda d: d["position"]):
        yield from model_drafts(members)


def _by_position(drafts: Iterable[tuple[dict, dict | None]]) -> Iterator[tuple[int, list[tuple[dict, dict | None]]]]:
    """(position, [(draft, its statistics)]) for each position of (draft, statistics) items."""
    for position, members in groupby(drafts, key=lambda d: d[0]["position"]):
        yield position, list(members)


def _score_drafts(drafts: list[tuple[dict, dict | None]], worked: tuple | None, groups: dict[str, _Group],
                  worked_from: Counter) -> None:
    """Add one position's model drafts to their engine/model groups. `worked`: the statistics of the draft
    the reviewer worked from at this position (reused for it), None when the position has none scored."""
    for d, stats in drafts:
        name = group_name(d["engine"], d["model"])
        if d["worked_from"] and worked is not None:
            groups[name].add(*worked)
            worked_from[name] += 1
        else:
            if stats is None:  # the worked-from draft at a position whose pair was not scored
                stats = metrics.segment_stats(d["draft"], d["target"])
            groups[name].add(stats, d["draft"] == d["target"], metrics.segment_scores(stats)["chrf"])


def _most_edited(held: list[dict], new: dict | None) -> list[dict]:
    """The segments edited most (highest TER, then lowest chrF) with their source, draft and final text:
    `held` plus `new`, cut back to the first few now and then (and to MOST_EDITED when `new` is None)."""
    if new is not None:
        held.append(new)
        if len(held) < 8 * MOST_EDITED:
            return held
    return sorted(held, key=lambda s: (-s["ter"], s["chrf"], s["position"]))[:MOST_EDITED]


def terminology(rows: Iterable[dict], pairs: Iterable[dict], matcher: Matcher) -> dict:
    """Term accuracy of every draft, and of the drafts and final texts of the reviewed segments."""
    drafts = metrics.term_accuracy(((r["draft"], metrics.glossary_terms(matcher.find(r["source"])))
                                    for r in rows if r["draft"] is not None), list_missed=False)
    reviewed, final = _TermPairs(), _TermPairs()
    for p in pairs:
        hits = metrics.glossary_terms(matcher.find(p["source"]))
        final.add(p["target"], hits)
        if p["draft"] is not None:
            reviewed.add(p["draft"], hits)
    return {
        "glossary_terms": len(matcher),
        "drafts": drafts,
        "reviewed_drafts": reviewed.result(),
        "final": final.result(),
    }


class _TermPairs:
    """Term accuracy accumulated one text at a time."""

    def __init__(self):
        self.correct = self.total = 0

    def add(self, text: str | None, terms: list) -> None:
        found = metrics.term_accuracy([(text, terms)], list_missed=False)
        self.correct += found["correct"]
        self.total += found["total"]

    def result(self) -> dict:
        return {"correct": self.correct, "total": self.total,
                "accuracy": 100.0 * self.correct / self.total if self.total else None,
                "missed": self.total - self.correct}


def qa_counts(pairs: Callable[[], Iterable[dict]], matcher: Matcher,
              known: Callable[[list[tuple[int, str, str]]], dict[int, tuple]] | None = None) -> dict:
    """QA issues in the drafts of the reviewed segments and how many remain in their final text. `pairs`
    reads the reviewed pairs again for each pass (the document norms need the whole document first).
    `known`: (position, source, text) → the per-segment issues kept for those texts (verify.kept_issues:
    the final texts' stored results, the drafts' issues kept by content), so only what nobody kept is
    checked here."""

    def run(key: str) -> dict:
        # Each side is checked as if it were the segment's current text, with the same document context.
        def checked() -> Iterator[dict]:
            for p in pairs():
                if p["draft"] is not None:
                    yield {"position": p["position"], "source": p["source"], "status": "reviewed",
                           "target": p[key], "draft": p[key]}

        norms = qa.document_norms(lambda: qa.texts_of(checked()))
        codes: Counter = Counter()
        severities: Counter = Counter()
        flagged = 0
        rows = iter(checked())
        while part := list(islice(rows, 2000)):
            found = known(list(qa.texts_of(part))) if known is not None else None
            for _, issues in qa.check_rows(part, matcher, norms, found):
                codes.update(i.code for i in issues)
                severities.update(i.severity for i in issues)
                flagged += bool(issues)
        return {"issues": sum(codes.values()), "segments_with_issues": flagged,
                "by_code": dict(sorted(codes.items())), "by_severity": dict(sorted(severities.items()))}

    reviewed = sum(1 for p in pairs() if p["draft"] is not None)
    if not reviewed:
        return {"segments": 0, "drafts": None, "final": None}
    return {"segments": reviewed, "drafts": run("draft"), "final": run("target")}


def review_pace(decisions: Iterable[dict], idle: int = IDLE_SECONDS) -> list[dict]:
    """Segments per hour per reviewer: decisions over the time spent between them, pauses longer than
    `idle` seconds left out (a lunch break is not review time). `decisions` come oldest first (as
    storage gives them) and are counted as they pass."""
    by_reviewer: dict[str, _Pace] = {}
    for d in decisions:
        name = d["reviewer"] or "(unnamed)"
        by_reviewer.setdefault(name, _Pace()).add(datetime.fromisoformat(d["at"]), d["position"], idle)
    out = []
    for reviewer, pace in sorted(by_reviewer.items()):
        out.append({
            "reviewer": reviewer,
            "decisions": pace.decisions,
            "segments": len(pace.positions),
            "active_minutes": pace.seconds / 60,
            # Under a minute of review time says nothing about a person's pace (scripted or imported decisions).
            "segments_per_hour": (pace.gaps / pace.seconds * 3600) if pace.seconds >= MIN_ACTIVE_SECONDS else None,
            "first": pace.first.isoformat(), "last": pace.last.isoformat(),
        })
    return out


class _Pace:
    """One reviewer's decisions, counted as they pass: the time between decisions (breaks left out)."""

    def __init__(self):
        self.decisions = self.gaps = 0
        self.seconds = 0.0
        self.positions: set[int] = set()
        self.first = self.last = None

    def add(self, moment: datetime, position: int, idle: int) -> None:
        self.decisions += 1
        self.positions.add(position)
        if self.last is not None:
            gap = (moment - self.last).total_seconds()
            if gap <= idle:
                self.gaps += 1
                self.seconds += gap
        self.first = moment if self.first is None else min(self.first, moment)
        self.last = moment if self.last is None else max(self.last, moment)


PAIR_FILES = (("draft", "draft"), ("final", "target"), ("source", "source"))


def check_pairs(folder: str | Path, guard: Guard | None = None) -> list[Path]:
    """The three pair files in FOLDER, each refused with one line if it must not be written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkbenchError(f"{folder}: no such folder (create it first)")
    guard = guard or Guard()
    return [guard.check(folder / f"{name}.txt") for name, _ in PAIR_FILES]


def write_pairs(store: Store, document_ref: str | int, folder: str | Path, guard: Guard | None = None) -> dict:
    """Write draft.txt (hypothesis), final.txt (reference) and source.txt of the reviewed, drafted
    segments, one per line: the files `sacrebleu final.txt -i draft.txt` scores like the report.
    All three are checked before any is written; each is written atomically (workbench.outputs)."""
    document = doc_store.require(store, document_ref)
    guard = guard or Guard()
    paths = check_pairs(folder, guard)
    files = {}
    for path, (name, key) in zip(paths, PAIR_FILES):
        guard.write(path, (metrics.clean(p[key]) + "\n" for p in reporting.iter_reviewed_pairs(store, document["id"])
                           if p["draft"] is not None))
        files[name] = str(path)
    return {"segments": sum(1 for p in reporting.iter_reviewed_pairs(store, document["id"]) if p["draft"] is not None),
            **files}


# ---------------------------------------------------------------------------------------------
# Text


def _f(value, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _acc_line(name: str, acc: dict, reviewed: bool = True) -> str:
    if not reviewed:  # no text to measure yet: not the same as a text without glossary terms
        return f"  {name:<16} no reviewed segments yet"
    if not acc["total"]:
        return f"  {name:<16} no glossary terms in these segments"
    return f"  {name:<16} {_f(acc['accuracy'])}%  ({acc['correct']} of {acc['total']} term occurrences)"


def render_text(report: dict) -> str:
    p = report["progress"]
    doc = report["document"]
    out = [f"Report for document {doc['id']} ({doc['title']})", ""]
    out.append(f"Progress: {p['segments']} segments — " + ", ".join(f"{k} {v}" for k, v in p["by_status"].items()))
    out.append(f"  failed drafts {p['failed_drafts']}; source {p['source_characters']} characters, "
               f"{p['source_words']} words; reviewed {p['reviewed_source_characters']} characters, "
               f"{p['reviewed_source_words']} words → {p['target_words']} English words")
    out.append(_excerpt_line(report["excerpt"]))
    for note in report["notes"]:
        out.append(f"Note: {note}")
    pe = report["post_editing"]
    out.append("")
    if pe is None:
        out.append("Post-editing effort: nothing to measure yet")
    else:
        o = pe["overall"]
        out.append(f"Post-editing effort (draft = hypothesis, reviewed target = reference; {o['segments']} segments):")
        for m, label in (("bleu", "BLEU"), ("chrf", "chrF"), ("ter", "TER")):
            out.append(f"  {label:<5} {o[m]:6.2f}   {o['signature'][m]}")
        out.append(f"  accepted unchanged: {o['unchanged']} of {o['segments']} ({_f(o['unchanged_share'])}%)")
        if pe["reviewed_without_draft"]:
            out.append(f"  ({pe['reviewed_without_draft']} reviewed segments had no draft and are not counted)")
        q = pe["chrf_quartiles"]
        out.append(f"  per-segment chrF: min {_f(q['min'])}, q1 {_f(q['q1'])}, median {_f(q['median'])}, "
                   f"q3 {_f(q['q3'])}, max {_f(q['max'])}   ({pe['segment_signature']['chrf']})")
        tq = pe["ter_quartiles"]
        out.append(f"  per-segment TER:  min {_f(tq['min'])}, median {_f(tq['median'])}, max {_f(tq['max'])}"
                   f"   ({pe['segment_signature']['ter']})")
        out.append("  chrF histogram: " + " ".join(f"{i * 10}-{i * 10 + 10}:{n}" for i, n in enumerate(pe["chrf_histogram"]) if n))
        out.append("  by engine/model (each model's drafts of the reviewed segments; same signatures):")
        for name, g in pe["by_engine"].items():
            out.append(f"    {name:<24} BLEU {g['bleu']:6.2f}  chrF {g['chrf']:6.2f}  TER {g['ter']:6.2f}  "
                       f"({g['segments']} segments, {_f(g['unchanged_share'])}% unchanged, "
                       f"{g['worked_from']} worked from)")
        if pe["most_edited"]:
            out.append("  most edited:")
            for s in pe["most_edited"]:
                out.append(f"    #{s['position']} TER {s['ter']:.1f} chrF {s['chrf']:.1f}: {s['draft']!r} → {s['final']!r}")
    t = report["terminology"]
    reviewed = bool(p["by_status"]["reviewed"] + p["by_status"]["final"])
    out += ["", f"Term accuracy (exact match of glossary renderings; {t['glossary_terms']} glossary terms):",
            _acc_line("all drafts", t["drafts"]), _acc_line("reviewed drafts", t["reviewed_drafts"], reviewed),
            _acc_line("final text", t["final"], reviewed)]
    qa = report["qa"]
    out.append("")
    if not qa["segments"]:
        out.append("QA: no reviewed drafts to compare")
    else:
        d, f = qa["drafts"], qa["final"]
        out.append(f"QA over {qa['segments']} reviewed segments: {d['issues']} issues in the drafts, "
                   f"{f['issues']} remain in the final text")
        for code in sorted(set(d["by_code"]) | set(f["by_code"])):
            out.append(f"  {code:<24} drafts {d['by_code'].get(code, 0):3}   final {f['by_code'].get(code, 0):3}")
    out += ["", *mqm_report.render_text(report["mqm"])]
    out.append("")
    if not report["pace"]:
        out.append("Review pace: no decisions recorded yet")
    else:
        out.append("Review pace (pauses over 10 minutes left out):")
        for r in report["pace"]:
            pace = "n/a (under a minute of review)" if r["segments_per_hour"] is None else f"{r['segments_per_hour']:.0f} segments/hour"
            out.append(f"  {r['reviewer']:<16} {r['decisions']} decisions, {r['active_minutes']:.1f} active minutes, {pace}")
    return "\n".join(out) + "\n"
