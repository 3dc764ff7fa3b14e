"""Paragraphs → sentences for Chinese, and jieba words with glossary terms kept whole.

Pure functions except the one jieba tokenizer per process (its dictionary takes ~0.6 s to load).
"""

from __future__ import annotations

import logging
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
              "ASCII ! and ? end a sentence only after Chinese text, so English inside Chinese stays whole"),
    BreakRule("semicolon", "；", "configured", "full-width semicolon, only with break_on_semicolon"),
)

# Closing quotes and brackets stay with the sentence they close.
CLOSERS = "”’」』）》】〉\"')]"
# A run of these after a break character is one terminator ("？！", "……", "!?").
_TERMINATORS = "。！？!?…；"


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


_RULE_FOR: dict[str, BreakRule] = {ch: rule for rule in BREAK_RULES for ch in rule.chars}


def _breaks(text: str, i: int, semicolon: bool) -> bool:
    rule = _RULE_FOR.get(text[i])
    if rule is None:
        return False
    if rule.when == "always":
        return True
    if rule.when == "configured":
        return semicolon
    # after-cjk: the mark follows Chinese text (skipping other marks of the same run).
    j = i - 1
    while j >= 0 and text[j] in _TERMINATORS:
        j -= 1
    return j >= 0 and (_is_cjk(text[j]) or text[j] in "”’」』）》")


def split_sentences(paragraph: str, *, break_on_semicolon: bool = False) -> list[str]:
    """Split one paragraph of Chinese into sentences.

    Breaks after 。！？ and ……/… (and ； when configured), and after ASCII ! ? used as Chinese
    punctuation; a run of terminators counts once; closing quotes/brackets (and a closing Markdown
    emphasis marker) stay with the sentence. Never breaks on "." so numbers (3.5, 1,436), Latin
    abbreviations (U.S.) and English sentences inside Chinese stay intact.
    """
    text = paragraph.strip()
    out: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if not _breaks(text, i, break_on_semicolon):
            i += 1
            continue
        j = i + 1
        while j < n and text[j] in _TERMINATORS and (text[j] != "；" or break_on_semicolon):
            j += 1
        while j < n:
            ch = text[j]
            if ch in CLOSERS and _closes(text, start, j):
                j += 1
            elif text[j : j + 2] in ("**", "__", "~~") and text[start:j].count(text[j : j + 2]) % 2 == 1:
                j += 2  # the closing half of **bold**
            elif ch in "*_" and text[start:j].count(ch) % 2 == 1:
                j += 1  # the closing half of *emphasis*
            else:
                break
        sentence = text[start:j].strip()
        if sentence:
            out.append(sentence)
        start = j
        i = j
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _closes(text: str, start: int, j: int) -> bool:
    """Whether the closer at j belongs to the sentence just ended.

    Full-width closers always do (a Chinese quote often opens one sentence earlier); an ASCII quote
    only when the sentence has an odd number of them, i.e. it closes one opened inside.
    """
    ch = text[j]
    if ch in "\"'":
        return text[start:j].count(ch) % 2 == 1
    return True


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
                import jieba

                jieba.setLogLevel(logging.ERROR)
                logging.getLogger("jieba").setLevel(logging.ERROR)
                tok = jieba.Tokenizer()
                tok.initialize()
                _tokenizer = tok
    return _tokenizer


def add_user_words(words: Iterable[str]) -> None:
    """Make glossary source terms single jieba tokens (心智观察所, not 心智/观察所)."""
    tok = tokenizer()
    for word in words:
        word = word.strip()
        if word and word not in _user_words and " " not in word:
            # A high frequency so that jieba prefers the whole term over its parts.
            tok.add_word(word, freq=max(tok.suggest_freq(word, tune=False), 10_000))
            _user_words.add(word)


def tokens(sentence: str) -> list[str]:
    """jieba words of one sentence (whitespace tokens dropped)."""
    return [t for t in tokenizer().lcut(sentence) if t.strip()]
