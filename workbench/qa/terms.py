"""Terminology: every glossary term in the source must be rendered as its target or a variant.

English inflection counts as a match: plural (s/es, y→ies), possessive (' and ’), a leading article
in the glossary entry (a/an/the) is optional, a capital at sentence start, and hyphenated compounds
("Nvidia-made") — the rendering only needs to stand between non-letters. Forbidden renderings are
errors; fewer occurrences in the target than in the source is a warning, none at all an error.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from workbench import segment
from workbench.glossary.terms import Hit, Term
from workbench.qa.base import Issue

_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
# Inflectional endings English adds to the last word of a term, then possessive marks.
_SUFFIX = r"(?:s|es)?(?:['’]s?)?"
_LETTER = r"A-Za-z0-9\u00c0-\u024f"


def _word_pattern(rendering: str, case_sensitive: bool) -> str:
    text = _ARTICLE.sub("", rendering.strip()) or rendering.strip()
    parts = [p for p in re.split(r"[\s\-]+", text) if p]
    pieces = []
    for i, part in enumerate(parts):
        escaped = re.escape(part)
        if case_sensitive and i == 0 and part[:1].islower():
            # Sentence start may capitalise a lower-case term even when case matters.
            escaped = f"[{part[0]}{part[0].upper()}]" + re.escape(part[1:])
        if i == len(parts) - 1 and part[-1:].isalpha():
            if part[-1] == "y" and len(part) > 2 and part[-2] not in "aeiou":
                escaped = re.escape(part[:-1]) + "(?:y|ies)"
            escaped += _SUFFIX
        pieces.append(escaped)
    return r"[\s\-]+".join(pieces)


@lru_cache(maxsize=4096)
def _regex(renderings: tuple[str, ...], case_sensitive: bool) -> re.Pattern | None:
    alts = sorted({_word_pattern(r, case_sensitive) for r in renderings if r.strip()}, key=len, reverse=True)
    if not alts:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![{_LETTER}])(?:{'|'.join(alts)})(?![{_LETTER}])", flags)


def _matches(renderings: tuple[str, ...], case_sensitive: bool, target: str) -> list[re.Match]:
    """Every match of these renderings in the target (as `_regex(renderings, …).finditer`). Compiling
    a term's pattern costs about a millisecond (Python's regular-expression compiler), and with a
    dictionary-sized glossary most terms of a segment are new to the process and absent from the
    target: a plain substring test rules those out first, and their pattern is never compiled."""
    if not renderings or not _may_match(renderings, case_sensitive, target):
        return []
    regex = _regex(renderings, case_sensitive)
    return list(regex.finditer(target)) if regex else []


# What re.IGNORECASE also matches to an ASCII character, beyond str.lower: İ and ı (i), ſ (s), K (k).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _may_match(renderings: tuple[str, ...], case_sensitive: bool, target: str) -> bool:
    """False only when no rendering can occur in the target: every match of a rendering's pattern holds
    each of its words as written (in any case, unless case matters), but for the two letters the
    pattern varies: the first word's first (a capital at sentence start) and the last word's last
    (y → ies)."""
    folded = None
    for rendering in renderings:
        if not rendering.strip():
            continue  # left out of the pattern too
        if case_sensitive:
            if all(piece in target for piece in _pieces(rendering, True)):
                return True
        else:
            folded = target.translate(_FOLD).lower() if folded is None else folded
            if all(piece in folded for piece in _pieces(rendering, False)):
                return True
    return False


@lru_cache(maxsize=65536)
def _pieces(rendering: str, case_sensitive: bool) -> tuple[str, ...]:
    """What every match of the rendering's pattern (_word_pattern) holds literally: its words split
    as _word_pattern splits them, less the letters the pattern varies; lower case when case does not
    matter. Only ASCII pieces (beyond ASCII, re.IGNORECASE and str.lower part ways): a rendering
    with none of them may be anywhere."""
    text = _ARTICLE.sub("", rendering.strip()) or rendering.strip()
    parts = [p for p in re.split(r"[\s\-]+", text) if p]
    pieces = []
    for i, part in enumerate(parts):
        if i == 0 and case_sensitive:
            part = part[1:]
        if i == len(parts) - 1 and part.endswith("y"):
            part = part[:-1]
        if part and part.isascii():
            pieces.append(part if case_sensitive else part.lower())
    return tuple(pieces)


def _longer_word(source: str, hit: Hit) -> str | None:
    """A word of jieba's own dictionary that contains the hit and runs past it (外交部 → 外交部长), if
    any. Only consulted when a term is about to be reported missing; the word list is read without
    loading jieba's tokenizer (segment.dictionary_word), so a large glossary, where nearly every
    common word is a term and some are missing on every screen, does not pay jieba's load."""
    for before in range(0, 3):
        for after in range(0, 3):
            if before == after == 0 or hit.start - before < 0 or hit.end + after > len(source):
                continue
            word = source[hit.start - before:hit.end + after]
            if segment.dictionary_word(word):
                return word
    return None


def check_terms(source: str, target: str, hits: list[Hit]) -> list[Issue]:
    if not hits:
        return []
    issues: list[Issue] = []
    for group in _groups(hits):
        issues.extend(_check_group(source, target, group))
    return issues


def _groups(hits: list[Hit]) -> Iterable[list[Hit]]:
    """The hits grouped by term. Terms that share a rendering (观察者网, 观察网 → Guancha) are counted together."""
    groups: dict[tuple, list] = {}
    for hit in hits:
        key = (tuple(sorted(r.lower() for r in hit.term.renderings())), hit.term.case_sensitive)
        groups.setdefault(key, []).append(hit)
    return groups.values()


def _check_group(source: str, target: str, group: list[Hit]) -> list[Issue]:
    """Forbidden renderings of the group's terms, then a rendering missing or too few times in the target."""
    term = group[0].term
    found = [m.span() for m in _matches(tuple(term.renderings()), term.case_sensitive, target)]
    bad = _forbidden_uses(target, group, found)
    issues = [Issue("term-forbidden", "error", (a, b), f"{t.source}: {text!r} is a forbidden rendering — use {t.target!r}")
              for a, b, t, text in bad]
    found = [s for s in found if not any(a < s[1] and s[0] < b for a, b, _, _ in bad)]
    shortfall = _shortfall(source, group, found)
    return [*issues, shortfall] if shortfall is not None else issues


def _forbidden_uses(target: str, group: list[Hit], found: list[tuple[int, int]]) -> list[tuple[int, int, Term, str]]:
    """(start, end, term, text) of each forbidden rendering of the group's terms in the target."""
    bad: list[tuple[int, int, Term, str]] = []
    for t in {h.term.source: h.term for h in group}.values():
        for m in _matches(tuple(t.forbidden), t.case_sensitive, target):
            # "Moore Thread" is forbidden, "Moore Threads" right: a forbidden match inside a correct one is not one.
            if not any(a <= m.start() and m.end() <= b for a, b in found):
                bad.append((*m.span(), t, m.group(0)))
    return bad


def _shortfall(source: str, group: list[Hit], found: list[tuple[int, int]]) -> Issue | None:
    """The rendering missing from the target, or found fewer times than the term occurs in the source."""
    wanted = " / ".join(repr(r) for r in group[0].term.renderings())
    sources = "/".join(dict.fromkeys(h.term.source for h in group))
    if not found:
        word = _longer_word(source, group[0])
        if word:
            # 外交部 inside 外交部长 (foreign minister): the term may not be meant at all.
            return Issue("term-missing", "warning", (0, 0), f"{sources} (inside {word}): expected {wanted} in the target")
        return Issue("term-missing", "error", (0, 0), f"{sources}: expected {wanted} in the target")
    if len(found) < len(group):
        return Issue("term-count", "warning", found[-1],
                     f"{sources} occurs {len(group)}× in the source but {wanted} only {len(found)}× in the target")
    return None
