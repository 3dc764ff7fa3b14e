"""Glossary terms: the model (Term, Hit), validation, and source matching.

Matching uses an Aho-Corasick automaton (pyahocorasick) with leftmost-longest semantics, so a
100,000-term glossary costs about as much as a 10-term one, and 观察者网 is one hit, not also 观察者.
"""

from __future__ import annotations

import json
import re
from array import array
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import ahocorasick

from workbench.encodings import CONTROL, control_message
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    import opencc

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
    import opencc  # noqa: PLC0415 - loaded with the first matcher that has terms: `workbench documents` starts fast

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
    """Finds every glossary term in a source text; longest match wins, matches do not overlap.

    The automaton maps each (case-folded) source to the index of its term, or, for a source that stands
    in several glossaries, to -(n + 1) for the n-th list of indexes in `_shared`. Each term is kept as a
    JSON record and made a Term the first time a text contains it, so a matcher saved by
    workbench.glossary.cache loads in a few hundredths of a second even with 100,000 terms (state() and
    from_state()), and updated() takes a few changed terms without rebuilding the rest.
    """

    def __init__(self, terms: Iterable[Term]):
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._shared: list[list[int]] = []
        self._records: list[str | None] = []
        self._terms: dict[int, Term] = {}
        self._count = 0
        self._extra: Matcher | None = None
        self._hidden: frozenset[tuple[str, str]] = frozenset()
        for term in terms:
            self._put(term)
        self._finish()

    # ------------------------------------------------------------------ building

    def _put(self, term: Term) -> None:
        if term.status == "deprecated":
            return
        key = _fold(term.source)
        if not key:
            return
        index = len(self._records)
        self._records.append(_record(term))
        self._terms[index] = term
        self._count += 1
        value = self._automaton.get(key, None)
        if value is None:
            self._automaton.add_word(key, index)
        elif value >= 0:
            self._shared.append([value, index])
            self._automaton.add_word(key, -len(self._shared))
        else:
            self._shared[-value - 1].append(index)

    def _indexes(self, value: int) -> list[int]:
        return [value] if value >= 0 else self._shared[-value - 1]

    def _finish(self) -> None:
        self._empty = len(self._automaton) == 0
        if not self._empty:
            _traditional()  # built once here (a fraction of a second), not at the first match in a keypress
        if not self._empty:
            self._automaton.make_automaton()

    def state(self) -> dict:
        """Everything the matcher is, as plain data (automata of ints, strings, bytes, numbers): the
        records as one string with their offsets and the shared indexes as JSON, so a file of 100,000
        terms reads and writes a few large objects instead of 100,000 small ones."""
        records = self._records if isinstance(self._records, _Records) else _Records.pack(self._records)
        return {"automaton": self._automaton, "shared": json.dumps(self._shared), "records": records.text,
                "offsets": records.offsets.tobytes(), "count": self._count,
                "extra": self._extra.state() if self._extra is not None else None, "hidden": sorted(self._hidden)}

    @classmethod
    def from_state(cls, state: dict) -> Matcher:
        matcher = cls.__new__(cls)
        matcher._automaton, matcher._shared, matcher._records = state["automaton"], state["shared"], state["records"]
        if "offsets" in state:  # as state() wrote it (updated() passes the lists of a matcher in memory)
            matcher._shared = json.loads(state["shared"])
            matcher._records = _Records(state["records"], array("q", state["offsets"]))
        matcher._count, matcher._terms = state["count"], {}
        matcher._empty = len(matcher._automaton) == 0
        if not matcher._empty:
            _traditional()  # as in _finish: a few hundredths of a second here, not at the first match
        extra = state.get("extra")
        matcher._extra = cls.from_state(extra) if extra is not None else None
        matcher._hidden = frozenset(tuple(h) for h in state.get("hidden", ()))
        return matcher

    def updated(self, changed: Iterable[Term], removed: Iterable[tuple[str, str]] = ()) -> Matcher:
        """A new matcher: this one with `changed` terms added or replaced (by glossary and source) and the
        `removed` (glossary, source) pairs taken out; this one is left as it was. The large automaton is
        shared, not rebuilt: the changes go to a small second matcher (`_extra`) and the replaced or
        removed terms of the first are hidden, until EXTRA_LIMIT changes have gathered (then one rebuild)."""
        changed = list(changed)
        gone = {(t.glossary, t.source) for t in changed} | set(removed)
        kept = [t for t in (self._extra.terms() if self._extra is not None else []) if (t.glossary, t.source) not in gone]
        extra = kept + [t for t in changed if t.status != "deprecated"]
        if len(extra) > EXTRA_LIMIT:
            return Matcher([t for t in self.terms() if (t.glossary, t.source) not in gone] + changed)
        new = Matcher.from_state({"automaton": self._automaton, "shared": self._shared, "records": self._records,
                                  "count": self._count})
        new._terms = self._terms
        new._hidden = self._hidden | {key for key in gone if new._base_has(*key)}
        new._extra = Matcher(extra) if extra else None
        before = len(self._extra) if self._extra is not None else 0
        new._count = self._count - before - len(new._hidden - self._hidden) + (len(new._extra) if new._extra is not None else 0)
        return new

    def _base_has(self, glossary: str, source: str) -> bool:
        key = _fold(source)
        value = self._automaton.get(key, None) if key else None
        return value is not None and any((self.term(i).glossary, self.term(i).source) == (glossary, source)
                                         for i in self._indexes(value))

    def terms(self) -> list[Term]:
        """Every term the matcher finds (each made a Term: for rebuilding, not for matching)."""
        own = [self.term(i) for i, r in enumerate(self._records) if r is not None]
        own = [t for t in own if (t.glossary, t.source) not in self._hidden]
        return own + (self._extra.terms() if self._extra is not None else [])

    def term(self, index: int) -> Term:
        term = self._terms.get(index)
        if term is None:
            term = self._terms[index] = _from_record(self._records[index])
        return term

    # ------------------------------------------------------------------ matching

    def find(self, text: str) -> list[Hit]:
        if not text:
            return []
        if self._extra is None and not self._hidden:
            return [] if self._empty else self._longest(text, _fold(text))
        return self._merged(text, _fold(text))

    def _longest(self, text: str, folded: str) -> list[Hit]:
        hits = []
        for end, value in self._automaton.iter_long(folded):
            candidates = [self.term(i) for i in self._indexes(value)]
            start = end - len(candidates[0].source) + 1
            hit = _valid(text, start, end + 1, candidates)
            if hit is not None:
                hits.append(hit)
        return hits

    def _matches(self, folded: str) -> dict[tuple[int, int], list[Term]]:
        """Every (start, end) where one of this matcher's own sources occurs (overlapping), with its terms."""
        out: dict[tuple[int, int], list[Term]] = {}
        if self._empty:
            return out
        for end, value in self._automaton.iter(folded):
            terms = [t for t in (self.term(i) for i in self._indexes(value)) if (t.glossary, t.source) not in self._hidden]
            if terms:
                out[(end - len(terms[0].source) + 1, end + 1)] = terms
        return out

    def _merged(self, text: str, folded: str) -> list[Hit]:
        """Leftmost-longest over the own matches (hidden terms left out) and the extra matcher's, as
        iter_long would choose them from one automaton holding both."""
        found = self._matches(folded)
        for span, terms in (self._extra._matches(folded) if self._extra is not None else {}).items():
            found[span] = found.get(span, []) + terms
        hits, at = [], 0
        for start, end in sorted(found, key=lambda span: (span[0], span[0] - span[1])):
            if start >= at:
                at = end
                hit = _valid(text, start, end, found[(start, end)])
                if hit is not None:
                    hits.append(hit)
        return hits

    def __len__(self) -> int:
        return self._count


class _Records:
    """The terms' JSON records as one string and the offset where each starts (and the end)."""

    def __init__(self, text: str, offsets: array) -> None:
        self.text, self.offsets = text, offsets

    @classmethod
    def pack(cls, records: list[str]) -> _Records:
        offsets = array("q", [0])
        for record in records:
            offsets.append(offsets[-1] + len(record))
        return cls("".join(records), offsets)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            index += len(self)
        return self.text[self.offsets[index]:self.offsets[index + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __iter__(self):
        return (self[i] for i in range(len(self)))


EXTRA_LIMIT = 1000  # terms changed since the automaton was built, before it is built again


def _valid(text: str, start: int, end: int, candidates: list[Term]) -> Hit | None:
    """The first candidate whose case fits (a case-sensitive term must match exactly)."""
    for term in candidates:
        if not term.case_sensitive or simplified(text[start:end]) == simplified(term.source):
            return Hit(start, end, term)
    return None


def _record(term: Term) -> str:
    return json.dumps([term.id, term.glossary, term.source, term.target, term.variants, term.forbidden, term.note,
                       term.case_sensitive, term.status], ensure_ascii=False)


def _from_record(record: str | None) -> Term:
    id_, glossary, source, target, variants, forbidden, note, case_sensitive, status = json.loads(record)
    return Term(source, target, variants, forbidden, note, case_sensitive, status, glossary, id_)
