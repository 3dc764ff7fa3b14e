"""XLIFF 2.0 (core, with the Metadata and Translation Candidates modules), every segment with its state.

One <unit id="uN"> per segment N holding one <segment id="sN">. Status mapping:

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

from typing import Iterator

from lxml import etree

from workbench.export.base import Exporter, ExportJob, xml_safe, xml_stream
from workbench.statuses import REVIEWED

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

    def chunks(self, job: ExportJob) -> Iterator[str]:
        doc = job.document
        root = etree.Element(x("xliff"), nsmap=NSMAP, version="2.0", srcLang=SOURCE_LANG, trgLang=TARGET_LANG)
        file_ = etree.SubElement(root, x("file"), id=f"doc{doc['id']}", original=xml_safe(doc["source_path"] or doc["title"]))
        _metadata(file_, "document", {"title": doc["title"], "format": doc["format"]})
        return xml_stream(root, file_, (_unit(row, pair) for row, pair in job.worked_from()), level=2)


def _unit(row, pair: dict | None):
    """The <unit> of one segment; `pair`: its reviewed pair (the draft the reviewer worked from), if any."""
    pos = row["position"]
    state, sub_state, target = xliff_state(row)
    unit = etree.Element(x("unit"), nsmap=NSMAP, id=f"u{pos}", name=str(pos))
    draft_row = pair or row
    if draft_row.get("draft") is not None and state in REVIEWED:
        origin = "/".join(v for v in (draft_row.get("engine"), draft_row.get("model")) if v)
        match = etree.SubElement(etree.SubElement(unit, mtc("matches")), mtc("match"),
                                 ref=f"#s{pos}", type="mt", origin=xml_safe(origin))
        etree.SubElement(match, x("source")).text = xml_safe(row["source"])
        etree.SubElement(match, x("target")).text = xml_safe(draft_row["draft"])
    _metadata(unit, "workbench", {
        "paragraph": row["paragraph"], "engine": draft_row.get("engine"), "model": draft_row.get("model"),
        "reviewer": row.get("reviewer"), "updated": row.get("updated_at"),
    })
    notes = []
    if row.get("note"):
        notes.append(("flag" if row["status"] == "flagged" else "review", row["note"]))
    if row.get("draft_error"):
        notes.append(("draft-error", row["draft_error"]))
    if notes:
        container = etree.SubElement(unit, x("notes"))
        for number, (category, text) in enumerate(notes, 1):
            etree.SubElement(container, x("note"), id=f"n{pos}-{number}", category=category).text = xml_safe(text)
    segment = etree.SubElement(unit, x("segment"), id=f"s{pos}", state=state)
    if sub_state:
        segment.set("subState", sub_state)
    etree.SubElement(segment, x("source")).text = xml_safe(row["source"])
    if target is not None:
        etree.SubElement(segment, x("target")).text = xml_safe(target)
    return unit
