"""Glossary exchange with other tools: readers and writers for TSV, CSV, TBX and JSON.

- TSV: OmegaT's glossary format — source<TAB>target<TAB>comment, UTF-8 (OmegaT loads it named .txt,
  .utf8 or .tab, never .tsv: `output_name`).
- CSV: the two-column `source,target` form DeepL and Google Cloud Translation glossaries accept —
  no header row, standard CSV quoting (both services read the first column as the source phrase).
  Import also accepts a CSV with a header naming its columns (source/target/note/variants/…).
- TBX: TBX-Basic 2008 ("martif", TBXBasiccoreStructV02.dtd) as OmegaT and translate-toolkit read it:
  one termEntry per term, langSets zh-CN and en; the target is the preferredTerm, variants are
  admittedTerms, forbidden renderings are deprecatedTerms (termNote type="administrativeStatus");
  the note is the entry's <note>. Built and parsed with lxml.
- JSON: {"terms": [...]} with every field of Term.

Round trips keep what each format can carry: TSV source/target/note; CSV source/target; TBX
source/target/variants/forbidden/note; JSON everything.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from lxml import etree

from workbench.encodings import CONTROL, control_in_xml_error, control_message, decode_small, first_control, writable
from workbench.glossary.terms import STATUSES, GlossaryFileError, Term, check, refuse_controls

SOURCE_LANG, TARGET_LANG = "zh-CN", "en"


STATUS_TARGET = "preferredTerm-admn-sts"


STATUS_VARIANT = "admittedTerm-admn-sts"


STATUS_FORBIDDEN = "deprecatedTerm-admn-sts"


_FORBIDDEN_STATUSES = {STATUS_FORBIDDEN.lower(), "deprecated", "supersededterm-admn-sts", "notrecommended", "obsolete"}


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# ---------------------------------------------------------------------------------------------
# Loading


def load(path: Path, fmt: str | None = None) -> list[Term]:
    """Read a glossary file; the format comes from `fmt` or the extension (.tsv .txt .utf8 .csv .json .tbx)."""
    path = Path(path)
    if not path.exists():
        raise GlossaryFileError(f"{path}: no such file")
    if path.is_dir():
        raise GlossaryFileError(f"{path}: is a directory, not a glossary file")
    fmt = (fmt or _format_from_name(path)).lower()
    reader = READERS.get(fmt)
    if reader is None:
        raise GlossaryFileError(f"{path}: unknown glossary format {fmt!r} (use one of: {', '.join(READERS)})")
    text = read_text(path)
    found = first_control(text)  # raw in the file: refused with its line, whatever the format
    if found:
        raise GlossaryFileError(control_message(f"{path}:{found[0]}", found[1]))
    terms = reader(text, path)
    if not terms:
        raise GlossaryFileError(f"{path}: no terms found")
    check(terms, str(path))
    return terms


def read_text(path: Path) -> str:
    """A glossary file's text: UTF-8 (± BOM), UTF-16 with BOM, or GB18030/GBK."""
    text = decode_small(Path(path).read_bytes())
    if text is None:
        raise GlossaryFileError(f"{path}: cannot decode as UTF-8, UTF-16, GB18030/GBK or Big5")
    return text


def _format_from_name(path: Path) -> str:
    ext = path.suffix.lower().lstrip(".")
    return {"txt": "tsv", "utf8": "tsv", "tab": "tsv"}.get(ext, ext)


def _clean(value: str | None) -> str:
    return (value or "").strip()


# ---------------------------------------------------------------------------------------------
# Content sniffing: a file whose content is not its extension's format says so.


def _looks_like(text: str) -> str | None:
    head = text.lstrip()[:200]
    if head.startswith("<"):
        return "XML (TBX?)"
    if head.startswith(("{", "[")):
        return "JSON"
    if "\t" in head.split("\n", 1)[0]:
        return "TSV"
    return None


_OWN_KIND = {"json": "JSON", "tbx": "XML (TBX?)", "tsv": "TSV", "csv": "TSV"}  # csv: its reader names a TSV itself


def _refuse_mismatch(text: str, path: Path, fmt: str) -> None:
    kind = _looks_like(text)
    if kind and kind != _OWN_KIND[fmt]:
        raise GlossaryFileError(f"{path}: the content looks like {kind}, not {fmt.upper()} — "
                                f"rename the file or pass --format")


# ---------------------------------------------------------------------------------------------
# Readers


_COLUMN_NAMES = {
    "source": ("source", "src", "zh", "term", "source term", "zh-cn", "chinese"),
    "target": ("target", "tgt", "en", "translation", "target term", "english"),
    "note": ("note", "comment", "notes", "description"),
    "variants": ("variants",),
    "forbidden": ("forbidden",),
    "case_sensitive": ("case_sensitive", "case-sensitive"),
    "status": ("status",),
}


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _term(source, target, path, where, **kw) -> Term:
    place = f"{path}:{where}" if isinstance(where, int) else f"{path}: {where}"
    # Escaped in the file (JSON "\u001b", XML &#x85;): refused as the raw ones are, before strip() hides them.
    refuse_controls([source, target, kw.get("note"), *kw.get("variants", []), *kw.get("forbidden", [])], place)
    source, target = _clean(source), _clean(target)
    if not source:
        raise GlossaryFileError(f"{place}: empty source term")
    if not target:
        raise GlossaryFileError(f"{place}: term {source!r} has an empty target")
    status = kw.pop("status", "approved")
    if status not in STATUSES:
        raise GlossaryFileError(f"{place}: unknown status {status!r} (use {', '.join(STATUSES)})")
    return Term(source=source, target=target, note=_clean(kw.pop("note", "")), status=status, **kw)


def read_tsv(text: str, path: Path) -> list[Term]:
    _refuse_mismatch(text, path, "tsv")
    return _read_tsv(text, path)


def _read_tsv(text: str, path: Path) -> list[Term]:
    """OmegaT glossary: source<TAB>target[<TAB>comment], UTF-8, '#' lines are comments."""
    terms = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise GlossaryFileError(f"{path}:{number}: expected source<TAB>target[<TAB>comment], found no tab")
        terms.append(_term(cols[0], cols[1], path, number, note=cols[2] if len(cols) > 2 else ""))
    return terms


def read_csv(text: str, path: Path) -> list[Term]:
    """Headerless source,target[,…] (DeepL, Google) or a CSV whose first row names its columns."""
    _refuse_mismatch(text, path, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    first = [c.strip().lower() for c in rows[0]]
    named = {k for k, names in _COLUMN_NAMES.items() for c in first if c in names}
    if named:  # a header row (_read_csv_with_header names a missing source or target column)
        return _read_csv_with_header(text, path)
    terms = []
    for number, row in enumerate(rows, 1):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise GlossaryFileError(f"{path}:{number}: expected source,target — found one column "
                                    "(is this a TSV file? use --format tsv)")
        terms.append(_term(row[0], row[1], path, number))
    return terms


def _read_csv_with_header(text: str, path: Path) -> list[Term]:
    """CSV with a header naming at least a source and a target column (variants/forbidden: '|'-separated)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    index = {}
    for key, names in _COLUMN_NAMES.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
                break
    missing = [k for k in ("source", "target") if k not in index]
    if missing:
        raise GlossaryFileError(
            f"{path}:1: the header must name a {' and a '.join(missing)} column (found: {', '.join(header)})"
        )
    terms = []
    for number, row in enumerate(rows[1:], 2):
        if not any(c.strip() for c in row):
            continue

        def col(key, row=row):
            i = index.get(key)
            return row[i] if i is not None and i < len(row) else ""

        if len(row) <= max(index["source"], index["target"]):
            raise GlossaryFileError(f"{path}:{number}: missing column (expected {len(header)}, found {len(row)})")
        terms.append(
            _term(
                col("source"), col("target"), path, number, note=col("note"),
                variants=_split_list(col("variants")), forbidden=_split_list(col("forbidden")),
                case_sensitive=col("case_sensitive").strip().lower() in ("1", "true", "yes"),
                status=col("status").strip() or "approved",
            )
        )
    return terms


def read_json(text: str, path: Path) -> list[Term]:
    _refuse_mismatch(text, path, "json")
    return _read_json(text, path)


def _read_json(text: str, path: Path) -> list[Term]:
    """A list of term objects, or {"terms": [...]}, with the fields of Term."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GlossaryFileError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    if isinstance(data, dict):
        data = data.get("terms")
    if not isinstance(data, list):
        raise GlossaryFileError(f"{path}: expected a list of terms or an object with a \"terms\" list")
    terms = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise GlossaryFileError(f"{path}: term {number} is not an object")
        terms.append(
            _term(
                item.get("source"), item.get("target"), path, f"term {number}", note=item.get("note") or "",
                variants=list(item.get("variants") or []), forbidden=list(item.get("forbidden") or []),
                case_sensitive=bool(item.get("case_sensitive", False)), status=item.get("status") or "approved",
                glossary=str(item.get("glossary") or "default"),
            )
        )
    return terms


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c) == name]


def _text(el) -> str:
    return "".join(el.itertext()).strip()


def read_tbx(text: str, path: Path) -> list[Term]:
    """TBX (martif) with a Chinese and an English langSet per termEntry."""
    _refuse_mismatch(text, path, "tbx")
    root = _tbx_root(text, path)
    entries = root.iter("{*}termEntry", "termEntry", "{*}conceptEntry", "conceptEntry")
    return [_tbx_term(entry, entry.get("id") or f"termEntry {number}", path) for number, entry in enumerate(entries, 1)]


def _tbx_root(text: str, path: Path):
    """The parsed file; refused when it is not well-formed, not TBX, or holds a control character."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise _tbx_syntax_error(exc, path) from None
    if _local(root) not in ("martif", "tbx"):
        raise GlossaryFileError(f"{path}: not TBX — the root element is <{_local(root)}>, expected <martif>")
    for el in root.iter():  # &#x85; is well-formed XML: refused with its line, as a raw one is
        found = CONTROL.search((el.text or "") + (el.tail or "")) if isinstance(el.tag, str) else None
        if found:
            raise GlossaryFileError(control_message(f"{path}:{el.sourceline}", found.group()))
    return root


def _tbx_syntax_error(exc: etree.XMLSyntaxError, path: Path) -> GlossaryFileError:
    line, column = exc.position
    char = control_in_xml_error(exc.msg)
    if char:  # written as &#27;: the same message as for a raw one
        return GlossaryFileError(control_message(f"{path}:{line}", char))
    reason = re.sub(r",\s*line \d+, column \d+$", "", exc.msg or "")
    return GlossaryFileError(f"{path}:{line}:{column}: not well-formed TBX (line {line}, column {column}): {reason}")


@dataclass
class _Renderings:
    """A termEntry's terms, sorted by language and administrative status as they are read."""

    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)

    def add(self, lang: str, value: str, status: str) -> None:
        if lang.startswith("zh"):
            self.sources.append(value)
        elif lang.startswith("en"):
            if status in _FORBIDDEN_STATUSES:
                self.forbidden.append(value)
            elif status == STATUS_TARGET.lower() and not self.targets:
                self.targets.append(value)
            else:
                self.variants.append(value)


def _tbx_term(entry, where: str, path: Path) -> Term:
    found = _Renderings()
    for lang_set in _children(entry, "langSet"):
        lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").lower()
        for value, status in _tbx_terms_in(lang_set):
            found.add(lang, value, status)
    if not found.targets and found.variants:  # no preferredTerm: the first English term is the target
        found.targets.append(found.variants.pop(0))
    note = "\n".join(_text(n) for n in entry if _local(n) in ("note", "descrip") and _text(n))
    if not found.sources:
        raise GlossaryFileError(f"{path}: {where}: no Chinese (zh) term")
    return _term(found.sources[0], found.targets[0] if found.targets else "", path, where,
                 note=note, variants=found.variants, forbidden=found.forbidden)


def _tbx_terms_in(lang_set) -> Iterator[tuple[str, str]]:
    """(term, administrative status in lower case or "") of each term group in the langSet that has a term."""
    for tig in [c for c in lang_set if _local(c) in ("tig", "ntig", "termSec")]:
        term_el = next(tig.iter("{*}term", "term"), None)
        if term_el is None or not _text(term_el):
            continue
        status = next((_text(n).lower() for n in tig.iter("{*}termNote", "termNote")
                       if n.get("type") == "administrativeStatus"), "")
        yield _text(term_el), status


# The Term fields each format can carry besides source and target; on re-import, an existing term
# keeps the fields the file's format has no room for (an OmegaT TSV does not wipe the variants).
_EXTRA_FIELDS = ("variants", "forbidden", "note", "case_sensitive", "status")


CARRIES = {"tsv": {"note"}, "csv": set(), "tbx": {"variants", "forbidden", "note"}, "json": set(_EXTRA_FIELDS)}


def fields_carried(path: Path, fmt: str | None = None) -> set[str]:
    """The extra fields a glossary file can hold: by format, and for a CSV by the columns its header names."""
    fmt = (fmt or _format_from_name(Path(path))).lower()
    if fmt != "csv":
        return CARRIES.get(fmt, set(_EXTRA_FIELDS))
    first = next(csv.reader(io.StringIO(read_text(Path(path)))), [])
    header = {c.strip().lower() for c in first}
    return {k for k in _EXTRA_FIELDS if header & set(_COLUMN_NAMES[k])}


READERS: dict[str, Callable[[str, Path], list[Term]]] = {
    "tsv": read_tsv, "csv": read_csv, "tbx": read_tbx, "json": read_json,
}


# ---------------------------------------------------------------------------------------------
# Writers


def dump_tsv(terms: Iterable[Term]) -> str:
    """OmegaT glossary TSV: source, target, comment."""
    lines = []
    for t in terms:
        comment = t.note.replace("\t", " ").replace("\n", " ")
        lines.append(f"{t.source}\t{t.target}\t{comment}".rstrip("\t"))
    return "\n".join(lines) + "\n"


def dump_csv(terms: Iterable[Term]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for t in terms:
        writer.writerow([t.source, t.target])
    return out.getvalue()


def dump_json(terms: Iterable[Term]) -> str:
    return json.dumps({"terms": [t.to_dict() for t in terms]}, ensure_ascii=False, indent=1) + "\n"


def dump_tbx(terms: Iterable[Term]) -> str:
    root = etree.Element("martif", type="TBX-Basic")
    root.set(_XML_LANG, "en-US")
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Exported by workbench"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, t in enumerate(terms, 1):
        entry = etree.SubElement(body, "termEntry", id=f"term-{number}")
        if t.note:
            etree.SubElement(entry, "note").text = t.note
        zh = etree.SubElement(entry, "langSet")
        zh.set(_XML_LANG, SOURCE_LANG)
        etree.SubElement(etree.SubElement(zh, "tig"), "term").text = t.source
        en = etree.SubElement(entry, "langSet")
        en.set(_XML_LANG, TARGET_LANG)
        for value, status in ([(t.target, STATUS_TARGET)] + [(v, STATUS_VARIANT) for v in t.variants if v != t.target]
                              + [(f, STATUS_FORBIDDEN) for f in t.forbidden]):
            tig = etree.SubElement(en, "tig")
            etree.SubElement(tig, "term").text = value
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">').decode("utf-8")


WRITERS: dict[str, Callable[[Iterable[Term]], str]] = {
    "tsv": dump_tsv, "csv": dump_csv, "tbx": dump_tbx, "json": dump_json,
}


FORMATS = tuple(WRITERS)


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format named by --format, else by the file's extension, else TSV."""
    if fmt:
        return fmt
    if path is not None and not Path(path).is_dir():
        ext = _format_from_name(Path(path))
        if ext in WRITERS:
            return ext
        raise GlossaryFileError(f"{path}: cannot tell the format from the extension {Path(path).suffix!r} "
                                f"— pass --format ({', '.join(FORMATS)})")
    return "tsv"


TOOLS = ("omegat",)

# OmegaT loads glossary files named .txt, .utf8 or .tab (TSV) and .tbx; it ignores .tsv.
OMEGAT_SUFFIXES = {"tsv": (".utf8", ".txt", ".tab"), "tbx": (".tbx",)}


def dump(terms: Iterable[Term], fmt: str, tool: str | None = None) -> str:
    """The terms in format `fmt`. For OmegaT (`tool="omegat"`), forbidden renderings are left out: OmegaT
    3.6 offers every term it reads as a suggestion, the deprecated ones too. A control character
    (refused at import, but possible in an older database) is written as U+FFFD."""
    rows = [Term(**writable(t.to_dict())) for t in terms]
    if tool == "omegat":
        rows = [Term(**{**t.to_dict(), "forbidden": []}) for t in rows]
    return WRITERS[fmt](rows)


def output_name(path: Path, fmt: str, tool: str | None) -> Path:
    """Where the export goes: a folder (an OmegaT project's glossary/) gets `workbench` with the suffix
    OmegaT loads; a TSV file named .tsv for OmegaT is refused (OmegaT would never read it)."""
    path = Path(path)
    if path.is_dir():
        return path / ("workbench" + (OMEGAT_SUFFIXES.get(fmt, (f".{fmt}",))[0]))
    if tool == "omegat" and fmt in OMEGAT_SUFFIXES and path.suffix.lower() not in OMEGAT_SUFFIXES[fmt]:
        raise GlossaryFileError(f"{path}: OmegaT does not load a glossary named {path.suffix or 'without an extension'}"
                                f" — name it {' or '.join(OMEGAT_SUFFIXES[fmt])}")
    return path
