"""Glossary terms: the model (Term, Hit), validation, and source matching.

Matching uses an Aho-Corasick automaton (pyahocorasick) with leftmost-longest semantics, so a
100,000-term glossary costs about as much as a 10-term one, and 观察者网 is one hit, not also 观察者.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Iterable

import ahocorasick
import opencc

from workbench.encodings import CONTROL, control_message
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


class GlossaryFileError(WorkbenchError):
    pass


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


def refuse_controls(values, where: str) -> None:
    """Refuse a term whose texts hold a control character (see workbench.encodings.CONTROL)."""
    for value in values:
        found = CONTROL.search(value) if isinstance(value, str) else None
        if found:
            raise GlossaryFileError(control_message(where, found.group()))


def _fold(text: str) -> str:
    """Lower-case and Simplified without changing length, so offsets in the folded text are offsets in
    the original: a Traditional source (英偉達) matches a Simplified glossary (英伟达) and vice versa.
    The conversion is for matching only; no source text is ever changed."""
    low = simplified(text.lower())
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in simplified(text))


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")  # OpenCC's Traditional → Simplified, characters and phrases


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    """The characters OpenCC changes on their own (worked out once over the CJK blocks): a text with
    none of them needs no conversion, which keeps matching Simplified text as fast as before."""
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    changed = [c for c, s in zip(chars, converted) if c != s]
    return re.compile("[" + "".join(changed) + "]")


def simplified(text: str) -> str:
    """`text` in Simplified characters, the same length (a phrase conversion that changes the length is
    undone character by character). Text with no Traditional character comes back as it is."""
    if text.isascii() or not _traditional().search(text):
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c2 if len(c2 := _t2s().convert(c)) == 1 else c for c in text)


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
            _traditional()  # built once here (a fraction of a second), not at the first match in a keypress
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
                if not term.case_sensitive or simplified(text[start : end + 1]) == simplified(term.source):
                    hits.append(Hit(start, end + 1, term))
                    break
        return hits

    def __len__(self) -> int:
        return len(self.terms)
