"""Source coverage and names: the source's content words and names whose meaning has no visible
counterpart in the English, read with CC-CEDICT, the glossary and pinyin (see risk.lexicon)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from workbench.glossary.terms import Hit
from workbench.risk import lexicon
from workbench.risk.base import DocumentView, Finding, SegmentView
from workbench.risk.lexicon import English, Word
from workbench.segment import CJK

# jieba tags of content words: nouns (names too), verbs, adjectives, numerals, idioms, abbreviations,
# distinguishing words (非法), and "?" for words its dictionary lacks.
_CONTENT = ("n", "v", "a", "m", "i", "l", "j", "b", "?")
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt"})
_PERSON_TAGS = frozenset({"nr", "nrfg", "?"})

# Words a good translation routinely leaves implicit or rephrases past any gloss (light verbs, reporting
# and dateline words, vague nouns and measure phrases): chosen by hand among the words most often left
# without a dictionary counterpart in WMT21 newstest's human references (more than half their
# occurrences, six or more times), never from the MQM file the weights are fitted on.
IMPLICIT = frozenset("""
日电 电 据悉 综合 驻 一 第 大 时 到 来 出 内 点 无 占 呈 经 需 要 好 可 会 能 让 受 出现 形成 超过 没有 时间 介绍 可能 截至 接受 了解
方式 部门 人员 还有 具有 位于 规模 保障 数量 取得 预计 拥有 作用 存在 发生 单位 完成 坚持 月份 来自 一次 范围 参加 旗下
通报 部分 行动 处于 上升 重新 上述 达到 发表 人士 一种 现有 不能 起来 集中 建议 力度 迎来 多个 展开 一起 透露 大家 才能
一家 时候 加上 深入 广大 总数 造成 举行 措施 实施 采取 在于 很少 一步 之间 之后 之前 期间 方向 领域 层面 环节 过程 状态
进行 表示 指出 认为 称 说 据 有 是 为 成为 作为 做 做出 开展 实现 进一步 加强 推动 推进 相关 有关 方面 情况 问题 工作
其中 当天 当日 目前 日前 近日 此前 今年 去年 明年 同时 一定 一些 一个 这个 那个 这些 那些 之一 以来 以上 以下 左右 多 等 等等
记者 报道 消息 通过 根据 按照 继续 已经 正在 开始 进入 提出 提供 给予 加以 予以 获得 得到 受到 带来 发挥 表现 显示 强调
""".split())

# Date and time units jieba tags as numerals (2月10日 renders as February 10, with no word "month").
_DATE_UNITS = frozenset("年月日号时分秒")
# Magnitudes and counters (14.6万人 is "146,000 people" or "146,000 deaths").
_NUMERIC = frozenset("零一二三四五六七八九十百千万亿两余多几个人元例名次倍分之")


def coverage(segment: SegmentView, document: DocumentView) -> Finding:
    """Source content words with no counterpart in the English: neither a CC-CEDICT gloss (inflection
    aside), nor the glossary's rendering, nor, for a name, its romanisation."""
    if not segment.text or not segment.text.strip():
        return Finding("coverage", 0.0)
    en = lexicon.english(segment.text)
    judged = list(_judgements(segment, en))
    missing = [(start, end) for start, end, covered in judged if not covered]
    if not missing:
        return Finding("coverage", 0.0)
    # The share of the judged words, not their count: a count grows with the sentence, and risk would
    # then only put long sentences first (bench/risk_eval.py reads in risk order at a cost per character).
    return Finding("coverage", round(len(missing) / len(judged), 4),
                   _words_reason("no counterpart in the English for", segment.source, missing), source_spans=tuple(missing))


def _judgements(segment: SegmentView, en: English):
    """(start, end, covered) for every glossary term (its rendering), then every other content word
    (or dictionary part of an unknown word); a name (its parts joined) counts as covered unless the
    names signal finds it missing."""
    hits = list(segment.hits)
    for hit in hits:
        yield hit.start, hit.end, _rendered(hit, en)
    for word in units(segment.source, tuple(segment.tokens)):
        if any(h.start < word.end and word.start < h.end for h in hits):
            continue
        if _is_name(word):
            yield word.start, word.end, not _name_missing(word, en)
        elif _is_content(word):
            yield from _judge_word(word, en)


def _is_content(word: Word) -> bool:
    """A content word this signal judges: not a number, date or count (the numbers check's business)."""
    return (word.pos.startswith(_CONTENT) and CJK.search(word.text) is not None and word.text not in IMPLICIT
            and not any(c.isdigit() for c in word.text) and not set(word.text) <= _NUMERIC
            and not (word.pos == "m" and word.text[-1] in _DATE_UNITS))


def _judge_word(word: Word, en: English):
    gloss = lexicon.glosses(word.text)
    if gloss is not None:
        if gloss:
            yield word.start, word.end, en.covers(gloss)
        return
    if _romanised(word, en):
        yield word.start, word.end, True
        return
    for a, b in lexicon.split_known(word.text):
        text = word.text[a:b]
        part = lexicon.glosses(text) if b - a > 1 else None  # a lone character says little
        if part and text not in IMPLICIT and not set(text) <= _NUMERIC:
            yield word.start + a, word.start + b, en.covers(part)


def _inside(word: Word, hits: list[Hit]) -> Hit | None:
    return next((h for h in hits if h.start <= word.start and word.end <= h.end), None)


def _rendered(hit: Hit, en: English) -> bool:
    return any(r.lower() in en.lowered for r in hit.term.renderings() if r)


def _romanised(word: Word, en: English) -> bool:
    person = word.pos in _PERSON_TAGS
    name = word.text
    if person and name.endswith(_TITLES) and len(name) > 2:
        name = name[:-2]
        return any(f" {s} " in f" {_spaced(en.lowered)} " for s in {*lexicon.romanisations(name, person=False),
                                                                     *lexicon.cantonese_surnames(name)})
    if any(f in en.letters for f in lexicon.romanisations(name, person=person)):
        return True
    if word.pos == "?" and len(name) == 3 and any(f in en.letters for f in lexicon.romanisations(name[:2], person=True)):
        return True  # jieba ran a two-character name into the next word (宋涛语: 宋涛 + 语)
    return person and any(f" {s} " in f" {_spaced(en.lowered)} " for s in lexicon.cantonese_surnames(name))


def _spaced(text: str) -> str:
    return "".join(c if c.isalpha() else " " for c in text)


def _words_reason(lead: str, source: str, spans: list[tuple[int, int]], limit: int = 4) -> str:
    words = list(dict.fromkeys(source[a:b] for a, b in spans))
    more = f" (+{len(words) - limit} more)" if len(words) > limit else ""
    return f"{lead} {', '.join(words[:limit])}{more}"


# ---------------------------------------------------------------------------------------------
# Names


def names(segment: SegmentView, document: DocumentView) -> Finding:
    """Person, place and organisation names (jieba nr/ns/nt) outside the glossary whose CC-CEDICT
    English or romanisation (pinyin, Wade–Giles, a Cantonese surname) is absent from the English."""
    if not segment.text or not segment.text.strip():
        return Finding("names", 0.0)
    en = lexicon.english(segment.text)
    hits = list(segment.hits)
    missing = [n for n in units(segment.source, tuple(segment.tokens)) if _is_name(n) and _inside(n, hits) is None
               and _name_missing(n, en)]
    if not missing:
        return Finding("names", 0.0)
    shown = [f"{n.text} ({_spelling(n)})" for n in missing[:3]]
    more = f" (+{len(missing) - 3} more)" if len(missing) > 3 else ""
    return Finding("names", round(1 - 0.5 ** len(missing), 4), "name not found in the English: " + ", ".join(shown) + more,
                   source_spans=tuple((n.start, n.end) for n in missing))


@lru_cache(maxsize=4096)
def units(source: str, tokens: tuple[str, ...]) -> tuple[Word, ...]:
    """The source's words with adjacent name parts joined (冯德 + 莱恩 → 冯德莱恩) when the whole is a
    dictionary word or neither part is a common word (顾问 + 赵春山 stay apart), a surname and a title
    one person (郑 + 女士), and the parts of a foreign name around · marked transliterated (易卜拉欣·莱西).
    Read once per segment for both signals."""
    out: list[Word] = []
    for w in lexicon.tagged(source, tokens):
        if out and out[-1].end == w.start and _joins(out[-1], w):
            out[-1] = _joined(out[-1], w)
            continue
        if out and out[-1].text in _NAME_DOTS and len(out) > 1:
            out[-2] = replace(out[-2], pos="nrt")
            w = replace(w, pos="nrt")
        out.append(w)
    return tuple(out)


_NAME_DOTS = ("·", "‧", "•", "・")


def _joins(a: Word, b: Word) -> bool:
    if b.text in _TITLES:
        return lexicon.is_surname(a.text)
    return (_is_name(a) and _is_name(b)
            and (lexicon.glosses(a.text + b.text) is not None or not (_common(a.text) or _common(b.text))))


def _joined(a: Word, b: Word) -> Word:
    return Word(a.text + b.text, a.start, b.end, "nr" if b.text in _TITLES else a.pos)


def _common(word: str) -> bool:
    return lexicon.glosses(word) is not None and not lexicon.proper_gloss(word)


def _is_name(w: Word) -> bool:
    """A name tag, or a word jieba's dictionary lacks that reads like a Chinese person's name (郭嘉昆)."""
    return (w.pos in _NAME_TAGS and len(w.text) > 1) or _unknown_person(w)  # a lone 夏 of 夏立言: a split name


# Characters Chinese uses to transliterate foreign names (莱西 Raisi, 马科斯 Marcos): such a name cannot be
# romanised back into its English spelling, so it is not judged.
_TRANSLITERATION = frozenset(
    "阿埃艾安昂奥巴拜班邦贝本比彼毕宾波伯博布察查达戴丹道德登迪蒂丁东杜敦多厄恩法菲费芬丰夫弗福盖甘冈戈格根古"
    "哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉林琳卢鲁伦罗洛马玛迈麦曼梅蒙"
    "米密明莫默姆穆纳娜奈南内尼涅努诺欧帕潘佩彭皮普齐奇乔切琼萨塞森沙尚什舍史斯丝松苏索塔泰坦汤特提托图瓦威韦"
    "维温沃乌武西希锡谢辛休雅亚扬耶伊因英尤约泽扎詹兹佐卜")

# Titles after a surname (孙先生 Mr Sun): the surname alone is romanised.
_TITLES = ("先生", "女士", "小姐", "太太", "夫人", "老师", "教授", "医生")


def _unknown_person(w: Word) -> bool:
    return (w.pos == "?" and 2 <= len(w.text) <= 3 and all(CJK.match(c) for c in w.text) and lexicon.is_surname(w.text[0])
            and lexicon.glosses(w.text) is None and all(b - a == 1 for a, b in lexicon.split_known(w.text)))


def _name_missing(name: Word, en: English) -> bool:
    """Whether a name's English is absent: False too when it cannot be judged."""
    if name.text.endswith(_TITLES) and name.pos == "nr":
        return not _romanised(name, en)
    if name.pos == "nrt" or all(c in _TRANSLITERATION for c in name.text):
        return False  # a transliterated foreign name (里奥斯 Rios) cannot be romanised back
    gloss = lexicon.glosses(name.text)
    if gloss is not None:
        # In the dictionary: a proper name (Belgium, Biden) must show its English or its pinyin; a
        # common word jieba took for a name (养老金 pension) is the coverage signal's business.
        return lexicon.proper_gloss(name.text) and not (en.covers(gloss) or en.shares_start(gloss) or _romanised(name, en))
    if _romanised(name, en):
        return False
    if name.pos in _PERSON_TAGS:
        return lexicon.is_surname(name.text[:1]) or lexicon.is_surname(name.text[:2])
    known = [p for p in (lexicon.glosses(name.text[a:b]) for a, b in lexicon.split_known(name.text) if b - a > 1) if p]
    return bool(known) and sum(en.covers(p) for p in known) * 2 < len(known)  # most parts of a compound (北京青年报)


def _spelling(name: Word) -> str:
    defs = [d for d in lexicon.definitions(name.text) if d[:1].isupper()]
    if defs:
        return defs[0].split(",")[0].split(" (")[0]
    forms = lexicon.pinyin(name.text)
    if name.pos in _PERSON_TAGS and len(forms) > 1:
        return f"{forms[0].capitalize()} {''.join(forms[1:]).capitalize()}"
    return "".join(forms).capitalize()
