"""TMX 1.4 translation memory (zh-CN → en) for OmegaT, Trados, memoQ.

One <tu> per segment, with properties a later `workbench import` reads back: x-document, x-position,
x-paragraph, x-status (reviewed/final; with --status all also translated/flagged) and, when the English
is a machine draft rather than a person's target, x-origin=draft with x-engine/x-model.
"""

from __future__ import annotations

from typing import Iterator

from lxml import etree

from workbench import __version__
from workbench.export.base import Exporter, ExportJob, tmx_date, xml_safe, xml_stream
from workbench.rows import current_text
from workbench.statuses import REVIEWED
from workbench.storage.db import now

SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _prop(parent, kind: str, value) -> None:
    etree.SubElement(parent, "prop", type=kind).text = xml_safe(str(value))


class TmxExporter(Exporter):
    name = "tmx"
    suffix = ".tmx"
    description = "TMX 1.4 translation memory of the reviewed segments (zh-CN → en)"

    def chunks(self, job: ExportJob) -> Iterator[str]:
        root = etree.Element("tmx", version="1.4")
        etree.SubElement(root, "header", {
            "creationtool": "workbench", "creationtoolversion": __version__, "segtype": "sentence",
            "o-tmf": "workbench", "adminlang": "en", "srclang": SOURCE_LANG, "datatype": "plaintext",
            "creationdate": tmx_date(now()),
        })
        body = etree.SubElement(root, "body")
        units = (_unit(job, row) for row in job.rows)
        return xml_stream(root, body, (tu for tu in units if tu is not None), level=2)


def _unit(job: ExportJob, row):
    """The <tu> of one segment, None when it has no text or is left out (not reviewed, --status reviewed)."""
    text = current_text(row)
    if text is None or (job.status == "reviewed" and row["status"] not in REVIEWED):
        return None
    tu = etree.Element("tu", tuid=f"{job.document['id']}-{row['position']}")
    if row.get("reviewer"):
        tu.set("changeid", row["reviewer"])
    if row.get("updated_at"):
        tu.set("changedate", tmx_date(row["updated_at"]))
    if row.get("note"):
        etree.SubElement(tu, "note").text = xml_safe(row["note"])
    _prop(tu, "x-document", job.document["title"])
    _prop(tu, "x-position", row["position"])
    _prop(tu, "x-paragraph", row["paragraph"])
    _prop(tu, "x-status", row["status"])
    if row.get("target") is None or row["status"] == "translated":
        # The English is the machine draft, not a person's target: say so, and where it came from.
        _prop(tu, "x-origin", "draft")
        for kind in ("engine", "model"):
            if row.get(kind):
                _prop(tu, f"x-{kind}", row[kind])
    for lang, value in ((SOURCE_LANG, row["source"]), (TARGET_LANG, text)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = xml_safe(value)
    return tu
