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

from itertools import chain, groupby
from typing import Iterator

from lxml import etree

from workbench.export.base import Exporter, ExportJob, batched_text, xml_pieces, xml_safe, xml_skeleton
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

    def chunks(self, job: ExportJob) -> Iterator[str]:
        """The file written as the rows stream: one <file> per file of origin, its units serialized one
        at a time (the same text as the whole tree pretty-printed)."""
        origins = job.origins
        doc = job.document
        fallback = doc["source_path"] or doc["title"]

        def file_key(row):
            return origins.get(row["position"], {}).get("file", fallback)

        root = etree.Element(_x("xliff"), version="1.2", nsmap={None: XLIFF12_NS})
        head, tail = xml_skeleton(root, root, 0, root.nsmap)
        yield head
        for n, (original, in_file) in enumerate(groupby(job.rows, key=file_key)):
            first = next(in_file)
            file_, body = self._file(original, origins.get(first["position"], {}))
            file_head, file_tail = xml_skeleton(file_, body, 1, root.nsmap)
            units = (self._unit(unit_id, list(unit_rows), origins) for unit_id, unit_rows in groupby(
                chain([first], in_file), key=lambda r: origins.get(r["position"], {}).get("unit", str(r["position"]))))
            yield ("\n  " if n else "") + file_head
            yield from batched_text(xml_pieces(units, 3, root.nsmap))
            yield file_tail
        yield tail

    @staticmethod
    def _file(original: str, first: dict):
        attrs = {"original": xml_safe(original), "datatype": "plaintext",
                 "source-language": SOURCE_LANG, "target-language": TARGET_LANG}
        # tool-id names a <tool> of the header, which is not written back
        attrs.update({k: v for k, v in (first.get("file_attrs") or {}).items() if "}" not in k and k != "tool-id"})
        attrs["target-language"] = attrs.get("target-language") or TARGET_LANG
        file_ = etree.Element(_x("file"), attrs, nsmap={None: XLIFF12_NS})
        return file_, etree.SubElement(file_, _x("body"))

    def _unit(self, unit_id: str, rows: list[dict], origins: dict):
        origin = origins.get(rows[0]["position"], {})
        attrs = {k: v for k, v in (origin.get("unit_attrs") or {}).items() if "}" not in k and k != "approved"}
        unit = etree.Element(_x("trans-unit"), {"id": xml_safe(unit_id), **attrs}, nsmap={None: XLIFF12_NS})
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
        return unit


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
