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

A flag's note is a <note category="flag">; other review notes are category "review". The draft a
reviewed target was made from travels as an <mtc:match type="mt">, so the post-editing report still
works after a round trip; paragraph, engine, model and reviewer are <mda:meta> entries.
"""

from __future__ import annotations

from itertools import groupby

from lxml import etree

from workbench.export.base import Exporter, ExportJob, xml_safe
from workbench.statuses import REVIEWED
from workbench.storage import reporting
from workbench.xliff_codes import fill

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
NSMAP = {None: XLIFF_NS, "mda": MDA_NS, "mtc": MTC_NS}
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

    def render(self, job: ExportJob) -> str:
        doc = job.document
        worked_from = {p["position"]: p for p in reporting.reviewed_pairs(job.store, doc["id"])}
        origins = {pos: o for pos, o in job.origins.items() if o.get("version") == "2.0"}
        root = etree.Element(x("xliff"), nsmap=NSMAP, version="2.0", srcLang=SOURCE_LANG, trgLang=TARGET_LANG)
        file_ids = {o.get("file") for o in origins.values()}
        file_id = file_ids.pop() if len(file_ids) == 1 and len(origins) == len(job.rows) and None not in file_ids else f"doc{doc['id']}"
        file_ = etree.SubElement(root, x("file"), id=xml_safe(file_id) or f"doc{doc['id']}",
                                 original=xml_safe(doc["source_path"] or doc["title"]))
        _metadata(file_, "document", {"title": doc["title"], "format": doc["format"]})
        # an imported XLIFF 2.0 file's units come back whole, with their ids; other segments get one unit each
        for unit_id, rows in groupby(job.rows, key=lambda r: origins.get(r["position"], {}).get("unit") or f"u{r['position']}"):
            self._unit(file_, unit_id, list(rows), worked_from, origins)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")

    def _unit(self, file_, unit_id: str, rows: list[dict], worked_from: dict, origins: dict) -> None:
        first = rows[0]
        unit = etree.SubElement(file_, x("unit"), id=xml_safe(unit_id), name=str(first["position"]))
        matches, notes, segments = None, [], []
        for row in rows:
            pos = row["position"]
            origin = origins.get(pos, {})
            seg_id = origin.get("segment") or f"s{pos}"
            state, sub_state, target = xliff_state(row)
            draft_row = worked_from.get(pos, row)
            if draft_row.get("draft") is not None and state in REVIEWED:
                made_by = "/".join(v for v in (draft_row.get("engine"), draft_row.get("model")) if v)
                if matches is None:
                    matches = etree.SubElement(unit, mtc("matches"))
                match = etree.SubElement(matches, mtc("match"), ref=f"#{seg_id}", type="mt", origin=xml_safe(made_by))
                fill(etree.SubElement(match, x("source")), xml_safe(row["source"]), origin.get("codes") or {}, XLIFF_NS)
                fill(etree.SubElement(match, x("target")), xml_safe(draft_row["draft"]), origin.get("codes") or {}, XLIFF_NS)
            if row.get("note"):
                notes.append(("flag" if row["status"] == "flagged" else "review", row["note"]))
            if row.get("draft_error"):
                notes.append(("draft-error", row["draft_error"]))
            segments.append((row, seg_id, state, sub_state, target, origin.get("codes") or {}))
        draft_row = worked_from.get(first["position"], first)
        _metadata(unit, "workbench", {
            "paragraph": first["paragraph"], "engine": draft_row.get("engine"), "model": draft_row.get("model"),
            "reviewer": first.get("reviewer"), "updated": first.get("updated_at"),
        })
        if notes:
            container = etree.SubElement(unit, x("notes"))
            for number, (category, text) in enumerate(notes, 1):
                etree.SubElement(container, x("note"), id=f"n{first['position']}-{number}", category=category).text = xml_safe(text)
        for row, seg_id, state, sub_state, target, codes in segments:
            segment = etree.SubElement(unit, x("segment"), id=xml_safe(seg_id), state=state)
            if sub_state:
                segment.set("subState", sub_state)
            fill(etree.SubElement(segment, x("source")), xml_safe(row["source"]), codes, XLIFF_NS)
            if target is not None:
                fill(etree.SubElement(segment, x("target")), xml_safe(target), codes, XLIFF_NS)
