"""Numbers found in a Chinese source and in an English target, each with the values it may stand for.

Chinese side: Arabic and full-width digits, thousand separators, decimals, Chinese numerals (二十五,
两, 一百二十, 二〇二一), 万/亿/万亿 multipliers (1.5万 = 15,000; 3亿 = 300 million), 百分之 and %,
成 as tenths (三成 = 30%), dates and years (12月8日 → 12 and 8). English side: digits with separators
and scale words (300 million, $2.4bn), ordinal suffixes (25th), number and ordinal words, month
names (December 8 = 12 and 8), multiplicatives (twice, tripled). Numbers written in Chinese characters
are "soft": often idioms or rendered as words, so only digits must be found on the other side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALE_CN = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3, "百": 1e2}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"

# Words in which numeral characters do not count a quantity.
_IDIOMS = (
    "一些 一起 一定 一样 一直 一般 一切 统一 唯一 一致 一旦 一边 一方面 万一 千万 十分 百姓 万物 一道 一向"
    " 千方百计 三心二意 一带一路 一国两制 两岸 两会 三农 一体 一手 一时 一再 一同 一律 一度 一流 一番 逐一 之一"
    " 一点 一下 一味 一贯 一口 一面 一心 进一步 第一时间 一系列 一如既往 百分百 万众 百花 千里 四面八方 五花八门"
    " 五行 七嘴八舌 乱七八糟 一举 万分 一生 一路 一家 一大 一是 二是 三是 一览 一网 万岁 一模一样 十足 一手 一把手"
).split()
_IDIOM_RE = re.compile("|".join(sorted(map(re.escape, set(_IDIOMS)), key=len, reverse=True)))

_ARABIC = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
_SCALE_AFTER = re.compile(r"\s*(?:多|余|来)?\s*(万亿|亿|万|千(?![米克瓦]))")  # 千米 is kilometres
# Letters that may follow a number as a unit ("2L", "150ml", "2F"); other letters make it a code (5G, Z164).
_UNITS = frozenset("km cm mm kg ml mg kw kwh mw gw gb tb mb mu ha ft lb l m g t f s h am pm x th st nd rd".split())
_CURRENCY = re.compile(r"(?:RMB|CNY|USD|US|HKD|HK|EUR|GBP|JPY|NT|S|A|C)\$?\s?$")
_POST = re.compile(r"(\d0)(?:后|年代)")  # 90后: born in the 1990s; 80年代: the 1980s
_TIMES = re.compile(r"(\d+(?:\.\d+)?)倍")  # 增长1倍 = doubled
_DAY = re.compile(r"(?<![月\d.])(\d{1,2})[日号]")  # a bare day (25日) is often rendered "on Saturday"
_HALF = re.compile(r"([点时])?半(?![导岛夜天])(年)?")  # 九点半 = 9:30
_NEIGHBOURS = re.compile(r"((?:[一二三四五六七八九]?十)?)([一二三四五六七八九])([二三四五六七八九])([十百千万亿]*)")  # 五六百, 十四五
_PLAN = re.compile(r"(?<=[“\"「《])(十[一二三四六七八九])五(?=[”\"」》])|(十[一二三四六七八九])五(?=规划|时期|期间)")  # 十三五
_ALL_DAY = re.compile(r"全天候|昼夜|全天")  # "24-hour", "around the clock"
_CLOCK = re.compile(r"\ba?round[- ]the[- ]clock\b|\b24/7\b", re.IGNORECASE)
_PERCENT_CN = re.compile(r"百分之([" + _CN_NUM + r"点\d.]+)")
_CHENG = re.compile(r"(?<![" + _CN_NUM + r"])([一二两三四五六七八九]|\d(?:\.\d)?)成(?![为功立员本绩长果就熟型交年人品效都])")
_CN_RUN = re.compile(r"[" + _CN_NUM + r"]+(?:点[" + _CN_NUM + r"]+|[多余来][万亿]+)?")  # 四百多万

# English
_SCALE_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6,
             "k": 1e3, "b": 1e9, "tn": 1e12, "mln": 1e6, "bln": 1e9}
_DIGITS_EN = re.compile(
    r"(?<![0-9.,])(?:(\d{1,3}(?:,\d{3}|, 000)+(?!\d)|\d+)(\.\d+)?)(st|nd|rd|th|s)?"
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


@dataclass(frozen=True)
class Number:
    values: tuple[float, ...]  # acceptable readings (成: tenths or percent)
    span: tuple[int, int]
    text: str
    hard: bool  # written in digits: must be found on the other side


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
    if a > 0 and (text[a - 1].isascii() and text[a - 1].isalpha()) and not _CURRENCY.search(text[max(0, a - 5):a]):
        return True
    if a > 1 and text[a - 1] == "." and text[a - 2].isalnum() or text[b:b + 1] == "." and text[b + 1:b + 2].isalpha():
        return True  # part of an address or a version: www.12377.cn
    if a > 1 and text[a - 1] == "-" and text[a - 2].isascii() and text[a - 2].isupper():
        return True
    m = re.match(r"[A-Za-z]+", text[b:])
    return bool(m) and m.group(0).lower() not in _UNITS and m.group(0).lower().rstrip("s") not in _UNITS


class _Found:
    """Numbers found in a source so far, and the spans they take (a later pattern skips those)."""

    def __init__(self, text: str):
        self.text = text
        self.numbers: list[Number] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in self.taken)

    def add(self, values, span, hard: bool) -> None:
        self.numbers.append(Number(tuple(values), span, self.text[span[0]:span[1]], hard))
        self.taken.append(span)


def _percents_and_counts(found: _Found) -> None:
    """百分之五 and 3.5%, 三成 (30%), the 十四五 plan, 24 hours, the post-80s, 3倍 (times)."""
    text = found.text
    for m in _PERCENT_CN.finditer(text):
        inner = m.group(1)
        value = _num(inner) if re.fullmatch(r"[\d.]+", inner) else parse_chinese(inner)
        if value is not None:
            found.add((value,), m.span(), True)
    for m in _CHENG.finditer(text):
        d = m.group(1)
        value = _num(d) if d[0].isdigit() else float(_CN_DIGITS[d])
        found.add((value * 10, value / 10, value), m.span(), False)
    for m in _PLAN.finditer(text):
        found.add((parse_chinese(m.group(1) or m.group(2)),), m.span(), False)
    for m in _ALL_DAY.finditer(text):
        found.add((24.0,), m.span(), False)
    for m in _POST.finditer(text):
        n = float(m.group(1))
        found.add((n, 1900 + n, 2000 + n), m.span(), True)
    for m in _TIMES.finditer(text):
        found.add((_num(m.group(1)), _num(m.group(1)) + 1), m.span(), True)


def _digits(found: _Found) -> None:
    """Days of the month, then Arabic numbers (with a Chinese scale after them: 3万)."""
    text = found.text
    for m in _DAY.finditer(text):
        if found.free(*m.span()):
            found.add((_num(m.group(1)),), m.span(), False)
    for m in _ARABIC.finditer(text):
        if not found.free(*m.span()) or _is_code(text, *m.span()):
            continue
        scale = _SCALE_AFTER.match(text, m.end())
        end = scale.end() if scale else m.end()
        value = _num(m.group(0)) * (_SCALE_CN[scale.group(1)] if scale else 1)
        found.add((value,), (m.start(), end), value != 1)  # a lone 1 is often "a", "per", "one"


def _chinese_numerals(found: _Found) -> None:
    """Idioms are skipped (一心一意); neighbours (三四 = 3 or 4), runs of numerals, halves (半年)."""
    text = found.text
    for m in _IDIOM_RE.finditer(text):
        found.taken.append(m.span())
    for m in _NEIGHBOURS.finditer(text):
        if found.free(*m.span()) and _CN_DIGITS[m.group(3)] == _CN_DIGITS[m.group(2)] + 1:
            values = [parse_chinese(m.group(1) + m.group(i) + m.group(4)) for i in (2, 3)]
            found.add([v for v in values if v is not None], m.span(), False)
    for m in _CN_RUN.finditer(text):
        if found.free(*m.span()):
            value = parse_chinese(m.group(0))
            if value is not None:
                found.add((value,), m.span(), False)
    for m in _HALF.finditer(text):
        if found.free(*m.span()):
            values = (30.0, 0.5) if m.group(1) else (0.5, 6.0) if m.group(2) else (0.5,)  # 半年 = six months
            found.add(values, m.span(), False)


def source_numbers(source: str) -> list[Number]:
    """Every number in a Chinese source, with the values an English rendering may show for it.
    The passes run in this order: what an earlier pass took, a later one leaves alone."""
    found = _Found(source.translate(_FULLWIDTH))
    for find in (_percents_and_counts, _digits, _chinese_numerals):
        find(found)
    return found.numbers


def _word_numbers(target: str) -> list[Number]:
    """Number, ordinal and month words: 'twenty-five', 'two hundred thousand', 'second', 'December'."""
    out = []
    words = list(_WORDS_EN.finditer(target))
    i = 0
    while i < len(words):
        m = words[i]
        w = m.group(0)
        if w in _MONTHS and (w[0].isupper()):
            out.append(Number((float(_MONTHS[w]),), m.span(), w, False))
            i += 1
            continue
        low = w.lower()
        if low not in _WORD_VALUES and low not in _WORD_SCALES:
            i += 1
            continue
        total, current, j, start = 0.0, 0.0, i, m.start()
        end = m.end()
        while j < len(words):
            lw = words[j].group(0).lower()
            gap = target[words[j - 1].end():words[j].start()] if j > i else ""
            if j > i and gap.strip(" -") != "" and lw != "and":
                break
            if lw in _WORD_SCALES:
                current = (current or 1) * _WORD_SCALES[lw]
                if _WORD_SCALES[lw] >= 1000:
                    total, current = total + current, 0.0
            elif j > i and lw in _GROUPS:
                current *= _GROUPS[lw]  # two decades = 20, three dozen = 36
            elif lw in _WORD_VALUES:
                v = _WORD_VALUES[lw]
                # twenty-five; one hundred (and) twenty; three thousand five hundred
                if j > i and lw in _NUMBER_WORDS and (current % 10 == 0 and current >= 20 and v < 10
                                                     or current % 100 == 0 and current >= 100 and v < 100
                                                     or current == 0 and total >= 1000):
                    current += v
                elif j > i:
                    break
                else:
                    current = float(_WORD_VALUES[lw])
            elif lw != "and":
                break
            end = words[j].end()
            j += 1
        value = total + current
        out.append(Number((value,), (start, end), target[start:end], False))
        i = max(j, i + 1)
    return out


def target_numbers(target: str) -> list[Number]:
    out = [Number((24.0,), m.span(), m.group(0), False) for m in _CLOCK.finditer(target)]
    clock = [m.span() for m in _CLOCK.finditer(target)]
    for m in _DIGITS_EN.finditer(target):
        a, b = m.span()
        if any(x <= a < y for x, y in clock):
            continue
        value = _num(m.group(1) + (m.group(2) or ""))
        scale = (m.group(4) or "").lower()
        money = a > 0 and target[a - 1] in "$€£¥"
        if _is_code(target, a, m.end(1)) and not m.group(2) and not m.group(3) and not (money and scale):
            continue
        if scale in ("m", "b", "k") and not money:
            scale = ""  # 5m is five metres unless it is money
            b = m.end(3) if m.group(3) else m.end(2) if m.group(2) else m.end(1)
        value *= _SCALE_EN.get(scale, 1)
        out.append(Number((value,), (a, b), target[a:b], True))
    return out + _word_numbers(target)
