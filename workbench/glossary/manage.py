"""Glossary operations on the store: import files (with clash reports), add terms, the matcher every
command uses, and keeping jieba's words in step with the glossary (a term is one word)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from workbench import segment
from workbench.errors import WorkbenchError
from workbench.glossary import cache, files
from workbench.glossary.terms import Matcher, Term, check, refuse_controls
from workbench.storage import Store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store
from workbench.storage.glossary_version import glossary_state


@dataclass
class GlossaryImport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


def import_terms(store: Store, terms: list[Term], *, glossary: str = "default", replace: bool = False,
                 carried: set[str] | None = None) -> GlossaryImport:
    """Add terms; a source already in the glossary with another target is a conflict (refused unless
    `replace`), the same entry again is counted unchanged. Nothing is written if anything conflicts.
    `carried`: the fields (variants, forbidden, note, …) the file's format can hold — an existing
    term keeps the others (None: the terms carry every field)."""
    if len(terms) <= cache.INCREMENTAL_LIMIT:  # a few terms: look up just those (a large glossary is not read)
        stored = [t for t in (term_store.get(store, term.source, glossary) for term in terms) if t is not None]
    else:
        stored = term_store.all_terms(store, glossary)
    result, write = _sorted(stored, terms, carried)
    if result.conflicts and not replace:
        shown = "; ".join(result.conflicts[:5]) + (" …" if len(result.conflicts) > 5 else "")
        raise WorkbenchError(
            f"{len(result.conflicts)} terms conflict with the glossary ({shown}); nothing imported — "
            "use --replace to take the file's entries"
        )
    result.conflicts.clear()  # taken over with --replace
    _write(store, write, glossary)
    return result


def _sorted(stored: list[Term], terms: list[Term], carried: set[str] | None) -> tuple[GlossaryImport, list[Term]]:
    """Count the terms as added, updated, unchanged or conflicting (a new target for a stored source);
    the terms to write (conflicts among them, for --replace)."""
    result = GlossaryImport()
    existing = {t.source: t for t in stored}
    write = []
    for term in terms:
        old = existing.get(term.source)
        if old is not None and carried is not None:
            kept = {f: getattr(old, f) for f in ("variants", "forbidden", "note", "case_sensitive", "status")
                    if f not in carried}
            term = dataclasses.replace(term, **kept)
        if old is None:
            result.added += 1
            write.append(term)
        elif _same(old, term):
            result.unchanged += 1
        else:
            if old.target != term.target:
                result.conflicts.append(f"{term.source}: glossary has {old.target!r}, file has {term.target!r}")
            result.updated += 1
            write.append(term)
    return result, write


def _write(store: Store, write: list[Term], glossary: str) -> None:
    """Store the terms with their segments' new jieba words, and carry the glossary cache over."""
    # Segments imported before keep each new term as one jieba word too. The new words are worked out
    # first and stored with the terms in one transaction: a crash leaves both or neither, never terms
    # whose segments still have the old words (a re-import would then say "unchanged" for good).
    if not write:
        return
    changed = fresh_tokens(store, [t.source for t in write])
    with store.transaction():
        before = glossary_state(store)
        term_store.upsert(store, write, glossary)
        if changed:
            seg_store.set_tokens(store, changed)
        after = glossary_state(store)
        stored = [term_store.get(store, t.source, glossary) for t in write] if len(write) <= cache.INCREMENTAL_LIMIT else write
    # the cache follows what was just written (the terms as stored, with their ids)
    cache.terms_written(store, before, after, [t for t in stored if t is not None])
    if len(write) > cache.INCREMENTAL_LIMIT:  # a large import builds the matcher now, not the next command
        cache.matcher(store)


def import_file(store: Store, path: Path, *, fmt: str | None = None, glossary: str = "default",
                replace: bool = False) -> GlossaryImport:
    terms = files.load(path, fmt)
    return import_terms(store, terms, glossary=glossary, replace=replace, carried=files.fields_carried(path, fmt))


def check_term(store: Store, term: Term, *, glossary: str = "default", replace: bool = False) -> None:
    """Refuse a term add_term would refuse (quick: one read), so a form can say why before any work."""
    check([term], "term")
    refuse_controls([term.source, term.target, term.note, *term.variants, *term.forbidden], f"term {term.source!r}")
    if not term.source.strip() or not term.target.strip():
        raise WorkbenchError("a term needs a non-empty source and target")
    old = term_store.get(store, term.source, glossary)
    if old is not None and old.target != term.target and not replace:  # said for one term, not a file
        raise WorkbenchError(f"{term.source} is already in the glossary as {old.target!r}; nothing added — "
                             f"use --replace to make it {term.target!r}")


def add_term(store: Store, term: Term, *, glossary: str = "default", replace: bool = False) -> GlossaryImport:
    check_term(store, term, glossary=glossary, replace=replace)
    return import_terms(store, [term], glossary=glossary, replace=replace)


def remove_term(store: Store, source: str, *, glossary: str = "default") -> None:
    """Take one term out of the glossary (the jieba words of segments imported before stay as they are)."""
    with store.transaction():
        before = glossary_state(store)
        if not term_store.remove(store, source, glossary):
            raise WorkbenchError(f"{source} is not in the glossary {glossary!r}; nothing removed")
        after = glossary_state(store)
    cache.terms_written(store, before, after, [], [(glossary, source)])


def _same(a: Term, b: Term) -> bool:
    return (a.target, a.variants, a.forbidden, a.note, a.case_sensitive, a.status) == (
        b.target, b.variants, b.forbidden, b.note, b.case_sensitive, b.status)


def seed_path() -> Path:
    """The seed glossary shipped with the package (a copy of glossary/seed.json)."""
    return Path(__file__).parent.parent / "data" / "seed-glossary.json"


def all_terms(store: Store, glossary: str | None = None) -> list[Term]:
    """Every term in the store (of one glossary, when named), sorted by glossary and source."""
    return term_store.all_terms(store, glossary)


def matcher(store: Store) -> Matcher:
    """The source matcher over the whole glossary in the store (every command and screen uses this one),
    from the glossary cache when it holds the current glossary (see workbench.glossary.cache)."""
    return cache.matcher(store)


# ---------------------------------------------------------------------------------------------
# jieba's words follow the glossary


def prepare_tokenizer(store: Store) -> None:
    """Make every glossary source term a jieba user word before tokenizing: the seed glossary's and
    the database's, so 心智观察所 and 英伟达 are one word even before any glossary is imported."""
    cache.prepare_tokenizer(store, _seed_sources())


def fresh_tokens(store: Store, terms: Iterable[str]) -> dict[int, list[str]]:
    """New jieba words for the segments that contain any of these (new) glossary terms, so a term
    added after an import is one word there too: segment id → words. Reads only."""
    terms = list(terms)
    matcher = Matcher(Term(t, t) for t in terms)
    if not len(matcher):
        return {}
    containing = [row for row in seg_store.sources(store) if matcher.find(row["source"])]
    if not containing:  # jieba is not needed (nor loaded) when no segment holds a new term
        return {}
    if not segment.tokenizer_loaded():  # a few segments: only their part of the cached dictionary is read
        found = cache.tokens_for(store, [row["source"] for row in containing], terms)
        if found is not None:
            return {row["id"]: words for row, words in zip(containing, found)}
    prepare_tokenizer(store)
    segment.add_user_words(terms)  # not in the store yet: they are written with these words
    return {row["id"]: segment.tokens(row["source"]) for row in containing}


_seed: list[str] | None = None


def _seed_sources() -> list[str]:
    global _seed
    if _seed is None:
        _seed = [t.source for t in files.load(seed_path())]
    return _seed
