"""Glossary terms: the model, file loading (TSV, CSV, JSON), validation, and source matching.

Matching uses an Aho-Corasick automaton (pyahocorasick) with leftmost-longest semantics, so a
100,000-term glossary costs about as much as a 10-term one, and 观察者网 is one hit, not also 观察者.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

import ahocorasick

from workbench.errors import WorkbenchError

STATUSES = ("approved", "proposed", "deprecated")


@dataclass
class Term:
    source: str
    target: str
    variants: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    note: str = ""
    case_sensitive: bool = False
    status: str = "approved"
    glossary: str = "default"
    id: int | None = None

    def renderings(self) -> list[str]:
        """Every acceptable English rendering: the target first, then its variants."""
        return [self.target, *[v for v in self.variants if v and v != self.target]]

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("id")
        return d


@dataclass(frozen=True)
class Hit:
    """One occurrence of a term in a source text: [start, end) character offsets."""

    start: int
    end: int
    term: Term

    @property
    def text(self) -> str:
        return self.term.source

    def to_dict(self) -> dict:
        """What JSON output says about a hit: the term and where it stands in the source."""
        return {"source": self.term.source, "target": self.term.target, "start": self.start, "end": self.end}


# ---------------------------------------------------------------------------------------------
# Loading


class GlossaryFileError(WorkbenchError):
    pass


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
    terms = reader(text, path)
    if not terms:
        raise GlossaryFileError(f"{path}: no terms found")
    check(terms, str(path))
    return terms


def read_text(path: Path) -> str:
    """A glossary file's text: UTF-8 (± BOM), UTF-16 with BOM, or GB18030/GBK."""
    from workbench.ingest import decode_small

    text = decode_small(Path(path).read_bytes())
    if text is None:
        raise GlossaryFileError(f"{path}: cannot decode as UTF-8, UTF-16 or GB18030/GBK")
    return text


def _format_from_name(path: Path) -> str:
    ext = path.suffix.lower().lstrip(".")
    return {"txt": "tsv", "utf8": "tsv", "tab": "tsv"}.get(ext, ext)


def _clean(value: str | None) -> str:
    return (value or "").strip()


def read_tsv(text: str, path: Path) -> list[Term]:
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


_COLUMN_NAMES = {
    "source": ("source", "src", "zh", "term", "source term", "zh-cn", "chinese"),
    "target": ("target", "tgt", "en", "translation", "target term", "english"),
    "note": ("note", "comment", "notes", "description"),
    "variants": ("variants",),
    "forbidden": ("forbidden",),
    "case_sensitive": ("case_sensitive", "case-sensitive"),
    "status": ("status",),
}


def read_csv(text: str, path: Path) -> list[Term]:
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


READERS = {"tsv": read_tsv, "csv": read_csv, "json": read_json}


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _term(source, target, path, where, **kw) -> Term:
    source, target = _clean(source), _clean(target)
    place = f"{path}:{where}" if isinstance(where, int) else f"{path}: {where}"
    if not source:
        raise GlossaryFileError(f"{place}: empty source term")
    if not target:
        raise GlossaryFileError(f"{place}: term {source!r} has an empty target")
    status = kw.pop("status", "approved")
    if status not in STATUSES:
        raise GlossaryFileError(f"{place}: unknown status {status!r} (use {', '.join(STATUSES)})")
    return Term(source=source, target=target, note=_clean(kw.pop("note", "")), status=status, **kw)


def check(terms: list[Term], origin: str) -> None:
    """Refuse duplicate and conflicting entries (same source twice) with every clash named."""
    seen: dict[str, Term] = {}
    duplicates, conflicts = [], []
    for term in terms:
        key = term.source
        if key in seen:
            if seen[key].target == term.target:
                duplicates.append(term.source)
            else:
                conflicts.append(f"{term.source} → {seen[key].target!r} / {term.target!r}")
        else:
            seen[key] = term
    problems = []
    if conflicts:
        problems.append(f"{len(conflicts)} conflicting entries (same source, different targets): " + "; ".join(conflicts[:5]))
    if duplicates:
        problems.append(f"{len(duplicates)} duplicate entries: " + ", ".join(duplicates[:5]))
    if problems:
        raise GlossaryFileError(f"{origin}: " + "; ".join(problems) + " — keep one entry per source (put other renderings in variants)")


def dump_tsv(terms: Iterable[Term]) -> str:
    """OmegaT glossary TSV: source, target, comment."""
    lines = []
    for t in terms:
        comment = t.note.replace("\t", " ").replace("\n", " ")
        lines.append(f"{t.source}\t{t.target}\t{comment}".rstrip("\t"))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Matching


def _fold(text: str) -> str:
    """Lower-case without changing length, so offsets in the folded text are offsets in the original."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Matcher:
    """Finds every glossary term in a source text; longest match wins, matches do not overlap."""

    def __init__(self, terms: Iterable[Term]):
        self.terms = [t for t in terms if t.status != "deprecated"]
        self._automaton = ahocorasick.Automaton()
        for term in self.terms:
            key = _fold(term.source)
            if key:
                existing = self._automaton.get(key, None)
                self._automaton.add_word(key, (existing or ()) + (term,))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        if self._empty or not text:
            return []
        folded = _fold(text)
        hits = []
        for end, candidates in self._automaton.iter_long(folded):
            start = end - len(candidates[0].source) + 1
            for term in candidates:
                if not term.case_sensitive or text[start : end + 1] == term.source:
                    hits.append(Hit(start, end + 1, term))
                    break
        return hits

    def __len__(self) -> int:
        return len(self.terms)

from workbench import glossary_formats as _formats  # noqa: E402,F401  (registers the TBX and headerless-CSV readers)
