"""What the XML importers share: the entry read for one segment, the streamed and guarded parse
(no entities, one element at a time), and the checks every text gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree

from workbench.encodings import control_in_xml_error, control_message, first_control
from workbench.errors import WorkbenchError
from workbench.statuses import IMPORTED


@dataclass
class Entry:
    """One segment as read from the file, before it is stored."""

    source: str
    paragraph: int
    status: str = "initial"  # initial | translated | reviewed | final | flagged
    target: str | None = None  # a person's target (reviewed, final, flagged)
    draft: str | None = None
    engine: str = IMPORTED
    model: str | None = None
    reviewer: str | None = None
    note: str | None = None
    origin: dict | None = None  # where it stands in an XLIFF file (ids, inline codes), for the way back
    spans: list[dict] = field(default_factory=list)  # MQM spans from ITS quality issues (see workbench.mqm_its)


@dataclass
class Parsed:
    title: str | None
    fmt: str
    entries: list[Entry] = field(default_factory=list)


def _events(path: Path, root_check) -> Iterator[tuple[str, etree._Element]]:
    """The file's (event, element) pairs, streamed with iterparse: a 100 MB file is never one tree.

    Entities are never expanded (resolve_entities=False, no DTD, no network, no huge trees), and a
    file that declares any is refused: that is how XXE and entity bombs come. `root_check(root)`
    refuses a file by its root element before anything else is read."""
    context = etree.iterparse(str(path), events=("start", "end"), resolve_entities=False, no_network=True,
                              load_dtd=False, huge_tree=False)
    try:
        first = True
        for event, el in context:
            if first:
                first = False
                dtd = el.getroottree().docinfo.internalDTD
                entity = next(iter(dtd.iterentities()), None) if dtd is not None else None
                if entity is not None:
                    raise WorkbenchError(f"{path}: declares the XML entity &{entity.name}; (entities are never "
                                         "expanded: XXE and entity bombs come this way), so it is refused")
                try:
                    root_check(el)
                except WorkbenchError:
                    # Not well-formed wins over a wrong root (the file may be something else entirely):
                    # read on without keeping anything, then refuse.
                    for _, rest in context:
                        rest.clear()
                    raise
            yield event, el
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from None


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> WorkbenchError:
    char = control_in_xml_error(exc.msg)
    if char:  # a control character, raw or as &#27;: the same message as for every other format
        return WorkbenchError(control_message(f"{path}:{exc.lineno}", char))
    return WorkbenchError(f"{path}: not well-formed XML ({exc.msg})")


def _done(el) -> None:
    """Free a processed element and the processed siblings before it: memory stays flat."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _no_controls(path: Path, el, *texts: str | None) -> None:
    """Refuse control characters (see workbench.encodings.CONTROL) with the line they are on."""
    for text in texts:
        found = first_control(text) if text else None
        if found:
            raise WorkbenchError(control_message(f"{path}:{(el.sourceline or 1) + found[0] - 1}", found[1]))


def _paragraph(value: str, number: int) -> int:
    """The paragraph number the file records, else the (translation) unit's number in the file."""
    # "²" is a digit int() refuses; more than nine digits is no paragraph number (and overflows SQLite)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else number
