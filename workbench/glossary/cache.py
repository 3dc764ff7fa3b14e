"""The glossary cache: the matcher and jieba's dictionary with every glossary term, built once per
glossary state and kept next to the database, so a 100,000-term glossary costs a later process a few
hundredths of a second (the matcher) or one dictionary read (jieba) instead of seconds.

Where: the folder `<database>.glossary-cache/` beside the database file. Each file is named and stamped
with the glossary state it was built from (storage.glossary_version: a counter every change to a term
bumps, through triggers, with a random stamp renewed at each bump): `matcher-v<version>-<stamp>.pickle`,
`jieba-v<version>-<stamp>.pickle` (which base dictionary and the words added since) and
`jieba-base-v<version>-<stamp>.pickle` (jieba's whole prefix dictionary).

When it is rebuilt: a process finds no file for the database's current state (another process changed
the glossary in a way that did not update the cache, or the files were removed) or the file fails its
checks (wrong magic, checksum, format or state: a damaged or foreign file): it is never used then, the
cache is built again from the database and written for that state. Adding, importing or editing a few
terms updates the files of the state before the change into files for the state after it (the change is
exactly what that process wrote, under the write lock). Files of older states are removed as newer ones
are written. A folder that cannot be written leaves the cache in memory only: it is a speed-up, never a
reason to fail.

The files hold plain data (lists, dicts, strings, numbers) and pyahocorasick automata of ints; they are
read with an unpickler that refuses every other class, after a SHA-256 over the contents is checked.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
import threading
from pathlib import Path

import ahocorasick

from workbench import segment
from workbench.glossary.terms import Matcher, Term
from workbench.storage import Store
from workbench.storage import terms as term_store
from workbench.storage.glossary_version import GlossaryState, glossary_state

FORMAT = 4  # 3: matcher keys folded to Simplified as well as lower case (OpenCC t2s); 4: jieba entries by first character
MAGIC = b"workbench glossary cache\n"
INCREMENTAL_LIMIT = 1000  # more terms written at once: the next reader rebuilds (as fast as updating)
REBASE_AFTER = 2000  # words added to a jieba base dictionary before a fresh base is written

_lock = threading.Lock()
_matchers: dict[tuple[str, str], Matcher] = {}  # (database, state key) → matcher, in this process
_tokenizer_for: set[tuple[str, str]] = set()  # (database, state key) jieba already has every word of


def folder(store: Store) -> Path | None:
    """Where the cache of this database lives (None for a database without a file)."""
    return Path(f"{store.path}.glossary-cache") if store.path is not None else None


# ---------------------------------------------------------------------------------------------
# The matcher


def matcher(store: Store) -> Matcher:
    """The matcher for the glossary as it is now: from this process's memory, else the cache file for
    the current state, else built from the database (and written to the cache)."""
    state = glossary_state(store)
    where = folder(store)
    memo = (str(store.path), state.key)
    with _lock:
        found = _matchers.get(memo) if where is not None else None
    if found is not None:
        return found
    payload = _read(where, "matcher", state) if where is not None else None
    if payload is not None:
        built = Matcher.from_state(payload)
    else:
        state, terms = term_store.snapshot(store)
        built = Matcher(terms)
        if where is not None:
            _write(where, "matcher", state, built.state())
    if where is not None:
        _remember(store, state, built)
    return built


def _remember(store: Store, state: GlossaryState, built: Matcher) -> None:
    with _lock:
        for memo in [m for m in _matchers if m[0] == str(store.path)]:
            del _matchers[memo]
        _matchers[(str(store.path), state.key)] = built


# ---------------------------------------------------------------------------------------------
# jieba's dictionary


def prepare_tokenizer(store: Store, seed: list[str]) -> None:
    """Make the seed glossary's and every stored term's source a jieba word in this process: from the
    cache of the current state when jieba is not loaded yet, else by adding the words (and then the
    cache is written for the next process)."""
    state = glossary_state(store)
    where = folder(store)
    memo = (str(store.path), state.key)
    with _lock:
        if memo in _tokenizer_for:
            return
    fresh = not segment.tokenizer_loaded()
    if fresh and where is not None and _load_tokenizer(where, state):
        _tokenizer_for.add(memo)
        return
    segment.add_user_words(seed)
    state, sources = term_store.sources_snapshot(store)
    segment.add_user_words(sources)
    if fresh and where is not None:  # jieba holds exactly the seed and these terms: worth keeping
        base = f"jieba-base-{state.key}"
        _write(where, "jieba-base", state, segment.tokenizer_state(), name=base)
        _write(where, "jieba", state, {"base": base, "base_key": state.key, "extra": []})
    _tokenizer_for.add((str(store.path), state.key))


def tokens_for(store: Store, sentences: list[str], words: list[str]) -> list[list[str]] | None:
    """The jieba words of these sentences once `words` are jieba words too, as prepare_tokenizer and
    add_user_words(words) would make them, from the cache of the current state without loading the
    whole dictionary (segment.tokens_with_state); None without a cache (the caller loads jieba)."""
    where = folder(store)
    found = _cached_tokenizer(where, glossary_state(store)) if where is not None else None
    if found is None:
        return None
    base, extra = found
    return segment.tokens_with_state(base, [*extra, *words], sentences)


def _cached_tokenizer(where: Path, state: GlossaryState) -> tuple[dict, list[str]] | None:
    """(the base dictionary, the words added since) of the cache for `state`, if there is one."""
    entry = _read(where, "jieba", state)
    if entry is None:
        return None
    base = _read(where, "jieba-base", GlossaryState.from_key(entry["base_key"]), name=entry["base"])
    return (base, entry["extra"]) if base is not None else None


def _load_tokenizer(where: Path, state: GlossaryState) -> bool:
    found = _cached_tokenizer(where, state)
    if found is None:
        return False
    base, extra = found
    segment.use_tokenizer_state(base)
    segment.add_user_words(extra)
    if len(extra) > REBASE_AFTER:  # the words added since make loading slow: a new base
        name = f"jieba-base-{state.key}"
        _write(where, "jieba-base", state, segment.tokenizer_state(), name=name)
        _write(where, "jieba", state, {"base": name, "base_key": state.key, "extra": []})
    return True


# ---------------------------------------------------------------------------------------------
# After a change this process made


def terms_written(store: Store, before: GlossaryState, after: GlossaryState, written: list[Term],
                  removed: list[tuple[str, str]] = ()) -> None:
    """Carry the cache of state `before` over to state `after`: the change between them is exactly
    `written` (terms as stored) and `removed` ((glossary, source) pairs), made under the write lock.
    Without a cache for `before` (or for a large change) nothing is written: the next reader builds."""
    where = folder(store)
    if where is None or before == after or len(written) + len(removed) > INCREMENTAL_LIMIT:
        return
    with _lock:
        old = _matchers.get((str(store.path), before.key))
    if old is None:
        payload = _read(where, "matcher", before)
        old = Matcher.from_state(payload) if payload is not None else None
    if old is not None:
        new = old.updated(written, removed)
        _write(where, "matcher", after, new.state())
        _remember(store, after, new)
    entry = _read(where, "jieba", before) if not removed else None  # a removed word cannot be taken back
    if entry is not None:
        entry["extra"] = entry["extra"] + [t.source for t in written]
        _write(where, "jieba", after, entry)
        if (str(store.path), before.key) in _tokenizer_for:
            segment.add_user_words(t.source for t in written)
            _tokenizer_for.add((str(store.path), after.key))


# ---------------------------------------------------------------------------------------------
# Files


class _PlainData(pickle.Unpickler):
    """Lists, dicts, strings, numbers and pyahocorasick automata: nothing else is made from a file."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("ahocorasick", "Automaton"):
            return ahocorasick.Automaton
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the glossary cache")


def _path(where: Path, kind: str, state: GlossaryState, name: str | None) -> Path:
    return where / f"{name or f'{kind}-{state.key}'}.pickle"


def _read(where: Path, kind: str, state: GlossaryState, *, name: str | None = None):
    """The payload of the cache file for `state`, or None when there is none or it fails any check."""
    try:
        blob = _path(where, kind, state, name).read_bytes()
    except OSError:
        return None
    head, digest, data = blob[: len(MAGIC)], blob[len(MAGIC) : len(MAGIC) + 32], blob[len(MAGIC) + 32 :]
    if head != MAGIC or hashlib.sha256(data).digest() != digest:
        return None
    try:
        content = _PlainData(io.BytesIO(data)).load()
        if (content["format"], content["kind"], content["key"]) != (FORMAT, kind, state.key):
            return None
        return content["payload"]
    except Exception:  # noqa: BLE001 - a damaged file of any kind is rebuilt, never a crash
        return None


def _write(where: Path, kind: str, state: GlossaryState, payload, *, name: str | None = None) -> None:
    """Write one cache file atomically (a reader sees the old file or the whole new one) and remove
    this kind's files of other states; a folder that cannot be written is left alone."""
    data = pickle.dumps({"format": FORMAT, "kind": kind, "key": state.key, "payload": payload},
                        protocol=pickle.HIGHEST_PROTOCOL)
    target = _path(where, kind, state, name)
    try:
        where.mkdir(exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=where, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + hashlib.sha256(data).digest() + data)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    except OSError:
        return
    _prune(where, kind, keep=target)


def _prune(where: Path, kind: str, keep: Path) -> None:
    """Remove the files of this kind for other states (and, for jieba, the bases no entry names)."""
    try:
        if kind == "jieba":
            wanted = {keep.name} | {f"{e['base']}.pickle" for e in [_read_entry(keep)] if e}
            old = [p for p in where.glob("jieba-*.pickle") if p.name not in wanted]
        elif kind == "matcher":
            old = [p for p in where.glob("matcher-*.pickle") if p != keep]
        else:
            return
        for path in old:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _read_entry(path: Path) -> dict | None:
    key = path.name.removeprefix("jieba-").removesuffix(".pickle")
    return _read(path.parent, "jieba", GlossaryState.from_key(key))
