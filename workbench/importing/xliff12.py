"""XLIFF 1.2 (what OmegaT, Trados, memoQ and translate-toolkit exchange): every <trans-unit> — or each
<mrk mtype="seg"> of its <seg-source>, as Trados and memoQ segment — becomes a segment. The file,
unit and segment ids and the inline codes (<g>, <x/>, <ph>, <bpt>…, as placeholders) are kept as the
segment's origin, so `export -f xliff12` writes a file that merges back.

Status: a target with state final/signed-off or approved="yes" is reviewed; any other target is a
draft (translated); no target, initial. A unit without an id is refused (nothing could merge back).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from workbench.errors import WorkbenchError
from workbench.importing.xmlread import Entry, Parsed, _done, _no_controls, _paragraph
from workbench.xliff_codes import coded_text

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
_REVIEWED_STATES = {"final", "signed-off"}


def is_xliff12(root) -> bool:
    return root.get("version", "").startswith("1.") or etree.QName(root).namespace == XLIFF12_NS


def parse_xliff12(path: Path, events) -> Parsed:
    """Read the trans-units of an XLIFF 1.2 file (streamed), given its iterparse events."""
    parsed = Parsed(None, "xliff")
    number = 0
    file_info: dict = {}
    for event, el in events:
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if event == "start" and name == "file":
            file_info = {"original": el.get("original") or "", "attrs": dict(el.attrib)}
            _no_controls(path, el, *el.attrib.values())
            lang = (el.get("source-language") or "").lower()
            if lang and not lang.startswith("zh"):
                raise WorkbenchError(f"{path}: source language is {el.get('source-language')}, not Chinese")
            parsed.title = parsed.title or Path(file_info["original"]).stem or None
        elif event == "end" and name == "trans-unit":
            number += 1
            if not el.get("id"):
                raise WorkbenchError(f"{path}:{el.sourceline}: trans-unit {number} has no id (XLIFF 1.2 requires one; "
                                     "without it the translation could not be merged back)")
            parsed.entries.extend(_unit_entries(path, el, number, file_info))
            _done(el)
    return parsed


def _child(el, name: str):
    return next((c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name), None)


def _unit_entries(path: Path, unit, number: int, file_info: dict) -> list[Entry]:
    source, target = _child(unit, "source"), _child(unit, "target")
    seg_source = _child(unit, "seg-source")
    notes = [n.text or "" for n in unit if isinstance(n.tag, str) and etree.QName(n).localname == "note"]
    _no_controls(path, unit, *notes)
    base = {"version": "1.2", "file": file_info.get("original", ""), "file_attrs": file_info.get("attrs", {}),
            "unit": unit.get("id"), "unit_attrs": {k: v for k, v in unit.attrib.items() if k != "id"}}
    pieces = _segments(seg_source, target) if seg_source is not None else [(None, source, target)]
    entries = []
    for mid, src_el, tgt_el in pieces:
        text, codes = coded_text(src_el) if src_el is not None else ("", {})
        _no_controls(path, src_el if src_el is not None else unit, text)
        if not text.strip():
            continue
        entry = Entry(text.strip(), _paragraph("", number), note="\n".join(notes) or None)
        entry.origin = {**base, "mid": mid, "codes": codes, "segmented": seg_source is not None}
        if tgt_el is not None:
            translated = target_text(tgt_el, codes)
            _no_controls(path, tgt_el, translated)
            if translated.strip():
                approved = unit.get("approved") == "yes" or (target is not None and target.get("state") in _REVIEWED_STATES)
                if approved:
                    entry.status, entry.target = "reviewed", translated.strip()
                else:
                    entry.status, entry.draft = "translated", translated.strip()
        entries.append(entry)
    return entries


def _segments(seg_source, target) -> list[tuple[str | None, object, object]]:
    """(mid, source mrk, target mrk) for each <mrk mtype="seg"> of the seg-source."""
    marks = [m for m in seg_source.iter() if isinstance(m.tag, str) and etree.QName(m).localname == "mrk"
             and m.get("mtype") == "seg"]
    targets = {}
    if target is not None:
        targets = {m.get("mid"): m for m in target.iter() if isinstance(m.tag, str)
                   and etree.QName(m).localname == "mrk" and m.get("mtype") == "seg"}
    return [(m.get("mid"), m, targets.get(m.get("mid"))) for m in marks]


def target_text(el, codes: dict) -> str:
    """The target's text with its codes numbered as the source's (matched by element and id)."""
    text, own = coded_text(el)
    by_key = {(c["tag"], c["attrs"].get("id")): n for n, c in codes.items()}
    mapping = {n: by_key.get((c["tag"], c["attrs"].get("id"))) for n, c in own.items()}
    if any(v is None for v in mapping.values()):
        return "".join(t for t in el.itertext())  # codes the source does not have: keep the words
    return re.sub(r"\{(/?)(\d{1,4})(/?)\}", lambda m: f"{{{m.group(1)}{mapping[m.group(2)]}{m.group(3)}}}", text)
