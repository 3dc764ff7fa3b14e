"""Numbers found in a Chinese source and in an English target, each with the values it may stand for.

Chinese side: Arabic and full-width digits, thousand separators, decimals, Chinese numerals (二十五,
两, 一百二十, 二〇二一), 万/亿/万亿 multipliers (1.5万 = 15,000; 3亿 = 300 million) and compounds
(2万4801 = 24,801; 75万7千 = 757,000; the 4 of 4至6万 may be 40,000), 百分之, 百分百 and %, 成 as tenths
(三成 = 30%), dates and years (12月8日 → 12 and 8; 2021.6.11), times of day (16时30分, 九点半, 05:03:17),
neighbours (五六百, 一两, 十四五: two numbers, either may be said), decades (六七十年代, 60、70年代), the
Five-Year Plans (十三五), two or three bare numerals as a date or a number (六四: June 4 or 64). 十几 and
几十 are approximate. English side: digits with separators and scale words (300 million, $2.4bn, 4 to 6
million), fractions of a scale (a quarter of a million, two and a half million), ordinal suffixes
(25th), number and ordinal words, month names (December 8 = 12 and 8), multiplicatives (twice,
tripled), times (16:20), digits glued to a word ("to15"). Numbers written in Chinese characters are
"soft": often idioms or rendered as words, so only digits must be found on the other side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，：", "0123456789.%,:")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALE_CN = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3, "百": 1e2}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"

# Words in which numeral characters do not count a quantity.
_IDIOMS = (
    "一些 一起 一定 一样 一直 一般 一切 统一 唯一 一致 一旦 一边 一方面 万一 千万 百姓 万物 一道 一向"
    " 千方百计 三心二意 一带一路 一国两制 两岸 两会 三农 一体 一手 一时 一再 一同 一律 一度 一流 一番 逐一 之一"
    " 一点 一下 一味 一贯 一口 一面 一心 进一步 第一时间 一系列 一如既往 万众 百花 千里 四面八方 五花八门"
    " 五行 七嘴八舌 乱七八糟 一举 万分 一生 一路 一家 一大 一是 二是 三是 一览 一网 万岁 一模一样 十足 一手 一把手"
).split()
_IDIOM_RE = re.compile("|".join(sorted(map(re.escape, set(_IDIOMS)), key=len, reverse=True)) + "|十分(?!钟)")  # 十分钟: ten minutes

_ARABIC = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
_SCALE_AFTER = re.compile(r"\s*(?:多|余|来)?\s*(万亿|亿|万|千(?![米克瓦]))")  # 千米 is kilometres
# Letters that may follow a number as a unit ("2L", "150ml", "2F"); other letters make it a code (5G, Z164).
_UNITS = frozenset("km cm mm kg ml mg kw kwh mw gw gb tb mb mu ha ft lb l m g t f s h am pm x th st nd rd".split())
_CURRENCY = re.compile(r"(?:RMB|CNY|USD|US|HKD|HK|EUR|GBP|JPY|NT|S|A|C)\$?\s?$")
# 90后: born in the 1990s; 80年代, 60、70年代: the 1980s, the 1960s and 1970s
_POST = re.compile(r"(?<![\d.])(\d0)(?=(?:\s*[、，,和与及至到—-]\s*\d0)*\s*(?:后|年代))")
_DECADES = re.compile(r"([一二三四五六七八九])([一二三四五六七八九])?十年代")  # 六七十年代: the 1960s and 1970s
_TIMES = re.compile(r"(\d+(?:\.\d+)?)倍")  # 增长1倍 = doubled
_DAY = re.compile(r"(?<![月\d.])(\d{1,2})[日号]")  # a bare day (25日) is often rendered "on Saturday"
_HALF = re.compile(r"([点时])?半(?![导岛夜天])(年)?")  # 九点半 = 9:30
# 五六百, 十四五, 一两, 两三, 一万六七千
_NEIGHBOURS = re.compile(r"((?:[一二两三四五六七八九十百千]+[万亿])?(?:[一二三四五六七八九]?十)?)"
                         r"([一二两三四五六七八九])([二两三四五六七八九])([十百千万亿]*)")
# 十三五: the 13th Five-Year Plan (十四五 may also be "14 or 15": a plan only when the context says so)
_PLAN = re.compile(r"(?<=[“\"「《])(十[一二三四五六七八九])五(?=[”\"」》])|(十[一二三四五六七八九])五(?=规划|时期|期间)"
                   r"|(十[一二三五六七八九])五")
_ALL_DAY = re.compile(r"全天候|昼夜|全天")  # "24-hour", "around the clock"
_CLOCK = re.compile(r"\ba?round[- ]the[- ]clock\b|\b24/7\b", re.IGNORECASE)
_PERCENT_CN = re.compile(r"百分之([" + _CN_NUM + r"点\d.]+)|百分(百)")  # 百分百: 100%
_CHENG = re.compile(r"(?<![" + _CN_NUM + r"])([一二两三四五六七八九]|\d(?:\.\d)?)成(?![为功立员本绩长果就熟型交年人品效都])")
# 2021.6.11; 16时, 16时30分, 9点半, 12:00 (a time of day)
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d.])")
# 16:20(:05), 16时(20分), 9点半
_CLOCK_CN = re.compile(r"(?<![\d.:])(\d{1,2})\s*(?::\s*(\d{2})(?::(\d{2}))?(?![\d:])"
                       r"|时(?:\s*(\d{1,2})\s*分)?|点\s*(?:(\d{1,2})\s*分|(半)))")
_CLOCK_ZH = re.compile(r"([一二两三四五六七八九十]{1,3})[点时](?:(半)|([一二三四五六七八九十]{1,3})分)")  # 九点半, 三时十分
_RANKED = re.compile(r"[级号期届轮批档]")  # 一级, 一号: level 1, number 1
_MEASURED = re.compile(r"米|公里|斤|吨|小时|个月")  # 半米: 0.5 metres
_LETTERS = re.compile(r"[A-Za-z]+")
_LETTERS_BEFORE = re.compile(r"[A-Za-z]+$")
_NUMBERED = re.compile(r"\b[Nn]o\.\s?$")
_NONE = re.compile(r"[例人个起名宗家次件位]")  # 0例: "no cases"
_REST = re.compile(r"(\d+)([千百万])?(?![\d.])")  # what follows 2万 in 2万4801, 75万 in 75万7千, 3亿 in 3亿5000万
_RANGE_CN = re.compile(r"\s*(?:至|到|-|—|~|～|或)\s*\d+(?:\.\d+)?\s*(?:多|余|来)?\s*(万亿|亿|万)")  # 4至6万
_CN_RUN = re.compile(r"[" + _CN_NUM + r"]+(?:点[" + _CN_NUM + r"]+|[多余来][万亿]+)?")  # 四百多万

# English
_SCALE_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6,
             "k": 1e3, "b": 1e9, "tn": 1e12, "mln": 1e6, "bln": 1e9}
_DIGITS_EN = re.compile(
    r"(?:(?<=\bNo\.)|(?<![0-9.,]))(?:(\d{1,3}(?:,\d{3}|, 000)+(?!\d)|\d+)(\.\d+)?)(st|nd|rd|th|s)?"
    r"(?:[\s-]?(thousand|million|billion|trillion|bn|mn|mln|bln|tn|m|k|b)\b)?(?![0-9])",
    re.IGNORECASE,
)
_NUMBER_WORDS = {  # cardinals and ordinals: the words that can continue a compound (one hundred and twenty)
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}
_WORD_VALUES = {
    **_NUMBER_WORDS,
    "zero": 0, "once": 1, "twice": 2, "double": 2, "doubled": 2, "both": 2, "pair": 2, "couple": 2, "triple": 3,
    "tripled": 3, "threefold": 3, "quadrupled": 4, "half": 0.5, "quarter": 0.25, "dozen": 12, "dozens": 12, "decade": 10,
    "decades": 10, "single": 1, "a": 1, "an": 1, "hundreds": 100, "thousands": 1000, "millions": 1e6,
    "billions": 1e9, "tens": 10, "century": 100, "centuries": 100, "noon": 12, "midnight": 0, "fortnight": 2,
}
_WORD_SCALES = {"hundred": 100, "hundredth": 100, "thousand": 1e3, "thousandth": 1e3, "million": 1e6,
                "billion": 1e9, "trillion": 1e12}
_GROUPS = {"decade": 10, "decades": 10, "dozen": 12, "dozens": 12}
_MONTHS = {m: i for i, names in enumerate((
    "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul", "August Aug",
    "September Sept Sep", "October Oct", "November Nov", "December Dec"), 1) for m in names.split()}
_WORDS_EN = re.compile(r"[A-Za-z]+")
# Words that may touch a number without making it a code ("to15", "from2019").
_GLUED = frozenset("to from and or of by in on at about over than up with for nearly around only just least most under".split())
_CLOCK_EN = re.compile(r"(?<![\d.:,])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:]|,\d)")  # 16:20, 24:00, 05:03:17
_PLAN_EN = re.compile(r"\bfive[- ]year plans?\b", re.IGNORECASE)  # the 14th Five-Year Plan: not a count of five
_RANGE_EN = re.compile(r"\s*(?:to|-|–|—|or|and)\s*[$€£¥]?\d+(?:\.\d+)?\s*(thousand|million|billion|trillion|bn|mn|tn)\b",
                       re.IGNORECASE)  # 4 to 6 million: the 4 is millions too
_CARDINAL_WORDS = "|".join(w for w in _NUMBER_WORDS if not w.endswith(("th", "first", "second", "third")))
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3}
# a quarter of a million, half a million, two and a half million, three quarters of a billion: the fraction
# and the scale, then what comes before them (read backwards from the fraction, which is quicker)
_FRACTION_EN = re.compile(r"\b(half|quarters?|third)\s+(?:of\s+)?(?:an?\s+|one\s+)?(thousand|million|billion|trillion)\b",
                          re.IGNORECASE)
_FRACTION_LEAD = re.compile(r"(?:\b(\d+|" + _CARDINAL_WORDS + r")\s+and\s+)?(?:\b(a|one|three)[\s-]+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    values: tuple[float, ...]  # acceptable readings (成: tenths or percent)
    span: tuple[int, int]
    text: str
    hard: bool  # written in digits: must be found on the other side
    digits: tuple[str, ...] = ()  # how it reads digit by digit when its values do not say (16:20 → 1620)
    loose: bool = False  # approximate or part of a split (十几, 六四): never taken for a changed number
    month: bool = False  # a month (7月, 七月; July): a month name renders only a month
    code: bool = False  # the number of a code or name in the source (737MAX, IP15): soft
    ranked: bool = False  # a rank or a measure (第一, 一级, 一号, 半米): a changed one is caught even if it is 一 or 半


def _num(text: str) -> float:
    return float(text.replace(",", "").replace(" ", ""))


def parse_chinese(text: str) -> float | None:
    """二十五 → 25, 一百二十 → 120, 两万 → 20000, 三亿五千万 → 350000000, 二〇二一 → 2021."""
    text = re.sub("[多余来]", "", text)
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = parse_chinese(whole) if whole else 0
        digits = "".join(str(_CN_DIGITS[c]) for c in frac if c in _CN_DIGITS)
        return None if w is None or not digits else w + float("0." + digits)
    if len(text) > 1 and all(c in _CN_DIGITS for c in text):
        return float("".join(str(_CN_DIGITS[c]) for c in text))  # read digit by digit (years)
    total = wan = section = num = 0.0
    for c in text:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (num or 1) * _CN_UNITS[c]
            num = 0
        elif c == "万":
            wan = (section + num or 1) * 1e4
            section = num = 0
        elif c == "亿":
            total = (total + wan + section + num or 1) * 1e8
            wan = section = num = 0
        else:
            return None
    return total + wan + section + num


def _is_code(text: str, a: int, b: int) -> bool:
    """Digits that belong to a code or name, not a quantity: 5G, G20, Z164, COVID-19, Ka-52M."""
    before = _LETTERS_BEFORE.search(text, max(0, a - 12), a)
    if before and before.group(0).lower() not in _GLUED and not _CURRENCY.search(text[max(0, a - 5):a]):
        return True
    numbered = _NUMBERED.search(text, max(0, a - 5), a)  # No. 3, No.3
    if not numbered and (a > 1 and text[a - 1] == "." and text[a - 2].isalnum() or text[b:b + 1] == "." and text[b + 1:b + 2].isalpha()):
        return True  # part of an address or a version: www.12377.cn
    if a > 1 and text[a - 1] == "-" and text[a - 2].isascii() and text[a - 2].isupper():
        return True
    m = _LETTERS.match(text, b)
    word = m.group(0).lower() if m else ""
    return bool(word) and word not in _UNITS and word.rstrip("s") not in _UNITS and word not in _GLUED


class _Found:
    """Numbers found in a source so far, and the spans they take (a later pattern skips those)."""

    def __init__(self, text: str):
        self.text = text
        self.numbers: list[Number] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in self.taken)

    def add(self, values, span, hard: bool, digits: tuple[str, ...] = (), loose: bool = False) -> None:
        text, before, after = self.text[span[0]:span[1]], self.text[span[0] - 1:span[0]], self.text[span[1]:]
        ranked = before == "第" or bool(_RANKED.match(after) if text != "半" else _MEASURED.match(after))
        month = after.lstrip()[:1] == "月"  # 7月, 11 月
        self.numbers.append(Number(tuple(values), span, text, hard, digits, loose, month, ranked=ranked))
        self.taken.append(span)


def _percents_and_counts(found: _Found) -> None:
    """百分之五 and 3.5%, 三成 (30%), the 十三五 plan, decades (六七十年代), 24 hours, the post-80s, 3倍 (times)."""
    text = found.text
    for m in _PERCENT_CN.finditer(text):
        inner = m.group(1) or m.group(2)
        value = _num(inner) if re.fullmatch(r"[\d.]+", inner) else parse_chinese(inner)
        if value is not None:
            found.add((value,), m.span(), m.group(2) is None)
    for m in _CHENG.finditer(text):
        d = m.group(1)
        value = _num(d) if d[0].isdigit() else float(_CN_DIGITS[d])
        found.add((value * 10, value / 10, value), m.span(), False)
    for m in _PLAN.finditer(text):
        found.add((parse_chinese(m.group(1) or m.group(2) or m.group(3)),), m.span(), False)
    for m in _DECADES.finditer(text):
        for digit in filter(None, m.group(1, 2)):
            n = _CN_DIGITS[digit] * 10.0
            found.add((n, 1900 + n, 2000 + n), m.span(), False)
    for m in _ALL_DAY.finditer(text):
        found.add((24.0,), m.span(), False)
    for m in _POST.finditer(text):
        n = float(m.group(1))
        found.add((n, 1900 + n, 2000 + n), m.span(), True)
    for m in _TIMES.finditer(text):
        found.add((_num(m.group(1)), _num(m.group(1)) + 1), m.span(), True)


def _clock(hour: int, minute: int, second: str | None = None) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The values a time of day may show (16:20 = 16 h 20 = 4:20 p.m.) and how it reads digit by digit
    (16:20:05 → 162005)."""
    hours = [hour] + ([hour + 12] if hour < 12 else [hour - 12] if 12 < hour < 24 else [0] if hour == 24 else [])
    if second is not None:
        return (hour + minute / 60 + int(second) / 3600,), (f"{hour}{minute:02d}{second}",)
    digits = tuple(f"{h}{minute:02d}" for h in hours) + (tuple(str(h) for h in hours) if minute == 0 else ())
    return tuple(h + minute / 60 for h in hours), digits


def _clock_and_dates(found: _Found) -> None:
    """Dates written with dots (2021.6.11: year, month, day) and times of day (16时, 16时30分, 9点半, 12:00)."""
    text = found.text
    for m in _DOTTED_DATE.finditer(text):
        if 1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(4)) <= 31:
            for group in (1, 3, 4):
                found.add((float(m.group(group)),), m.span(group), True)
            found.numbers[-2] = replace(found.numbers[-2], month=True)
    for m in _CLOCK_CN.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2) or m.group(4) or m.group(5) or (30 if m.group(6) else 0))
        if hour <= 24 and minute < 60 and found.free(*m.span()):
            values, digits = _clock(hour, minute, m.group(3))
            found.add(values, m.span(), True, digits)
    _clock_in_characters(found)


def _clock_in_characters(found: _Found) -> None:
    """九点半, 三时十分: a time of day in characters (soft, like every number in characters)."""
    for m in _CLOCK_ZH.finditer(found.text):
        hour, minute = parse_chinese(m.group(1)), 30.0 if m.group(2) else parse_chinese(m.group(3))
        if hour is not None and minute is not None and hour <= 24 and minute < 60 and found.free(*m.span()):
            values, digits = _clock(int(hour), int(minute))
            found.add(values, m.span(), False, digits)


def _arabic(text: str, m: re.Match) -> tuple[tuple[float, ...], int]:
    """An Arabic number's values and where it ends: 3万; 2万4801 = 24,801; 75万7千 = 757,000;
    3亿5000万 = 350 million; the 4 of 4至6万 may be 40,000 too."""
    value, end = _num(m.group(0)), m.end()
    scale = _SCALE_AFTER.match(text, end)
    if scale is None:
        also = _RANGE_CN.match(text, end)
        return ((value, value * _SCALE_CN[also.group(1)]) if also else (value,)), end
    unit = _SCALE_CN[scale.group(1)]
    value, end = value * unit, scale.end()
    rest = _REST.match(text, end) if unit >= 1e4 else None
    if rest:
        more = _num(rest.group(1)) * (_SCALE_CN[rest.group(2)] if rest.group(2) else 1)
        if more < unit:
            value, end = value + more, rest.end()
    return (value,), end


def _digits(found: _Found) -> None:
    """Days of the month, then Arabic numbers (with a Chinese scale after them: 3万)."""
    text = found.text
    for m in _DAY.finditer(text):
        if found.free(*m.span()):
            found.add((_num(m.group(1)),), m.span(), False)
    for m in _ARABIC.finditer(text):
        if not found.free(*m.span()) or _is_code(text, *m.span()):
            continue
        values, end = _arabic(text, m)
        # A lone 1 is often "a", "per", "one"; a count of 0 (0例) is "no cases".
        found.add(values, (m.start(), end), values[0] != 1 and not (values[0] == 0 and _NONE.match(text, end)))


def _run(found: _Found, m: re.Match) -> None:
    """A run of Chinese numerals. Two or three bare digits are a date or a number (六四: June 4 or 64;
    九一八: September 18), so they give two loose numbers; 几 next to a run makes it approximate (十几)."""
    run, text = m.group(0), found.text
    if 2 <= len(run) <= 3 and all(c in _CN_DIGITS for c in run):
        digits = "".join(str(_CN_DIGITS[c]) for c in run)
        found.add((float(digits), float(digits[0]), float(digits[:-1])), m.span(), False, loose=True)
        found.add((float(digits[1:]), float(digits[-1])), m.span(), False, loose=True)
        return
    value = parse_chinese(run)
    if value is not None:
        loose = "几" in text[max(0, m.start() - 1):m.start()] + text[m.end():m.end() + 1]
        found.add((value,), m.span(), False, loose=loose)


def _chinese_numerals(found: _Found) -> None:
    """Idioms are skipped (一心一意); neighbours (三四 = 3 or 4, 一两 = 1 or 2), runs of numerals, halves (半年)."""
    text = found.text
    for m in _IDIOM_RE.finditer(text):
        found.taken.append(m.span())
    for m in _NEIGHBOURS.finditer(text):
        if found.free(*m.span()) and _CN_DIGITS[m.group(3)] == _CN_DIGITS[m.group(2)] + 1:
            low, high = (parse_chinese(m.group(1) + m.group(i) + m.group(4)) for i in (2, 3))
            if low is not None and high is not None:  # 五六百: two numbers, 500 and 600, either may be said
                found.add((low, high), m.span(), False)
                found.add((high, low), m.span(), False)
    for m in _CN_RUN.finditer(text):
        if found.free(*m.span()):
            _run(found, m)
    for m in _HALF.finditer(text):
        if found.free(*m.span()):
            values = (30.0, 0.5) if m.group(1) else (0.5, 6.0) if m.group(2) else (0.5,)  # 半年 = six months
            found.add(values, m.span(), False)


_CODE = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")  # 737MAX, TI9, www.12377.cn
_RUN = re.compile(r"\d+")


def _codes(found: _Found) -> None:
    """The number in a code or name (737MAX, IP15) that the target may write apart ("Boeing 737 Max",
    "its 15th anniversary"): soft, never missing, but a target number edited from it is caught."""
    for m in _CODE.finditer(found.text) if _LETTERS.search(found.text) else ():
        runs = _RUN.findall(m.group(0))
        if len(runs) == 1 and _LETTERS.search(m.group(0)) and found.free(*m.span()):
            found.numbers.append(Number((float(runs[0]),), m.span(), m.group(0), False, code=True))


def source_numbers(source: str) -> list[Number]:
    """Every number in a Chinese source, with the values an English rendering may show for it.
    The passes run in this order: what an earlier pass took, a later one leaves alone."""
    found = _Found(source.translate(_FULLWIDTH))
    for find in (_clock_and_dates, _percents_and_counts, _digits, _chinese_numerals, _codes):
        find(found)
    return found.numbers


def _continues(current: float, total: float, value: float) -> bool:
    """Whether a number word adds to the words before it: twenty-five; one hundred (and) twenty; three
    thousand five hundred."""
    return (current % 10 == 0 and current >= 20 and value < 10 or current % 100 == 0 and current >= 100 and value < 100
            or current == 0 and total >= 1000)


def _compound(words: list[re.Match], i: int, target: str) -> tuple[float, int]:
    """The value of the number words from words[i] on ('one hundred and twenty', 'three thousand five
    hundred', 'two decades') and the index of the first word after them."""
    total, current, j = 0.0, 0.0, i
    while j < len(words):
        lw = words[j].group(0).lower()
        if j > i and lw != "and" and target[words[j - 1].end():words[j].start()].strip(" -"):
            break
        if lw in _WORD_SCALES:
            current = (current or 1) * _WORD_SCALES[lw]
            if _WORD_SCALES[lw] >= 1000:
                total, current = total + current, 0.0
        elif j > i and lw in _GROUPS:
            current *= _GROUPS[lw]  # two decades = 20, three dozen = 36
        elif j == i and lw in _WORD_VALUES:
            current = float(_WORD_VALUES[lw])
        elif lw in _NUMBER_WORDS and _continues(current, total, _NUMBER_WORDS[lw]):
            current += _NUMBER_WORDS[lw]
        elif lw != "and":
            break
        j += 1
    return total + current, j


def _word_numbers(target: str, taken: list[tuple[int, int]]) -> list[Number]:
    """Number, ordinal and month words: 'twenty-five', 'two hundred thousand', 'second', 'December'
    (none inside the `taken` spans)."""
    out = []
    words = list(_WORDS_EN.finditer(target))
    if taken:
        words = [m for m in words if not any(x <= m.start() < y for x, y in taken)]
    i = 0
    while i < len(words):
        m = words[i]
        w = m.group(0)
        if w in _MONTHS and (w[0].isupper()):
            out.append(Number((float(_MONTHS[w]),), m.span(), w, False, month=True))
        elif w.lower() in _WORD_VALUES or w.lower() in _WORD_SCALES:
            value, j = _compound(words, i, target)
            end = words[max(j - 1, i)].end()
            out.append(Number((value,), (m.start(), end), target[m.start():end], False))
            i = max(j, i + 1)
            continue
        i += 1
    return out


def _fraction(target: str, m: re.Match) -> Number:
    """two and a half million = 2.5 million; three quarters of a billion = 0.75 billion."""
    start = max(0, m.start() - 40)
    lead = _FRACTION_LEAD.search(target[start:m.start()])
    whole = lead.group(1) or "0"
    whole_value = float(whole) if whole.isdigit() else float(_NUMBER_WORDS[whole.lower()])
    share = _FRACTIONS[m.group(1).lower()] * (3 if (lead.group(2) or "").lower() == "three" else 1)
    span = (start + lead.start() if lead.group(0) else m.start(), m.end())
    return Number(((whole_value + share) * _WORD_SCALES[m.group(2).lower()],), span, target[span[0]:span[1]], False)


def _phrases(target: str) -> tuple[list[Number], list[tuple[int, int]]]:
    """What is read before single numbers, and the spans it takes: around the clock (24), times of day
    (16:20), dates with dots (2021.6.11), fractions of a scale (a quarter of a million), Five-Year Plans."""
    low = target.lower()  # each pattern runs only where a quick look finds what it needs
    out = [Number((24.0,), m.span(), m.group(0), False) for m in _CLOCK.finditer(target)] if "clock" in low or "24/7" in low else []
    for m in _CLOCK_EN.finditer(target) if ":" in target else ():
        values, digits = _clock(int(m.group(1)), int(m.group(2)), m.group(3))
        out.append(Number(values[:1], m.span(), m.group(0), True, digits[:1]))
    for m in _DOTTED_DATE.finditer(target) if "." in target or "/" in target or "-" in target else ():
        out += [Number((float(m.group(g)),), m.span(g), m.group(g), True) for g in (1, 3, 4)]
    if "half" in low or "quarter" in low or "third" in low:
        out += [_fraction(target, m) for m in _FRACTION_EN.finditer(target)]
    plans = [m.span() for m in _PLAN_EN.finditer(target)] if "year plan" in low else []
    return out, [n.span for n in out] + plans


def _digit_number(target: str, m: re.Match) -> Number | None:
    """Digits with their scale (300 million, $2.4bn, 50k when money), or None for a code (5G, COVID-19)."""
    a, b = m.span()
    value = _num(m.group(1) + (m.group(2) or ""))
    scale = (m.group(4) or "").lower()
    money = a > 0 and target[a - 1] in "$€£¥"
    if _is_code(target, a, m.end(1)) and not m.group(2) and not m.group(3) and not (money and scale):
        return None
    if scale in ("m", "b", "k") and not money:
        scale = ""  # 5m is five metres unless it is money
        b = m.end(3) if m.group(3) else m.end(2) if m.group(2) else m.end(1)
    values = (value * _SCALE_EN.get(scale, 1),)
    also = None if scale else _RANGE_EN.match(target, b)
    if also:  # the 4 of "4 to 6 million"
        values += (value * _SCALE_EN[also.group(1).lower()],)
    return Number(values, (a, b), target[a:b], True)


def target_numbers(target: str) -> list[Number]:
    out, taken = _phrases(target)
    for m in _DIGITS_EN.finditer(target):
        if not any(x <= m.start() < y for x, y in taken):
            number = _digit_number(target, m)
            if number is not None:
                out.append(number)
    return out + _word_numbers(target, taken)
