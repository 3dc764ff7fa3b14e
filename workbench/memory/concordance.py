"""Concordance: where a word or phrase occurs in the sources and targets of every document and memory,
each hit in its sentence with the translation beside it ("how did we translate 国产替代 last time?").

Sources are searched through the FTS5 trigram indexes when the text has 3 characters or more; shorter
text (国产, 芯片) has no trigram, so it is searched with LIKE (a scan of every source). English targets
are always searched with LIKE (case-insensitive for Latin letters): they are not indexed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from workbench.errors import WorkbenchError
from workbench.rows import MemoryUnit
from workbench.storage import Store
from workbench.storage import memory as memory_store

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Hit:
    field: str  # "source" or "target": where the text was found
    unit: MemoryUnit
    start: int  # the hit's span in that field
    end: int

    def _marked(self, name: str) -> str:
        text = getattr(self.unit, name)
        if name != self.field:
            return text
        return f"{text[:self.start]}[{text[self.start:self.end]}]{text[self.end:]}"

    @property
    def marked_source(self) -> str:
        return self._marked("source")

    @property
    def marked_target(self) -> str:
        return self._marked("target")

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end, **asdict(self.unit)}


@dataclass(frozen=True)
class Result:
    text: str
    hits: list[Hit]
    indexed: bool  # the sources were searched through the trigram index

    @property
    def how(self) -> str:
        way = ("sources through the trigram index" if self.indexed
               else "sources with LIKE (fewer than 3 characters: too short for the trigram index)")
        return f"{len(self.hits)} hits for {self.text!r}: {way}; targets with LIKE"

    def to_dict(self) -> dict:
        return {"text": self.text, "indexed": self.indexed, "hits": [h.to_dict() for h in self.hits]}


def _span(haystack: str, needle: str) -> tuple[int, int]:
    at = haystack.lower().find(needle.lower())
    return (at, at + len(needle)) if at >= 0 else (0, 0)


def search(store: Store, text: str, *, limit: int = DEFAULT_LIMIT) -> Result:
    text = text.strip()
    if not text:
        raise WorkbenchError("the concordance needs a word or phrase to look for")
    found, indexed = memory_store.search(store, text, limit)
    hits, seen = [], set()
    for field, unit in found:
        key = (unit.unit_id, unit.segment_id, field)
        if key in seen:
            continue
        seen.add(key)
        start, end = _span(getattr(unit, field), text)
        hits.append(Hit(field, unit, start, end))
    return Result(text, hits, indexed)
