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

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench import segment, statuses
from workbench.errors import WorkbenchError
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.common import ImportResult, already_imported, file_meta
from workbench.importing.reading import CAT_SUFFIXES, probe
from workbench.storage import Store
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store
from workbench.storage.documents import NewParagraph, NewSegment

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FLAGGED_SUBSTATE = "workbench:flagged"
STATES = ("initial", "translated", "reviewed", "final")


@dataclass
class Entry:
    """One segment as read from the file, before it is stored."""

    source: str
    paragraph: int
    status: str = "initial"  # initial | translated | reviewed | final | flagged
    target: str | None = None  # a person's target (reviewed, final, flagged)
    draft: str | None = None
    engine: str = statuses.IMPORTED
    model: str | None = None
    reviewer: str | None = None
    note: str | None = None


@dataclass
class Parsed:
    title: str | None
    fmt: str
    entries: list[Entry] = field(default_factory=list)


def _parse_xml(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise WorkbenchError(f"{path}: not well-formed XML ({exc.msg})") from None


# TMX inline elements whose content is the original file's formatting code, not translatable text.
TMX_CODES = {"bpt", "ept", "ph", "it", "ut"}


def _text(el, codes: set[str] = frozenset()) -> str:
    """An element's text with inline markup flattened: XLIFF placeholders give their `equiv` text when
    present; elements named in `codes` (TMX's native codes) are dropped."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and etree.QName(child).localname not in codes:
            parts.append(child.get("equiv", "") if len(child) == 0 and not child.text else _text(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(el) -> dict[str, str]:
    return {m.get("type"): (m.text or "") for m in el.iterfind(f"{{{MDA_NS}}}metadata//{{{MDA_NS}}}meta")}


def parse_xliff(path: Path) -> Parsed:
    root = _parse_xml(path)
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff":
        raise WorkbenchError(f"{path}: not an XLIFF file (root element <{etree.QName(root).localname}>)")
    if ns != XLIFF2_NS or not root.get("version", "").startswith("2."):
        raise WorkbenchError(f"{path}: XLIFF {root.get('version', '?')} is not supported; export XLIFF 2.0 from your CAT tool")
    src_lang = (root.get("srcLang") or "").lower()
    if src_lang and not src_lang.startswith("zh"):
        raise WorkbenchError(f"{path}: source language is {root.get('srcLang')}, not Chinese")
    x = f"{{{XLIFF2_NS}}}"
    parsed = Parsed(None, "xliff")
    for number, unit in enumerate(root.iter(f"{x}unit"), 1):
        file_meta = _meta(unit.getparent())
        parsed.title = parsed.title or file_meta.get("title")
        meta = _meta(unit)
        paragraph = int(meta["paragraph"]) if meta.get("paragraph", "").isdigit() else number
        notes = {}
        for note in unit.iterfind(f"{x}notes/{x}note"):
            notes.setdefault(note.get("category") or "", []).append(note.text or "")
        matches = [m for m in unit.iterfind(f"{{{MTC_NS}}}matches/{{{MTC_NS}}}match") if m.get("type", "mt") == "mt"]
        for seg in unit.iterfind(f"{x}segment"):
            source = _text(seg.find(f"{x}source")).strip()
            if not source:
                continue
            target_el = seg.find(f"{x}target")
            target = _text(target_el).strip() if target_el is not None else None
            state = seg.get("state", "initial")
            if state not in STATES:
                raise WorkbenchError(f"{path}: unit {unit.get('id')}: unknown segment state {state!r}")
            entry = Entry(source, paragraph, reviewer=meta.get("reviewer") or None)
            entry.engine, entry.model = meta.get("engine") or statuses.IMPORTED, meta.get("model") or None
            other_notes = [n for cat, texts in notes.items() if cat not in ("flag", "draft-error") for n in texts]
            flagged = seg.get("subState") == FLAGGED_SUBSTATE
            if state in seg_store.REVIEWED and target:
                entry.status, entry.target = ("flagged" if flagged else state), target
                mine = [m for m in matches if m.get("ref") in (f"#{seg.get('id')}", None)] or matches
                if mine:
                    entry.draft = _text(mine[0].find(f"{x}target")).strip() or None
            elif target:
                entry.draft, entry.status = target, ("flagged" if flagged else "translated")
            elif flagged:
                entry.status = "flagged"
            entry.note = "\n".join(notes.get("flag", [])) if flagged else ("\n".join(other_notes) or None)
            parsed.entries.append(entry)
    return parsed


def parse_tmx(path: Path) -> Parsed:
    root = _parse_xml(path)
    if root.tag != "tmx":
        raise WorkbenchError(f"{path}: not a TMX file (root element <{root.tag}>)")
    parsed = Parsed(None, "tmx")
    for number, tu in enumerate(root.iter("tu"), 1):
        props = {p.get("type"): (p.text or "") for p in tu.iterfind("prop")}
        sides = {}
        for tuv in tu.iterfind("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            sides.setdefault(lang[:2], _text(tuv.find("seg"), TMX_CODES).strip())
        if "zh" not in sides or "en" not in sides:
            raise WorkbenchError(f"{path}: translation unit {number} lacks a Chinese or an English <tuv> "
                                 f"(found: {', '.join(sorted(sides)) or 'none'})")
        parsed.title = parsed.title or props.get("x-document")
        status = props.get("x-status") or "reviewed"
        if status == "initial" or status not in seg_store.STATUSES:
            status = "reviewed"
        paragraph = int(props["x-paragraph"]) if props.get("x-paragraph", "").isdigit() else number
        notes = [n.text or "" for n in tu.iterfind("note")]
        entry = Entry(sides["zh"], paragraph, reviewer=tu.get("changeid"), note="\n".join(notes) or None)
        if status == "translated" or props.get("x-origin") == "draft":
            entry.draft, entry.status = sides["en"], status
            entry.engine, entry.model = props.get("x-engine") or statuses.IMPORTED, props.get("x-model") or None
        else:
            entry.target, entry.status = sides["en"], status
        parsed.entries.append(entry)
    return parsed


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
    segments = [NewSegment(paragraph=e.paragraph, source=e.source, tokens=segment.tokens(e.source)) for e in parsed.entries]
    with store.transaction():
        doc_id, count = doc_store.create(store, title=doc_title, source_path=str(path), sha256=pr.sha256,
                                         encoding=pr.encoding, fmt=kind, paragraphs=paragraphs, segments=segments,
                                         meta=file_meta(pr.path, pr.size))
        rows = seg_store.for_document(store, doc_id)
        for row, entry in zip(rows, parsed.entries):
            draft_id = None
            if entry.draft is not None:
                draft_id = draft_store.add(store, row["id"], engine=entry.engine, model=entry.model, text=entry.draft,
                                           meta={"imported_from": path.name})
            if entry.status in statuses.DECIDED:
                review_store.record(store, row["id"], action="import", status=entry.status, target=entry.target,
                                    reviewer=entry.reviewer, note=entry.note, draft_id=draft_id)
    return ImportResult(path, doc_id, count, False, doc_title)
