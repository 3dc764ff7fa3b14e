"""TMX files as translation memories: reading units (streamed with lxml's iterparse) and writing them.

A unit is kept when it has a Chinese and an English variant, whichever the file's source language
(an en→zh memory is read the other way round). Language codes are compared by their first subtag,
case-insensitively, with _ read as - : zh, zh-CN, zh-Hans, ZH-CN, zh_CN are Chinese; en, en-US, en-GB
English. Inline codes (<bpt>, <ept>, <ph>, <it>, <ut>) are the original file's formatting: dropped;
<hi> and <sub> keep their text. The reviewer is the unit's changeid (else creationid), the date its
changedate (else creationdate). Consecutive units are each other's context (for context matches).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from workbench import __version__
from workbench.encodings import control_in_xml_error, control_message, first_control, writable
from workbench.errors import WorkbenchError
from workbench.memory.similarity import context_key
from workbench.rows import MemoryUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODES = {"bpt", "ept", "ph", "it", "ut"}
SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"


def language(code: str | None) -> str | None:
    """'zh' or 'en' for the codes people use (zh-Hans, ZH-CN, zh_CN, en-GB …), else None."""
    first = (code or "").strip().replace("_", "-").split("-")[0].lower()
    return first if first in ("zh", "en") else None


@dataclass
class Reading:
    """What reading a TMX file found besides its units."""

    path: Path
    languages: Counter = field(default_factory=Counter)  # every xml:lang seen, as written
    units: int = 0  # <tu> elements read
    kept: int = 0  # with a Chinese and an English variant
    source_lang: str | None = None


def _text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and etree.QName(child).localname not in CODES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _date(stamp: str | None) -> str | None:
    """TMX's YYYYMMDDThhmmssZ as an ISO timestamp (None when absent or unreadable)."""
    if not stamp:
        return None
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat(timespec="milliseconds")
    except ValueError:
        return None


def _refuse_entities(path: Path, el) -> None:
    dtd = el.getroottree().docinfo.internalDTD
    entity = next(iter(dtd.iterentities()), None) if dtd is not None else None
    if entity is not None:
        raise WorkbenchError(f"{path}: declares the XML entity &{entity.name}; (entities are never expanded: "
                             "XXE and entity bombs come this way), so it is refused")


def _unit(path: Path, tu, reading: Reading) -> tuple[str, str, str | None, str | None] | None:
    variants: dict[str, str] = {}
    for tuv in tu:
        if not isinstance(tuv.tag, str) or etree.QName(tuv).localname != "tuv":
            continue
        code = tuv.get(XML_LANG) or tuv.get("lang")
        reading.languages[code or "?"] += 1
        lang = language(code)
        seg = next((c for c in tuv if isinstance(c.tag, str) and etree.QName(c).localname == "seg"), None)
        if lang and seg is not None and lang not in variants:
            text = _text(seg).strip()
            found = first_control(text)
            if found:
                raise WorkbenchError(control_message(f"{path}:{(seg.sourceline or 1) + found[0] - 1}", found[1]))
            if text:
                variants[lang] = text
    if "zh" not in variants or "en" not in variants:
        return None
    return (variants["zh"], variants["en"], tu.get("changeid") or tu.get("creationid"),
            _date(tu.get("changedate") or tu.get("creationdate")))


def _root(path: Path) -> None:
    """Refuse a file by its first element: declared entities, or a root that is not <tmx>."""
    for _, el in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False):
        _refuse_entities(path, el)
        if etree.QName(el).localname != "tmx":
            raise WorkbenchError(f"{path}: not a TMX file (root element <{etree.QName(el).localname}>)")
        return


def read(path: Path, reading: Reading) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(Chinese, English, reviewer, date) of each usable unit, streamed; `reading` counts what was seen.
    A malformed file is one line naming its line and column."""
    if not path.is_file():
        raise WorkbenchError(f"{path}: no such file")
    try:
        _root(path)
        # only <header> and <tu> ends reach Python (lxml filters the rest): a 1M-unit file streams fast
        for _, el in etree.iterparse(str(path), events=("end",), tag=("header", "tu", "{*}header", "{*}tu"),
                                     resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False):
            if etree.QName(el).localname == "header":
                reading.source_lang = el.get("srclang")
                continue
            reading.units += 1
            unit = _unit(path, el, reading)
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                del el.getparent()[0]
            if unit is not None:
                reading.kept += 1
                yield unit
    except etree.XMLSyntaxError as exc:
        char = control_in_xml_error(exc.msg)
        line, column = exc.position if exc.position else (exc.lineno, 0)
        if char:
            raise WorkbenchError(control_message(f"{path}:{line}", char)) from None
        raise WorkbenchError(f"{path}:{line}:{column}: not well-formed XML ({exc.msg})") from None


def with_context(units: Iterable[tuple]) -> Iterator[tuple]:
    """(source, target, reviewer, date, context) with each unit's neighbours in file order as context."""
    before, held = None, None
    for unit in units:
        if held is not None:
            yield (*held, context_key(before, unit[0]))
            before = held[0]
        held = unit
    if held is not None:
        yield (*held, context_key(before, None))


def _tmx_date(stamp: str | None) -> str | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    except ValueError:
        return None


def render(units: Iterable[MemoryUnit], created: str) -> str:
    """TMX 1.4 (zh-CN → en) of these units; each says where it came from (x-origin)."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "workbench", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "workbench", "adminlang": "en", "srclang": SOURCE_LANG, "datatype": "plaintext",
        "creationdate": _tmx_date(created) or "",
    })
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.reviewer:
            tu.set("changeid", writable(unit.reviewer))
        if _tmx_date(unit.updated_at):
            tu.set("changedate", _tmx_date(unit.updated_at))
        etree.SubElement(tu, "prop", type="x-origin").text = writable(unit.origin)
        for lang, text in ((SOURCE_LANG, unit.source), (TARGET_LANG, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = writable(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
