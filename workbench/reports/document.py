"""The document report: progress, post-editing effort (sacrebleu), term accuracy, QA, review pace.

`build(store, doc)` returns one plain dict (what `workbench report --json` prints, what the HTML
report and the TUI statistics screen draw); `render_text` turns it into the terminal report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from workbench import qa
from workbench.config import MqmSettings
from workbench.errors import WorkbenchError
from workbench.glossary.manage import matcher as glossary_matcher
from workbench.glossary.terms import Matcher
from workbench.outputs import Guard
from workbench.reports import metrics
from workbench.reports import mqm as mqm_report
from workbench.rows import included, included_rows
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
    document = doc_store.require(store, document_ref)
    doc_id = document["id"]
    rows = seg_store.for_document(store, doc_id)
    pairs = [p for p in reporting.reviewed_pairs(store, doc_id)]
    matcher = glossary_matcher(store)
    report = {
        "document": {"id": doc_id, "title": document["title"]},
        "progress": progress(included_rows(rows), reporting.failed_drafts(store, doc_id)),
        "post_editing": post_editing(pairs, reporting.drafts_of_reviewed(store, doc_id)),
        "terminology": terminology(rows, pairs, matcher),
        "qa": qa_counts(rows, pairs, matcher),
        "pace": review_pace(reporting.decisions(store, doc_id)),
        "excerpt": excerpt_savings(rows, draft_store.usage(store, [r.draft_id for r in rows if r.draft_id])),
        "mqm": mqm_report.build(rows, assess_store.current_spans(store, doc_id),
                                assess_store.assessed_drafts(store, doc_id), MqmSettings.load(),
                                assess_store.assessment_costs(store, doc_id)),
        "notes": [],
    }
    if not rows:
        report["notes"].append("the document has no segments")
    elif not pairs:
        report["notes"].append("no reviewed segments yet: post-editing effort and final-text figures need reviews")
    elif report["post_editing"] is None:
        report["notes"].append("no reviewed segment has a draft, so there is no post-editing effort to measure")
    return report


def progress(rows: list[dict], failed: int) -> dict:
    by_status = Counter(r["status"] for r in rows)
    reviewed = [r for r in rows if r["status"] in REVIEWED]
    return {
        "segments": len(rows),
        "by_status": {s: by_status.get(s, 0) for s in STATUSES},
        "flagged": by_status.get("flagged", 0),
        "failed_drafts": failed,
        "source_characters": sum(_chars(r["source"]) for r in rows),
        "source_words": sum(_zh_words(r) for r in rows),
        "reviewed_source_characters": sum(_chars(r["source"]) for r in reviewed),
        "reviewed_source_words": sum(_zh_words(r) for r in reviewed),
        "target_words": sum(len(_WORD.findall(r["target"] or "")) for r in reviewed),
    }


def excerpt_savings(rows: list, usage: dict[int, dict]) -> dict:
    """How many segments are left out of the excerpt, and what not drafting them saved.

    The estimate: the left-out segments that were never drafted, by their source characters, at the
    document's average tokens and cost per source character of its model drafts (drafts that used
    tokens: not translation memory, repetitions or imported English). Characters rather than segments,
    since a left-out passage's sentences are not of average length. None where nothing was drafted by a
    model yet (no basis), or no price is configured (cost unknown, not free)."""
    left_out = [r for r in rows if not included(r)]
    saved = [r for r in left_out if r.draft_id is None]
    basis = [(r, usage[r.draft_id]) for r in rows if r.draft_id in usage
             and (usage[r.draft_id]["prompt_tokens"] or usage[r.draft_id]["completion_tokens"])]
    chars = sum(_chars(r.source) for r, _ in basis)
    saved_chars = sum(_chars(r.source) for r in saved)
    out = {"left_out": len(left_out), "never_drafted": len(saved), "never_drafted_characters": saved_chars,
           "basis_segments": len(basis), "saved_tokens": None, "saved_cost": None}
    if chars:
        tokens = sum(u["prompt_tokens"] + u["completion_tokens"] for _, u in basis)
        out["saved_tokens"] = round(tokens / chars * saved_chars)
        costs = [u["cost"] for _, u in basis if u["cost"] is not None]
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
    return sum(1 for c in text if not c.isspace())


def _zh_words(row: dict) -> int:
    return sum(1 for t in row["tokens"] if t.strip() and not _PUNCT.match(t))


def model_drafts(rows: list[dict]) -> list[dict]:
    """One draft per reviewed segment and engine/model: the one the reviewer worked from, else the latest."""
    chosen: dict[tuple, dict] = {}
    for row in rows:  # oldest first, so a later draft replaces an earlier one…
        key = (row["position"], row["engine"], row["model"])
        if not (chosen.get(key) or {}).get("worked_from"):  # …unless the reviewer worked from the earlier one
            chosen[key] = row
    return sorted(chosen.values(), key=lambda r: (r["position"], r["engine"], r["model"] or ""))


def post_editing(pairs: list[dict], all_drafts: list[dict] | None = None) -> dict | None:
    """Draft (hypothesis) against the reviewed target (reference): overall and per segment for the
    drafts the reviewers worked from; per engine/model for every model's draft of the reviewed
    segments (so two models drafting the same document are compared on the same segments)."""
    drafted = [p for p in pairs if p["draft"] is not None]
    if not drafted:
        return None
    hyps = [p["draft"] for p in drafted]
    refs = [p["target"] for p in drafted]
    groups, worked_from = _engine_groups(drafted, all_drafts or [], hyps, refs)
    scores = metrics.Scores(hyps, refs)
    segments = [{"position": p["position"], "group": group_name(p["engine"], p["model"]),
                 "unchanged": p["draft"] == p["target"], **scores.segment(i)} for i, p in enumerate(drafted)]
    by_engine = {name: {**_scored(scores, hyps, refs, ix), "worked_from": worked_from[name]}
                 for name, ix in sorted(groups.items())}
    chrfs = [s["chrf"] for s in segments]
    return {
        "overall": _scored(scores, hyps, refs, list(range(len(segments)))),
        "by_engine": by_engine,
        "reviewed_without_draft": len(pairs) - len(drafted),
        "segment_signature": metrics.segment_signatures(),
        "chrf_histogram": metrics.histogram(chrfs),
        "chrf_quartiles": metrics.quartiles(chrfs),
        "ter_quartiles": metrics.quartiles([s["ter"] for s in segments]),
        "most_edited": _most_edited(segments, drafted),
        "segments": segments,
    }


def _engine_groups(drafted: list[dict], all_drafts: list[dict], hyps: list[str],
                   refs: list[str]) -> tuple[dict[str, list[int]], Counter]:
    """engine/model → the indices into `hyps`/`refs` of its drafts of the reviewed segments, and how many
    of them the reviewers worked from. The drafts worked from are already in `hyps` (scored once and
    shared); every other model's draft is appended to `hyps`, with its segment's target to `refs`.
    Without the full draft list, the groups are those of the drafts worked from."""
    index = {p["position"]: i for i, p in enumerate(drafted)}
    groups: dict[str, list[int]] = defaultdict(list)
    worked_from: Counter = Counter()
    for d in model_drafts(all_drafts):
        name = group_name(d["engine"], d["model"])
        if d["worked_from"] and d["position"] in index:
            groups[name].append(index[d["position"]])
            worked_from[name] += 1
        else:
            groups[name].append(len(hyps))
            hyps.append(d["draft"])
            refs.append(d["target"])
    if not groups:
        for i, p in enumerate(drafted):
            name = group_name(p["engine"], p["model"])
            groups[name].append(i)
            worked_from[name] += 1
    return groups, worked_from


def _scored(scores: metrics.Scores, hyps: list[str], refs: list[str], indices: list[int]) -> dict:
    """Corpus scores of the drafts at `indices`, with how many were left unchanged and the mean segment chrF."""
    out = scores.corpus(indices)
    unchanged = sum(hyps[i] == refs[i] for i in indices)
    out["unchanged"] = unchanged
    out["unchanged_share"] = 100.0 * unchanged / len(indices)
    out["mean_segment_chrf"] = sum(scores.segment(i)["chrf"] for i in indices) / len(indices)
    return out


def _most_edited(segments: list[dict], drafted: list[dict]) -> list[dict]:
    """The segments edited most (highest TER, then lowest chrF), with their source, draft and final text."""
    edited = sorted((s for s in segments if not s["unchanged"]), key=lambda s: (-s["ter"], s["chrf"], s["position"]))
    by_position = {p["position"]: p for p in drafted}
    return [{**s, "source": by_position[s["position"]]["source"], "draft": by_position[s["position"]]["draft"],
             "final": by_position[s["position"]]["target"]} for s in edited[:MOST_EDITED]]


def terminology(rows: list[dict], pairs: list[dict], matcher: Matcher) -> dict:
    """Term accuracy of every draft, and of the drafts and final texts of the reviewed segments."""
    hits = {r["position"]: metrics.glossary_terms(matcher.find(r["source"])) for r in rows}
    drafted = [r for r in rows if r["draft"] is not None]
    reviewed = [p for p in pairs if p["draft"] is not None]
    return {
        "glossary_terms": len(matcher),
        "drafts": _acc((r["draft"], hits[r["position"]]) for r in drafted),
        "reviewed_drafts": _acc((p["draft"], hits[p["position"]]) for p in reviewed),
        "final": _acc((p["target"], hits[p["position"]]) for p in pairs),
    }


def _acc(items) -> dict:
    result = metrics.term_accuracy(items)
    result["missed"] = len(result["missed"])
    return result


def qa_counts(rows: list[dict], pairs: list[dict], matcher: Matcher) -> dict:
    """QA issues in the drafts of the reviewed segments and how many remain in their final text."""
    base = {r["position"]: r for r in rows}
    reviewed = [p for p in pairs if p["draft"] is not None]

    def run(text_of) -> dict:
        # Each side is checked as if it were the segment's current text, with the same document context.
        checked = [replace(base[p["position"]], status="reviewed", target=text_of(p), draft=text_of(p)) for p in reviewed]
        found = qa.check_document(checked, matcher)
        codes = Counter(i.code for issues in found.values() for i in issues)
        severities = Counter(i.severity for issues in found.values() for i in issues)
        return {"issues": sum(codes.values()), "segments_with_issues": sum(1 for v in found.values() if v),
                "by_code": dict(sorted(codes.items())), "by_severity": dict(sorted(severities.items()))}

    if not reviewed:
        return {"segments": 0, "drafts": None, "final": None}
    return {"segments": len(reviewed), "drafts": run(lambda p: p["draft"]), "final": run(lambda p: p["target"])}


def review_pace(decisions: list[dict], idle: int = IDLE_SECONDS) -> list[dict]:
    """Segments per hour per reviewer: decisions over the time spent between them, pauses longer than
    `idle` seconds left out (a lunch break is not review time)."""
    by_reviewer: dict[str, list[dict]] = defaultdict(list)
    for d in decisions:
        by_reviewer[d["reviewer"] or "(unnamed)"].append(d)
    out = []
    for reviewer, items in sorted(by_reviewer.items()):
        times = sorted(datetime.fromisoformat(d["at"]) for d in items)
        gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
        active = [g for g in gaps if g <= idle]
        seconds = sum(active)
        out.append({
            "reviewer": reviewer,
            "decisions": len(items),
            "segments": len({d["position"] for d in items}),
            "active_minutes": seconds / 60,
            # Under a minute of review time says nothing about a person's pace (scripted or imported decisions).
            "segments_per_hour": (len(active) / seconds * 3600) if seconds >= MIN_ACTIVE_SECONDS else None,
            "first": times[0].isoformat(), "last": times[-1].isoformat(),
        })
    return out


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
    drafted = [p for p in reporting.reviewed_pairs(store, document["id"]) if p["draft"] is not None]
    files = {}
    for path, (name, key) in zip(paths, PAIR_FILES):
        guard.write(path, "".join(metrics.clean(p[key]) + "\n" for p in drafted))
        files[name] = str(path)
    return {"segments": len(drafted), **files}


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
