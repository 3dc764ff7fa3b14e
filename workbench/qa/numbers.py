"""Numbers: normalise both sides to values, then report source numbers missing from the target and
target numbers that match nothing in the source.

Chinese side: Arabic and full-width digits, thousand separators, decimals, Chinese numerals (二十五,
两, 一百二十, 二〇二一), 万/亿/万亿 multipliers (1.5万 = 15,000; 3亿 = 300 million), 百分之 and %,
成 as tenths (三成 = 30%), dates and years (12月8日 → 12 and 8). English side: digits with separators
and scale words (300 million, $2.4bn), ordinal suffixes (25th), number and ordinal words, month
names (December 8 = 12 and 8), multiplicatives (twice, tripled). A human translation that renders
the same quantity differently (15000 / 15,000 / 15 thousand / 1.5万) compares equal; rounding to
fewer significant digits (14.93亿 → 1.49 billion) is accepted.

Numbers pair up one to one: exact matches first (a number said again in the target, or said twice in
the source and once in the target, is no error), rounding only among the numbers left over, so a
target number that renders one source number exactly cannot also excuse another by rounding.

Numbers written in Chinese characters are "soft" on the source side: they are often idioms or
rendered as words ("一些", "两岸", "十分"), so their absence in the target is not reported, but
they excuse a matching number in the target. A digit-written target number that is a one- or
two-digit edit of a source number left unmatched (25 → 26, 15000 → 1500, 三十 → 31) is
`number-altered`, an error. Any other target number (digits, or a cardinal word from "two" up) that
matches nothing in the source is `number-extra`: an error when a Chinese-character number went
unmatched (likely the same quantity, changed), else a warning; an added year or a conversion in
brackets is only a warning, unless the year is in the future (2050 in a dateline) or, after a month
and day, not a year at all (July 24, 7020). Dates and times that cannot be (July 46, "on the 95th",
24:61) and COVID-18 are errors, and so is a code whose digits were edited (TI8 for TI9, 8K for 4K). The
currency of an amount (元/yuan/RMB, 美元/US$, 港元/HK$, 欧元, 日元, 英镑) must survive too.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from workbench.glossary.terms import Hit
from workbench.qa.base import Issue
from workbench.qa.numerals import Number, parse_chinese, source_numbers, target_numbers

__all__ = ["Number", "check_numbers", "check_currency", "parse_chinese", "source_numbers", "target_numbers"]


_CARDINALS = re.compile(r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
                        r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
                        r"|(?:one|a|an)[\s-]+(?:hundred|thousand|million|billion|trillion))"  # not a bare "one"
                        r"(?:[\s-]+\w+)*", re.IGNORECASE)


def _counted_word(number: Number) -> bool:
    """A cardinal written as a word ("three", "twenty-five"): a count the source must have too."""
    return not number.hard and bool(_CARDINALS.fullmatch(number.text))


def _sig_round(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def _significant(number: Number) -> int:
    whole, _, fraction = number.text.partition(".")
    digits = re.sub(r"\D", "", whole.lstrip("0") + re.sub(r"\D", "", fraction))
    return max(1, len(digits.rstrip("0")) if "." not in number.text else len(digits))


def _same(source_value: float, target: Number) -> bool:
    for t in target.values:
        if math.isclose(source_value, t, rel_tol=1e-9, abs_tol=1e-9):
            return True
        if target.hard and source_value and abs(t - source_value) / abs(source_value) < 0.05 and _ROUNDED.search(target.text):
            # Rounded to the precision the translator wrote: 14.93亿 → 1.49 billion.
            if math.isclose(_sig_round(source_value, _significant(target)), t, rel_tol=1e-9):
                return True
    return False


# A decimal or a scale word ("1.49 billion", "$2.4bn"), not an ordinal suffix (70th is not 71 rounded).
_ROUNDED = re.compile(r"\.\d|(?:thousand|million|billion|trillion|bn|mn|mln|bln|tn)$", re.IGNORECASE)


def _inside_brackets(text: str, at: int) -> bool:
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)


def _looks_like_year(number: Number) -> bool:
    return number.text.isdigit() and 1900 <= number.values[0] <= 2099


_DATED = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
                    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.? \d{1,2}(?:st|nd|rd|th)?,? $")


def _impossible_year(number: Number, target: str) -> bool:
    """A year the translator added cannot be in the future: 2050 in "Hefei, July 26, 2050 (Xinhua)";
    after a month and day ("July 24, 7020") four digits are a year whatever their value."""
    if not (len(number.text) == 4 and number.text.isdigit()):
        return False
    year = number.values[0]
    if _DATED.search(target[max(0, number.span[0] - 20):number.span[0]]):
        return not 1900 <= year <= date.today().year
    return date.today().year < year <= 2099


_AMOUNT = r"(?:(?<=[\d万亿千百十两一二三四五六七八九])|(?<=[\d十百千万][多余]))"  # not 多元 (diverse)
# (name, how the source writes it after an amount, how English writes it)
CURRENCIES = (
    ("US dollars", re.compile(_AMOUNT + "美元"), re.compile(r"(?<!HK)\$|\bdollars?\b|\bUSD\b", re.IGNORECASE)),
    ("Hong Kong dollars", re.compile(_AMOUNT + "港[元币]"), re.compile(r"HK\$|\bHong Kong dollars?\b|\bHKD\b", re.IGNORECASE)),
    ("euros", re.compile(_AMOUNT + "欧元"), re.compile(r"€|\beuros?\b|\bEUR\b", re.IGNORECASE)),
    ("yen", re.compile(_AMOUNT + "日元"), re.compile(r"¥|\byen\b|\bJPY\b", re.IGNORECASE)),
    ("pounds", re.compile(_AMOUNT + "英镑"), re.compile(r"£|\bpounds?\b|\bGBP\b", re.IGNORECASE)),
    ("yuan", re.compile(_AMOUNT + "元(?![素旦首年代气])|人民币"),
     re.compile(r"¥|\byuan\b|\bRMB|\bCNY\b|\brenminbi\b", re.IGNORECASE)),
)


def check_currency(source: str, target: str) -> list[Issue]:
    """元/yuan/RMB, 美元/US$/dollars…: an amount's currency must survive translation."""
    if not any(c in source for c in "元币镑钱"):
        return []
    issues = []
    named = {name for name, _, en in CURRENCIES if en.search(target)}
    for name, zh, _en in CURRENCIES:
        m = zh.search(source)
        if m is None or name in named:
            continue
        others = sorted(named - {name})
        if others:
            issues.append(Issue("number-currency", "error", (0, 0),
                                f"{m.group(0)} ({name}) in the source, but the target names {', '.join(others)}"))
        else:
            issues.append(Issue("number-currency", "warning", (0, 0), f"{m.group(0)} ({name}) in the source: no currency in the target"))
    return issues


_MONTH = (r"(January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DAYS = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}  # other months have 31
_MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:])")  # July 46, July 46th
_DAY_MONTH = re.compile(r"(?<![\d,.:])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?!\w)")  # 46 July
# "on the 95th," — a day of the month (not "the 95th anniversary": a word after the ordinal)
_THE_DAY = re.compile(r"\b(?:[Oo]n|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|[Ss]ince|[Bb]efore|[Aa]fter|to|and)\s+the\s+(\d{1,3})(?:st|nd|rd|th)\b"
                      r"(?!\s*[-–]?\s*[a-z])")
_TIME = re.compile(r"(?<![\d.:,])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:]|,\d)")
_COVID = re.compile(r"\bCOVID[- ]?(\d+)", re.IGNORECASE)


_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_number(name: str) -> int:
    return _MONTH_STEMS.index(name[:3]) + 1


def check_impossible(source: str, target: str) -> list[Issue]:
    """Dates and times that cannot be: July 46, 31 April, on the 95th, 24:61, 25:00; and COVID-18 (the
    disease is COVID-19, unless the source says COVID-18 too)."""
    found = []
    if any(name in target for name in _MONTH_STEMS):  # the regular expressions are slower than this look
        found += [(m, m.span(2), int(m.group(2)), _month_number(m.group(1))) for m in _MONTH_DAY.finditer(target)]
        found += [(m, m.span(1), int(m.group(1)), _month_number(m.group(2))) for m in _DAY_MONTH.finditer(target)]
    if "the " in target:
        found += [(m, m.span(1), int(m.group(1)), 0) for m in _THE_DAY.finditer(target)]
    issues = [Issue("number-altered", "error", span, f"'{m.group(0)}' is not a date: "
                    + (f"that month has {_DAYS.get(month, 31)} days" if month else "no month has that day"))
              for m, span, day, month in found if not 1 <= day <= _DAYS.get(month, 31)]
    for m in _TIME.finditer(target) if ":" in target else ():
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour > 24 or minute > 59 or hour == 24 and minute:
            issues.append(Issue("number-altered", "error", m.span(), f"{m.group(0)} is not a time of day"))
    for m in _COVID.finditer(target) if "covid" in target.lower() else ():
        if m.group(1) not in ("19", "2019") and m.group(0).lower() not in source.lower():
            issues.append(Issue("number-altered", "error", m.span(1), f"{m.group(0)}: the disease is COVID-19"))
    return issues


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")  # TI9, 28NM, 4K, www.12377.cn (Mi-28NM is Mi and 28NM)


_DIGIT, _LETTER, _RUNS = re.compile(r"\d"), re.compile("[A-Za-z]"), re.compile(r"\d+")


def _code_tokens(text: str) -> list[re.Match]:
    return [m for m in _TOKEN.finditer(text) if _DIGIT.search(m.group(0)) and _LETTER.search(m.group(0))]


def _code_edit(a: str, b: str) -> bool:
    """The same code with its digits edited: TI9 → TI8, www.12377.cn → www.12877.cn."""
    if _RUNS.sub("#", a.lower()) != _RUNS.sub("#", b.lower()):
        return False
    runs = list(zip(_RUNS.findall(a), _RUNS.findall(b)))
    return all(x == y or _distance(x, y) <= (2 if min(len(x), len(y)) >= 3 else 1) for x, y in runs)


def check_codes(source: str, target: str) -> list[Issue]:
    """A code or name with digits in the target (TI8, F3, 8K, www.12877.cn) that the source does not
    have, where the source has the same code with other digits left over (TI9, F4, 4K): an error."""
    said = Counter(m.group(0).lower() for m in _code_tokens(source)) if _LETTER.search(source) else None
    if not said:
        return []
    tokens = _code_tokens(target)
    left = said - Counter(m.group(0).lower() for m in tokens)  # source codes the target does not write
    issues, seen = [], Counter()
    for m in tokens:
        code = m.group(0).lower()
        seen[code] += 1
        if seen[code] <= said[code]:
            continue  # written as in the source
        was = next((c for c, n in left.items() if n > 0 and _code_edit(c, code)), None)
        if was is not None:
            left[was] -= 1
            issues.append(Issue("number-altered", "error", m.span(), f"{m.group(0)} in the target is {was} in the source"))
    return issues


def _overlaps(issue: Issue, others: list[Issue]) -> bool:
    return any(issue.span[0] < o.span[1] and o.span[0] < issue.span[1] for o in others)


def check_numbers(source: str, target: str, hits: list[Hit]) -> list[Issue]:
    impossible = check_impossible(source, target)
    values = [i for i in _check_values(source, target) if not _overlaps(i, impossible)]  # one issue for one mistake
    codes = [i for i in check_codes(source, target) if not _overlaps(i, impossible + values)]
    return check_currency(source, target) + impossible + values + codes


def _exact(source: Number, target: Number) -> bool:
    if target.month and not target.hard and not (source.month or source.loose):
        return False  # "July" renders 7月, not 7日 or 7人
    return any(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a in source.values for b in target.values)


def _rounded(source: Number, target: Number) -> bool:
    """Digits rounded by the translator (14.93亿 → 1.49 billion); a word is matched exactly or not at all."""
    return target.hard and any(_same(v, target) for v in source.values)


def _digit_string(value: float) -> str:
    """The digits a value is written with, for comparing two numbers digit by digit: 6.9961 → 69961."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", "").replace("-", "").lstrip("0") or "0"


def _distance(a: str, b: str) -> int:
    """Edits (a digit changed, added, dropped, or two swapped) that turn a into b; 3 stands for 'more'."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if previous is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous[j - 2] + 1)
        previous, row = row, current
    return min(row[-1], 3)


def _edited(source: Number, target: Number) -> bool:
    """The target is a one- or two-digit edit of the source (only one when either has fewer than three
    digits: 25 → 26, 7 → 3, 15000 → 1500, 6.9961 → 6.9981, 54 → 45, 2030 → 2050; not 3 → 737)."""
    for a in source.digits or {_digit_string(v) for v in source.values}:
        for b in target.digits or {_digit_string(v) for v in target.values}:
            if a != b and _distance(a, b) <= (2 if min(len(a), len(b)) >= 3 else 1):
                return True
    return False


def _pairs(left: list[Number], right: list[Number], fits) -> dict[int, int]:
    """A largest one-to-one pairing of left and right numbers that `fits` (augmenting paths, as in
    Kuhn's algorithm): index in right → index in left."""
    edges = [[j for j, r in enumerate(right) if fits(lt, r)] for lt in left]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(left)):
        place(i, set())
    return owner


@dataclass
class _Matching:
    """How the numbers of a source and its target pair up: exactly first, one to one; a number said twice
    is a repeat; then rounding among what is left; then one- or two-digit edits (a changed number)."""

    altered: list[tuple[Number, Number]]  # (source, target): the target is an edit of the source
    missing: list[Number]  # digit-written source numbers with no counterpart
    extra: list[Number]  # target numbers with no counterpart
    suspect: bool  # a source number written in characters (2 or more) went unmatched


def _unpaired(numbers: list[Number], paired) -> list[Number]:
    paired = set(paired)
    return [n for i, n in enumerate(numbers) if i not in paired]


def _without(numbers: list[Number], drop: list[Number]) -> list[Number]:
    return [n for n in numbers if not any(n is d for d in drop)]


def _editable(source: Number) -> bool:
    """A source number a changed target number may come from: not a mere 一 or 半 in characters (unless a
    rank or a measure: 第一, 一级, 半米), nor an approximate one (十几) or part of a split (六四)."""
    return not source.loose and (source.hard or source.ranked or max(source.values) >= 2 or any(c.isdigit() for c in source.text))


@dataclass
class _Left:
    unsaid: list[Number]  # source numbers that nothing in the target renders
    spare: list[Number]  # source numbers said twice (once in the target), or in digits that only a word rendered
    target: list[Number]  # target numbers that render nothing in the source


def _leftovers(src: list[Number], tgt: list[Number]) -> _Left:
    """Exact pairs first, one to one; then rounding among what is left. A target number equal to a source
    number is said again, not extra."""
    exact = _pairs(src, tgt, _exact)
    left_src, left_tgt = _unpaired(src, exact.values()), _unpaired(tgt, exact)
    covered = [s for s in left_src if any(_exact(s, t) for t in tgt)]
    # A source number in digits (or a rank) that only a word matched ("1" by "a", "7" by "July", 一级 by "a")
    # may be the one changed.
    worded = [src[i] for j, i in exact.items() if not tgt[j].hard and (src[i].ranked or any(c.isdigit() for c in src[i].text))]
    unsaid = _without(left_src, covered)
    rounded = _pairs(unsaid, left_tgt, _rounded)
    left_tgt = [t for t in _unpaired(left_tgt, rounded) if not any(_exact(s, t) for s in src)]
    return _Left(_unpaired(unsaid, rounded.values()), covered + worded, left_tgt)


def _match(src: list[Number], tgt: list[Number]) -> _Matching:
    left = _leftovers(src, tgt)
    # A changed number: a digit-written target number that is an edit of a source number left over.
    candidates = [s for s in left.unsaid + left.spare if _editable(s)]
    counted = [t for t in left.target if t.hard and t.values[0] != 0]
    edits = _pairs(candidates, counted, _edited)
    altered = [(candidates[i], counted[j]) for j, i in sorted(edits.items())]
    unsaid = _without(left.unsaid, [s for s, _ in altered])
    words = [t for t in left.target if _counted_word(t) and t.values[0] != 0]
    extra = sorted(_unpaired(counted, edits) + words, key=lambda t: t.span)
    suspect = any(max(s.values) >= 2 for s in unsaid if not (s.hard or s.loose or s.code))
    return _Matching(altered, [s for s in unsaid if s.hard], extra, suspect)


def _check_values(source: str, target: str) -> list[Issue]:
    # A code the target writes as the source does (5G, TI9) is the code-check's business.
    src = [s for s in source_numbers(source) if not (s.code and s.text.lower() in target.lower())]
    tgt = target_numbers(target)
    if not src and not any(t.hard for t in tgt):
        return []
    m = _match(src, tgt)
    issues = [Issue("number-altered", "error", t.span, f"{s.text} in the source is not in the target (the target has {t.text})")
              for s, t in m.altered]
    for s in m.missing:
        if m.extra:
            shown = ", ".join(t.text for t in m.extra)
            issues.append(Issue("number-altered", "error", m.extra[0].span,
                                f"{s.text} in the source is not in the target (the target has {shown})"))
        else:
            issues.append(Issue("number-missing", "error", (0, 0), f"{s.text} in the source is missing from the target"))
    if not m.missing:
        for t in m.extra:
            # An added year or a conversion in brackets ("1,000 jin (500 kg)") is the translator's help.
            if _impossible_year(t, target):
                issues.append(Issue("number-extra", "error", t.span, f"{t.text} in the target matches no number in the source,"
                                    " and a year the translator added cannot be in the future"))
                continue
            added = _looks_like_year(t) or _inside_brackets(target, t.span[0])
            severity = "error" if m.suspect and not added else "warning"
            issues.append(Issue("number-extra", severity, t.span, f"{t.text} in the target matches no number in the source"))
    return issues
