"""Candidate glossary terms from a document: proper nouns by jieba part of speech (nr person, ns
place, nt organisation, nz other proper noun) plus TF-IDF keywords, ranked by how often they occur,
leaving out what the glossary already has. The terminologist decides; nothing is added here."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Iterable

from workbench import segment
from workbench.storage import Store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

KINDS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "organisation", "nz": "proper noun"}
KEYWORD_POS = ("n", "nz", "vn", "nt", "ns", "nr", "eng")
_CJK_WORD = re.compile(f"^[{segment.CJK_RANGES}]{{2,}}$")
_pos_tokenizer = None


@dataclass(frozen=True)
class Candidate:
    source: str
    kind: str  # person | place | organisation | proper noun | keyword
    count: int  # occurrences in the document
    weight: float  # TF-IDF weight (0 for proper nouns that are not keywords)
    first_position: int  # the first segment it occurs in (1-based)

    def to_dict(self) -> dict:
        return asdict(self)


def _pos():
    """jieba.posseg over the process-wide tokenizer's dictionary (no second dictionary load)."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        import jieba.posseg  # noqa: PLC0415 - jieba loads only where text is tokenized

        _pos_tokenizer = jieba.posseg.POSTokenizer(segment.tokenizer())
    return _pos_tokenizer


def _keywords(text: str, limit: int) -> dict[str, float]:
    import jieba.analyse  # noqa: PLC0415 - jieba loads only where text is tokenized

    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = segment.tokenizer()
    extractor.postokenizer = _pos()
    return dict(extractor.extract_tags(text, topK=limit, withWeight=True, allowPOS=KEYWORD_POS))


def suggest(sources: Iterable[tuple[int, str]], known: Iterable[str], *, limit: int = 30,
            keywords: int = 40) -> list[Candidate]:
    """Candidates from (position, source) pairs, excluding `known` glossary sources and their parts."""
    known = [k for k in known if k]
    known_set = set(known)
    pairs = list(sources)
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    first: dict[str, int] = {}
    pos = _pos()
    for position, source in pairs:
        for word, flag in pos.cut(source):
            if flag in KINDS and _CJK_WORD.match(word):
                kinds.setdefault(word, KINDS[flag])
            if _CJK_WORD.match(word):
                counts[word] += 1
                first.setdefault(word, position)
    weights = _keywords("\n".join(s for _, s in pairs), keywords) if pairs else {}
    for word in weights:
        kinds.setdefault(word, "keyword")

    def new(word: str) -> bool:
        return word not in known_set and not any(word in k for k in known)

    found = [
        Candidate(word, kind, counts[word], round(weights.get(word, 0.0), 4), first.get(word, 0))
        for word, kind in kinds.items() if new(word) and counts[word]
    ]
    found.sort(key=lambda c: (-c.count, c.kind == "keyword", -c.weight, c.first_position, c.source))
    return found[:limit]


def for_document(store: Store, document_id: int, *, limit: int = 30) -> list[Candidate]:
    """Candidate terms from one document that the glossary in the store does not have yet."""
    rows = seg_store.for_document(store, document_id)
    return suggest([(r.position, r.source) for r in rows], [t.source for t in term_store.all_terms(store)], limit=limit)
