"""How similar two Chinese sources are, as a CAT tool's match percentage (pure: no storage).

The similarity a translator sees:
- 100 only for the identical source; anything else is at most 99.
- The base is a character-level Levenshtein similarity (rapidfuzz: 1 - edits / length of the longer),
  on the sources normalised: NFKC (full-width letters, digits and punctuation become their plain form),
  case folded, whitespace and punctuation left out, and every number (a run of digits with its . and ,)
  one placeholder character. So 中国 → 中国大陆 in a 25-character sentence is 2 edits: 92%.
- Numbers: each number that differs costs NUMBER_PENALTY (10) points. Without it, 2023 → 2024 in a long
  sentence would look like a 98% match; a translator must change the number, so it shows as 90%.
- Punctuation: each punctuation mark that differs costs PUNCTUATION_PENALTY (1) point, at most
  PUNCTUATION_MOST (3): a comma for an enumeration comma changes little in the English.
- "Context match" (shown as 101%) is an exact match whose previous and next sources are the same too.
Scores are floored (99.6 is 99), and never below 0.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

NUMBER_PENALTY = 10
PUNCTUATION_PENALTY = 1
PUNCTUATION_MOST = 3
EXACT = 100
CONTEXT = 101
NUMBER_MARK = "\ue000"  # a private-use character stands for every number in the compared text
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class Normalised:
    key: str  # what the base similarity compares
    numbers: tuple[str, ...]
    punctuation: tuple[str, ...]


def _class(predicate) -> str:
    return "".join(re.escape(chr(c)) for c in range(0x10000) if predicate(unicodedata.category(chr(c))))


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """(punctuation, what the key leaves out). Python's re has no \\p{P}: the classes are built once from
    the Unicode categories (BMP; ~0.2 s, on the first comparison rather than at import), so normalising is
    two regex passes instead of a loop over characters (it runs on every candidate)."""
    return (re.compile(f"[{_class(lambda cat: cat[0] == 'P')}]"),
            re.compile(f"[{_class(lambda cat: cat[0] in 'PZ' or cat == 'Cc')}]+"))


def normalise(text: str) -> Normalised:
    punctuation, left_out = _patterns()
    text = unicodedata.normalize("NFKC", text).casefold()
    numbers = tuple(_NUMBER.findall(text))
    text = _NUMBER.sub(NUMBER_MARK, text)
    return Normalised(left_out.sub("", text), numbers, tuple(punctuation.findall(text)))


def _differing(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    ca, cb = Counter(a), Counter(b)
    return max(sum((ca - cb).values()), sum((cb - ca).values()))


def base(a: Normalised, b: Normalised) -> float:
    """The character similarity of the normalised texts, 0–100 (what the candidates are ranked by)."""
    return Levenshtein.normalized_similarity(a.key, b.key) * 100


def score(a: str, b: str, na: Normalised | None = None, nb: Normalised | None = None) -> int:
    """The match percentage of source B for source A (symmetric): 100 identical, else 0–99."""
    if a == b:
        return EXACT
    na, nb = na or normalise(a), nb or normalise(b)
    value = int(base(na, nb))
    value -= NUMBER_PENALTY * _differing(na.numbers, nb.numbers)
    value -= min(PUNCTUATION_MOST, PUNCTUATION_PENALTY * _differing(na.punctuation, nb.punctuation))
    return max(0, min(EXACT - 1, value))


def context_key(before: str | None, after: str | None) -> str:
    """A short hash of a unit's neighbouring sources: equal keys mean equal neighbours."""
    return hashlib.sha1(f"{before or ''}\x1f{after or ''}".encode()).hexdigest()[:16]


def differences(query: str, found: str) -> list[tuple[str, str]]:
    """FOUND cut into ("same" | "changed", text) parts against QUERY: what differs in the match's source
    (rapidfuzz's Levenshtein opcodes; text the query has and the match lacks is not part of FOUND)."""
    parts: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(query, found):
        text = found[op.dest_start:op.dest_end]
        if not text:
            continue
        kind = "same" if op.tag == "equal" else "changed"
        if parts and parts[-1][0] == kind:
            parts[-1] = (kind, parts[-1][1] + text)
        else:
            parts.append((kind, text))
    return parts


def trigrams(text: str) -> list[str]:
    """The distinct trigrams of TEXT, lower-cased as the FTS5 trigram tokenizer indexes them."""
    text = text.lower()
    return list(dict.fromkeys(text[i:i + 3] for i in range(len(text) - 2)))
