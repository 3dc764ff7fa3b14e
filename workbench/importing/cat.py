"""Importing XLIFF 2.0 and TMX files: work done in another CAT tool (or exported from here) comes back.

What comes back (see workbench/export/xliff.py for the state mapping on the way out):
- XLIFF 2.0: every <segment> becomes a segment. state translated → the target is a draft;
  reviewed/final → a reviewed target (the <mtc:match type="mt"> becomes the draft it was made from);
  subState workbench:flagged → flagged with the <note category="flag">; initial with a target → a draft.
  Our <mda:meta> entries restore paragraph, engine, model and reviewer; a foreign file's units are
  its paragraphs. Inline codes (<pc>, <ph>…) are flattened to their text.
- TMX 1.4: every <tu> with a Chinese and an English <tuv>; status from the x-status property
  (reviewed when absent: a translation memory holds approved translations); x-origin=draft marks
  English that is a machine draft (restored as the draft, with x-engine/x-model). Native formatting
  codes (<bpt>, <ept>, <ph>, <it>, <ut>) are dropped; <hi> and <sub> keep their text.
Everything happens in one transaction: a bad file leaves the database unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from workbench import mqm, segment
from workbench.errors import WorkbenchError
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.common import ImportResult, already_imported, file_meta
from workbench.importing.reading import CAT_SUFFIXES, probe
from workbench.importing.xliff12 import is_xliff12, parse_xliff12, target_text
from workbench.importing.xmlread import Entry, Parsed, _done, _events, _no_controls, _paragraph
from workbench.mqm_its import category_from_its, its, severity_from_its
from workbench.statuses import DECIDED, IMPORTED, REVIEWED, STATUSES
from workbench.storage import Store
from workbench.storage import assessments as assess_store
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import origins as origin_store
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store
from workbench.storage.documents import NewParagraph, NewSegment
from workbench.xliff_codes import code_point, coded_text

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FLAGGED_SUBSTATE = "workbench:flagged"
STATES = ("initial", "translated", "reviewed", "final")


# TMX inline elements whose content is the original file's formatting code, not translatable text.
TMX_CODES = {"bpt", "ept", "ph", "it", "ut"}


def _text(el, codes: set[str] = frozenset()) -> str:
    """An element's text with inline markup flattened: XLIFF placeholders give their `equiv` text when
    present, <cp hex> its character; elements named in `codes` (TMX's native codes) are dropped."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and etree.QName(child).localname not in codes:
            if etree.QName(child).localname == "cp" and child.get("hex"):
                parts.append(code_point(child.get("hex")))
            else:
                parts.append(child.get("equiv", "") if len(child) == 0 and not child.text else _text(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(el) -> dict[str, str]:
    return {m.get("type"): (m.text or "") for m in el.iterfind(f"{{{MDA_NS}}}metadata//{{{MDA_NS}}}meta")}


def _check_xliff_root(path: Path):
    def check(root) -> None:
        ns = etree.QName(root).namespace
        if etree.QName(root).localname != "xliff":
            raise WorkbenchError(f"{path}: not an XLIFF file (root element <{etree.QName(root).localname}>)")
        if is_xliff12(root):
            return
        if ns != XLIFF2_NS or not root.get("version", "").startswith("2."):
            raise WorkbenchError(f"{path}: XLIFF {root.get('version', '?')} is not supported; export XLIFF 2.0 or 1.2 "
                                 "from your CAT tool")
        src_lang = (root.get("srcLang") or "").lower()
        if src_lang and not src_lang.startswith("zh"):
            raise WorkbenchError(f"{path}: source language is {root.get('srcLang')}, not Chinese")
    return check


def parse_xliff(path: Path) -> Parsed:
    """Read an XLIFF 2.0 file unit by unit (streamed; linear in the file's size)."""
    x = f"{{{XLIFF2_NS}}}"
    unit_tag, metadata_tag = f"{x}unit", f"{{{MDA_NS}}}metadata"
    containers = {f"{x}file", f"{x}group"}
    parsed = Parsed(None, "xliff")
    number = 0
    events = _events(path, _check_xliff_root(path))
    file_id = ""
    for event, el in events:
        if event == "start" and el.getparent() is None and is_xliff12(el):
            return parse_xliff12(path, events)  # XLIFF 1.2: its own reader, same stream
        if event == "start" and el.tag == f"{x}file":
            file_id = el.get("id") or ""
        if event != "end":
            continue
        if el.tag == metadata_tag and el.getparent() is not None and el.getparent().tag in containers:
            title = {m.get("type"): (m.text or "") for m in el.iter(f"{{{MDA_NS}}}meta")}.get("title")
            _no_controls(path, el, title)
            parsed.title = parsed.title or title or None
        elif el.tag == unit_tag:
            number += 1
            _read_unit(path, el, number, parsed, file_id)
            _done(el)
        elif el.tag in containers:
            _done(el)
    return parsed


@dataclass(frozen=True)
class _Unit:
    """What the segments of one XLIFF <unit> share: its metadata, notes and machine-translation matches."""

    id: str | None
    paragraph: int
    meta: dict[str, str]
    notes: dict[str, list[str]]  # category → texts
    matches: list  # <mtc:match type="mt"> elements

    def other_notes(self) -> list[str]:
        """The notes a person wrote (not workbench's flag reason or draft error)."""
        return [n for cat, texts in self.notes.items() if cat not in ("flag", "draft-error") for n in texts]


def _read_unit(path: Path, unit, number: int, parsed: Parsed, file_id: str = "") -> None:
    shared = _unit_shared(path, unit, number)
    for seg in unit.iterfind(f"{{{XLIFF2_NS}}}segment"):
        entry = _read_segment(path, seg, shared)
        if entry is not None:
            entry.origin = {"version": "2.0", "file": file_id, "unit": unit.get("id"), "segment": seg.get("id"),
                            "codes": entry.origin or {}}
            parsed.entries.append(entry)


def _unit_shared(path: Path, unit, number: int) -> _Unit:
    x = f"{{{XLIFF2_NS}}}"
    meta = _meta(unit)
    paragraph = _paragraph(meta.get("paragraph", ""), number)
    notes = {}
    for note in unit.iterfind(f"{x}notes/{x}note"):
        _no_controls(path, note, note.text)
        notes.setdefault(note.get("category") or "", []).append(note.text or "")
    _no_controls(path, unit, *meta.values())
    matches = [m for m in unit.iterfind(f"{{{MTC_NS}}}matches/{{{MTC_NS}}}match") if m.get("type", "mt") == "mt"]
    return _Unit(unit.get("id"), paragraph, meta, notes, matches)


def _checked_text(path: Path, el, codes: set[str] = frozenset()) -> str:
    """The element's text, refused if it holds a control character.

    Checked before strip(), which would silently drop a trailing \\x1c-\\x1f or \\x85."""
    text = _text(el, codes)
    _no_controls(path, el, text)
    return text


def _read_segment(path: Path, seg, unit: _Unit) -> Entry | None:
    """One <segment> as an entry (None when it has no source text)."""
    spans: list[dict] = []
    source, target, codes = _segment_texts(path, seg, spans)
    if not source:
        return None
    state = seg.get("state", "initial")
    if state not in STATES:
        raise WorkbenchError(f"{path}: unit {unit.id}: unknown segment state {state!r}")
    entry = Entry(source, unit.paragraph, reviewer=unit.meta.get("reviewer") or None, origin=codes)
    entry.engine, entry.model = unit.meta.get("engine") or IMPORTED, unit.meta.get("model") or None
    flagged = seg.get("subState") == FLAGGED_SUBSTATE
    if state in REVIEWED and target:
        entry.status, entry.target = ("flagged" if flagged else state), target
    elif target:
        entry.draft, entry.status = target, ("flagged" if flagged else "translated")
    elif flagged:
        entry.status = "flagged"
    entry.note = "\n".join(unit.notes.get("flag", [])) if flagged else ("\n".join(unit.other_notes()) or None)
    if entry.status in REVIEWED or entry.status == "flagged" and entry.target:
        entry.draft = _match_draft(path, seg, unit.matches, spans)
    entry.spans = spans
    return entry


def _segment_texts(path: Path, seg, spans: list[dict]) -> tuple[str, str | None, dict]:
    """(source, target or None, inline codes) of a <segment>. The texts come with their inline codes
    (coded_text); the ITS quality issues they mark are appended to `spans`."""
    x = f"{{{XLIFF2_NS}}}"
    source_el = seg.find(f"{x}source")
    source, codes = coded_text(source_el) if source_el is not None else ("", {})
    _no_controls(path, source_el if source_el is not None else seg, source)
    source = source.strip()
    if not source:
        return "", None, codes
    _marked_text(path, source_el, "source", spans)
    target_el = seg.find(f"{x}target")
    target = target_text(target_el, codes).strip() if target_el is not None else None
    _no_controls(path, target_el if target_el is not None else seg, target)
    if target_el is not None:
        _marked_text(path, target_el, "target", spans)
    return source, target, codes


def _match_draft(path: Path, seg, matches: list, spans: list[dict] | None = None) -> str | None:
    """The machine draft a reviewed target was made from: the segment's own match, else the unit's first."""
    mine = [m for m in matches if m.get("ref") in (f"#{seg.get('id')}", None)] or matches
    if not mine:
        return None
    return _marked_text(path, mine[0].find(f"{{{XLIFF2_NS}}}target"), "draft", [] if spans is None else spans
                        ).strip() or None


# Markers put into the text while it is flattened, to find where each quality issue's span lies:
# private-use characters, which no check refuses and no real text holds.
_OPEN, _CLOSE, _END = "\ue000", "\ue001", "\ue002"
_MARKER = re.compile(f"([{_OPEN}{_END}])([^{_CLOSE}]*){_CLOSE}")


def _marked_text(path: Path, el, side: str, spans: list[dict]) -> str:
    """The element's text (as _checked_text); its ITS quality issues (<sm>…<em>, or <mrk>) are appended
    to `spans` with the words they mark and `side` ("source", "target" or "draft")."""
    if el is None:
        return ""
    issues = {}
    for n, marker in enumerate(el.iter(f"{{{XLIFF2_NS}}}sm", f"{{{XLIFF2_NS}}}mrk", f"{{{XLIFF2_NS}}}em")):
        name = etree.QName(marker).localname
        if name == "em":
            if marker.get("startRef") in issues:
                marker.set("equiv", f"{_END}{marker.get('startRef')}{_CLOSE}")
            continue
        if marker.get(its("locQualityIssueType")) is None and marker.get(its("locQualityIssueComment")) is None:
            continue
        key = marker.get("id") or f"m{n}"
        issues[key] = marker
        if name == "sm":
            marker.set("equiv", f"{_OPEN}{key}{_CLOSE}")
        else:  # inline <mrk>: its content is the span
            marker.text = f"{_OPEN}{key}{_CLOSE}{marker.text or ''}"
            last = marker[-1] if len(marker) else None
            if last is not None:
                last.tail = (last.tail or "") + f"{_END}{key}{_CLOSE}"
            else:
                marker.text += f"{_END}{key}{_CLOSE}"
    raw = _checked_text(path, el)
    if not issues:
        return raw
    return _collect_spans(raw, issues, side, spans)


def _collect_spans(raw: str, issues: dict, side: str, spans: list[dict]) -> str:
    text, starts = [], {}
    cut = 0
    for m in _MARKER.finditer(raw):
        text.append(raw[cut:m.start()])
        cut = m.end()
        offset = sum(len(t) for t in text)
        if m.group(1) == _OPEN:
            starts[m.group(2)] = offset
        elif m.group(2) in starts:
            spans.append({"key": m.group(2), "start": starts.pop(m.group(2)), "end": offset, "side": side,
                          **_issue(issues[m.group(2)])})
    text.append(raw[cut:])
    clean = "".join(text)
    for s in spans:
        if "span" not in s:
            s["span"] = clean[s.pop("start"):s.pop("end")]
    return clean


def _issue(marker) -> dict:
    """Category, severity, explanation and who marked it, from a marker's ITS attributes."""
    tool, person = marker.get(its("tool")), marker.get(its("person"))
    dismissed = marker.get(its("locQualityIssueEnabled")) == "no"
    if tool:
        origin, by = mqm.MODEL, tool
        verdict = mqm.DISMISSED if dismissed else (mqm.CONFIRMED if marker.get(its("revPerson")) else None)
    else:
        origin, by, verdict = mqm.REVIEWER, person, None
    return {"category": category_from_its(marker.get(its("locQualityIssueType"))),
            "severity": severity_from_its(marker.get(its("locQualityIssueSeverity"))),
            "explanation": marker.get(its("locQualityIssueComment")) or "", "origin": origin, "by": by,
            "verdict": verdict, "dismissed": dismissed}


def _check_tmx_root(path: Path):
    def check(root) -> None:
        if root.tag != "tmx":
            raise WorkbenchError(f"{path}: not a TMX file (root element <{root.tag}>)")
    return check


def parse_tmx(path: Path) -> Parsed:
    """Read a TMX file translation unit by translation unit (streamed; linear in the file's size)."""
    parsed = Parsed(None, "tmx")
    number = 0
    for event, tu in _events(path, _check_tmx_root(path)):
        if event != "end" or tu.tag != "tu":
            continue
        number += 1
        _read_tu(path, tu, number, parsed)
        _done(tu)
    return parsed


def _read_tu(path: Path, tu, number: int, parsed: Parsed) -> None:
    props = {p.get("type"): (p.text or "") for p in tu.iterfind("prop")}
    sides = _tu_sides(path, tu, number)
    notes = [n.text or "" for n in tu.iterfind("note")]
    _no_controls(path, tu, *props.values(), *notes, tu.get("changeid"))
    parsed.title = parsed.title or props.get("x-document")
    status = _tu_status(props)
    paragraph = _paragraph(props.get("x-paragraph", ""), number)
    entry = Entry(sides["zh"], paragraph, reviewer=tu.get("changeid"), note="\n".join(notes) or None)
    if status == "translated" or props.get("x-origin") == "draft":
        entry.draft, entry.status = sides["en"], status
        entry.engine, entry.model = props.get("x-engine") or IMPORTED, props.get("x-model") or None
    else:
        entry.target, entry.status = sides["en"], status
    parsed.entries.append(entry)


def _tu_sides(path: Path, tu, number: int) -> dict[str, str]:
    """Language (two letters) → text, the first <tuv> of each language; a Chinese and an English one are required."""
    sides = {}
    for tuv in tu.iterfind("tuv"):
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
        text = _text(tuv.find("seg"), TMX_CODES)
        _no_controls(path, tuv, text)
        sides.setdefault(lang[:2], text.strip())
    if "zh" not in sides or "en" not in sides:
        raise WorkbenchError(f"{path}: translation unit {number} lacks a Chinese or an English <tuv> "
                             f"(found: {', '.join(sorted(sides)) or 'none'})")
    return sides


def _tu_status(props: dict[str, str]) -> str:
    """The x-status property; reviewed when absent, initial or unknown (a memory holds approved translations)."""
    status = props.get("x-status") or "reviewed"
    return "reviewed" if status == "initial" or status not in STATUSES else status


def _kept_spans(entry: Entry) -> list[dict]:
    """The spans that can be kept on the imported draft: in its words (an omission: in the source); a
    reviewer's span found only in the reviewed target keeps that target as the text it was marked in."""
    out = []
    for s in entry.spans:
        if mqm.side(s["category"]) == "source":
            if s["span"] in entry.source:
                out.append(s)
        elif s["span"] and s["span"] in entry.draft:
            out.append(s)
        elif s["origin"] == mqm.REVIEWER and entry.target and s["span"] in entry.target:
            out.append({**s, "annotated": entry.target})
    return out


def import_cat(store: Store, path: Path, *, title: str | None = None) -> ImportResult:
    """Import an XLIFF 2.0 or TMX file as a new document (or report the earlier import of the same bytes)."""
    path = Path(path)
    pr = probe(path)
    existing = already_imported(store, path, pr.sha256)
    if existing:
        return existing
    kind = CAT_SUFFIXES[path.suffix.lower()]
    parsed = (parse_xliff if kind == "xliff" else parse_tmx)(path)
    if not parsed.entries:
        raise WorkbenchError(f"{path}: no segments with Chinese source text found")
    prepare_tokenizer(store)
    doc_title = title or parsed.title or path.stem
    numbers = sorted({e.paragraph for e in parsed.entries})
    paragraphs = [NewParagraph(n, "paragraph", "", "" if i == 0 else "\n\n") for i, n in enumerate(numbers)]
    # A generator: the words of 300,000 segments are stored in batches, never all held at once.
    segments = (NewSegment(paragraph=e.paragraph, source=e.source, tokens=segment.tokens(e.source)) for e in parsed.entries)
    with store.transaction():
        doc_id, count = doc_store.create(store, title=doc_title, source_path=str(path), sha256=pr.sha256,
                                         encoding=pr.encoding, fmt=kind, paragraphs=paragraphs, segments=segments,
                                         meta=file_meta(pr.path, pr.size))
        ids = seg_store.ids(store, doc_id)
        origin_store.add(store, ((sid, e.origin) for sid, e in zip(ids, parsed.entries) if e.origin is not None))
        for segment_id, entry in zip(ids, parsed.entries):
            draft_id = None
            if entry.draft is not None:
                draft_id = draft_store.add(store, segment_id, engine=entry.engine, model=entry.model, text=entry.draft,
                                           meta={"imported_from": path.name})
            if entry.status in DECIDED:
                review_store.record(store, segment_id, action="import", status=entry.status, target=entry.target,
                                    reviewer=entry.reviewer, note=entry.note, draft_id=draft_id)
            if entry.spans and draft_id is not None:
                assess_store.add_imported(store, segment_id, draft_id, _kept_spans(entry), origin=path.name)
    return ImportResult(path, doc_id, count, False, doc_title)
