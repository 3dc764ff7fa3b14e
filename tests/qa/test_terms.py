"""Terminology check: inflection counts as a match, forbidden renderings are errors, counts matter."""

from __future__ import annotations

import pytest

from workbench.glossary.terms import Matcher, Term
from workbench.qa import check_segment

TERMS = [
    Term("英伟达", "Nvidia", variants=["NVIDIA"], forbidden=["Yingweida"]),
    Term("芯片", "chip", variants=["semiconductor"]),
    Term("观察者网", "Guancha", variants=["Guancha.cn"], forbidden=["Observer Network"]),
    Term("观察网", "Guancha", forbidden=["Observation Network"]),
    Term("摩尔线程", "Moore Threads", forbidden=["Moore Thread"]),
    Term("国产替代", "domestic substitution"),
    Term("工厂", "a factory"),
    Term("美国商务部", "US Department of Commerce", variants=["Commerce Department"]),
    Term("外交部", "foreign ministry"),
    Term("苹果", "Apple", case_sensitive=True),
    Term("算力", "computing power", forbidden=["calculation force"]),
    Term("户口", "hukou (户口)"),
]
MATCHER = Matcher(TERMS)


def codes(source, target):
    return [i.code for i in check_segment(source, target, MATCHER) if i.code.startswith("term")]


@pytest.mark.parametrize("source, target", [
    ("英伟达发布了新产品。", "Nvidia released a new product."),
    ("英伟达发布了新产品。", "NVIDIA released a new product."),  # variant
    ("英伟达的产品", "Nvidia's products"),  # possessive '
    ("英伟达的产品", "Nvidia’s products"),  # possessive ’
    ("英伟达制造的芯片", "Nvidia-made chips"),  # hyphenated compound, plural
    ("芯片短缺", "Chip shortages"),  # sentence-start capital
    ("国产替代正在加速", "Domestic substitutions are accelerating"),  # plural of the last word
    ("一家工厂", "the factory"),  # the glossary's article is optional
    ("一家工厂", "an old factory building"),
    ("美国商务部宣布", "The Commerce Department announced"),
    ("外交部发言人", "The Foreign Ministry spokesman"),  # case-insensitive by default
    ("观察者网报道", "Guancha.cn reported"),
    ("摩尔线程的GPU", "Moore Threads' GPU"),  # the correct rendering contains a forbidden one
    ("苹果公司", "Apple Inc."),
    ("他的户口在上海", "His hukou (户口) is in Shanghai"),
    ("算力", "compute capacity ... computing powers"),
    ("观察者网和观察网", "Guancha and Guancha again"),  # two terms sharing one rendering
])
def test_renderings_that_must_not_be_flagged(source, target):
    assert codes(source, target) == []


@pytest.mark.parametrize("source, target, expected", [
    ("英伟达发布了新产品。", "Yingweida released a new product.", ["term-forbidden", "term-missing"]),
    ("英伟达发布了新产品。", "The company released a new product.", ["term-missing"]),
    ("观察者网报道", "Observer Network reported", ["term-forbidden", "term-missing"]),
    ("摩尔线程的GPU", "Moore Thread's GPU", ["term-forbidden", "term-missing"]),
    ("英伟达和英伟达", "Nvidia and its rival", ["term-count"]),
    ("算力", "calculation force and computing power", ["term-forbidden"]),
    ("苹果公司", "apple Inc.", ["term-missing"]),  # case-sensitive term
    ("英伟达", "Nvidiana", ["term-missing"]),  # a longer word is not the term
])
def test_errors_that_must_be_flagged(source, target, expected):
    assert sorted(codes(source, target)) == sorted(expected)


def test_severities_and_spans():
    issues = check_segment("英伟达和英伟达", "Yingweida and Nvidia", MATCHER)
    forbidden = next(i for i in issues if i.code == "term-forbidden")
    assert forbidden.severity == "error" and "Yingweida and Nvidia"[slice(*forbidden.span)] == "Yingweida"
    count = next(i for i in issues if i.code == "term-count")
    assert count.severity == "warning" and "2×" in count.message


def test_a_real_wmt23_line_with_a_stripped_article():
    # WMT23 terminology test, line 1: the reference lost its "a" — irrelevant to the term check.
    matcher = Matcher([Term("郝仁", "Hao Ren")])
    assert check_segment("郝仁，人如其名，是一个好人。", "Hao Ren, being true to his name, was good man.", matcher) == []


def test_a_term_inside_a_longer_dictionary_word_is_only_a_warning():
    # WMT21: 外交部长 is "foreign minister" — the reference rightly has no "Foreign Ministry".
    issues = check_segment("西班牙外交部长冈萨雷斯向媒体强调", "Spanish Foreign Minister Gonzalez stressed", MATCHER)
    missing = [i for i in issues if i.code == "term-missing"]
    assert [(i.severity, "外交部长" in i.message) for i in missing] == [("warning", True)]


# ---------------------------------------------------------------------------------------------
# The substring test before a pattern is compiled never rules out a real match


def test_a_term_inside_a_longer_word_is_decided_without_loading_jieba(tmp_path):
    # The same finding as with jieba's dictionary loaded (the test above may have loaded it), in a
    # process that never loads jieba's tokenizer nor imports jieba.
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = ("import sys\nfrom workbench.glossary.terms import Matcher, Term\nfrom workbench.qa import check_segment\n"
            "from workbench import segment\n"
            "m = Matcher([Term('外交部', 'foreign ministry')])\n"
            "issues = check_segment('西班牙外交部长冈萨雷斯向媒体强调', 'Spanish Foreign Minister Gonzalez stressed', m)\n"
            "print([(i.severity, i.message) for i in issues if i.code == 'term-missing'])\n"
            "print(segment.tokenizer_loaded(), 'jieba' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path), "PYTHONPATH": ":".join(sys.path)}).stdout
    loaded = [(i.severity, i.message) for i in check_segment(
        "西班牙外交部长冈萨雷斯向媒体强调", "Spanish Foreign Minister Gonzalez stressed", Matcher([Term("外交部", "foreign ministry")]))
        if i.code == "term-missing"]
    assert out.splitlines() == [repr(loaded), "False False"]
    assert loaded == [("warning", "外交部 (inside 外交部长): expected 'foreign ministry' in the target")]


def test_ignore_case_folding_covers_every_character_the_pattern_takes_for_ascii():
    import re  # noqa: PLC0415

    from workbench.qa.terms import _FOLD  # noqa: PLC0415

    ascii_like = re.compile(r"[\x20-\x7e]", re.IGNORECASE)
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if ascii_like.fullmatch(ch):  # re.IGNORECASE takes this character for an ASCII one
            same = [a for a in map(chr, range(0x20, 0x7F)) if re.fullmatch(re.escape(a), ch, re.IGNORECASE)]
            assert ch.translate(_FOLD).lower() in {a.lower() for a in same}, hex(code)


RENDERINGS = ["foreign ministry", "Moore Threads", "a factory", "the company", "industry", "to work", "they",
              "US Department of Commerce", "Nvidia-made", "hukou (户口)", "Guancha.cn", "it's", "up to", "ax",
              "A", "policy", "Kelvin", "Apple", "iPhone", "city", "ties", "résumé", "e-mail", "x"]
TARGETS = ["The Foreign Ministry's spokesman", "foreign ministries", "FOREIGN-MINISTRY", "Moore Thread",
           "the factories opened", "Factory", "Industries rose", "They work", "they're working", "US DEPARTMENT OF COMMERCE",
           "Nvidia-made chips", "hukou (户口) reform", "guancha.CN", "It's", "UP TO", "ax, axe", "a", "Policies", "\u212aelvin",
           "apple", "Apple's", "IPHONE", "cities", "tie", "Résumé", "e mail", "X-ray", "ſtates", "İt's", "company's"]


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_the_substring_test_rules_out_only_renderings_the_pattern_does_not_find(case_sensitive):
    from workbench.qa.terms import _matches, _regex  # noqa: PLC0415

    for rendering in RENDERINGS:
        for extra in ([], ["Nvidia"]):
            renderings = (rendering, *extra)
            for target in TARGETS:
                expected = [m.span() for m in _regex(renderings, case_sensitive).finditer(target)]
                assert [m.span() for m in _matches(renderings, case_sensitive, target)] == expected, (renderings, target)
