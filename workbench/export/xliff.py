"""XLIFF 2.0 (core, with the Metadata and Translation Candidates modules), every segment with its state.

One <unit id="uN"> per segment N holding one <segment id="sN">; a document imported from XLIFF 2.0 gets
its own file, unit and segment ids and inline codes (<pc>, <ph/>…) back, so it merges into the tool it
came from. Status mapping:

    ours         XLIFF state   subState             <target>
    initial      initial       -                    absent
    translated   translated    -                    the draft
    reviewed     reviewed      -                    the reviewed target
    final        final         -                    the reviewed target
    flagged      reviewed      workbench:flagged    the reviewed target, when a person had saved one
                 translated    workbench:flagged    otherwise the draft (initial + no target if none)

A segment left out of the excerpt is a unit with translate="no". A flag's note is a <note
category="flag">; other review notes are category "review"; the editor's note (a footnote of the
English article) is category "editor", on included units only. The draft a
reviewed target was made from travels as an <mtc:match type="mt">, so the post-editing report still
works after a round trip; paragraph, engine, model and reviewer are <mda:meta> entries. MQM error
spans are ITS Localization Quality Issues (<sm>/<em> markers; see workbench.mqm_its), in the target,
else in the draft's match target, and in the source for an omission.
"""

from __future__ import annotations

from itertools import groupby
from typing import Iterator

from lxml import etree

from workbench import mqm
from workbench.export.base import Exporter, ExportJob, xml_safe, xml_stream
from workbench.mqm import Span
from workbench.mqm_its import ITS_NS, SEVERITY_TO_ITS, TO_ITS, its
from workbench.rows import included
from workbench.statuses import REVIEWED
from workbench.storage import assessments as assess_store
from workbench.xliff_codes import fill

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
NSMAP = {None: XLIFF_NS, "mda": MDA_NS, "mtc": MTC_NS, "its": ITS_NS}
FLAGGED_SUBSTATE = "workbench:flagged"
SOURCE_LANG, TARGET_LANG = "zh-CN", "en"


def x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def mda(tag: str) -> str:
    return f"{{{MDA_NS}}}{tag}"


def mtc(tag: str) -> str:
    return f"{{{MTC_NS}}}{tag}"


def xliff_state(row: dict) -> tuple[str, str | None, str | None]:
    """(state, subState, target text) for one segment row, per the table in the module docstring."""
    status = row["status"]
    if status in REVIEWED:
        return status, None, row["target"]
    if status == "flagged":
        if row.get("target") is not None:
            return "reviewed", FLAGGED_SUBSTATE, row["target"]
        if row.get("draft") is not None:
            return "translated", FLAGGED_SUBSTATE, row["draft"]
        return "initial", FLAGGED_SUBSTATE, None
    if status == "translated" and row.get("draft") is not None:
        return "translated", None, row["draft"]
    return "initial", None, None


def _issue_attributes(span: Span) -> dict[str, str]:
    """The ITS Localization Quality Issue (and Provenance) attributes of one span (see workbench.mqm_its)."""
    out = {"type": "its:generic", its("locQualityIssueType"): TO_ITS[span.category],
           its("locQualityIssueSeverity"): SEVERITY_TO_ITS[span.severity]}
    if span.explanation:
        out[its("locQualityIssueComment")] = xml_safe(span.explanation)
    if span.origin == mqm.MODEL:
        out[its("tool")] = xml_safe(span.by or "model")
        if span.verdict == mqm.CONFIRMED:
            out[its("revPerson")] = "reviewer"
    elif span.by:
        out[its("person")] = xml_safe(span.by)
    if span.verdict == mqm.DISMISSED:
        out[its("locQualityIssueEnabled")] = "no"
    return out


def marked_text(el, text: str, spans: list[tuple[str, Span]]) -> list[Span]:
    """Fill `el` with `text`, each span (with its marker id) between an <sm> and its <em>, at its first
    occurrence; returns the spans placed (those whose words are not in `text` are left out)."""
    events, placed = [], []
    for marker, span in spans:
        start = text.find(span.text)
        if start < 0 or not span.text:
            continue
        placed.append(span)
        events += [(start, 1, marker, span), (start + len(span.text), 0, marker, None)]
    events.sort(key=lambda e: (e[0], e[1]))
    el.text, last, cut = xml_safe(text[:events[0][0]] if events else text), None, events[0][0] if events else len(text)
    for offset, _, marker, span in events:
        if last is not None:
            last.tail = xml_safe(text[cut:offset])
        cut = offset
        last = (etree.SubElement(el, x("sm"), id=marker, **_issue_attributes(span)) if span is not None
                else etree.SubElement(el, x("em"), startRef=marker))
    if last is not None:
        last.tail = xml_safe(text[cut:])
    return placed


def _metadata(parent, category: str, entries: dict) -> None:
    entries = {k: v for k, v in entries.items() if v not in (None, "")}
    if not entries:
        return
    group = etree.SubElement(etree.SubElement(parent, mda("metadata")), mda("metaGroup"), category=category)
    for kind, value in entries.items():
        etree.SubElement(group, mda("meta"), type=kind).text = xml_safe(str(value))


class XliffExporter(Exporter):
    name = "xliff"
    suffix = ".xlf"
    description = "XLIFF 2.0 with every segment's state, notes and drafts"

    def chunks(self, job: ExportJob) -> Iterator[str]:
        doc = job.document
        editor_notes = job.published_notes()
        spans = assess_store.current_spans(job.store, doc["id"])  # only segments with spans: bounded by them
        origins = {pos: o for pos, o in job.origins.items() if o.get("version") == "2.0"}
        root = etree.Element(x("xliff"), nsmap=NSMAP, version="2.0", srcLang=SOURCE_LANG, trgLang=TARGET_LANG)
        file_ids = {o.get("file") for o in origins.values()}
        whole = len(file_ids) == 1 and None not in file_ids and len(origins) == len(job.rows)
        file_id = file_ids.pop() if whole else f"doc{doc['id']}"
        file_ = etree.SubElement(root, x("file"), id=xml_safe(file_id) or f"doc{doc['id']}",
                                 original=xml_safe(doc["source_path"] or doc["title"]))
        _metadata(file_, "document", {"title": doc["title"], "format": doc["format"]})
        # an imported XLIFF 2.0 file's units come back whole, with their ids; other segments get one unit each
        groups = groupby(job.worked_from(),
                         key=lambda rp: origins.get(rp[0]["position"], {}).get("unit") or f"u{rp[0]['position']}")
        units = (_unit(unit_id, list(members), origins, spans, editor_notes) for unit_id, members in groups)
        return xml_stream(root, file_, units, level=2)


def _unit(unit_id: str, members: list[tuple], origins: dict, spans: dict, editor_notes: dict):
    """The <unit> of one or more segments (an imported unit keeps its segments together); each member is
    (row, its reviewed pair — the draft the reviewer worked from — or None)."""
    first = members[0][0]
    unit = etree.Element(x("unit"), nsmap=NSMAP, id=xml_safe(unit_id), name=str(first["position"]))
    if not any(included(row) for row, _ in members):  # left out of the excerpt: not for translation
        unit.set("translate", "no")
    matches, notes, segments = None, [], []
    for row, pair in members:
        matches, left, seg_id = _match(unit, matches, row, pair, origins, spans)
        notes += _notes_of(row, editor_notes.get(row["position"]))
        state, sub_state, target = xliff_state(row)
        segments.append((row, seg_id, state, sub_state, target, origins.get(row["position"], {}).get("codes") or {}, left))
    draft_row = members[0][1] or first
    _metadata(unit, "workbench", {
        "paragraph": first["paragraph"], "engine": draft_row.get("engine"), "model": draft_row.get("model"),
        "reviewer": first.get("reviewer"), "updated": first.get("updated_at"),
    })
    if notes:
        container = etree.SubElement(unit, x("notes"))
        for number, (category, text) in enumerate(notes, 1):
            etree.SubElement(container, x("note"), id=f"n{first['position']}-{number}", category=category).text = xml_safe(text)
    for row, seg_id, state, sub_state, target, codes, left in segments:
        segment = etree.SubElement(unit, x("segment"), id=xml_safe(seg_id), state=state)
        if sub_state:
            segment.set("subState", sub_state)
        _text(etree.SubElement(segment, x("source")), row["source"], codes, [s for s in left if s[1].side == "source"])
        if target is not None:
            _text(etree.SubElement(segment, x("target")), target, codes, [s for s in left if s[1].side == "target"])
    return unit


def _match(unit, matches, row, pair: dict | None, origins: dict, spans: dict):
    """The draft a reviewed segment was made from, as an <mtc:match> (the matches element made on first
    use); returns (matches, the segment's MQM spans not placed in the match, the segment id)."""
    pos = row["position"]
    origin = origins.get(pos, {})
    codes = origin.get("codes") or {}
    seg_id = origin.get("segment") or f"s{pos}"
    state = xliff_state(row)[0]
    draft_row = pair or row
    left = [(f"q{pos}-{n}", s) for n, s in enumerate(spans.get(row["id"], []), 1)]  # spans not yet placed
    if draft_row.get("draft") is None or state not in REVIEWED:
        return matches, left, seg_id
    made_by = "/".join(v for v in (draft_row.get("engine"), draft_row.get("model")) if v)
    if matches is None:
        matches = etree.SubElement(unit, mtc("matches"))
    match = etree.SubElement(matches, mtc("match"), ref=f"#{seg_id}", type="mt", origin=xml_safe(made_by))
    _text(etree.SubElement(match, x("source")), row["source"], codes, [])
    placed = _text(etree.SubElement(match, x("target")), draft_row["draft"], codes,
                   [s for s in left if s[1].side == "target"])
    return matches, [s for s in left if s[1] not in placed], seg_id


def _text(el, text: str, codes: dict, spans: list[tuple[str, Span]]) -> list[Span]:
    """Fill `el`: an imported file's inline codes restored (xliff_codes.fill), else the MQM spans marked.
    A text with inline codes carries no span marks (they would have to nest with the codes)."""
    if codes:
        fill(el, xml_safe(text), codes, XLIFF_NS)
        return []
    return marked_text(el, text, spans)


def _notes_of(row, editor_note: dict | None) -> list[tuple[str, str]]:
    notes = []
    if row.get("note"):
        notes.append(("flag" if row["status"] == "flagged" else "review", row["note"]))
    if row.get("draft_error"):
        notes.append(("draft-error", row["draft_error"]))
    if editor_note:
        notes.append(("editor", editor_note["text"]))
    return notes
