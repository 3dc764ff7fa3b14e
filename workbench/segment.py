"""Paragraphs → sentences for Chinese, and jieba words with glossary terms kept whole.

Pure functions except the one jieba tokenizer per process (its dictionary takes ~0.6 s to load).
"""

from __future__ import annotations

import bisect
import logging
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass
from typing import Iterable

# ---------------------------------------------------------------------------------------------
# Sentence breaking: a table of rules, each a set of characters and when it ends a sentence.


@dataclass(frozen=True)
class BreakRule:
    name: str
    chars: str
    when: str  # "always" | "after-cjk" (ASCII marks used as Chinese punctuation) | "configured"
    note: str


BREAK_RULES: tuple[BreakRule, ...] = (
    BreakRule("full stop", "。", "always", "the Chinese full stop ends a sentence"),
    BreakRule("exclamation", "！", "always", "full-width exclamation mark"),
    BreakRule("question", "？", "always", "full-width question mark"),
    BreakRule("ellipsis", "…", "always", "…… or … (a run counts once)"),
    BreakRule("ascii exclamation/question", "!?", "after-cjk",
              "ASCII ! and ? end a sentence only next to Chinese text, so English inside Chinese stays whole"),
    BreakRule("semicolon", "；", "configured", "full-width semicolon, only with break_on_semicolon"),
)

# Closing quotes and brackets stay with the sentence they close.
_FULL_WIDTH_CLOSERS = "”’」』）》】〉"
# A run of these after a break character is one terminator ("？！", "……", "!?").
_TERMINATORS = "。！？!?…；"
_RULE_FOR: dict[str, BreakRule] = {ch: rule for rule in BREAK_RULES for ch in rule.chars}
_CANDIDATE = re.compile("[" + re.escape("".join(_RULE_FOR)) + "]")
# Never break inside inline code, a Markdown link or image, or a URL: their text is not prose.
_PROTECTED = re.compile(
    r"`[^`\n]+`"
    r"|!?\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"
    r"|<https?://[^>\s]+>"
    r"|https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+"
)
_SPACE = " \t\r\n\f\v\u3000"


# CJK ideographs: the BMP blocks (Extension A, Unified, Compatibility) and the supplementary planes.
# The one definition of "a Chinese character"; QA, drafting validation and token estimates use it too.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK = re.compile(f"[{CJK_RANGES}]")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def _breaks(text: str, i: int, end: int, semicolon: bool) -> bool:
    """Whether the mark at i (its run of terminators ending at `end`) ends a sentence."""
    rule = _RULE_FOR[text[i]]
    if rule.when == "always":
        return True
    if rule.when == "configured":
        return semicolon or _breaks_in_run(text, i + 1, end, semicolon)
    # after-cjk: "真的吗?", "5%?然后" and "Why? 没人回答" end a sentence; "Really? Yes." inside Chinese does not.
    j = i - 1
    while j >= 0 and text[j] in _TERMINATORS:
        j -= 1
    before = j >= 0 and (is_cjk(text[j]) or text[j] in _FULL_WIDTH_CLOSERS)
    k = end
    while k < len(text) and text[k] in " \t":  # an English question is often followed by a space
        k += 1
    after = k < len(text) and is_cjk(text[k])
    return before or after


def _breaks_in_run(text: str, start: int, end: int, semicolon: bool) -> bool:
    """Whether a later mark of the run breaks ("；！" breaks at the "！" even without semicolons)."""
    return any(_RULE_FOR[text[k]].when != "configured" and _breaks(text, k, end, semicolon) for k in range(start, end))


def sentence_spans(paragraph: str, *, break_on_semicolon: bool = False) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a paragraph, surrounding whitespace excluded.

    Breaks after 。！？ and ……/… (and ； when configured), and after ASCII ! ? used as Chinese
    punctuation; a run of terminators counts once; closing quotes/brackets (and a closing Markdown
    emphasis marker) stay with the sentence. Never breaks on "." so numbers (3.5, 1,436), Latin
    abbreviations (U.S.) and English sentences inside Chinese stay intact, nor inside inline code,
    links or URLs.
    """
    text = paragraph
    n = len(text)
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)] if ("`" in text or "[" in text or "://" in text) else []
    starts = [a for a, _ in protected]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        i = m.start()
        if i < start:
            continue  # inside a run already taken
        if protected:
            k = bisect.bisect_right(starts, i) - 1
            if k >= 0 and protected[k][0] <= i < protected[k][1]:
                continue
        end = i + 1
        while end < n and text[end] in _TERMINATORS:
            end += 1
        if not _breaks(text, i, end, break_on_semicolon):
            continue
        end = _closing(text, start, end)
        _add(text, start, end, spans)
        start = end
    _add(text, start, n, spans)
    return spans


def _closing(text: str, start: int, j: int) -> int:
    """Extend a sentence ending at j over the quotes, brackets and emphasis markers that close it."""
    n = len(text)
    while j < n:
        ch = text[j]
        pair = text[j : j + 2]
        if ch in _FULL_WIDTH_CLOSERS or ch in ")]":
            j += 1  # a Chinese quote often opens one sentence earlier: it still closes here
        elif ch in "\"'" and text.count(ch, start, j) % 2 == 1:
            j += 1  # an ASCII quote only when it closes one opened inside the sentence
        elif pair in ("**", "__", "~~") and text.count(pair, start, j) % 2 == 1:
            j += 2  # the closing half of **bold**
        elif ch in "*_" and text.count(ch, start, j) % 2 == 1:
            j += 1  # the closing half of *emphasis*
        else:
            break
    return j


def _add(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a] in _SPACE:
        a += 1
    while b > a and text[b - 1] in _SPACE:
        b -= 1
    if a < b:
        spans.append((a, b))


def split_sentences(paragraph: str, *, break_on_semicolon: bool = False) -> list[str]:
    """Split one paragraph of Chinese into sentences (see `sentence_spans` for the rules)."""
    return [paragraph[a:b] for a, b in sentence_spans(paragraph, break_on_semicolon=break_on_semicolon)]


# ---------------------------------------------------------------------------------------------
# Words: one jieba tokenizer per process, glossary terms added as user words.

_lock = threading.Lock()
_tokenizer = None
_user_words: set[str] = set()


def tokenizer():
    """The process-wide jieba tokenizer, its dictionary loaded once and its start-up chatter silenced."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba = _jieba()
                # jieba logs "Building prefix dict…" to stderr on load; the user never needs it.
                jieba.setLogLevel(logging.ERROR)
                logging.getLogger("jieba").setLevel(logging.ERROR)
                tok = jieba.Tokenizer()
                tok.initialize()
                _tokenizer = tok
    return _tokenizer


_import_lock = threading.Lock()


def _jieba():
    """jieba, imported without pkg_resources: jieba's _compat module falls back to opening its data files
    by path when that import fails, and importing pkg_resources (deprecated) alone costs 0.2–0.5 s."""
    with _import_lock:
        if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
            sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
            try:
                import jieba  # noqa: PLC0415 - its import reads HMM tables (0.2 s): only where text is tokenized
            finally:
                if sys.modules.get("pkg_resources", False) is None:
                    del sys.modules["pkg_resources"]
        import jieba  # noqa: PLC0415 - as above

    return jieba


def add_user_words(words: Iterable[str]) -> int:
    """Make glossary source terms single jieba tokens (心智观察所, not 心智/观察所); returns how many were new."""
    tok = tokenizer()
    added = 0
    with _lock:
        for word in words:
            word = word.strip()
            if word and word not in _user_words and not any(c in _SPACE for c in word):
                # At least the frequency that keeps the whole term together, and high enough that
                # jieba prefers it over its parts in any context.
                tok.add_word(word, freq=max(tok.suggest_freq(word, tune=False), 10_000))
                _user_words.add(word)
                added += 1
    return added


def user_words() -> list[str]:
    """The words add_user_words made jieba words in this process."""
    with _lock:
        return sorted(_user_words)


def tokenizer_state() -> dict:
    """jieba's whole prefix dictionary (its own words and the user words), as plain data: a later
    process takes it with use_tokenizer_state instead of loading jieba's dictionary and adding every
    glossary term again (workbench.glossary.cache keeps it on disk). The entries are kept as text by
    first character ("word frequency" lines), so a process that tokenizes a few sentences reads only
    the entries of their characters (tokens_with_state)."""
    tok = tokenizer()
    with _lock:
        shards: dict[str, list[str]] = {}
        for word, freq in tok.FREQ.items():
            shards.setdefault(word[0], []).append(f"{word} {freq}")
        return {"shards": {first: "\n".join(lines) for first, lines in shards.items()}, "total": tok.total,
                "words": sorted(_user_words)}


def _entries(shards: dict[str, str], firsts: Iterable[str] | None = None) -> dict[str, int]:
    freq: dict[str, int] = {}
    for first in shards if firsts is None else firsts:
        for line in shards[first].split("\n") if first in shards else ():
            word, _, count = line.rpartition(" ")
            freq[word] = int(count)
    return freq


def use_tokenizer_state(state: dict) -> None:
    """Make the process-wide tokenizer the one `state` describes (see tokenizer_state); jieba's own
    dictionary is then never read. The words already added in this process stay."""
    global _tokenizer
    tok = _bare_tokenizer(_entries(state["shards"]), state["total"])
    with _lock:
        earlier = _user_words - set(state["words"])
        _user_words.clear()
        _user_words.update(state["words"])
        _tokenizer = tok
    add_user_words(earlier)


def tokens_with_state(state: dict, added: list[str], sentences: list[str]) -> list[list[str]]:
    """The jieba words of each sentence, exactly as the process-wide tokenizer would give them after
    use_tokenizer_state(state) and add_user_words(added): without reading the whole dictionary.
    jieba only looks up the substrings of the text it cuts (the sentences, and each added word when
    its frequency is worked out), so the entries starting with their characters are all it needs;
    the process-wide tokenizer is left as it was."""
    firsts = {c for text in (*sentences, *added) for c in text}
    tok = _bare_tokenizer(_entries(state["shards"], firsts), state["total"])
    known = set(state["words"])
    for word in added:
        word = word.strip()
        if word and word not in known and not any(c in _SPACE for c in word):
            tok.add_word(word, freq=max(tok.suggest_freq(word, tune=False), 10_000))  # as add_user_words
            known.add(word)
    return [[t for t in tok.lcut(sentence) if not t.isspace()] for sentence in sentences]


def _bare_tokenizer(freq: dict[str, int], total: int):
    """A jieba tokenizer with this prefix dictionary, its own dictionary file never read."""
    jieba = _jieba()
    jieba.setLogLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    tok = jieba.Tokenizer()
    # What jieba.Tokenizer.initialize sets from its own cache file (FREQ, total), without reading it.
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return tok


def tokenizer_loaded() -> bool:
    return _tokenizer is not None


# ---------------------------------------------------------------------------------------------
# jieba's own dictionary as a word list, without loading the tokenizer

_WORDS_FORMAT = "workbench jieba words 1"
_words: dict[str, str] | None = None  # first character → that character's words, joined by spaces
_word_sets: dict[str, frozenset[str]] = {}


def dictionary_word(word: str) -> bool:
    """Whether `word` is a word of jieba's own dictionary (a frequency above 0: what
    `tokenizer().FREQ.get(word)` says of a tokenizer holding no user words).

    Loading jieba's tokenizer takes 0.6–1.4 s of CPU; this reads a word list kept beside jieba's own
    cache (built from jieba's dictionary file once per jieba installation, ~0.3 s) in a few
    hundredths of a second, and makes a set of one first character's words when first asked."""
    if not word:
        return False
    found = _word_sets.get(word[0])
    if found is None:
        words = _dictionary_words()
        with _lock:
            found = _word_sets[word[0]] = frozenset(words.get(word[0], "").split(" ")) - {""}
    return word in found


def dictionary_file():
    """jieba's dictionary file (word, frequency, part of speech on each line), opened for reading in
    binary, without importing jieba (its import alone reads its HMM tables, 0.2 s)."""
    return open(_dictionary_path(), "rb")  # noqa: SIM115 - the caller closes it (a `with` block)


def _dictionary_path() -> str:
    from importlib.util import find_spec  # noqa: PLC0415 - only when the dictionary is read

    spec = find_spec("jieba")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


def _dictionary_words() -> dict[str, str]:
    global _words
    if _words is None:
        with _lock:
            if _words is None:
                _words = _read_words()
    return _words


def _read_words() -> dict[str, str]:
    """The word list from its file when that file is this user's and was made from this dictionary;
    else made from the dictionary (and written for the next process: a speed-up, never a failure)."""
    source = _dictionary_path()
    info = os.stat(source)
    head = f"{_WORDS_FORMAT} {source} {info.st_size} {info.st_mtime_ns}"
    digest = _hash(head)
    path = os.path.join(tempfile.gettempdir(), f"workbench-jieba-words-{_user()}-{digest}.txt")
    try:
        with open(path, encoding="utf-8", newline="\n") as f:
            mine = not hasattr(os, "getuid") or os.fstat(f.fileno()).st_uid == os.getuid()
            text = f.read() if mine else ""
        lines = text.split("\n")
        if lines[0] == head and lines[-2:] == ["end", ""]:
            return {line[0]: line for line in lines[1:-2] if line}
    except (OSError, UnicodeDecodeError):
        pass
    words = _words_from_dictionary()
    _write_words(path, "\n".join([head, *words.values(), "end", ""]))
    return words


def _words_from_dictionary() -> dict[str, str]:
    """Read the dictionary file as jieba does (Tokenizer.gen_pfdict: `word freq [tag]`, the last line of
    a word decides its frequency) and keep the words of a frequency above 0, by first character."""
    freq: dict[str, int] = {}
    with dictionary_file() as f:
        for line in f:
            word, count = line.strip().decode("utf-8").split(" ")[:2]
            freq[word] = int(count)
    by_first: dict[str, list[str]] = {}
    for word, count in freq.items():
        if count:
            by_first.setdefault(word[0], []).append(word)
    return {first: " ".join(words) for first, words in by_first.items()}


def _write_words(path: str, text: str) -> None:
    try:
        fd, partial = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".workbench-jieba-words-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(partial, path)
        except BaseException:
            os.unlink(partial)
            raise
    except OSError:
        pass  # kept in memory only


def _hash(text: str) -> str:
    import hashlib  # noqa: PLC0415 - only when the word list is read

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _user() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else "user"


def tokens(sentence: str) -> list[str]:
    """jieba words of one sentence (whitespace tokens dropped)."""
    return [t for t in tokenizer().lcut(sentence) if not t.isspace()]


def join_sentences(sentences: Iterable[str]) -> str:
    """A paragraph from its sentences: Chinese sentences run on, others are separated by one space."""
    parts: list[str] = []
    prev_cjk = False
    for s in sentences:
        s = s.strip()
        if not s:
            continue
        cjk = _has_cjk(s)
        if parts and not (prev_cjk or cjk):
            parts.append(" ")
        parts.append(s)
        prev_cjk = cjk
    return "".join(parts)


def _has_cjk(text: str) -> bool:
    return CJK.search(text) is not None
