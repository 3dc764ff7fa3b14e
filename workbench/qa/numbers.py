"""Numbers: normalise both sides to values, then report source numbers missing from the target and
target numbers that match nothing in the source.

Chinese side: Arabic and full-width digits, thousand separators, decimals, Chinese numerals (二十五,
两, 一百二十, 二〇二一), 万/亿/万亿 multipliers (1.5万 = 15,000; 3亿 = 300 million), 百分之 and %,
成 as tenths (三成 = 30%), dates and years (12月8日 → 12 and 8). English side: digits with separators
and scale words (300 million, $2.4bn), ordinal suffixes (25th), number and ordinal words, month
names (December 8 = 12 and 8), multiplicatives (twice, tripled). A human translation that renders
the same quantity differently (15000 / 15,000 / 15 thousand / 1.5万) compares equal; rounding to
fewer significant digits (14.93亿 → 1.49 billion) is accepted.

Numbers written in Chinese characters are "soft" on the source side: they are often idioms or
rendered as words ("一些", "两岸", "十分"), so their absence in the target is not reported, but
they excuse a matching number in the target. A number in the target (digits, or a cardinal word
from "two" up) that matches nothing in the source is an error when a Chinese-character number went
unmatched (likely the same quantity, changed), else a warning; an added year or a conversion in
brackets is always only a warning. The currency of an amount (元/yuan/RMB, 美元/US$, 港元/HK$,
欧元, 日元, 英镑) must survive too.
"""

from __future__ import annotations

import math
import re

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


_ROUNDED = re.compile(r"\.\d|[a-z]{2,}$", re.IGNORECASE)  # a decimal or a scale word: "1.49 billion"


def _inside_brackets(text: str, at: int) -> bool:
    return text.rfind("(", 0, at) > text.rfind(")", 0, at)


def _looks_like_year(number: Number) -> bool:
    return number.text.isdigit() and 1900 <= number.values[0] <= 2099


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


def check_numbers(source: str, target: str, hits: list[Hit]) -> list[Issue]:
    currency = check_currency(source, target)
    return currency + _check_values(source, target)


def _check_values(source: str, target: str) -> list[Issue]:
    src = source_numbers(source)
    tgt = target_numbers(target)
    if not src and not any(t.hard for t in tgt):
        return []
    issues = []
    unmatched_src = [s for s in src if not any(_same(v, t) for v in s.values for t in tgt)]
    extra = [t for t in tgt if (t.hard or _counted_word(t)) and t.values[0] != 0
             and not any(_same(v, t) for s in src for v in s.values)]
    missing = [s for s in unmatched_src if s.hard]
    # A number written in characters that went unmatched (not a mere 一 or 半) makes an extra one suspect.
    suspect = [s for s in unmatched_src if max(s.values) >= 2]
    for s in missing:
        if extra:
            shown = ", ".join(t.text for t in extra)
            issues.append(Issue("number-altered", "error", extra[0].span,
                                f"{s.text} in the source is not in the target (the target has {shown})"))
        else:
            issues.append(Issue("number-missing", "error", (0, 0), f"{s.text} in the source is missing from the target"))
    if not missing:
        for t in extra:
            # An added year or a conversion in brackets ("1,000 jin (500 kg)") is the translator's help.
            added = _looks_like_year(t) or _inside_brackets(target, t.span[0])
            severity = "error" if suspect and not added else "warning"
            issues.append(Issue("number-extra", severity, t.span, f"{t.text} in the target matches no number in the source"))
    return issues
