"""XLIFF 1.2 (OASIS, urn:oasis:names:tc:xliff:document:1.2), what OmegaT, Trados, memoQ and
translate-toolkit exchange. A document imported from XLIFF comes back with its own <file original>,
<trans-unit id>, segment <mrk mid> and inline codes (<g>, <x/>, <ph>…), so the file merges back into
the tool it came from; any other document gets one trans-unit per segment (id = its position).

    ours         <target state>              approved
    initial      (no target)                 -
    translated   needs-review-translation    -
    flagged      needs-review-translation    -         (+ <note from="workbench">the flag</note>)
    reviewed     signed-off                  yes
    final        final                       yes
"""

from __future__ import annotations

from itertools import groupby

from lxml import etree

from workbench.export.base import Exporter, ExportJob, xml_safe
from workbench.export.xliff import SOURCE_LANG, TARGET_LANG, xliff_state
from workbench.xliff_codes import fill

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
_STATE = {"translated": "needs-review-translation", "reviewed": "signed-off", "final": "final"}


def _x(tag: str) -> str:
    return f"{{{XLIFF12_NS}}}{tag}"


class Xliff12Exporter(Exporter):
    name = "xliff12"
    suffix = ".xlf"
    description = "XLIFF 1.2 (OmegaT, Trados, memoQ); an imported XLIFF file's ids and inline codes kept"

    def render(self, job: ExportJob) -> str:
        origins = job.origins
        root = etree.Element(_x("xliff"), version="1.2", nsmap={None: XLIFF12_NS})
        doc = job.document
        fallback = {"original": doc["source_path"] or doc["title"], "attrs": {}}
        rows = list(job.rows)

        def file_key(row):
            return origins.get(row["position"], {}).get("file", fallback["original"])

        for original, in_file in groupby(rows, key=file_key):
            in_file = list(in_file)
            first = origins.get(in_file[0]["position"], {})
            attrs = {"original": xml_safe(original), "datatype": "plaintext",
                     "source-language": SOURCE_LANG, "target-language": TARGET_LANG}
            # tool-id names a <tool> of the header, which is not written back
            attrs.update({k: v for k, v in (first.get("file_attrs") or {}).items() if "}" not in k and k != "tool-id"})
            attrs["target-language"] = attrs.get("target-language") or TARGET_LANG
            file_ = etree.SubElement(root, _x("file"), attrs)
            body = etree.SubElement(file_, _x("body"))
            for unit_id, unit_rows in groupby(in_file, key=lambda r: origins.get(r["position"], {}).get("unit", str(r["position"]))):
                self._unit(body, unit_id, list(unit_rows), origins)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")

    def _unit(self, body, unit_id: str, rows: list[dict], origins: dict) -> None:
        origin = origins.get(rows[0]["position"], {})
        attrs = {k: v for k, v in (origin.get("unit_attrs") or {}).items() if "}" not in k and k != "approved"}
        unit = etree.SubElement(body, _x("trans-unit"), {"id": xml_safe(unit_id), **attrs})
        states = [xliff_state(r) for r in rows]
        if origin.get("segmented") or len(rows) > 1:
            _segmented(unit, rows, states, origins)
        else:
            (state, _, target), codes = states[0], origin.get("codes") or {}
            fill(etree.SubElement(unit, _x("source")), xml_safe(rows[0]["source"]), codes, XLIFF12_NS)
            if target is not None:
                el = etree.SubElement(unit, _x("target"), state=_STATE.get(state, "needs-review-translation"))
                fill(el, xml_safe(target), codes, XLIFF12_NS)
        if states and all(s[0] in ("reviewed", "final") and s[1] is None for s in states):
            unit.set("approved", "yes")
        for row, (_, sub_state, _) in zip(rows, states):
            if sub_state and row.get("note"):
                etree.SubElement(unit, _x("note"), {"from": "workbench"}).text = xml_safe(row["note"])


def _segmented(unit, rows: list[dict], states: list[tuple], origins: dict) -> None:
    """Several segments in one unit: <source> whole, <seg-source> and <target> as <mrk mtype="seg" mid>."""
    source = etree.SubElement(unit, _x("source"))
    seg_source = etree.SubElement(unit, _x("seg-source"))
    target_el = None
    for n, (row, (state, _, target)) in enumerate(zip(rows, states), 1):
        codes = origins.get(row["position"], {}).get("codes") or {}
        mid = str(origins.get(row["position"], {}).get("mid") or n)
        _tail(source, " " if n > 1 else "")
        fill(source, xml_safe(row["source"]), codes, XLIFF12_NS)
        fill(etree.SubElement(seg_source, _x("mrk"), mtype="seg", mid=mid), xml_safe(row["source"]), codes, XLIFF12_NS)
        if target is not None:
            if target_el is None:
                target_el = etree.SubElement(unit, _x("target"), state=_STATE.get(state, "needs-review-translation"))
            fill(etree.SubElement(target_el, _x("mrk"), mtype="seg", mid=mid), xml_safe(target), codes, XLIFF12_NS)


def _tail(el, text: str) -> None:
    """Text after what `el` holds so far (its last child's tail, or its text)."""
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text
