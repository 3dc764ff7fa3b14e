"""Untranslated/copied/empty targets and punctuation for an English target."""

from __future__ import annotations

import pytest

from workbench.glossary.terms import Matcher, Term
from workbench.qa import Issue, check_segment

MATCHER = Matcher([Term("户口", "hukou (户口)")])


def codes(source, target, severity=None):
    return [i.code for i in check_segment(source, target, MATCHER) if severity is None or i.severity == severity]


def test_issue_is_the_shared_contract():
    issue = Issue("empty", "error", (0, 0), "the target is empty")
    assert issue.to_dict() == {"code": "empty", "severity": "error", "message": "the target is empty", "span": [0, 0]}
    with pytest.raises(AttributeError):
        issue.code = "other"  # frozen


@pytest.mark.parametrize("source, target, expected", [
    ("他说了。", "", ["empty"]),
    ("他说了。", "   ", ["empty"]),
    ("他说了。", "他说了。", ["copied"]),
    ("他说了。", "He 说了.", ["untranslated"]),
    ("英伟达和华为", "Nvidia and 华为", ["untranslated"]),
])
def test_untranslated_true_positives(source, target, expected):
    assert codes(source, target) == expected


def test_untranslated_span_is_the_chinese_run():
    target = "Nvidia and 华为 compete"
    issue = check_segment("英伟达和华为竞争", target, MATCHER)[0]
    assert target[slice(*issue.span)] == "华为"


@pytest.mark.parametrize("source, target", [
    ("他的户口在上海。", "His hukou (户口) is in Shanghai."),  # the glossary keeps the Chinese
    ("GPU", "GPU"),  # no Chinese in the source: identical is fine
    ("他说了。", "He said so."),
])
def test_untranslated_false_positives(source, target):
    assert codes(source, target) == []


def test_undrafted_segment_has_nothing_to_check():
    assert check_segment("他说了。", None, MATCHER) == []


@pytest.mark.parametrize("source, target, expected", [
    ("他说：好。", "He said: fine。", "punctuation-full-width"),
    ("他说：好。", "He said：fine.", "punctuation-full-width"),
    ("甲、乙", "A、B", "punctuation-full-width"),
    ("（注）", "（Note）", "punctuation-full-width"),
    ("他说好。", "He said (fine.", "punctuation-unbalanced"),
    ("他说“好”。", "He said “fine.", "punctuation-unbalanced"),
    ("他说“好”。", 'He said "fine.', "punctuation-unbalanced"),
    # WMT21 reference: a closing quote typed as an opening one.
    ("他强调，“东盟因此应该感谢越南。”", "He said, “Vietnam deserves ASEAN’s thanks for these things. “", "punctuation-unbalanced"),
])
def test_punctuation_true_positives(source, target, expected):
    assert expected in codes(source, target)


@pytest.mark.parametrize("source, target", [
    ("他说：“好。”", "He said: “Fine.”"),  # curly quotes are English typography too
    ("他说：“好。”", 'He said: "Fine."'),
    ("他说：“好。”", 'He said: “Fine."'),  # mixed but balanced
    ("它很好。", "It is good."),  # 。 → . : no end-punctuation identity check
    ("它很好。", "It is good"),  # no end punctuation at all: not our business
    ("它很好", "It is good."),
    ("美国很好。", "the US is good."),  # no capital-letter check
    ("他说“好", "He said “fine"),  # unbalanced in the source already
    ("（完）", "(End)"),
])
def test_punctuation_false_positives(source, target):
    assert not [c for c in codes(source, target) if c.startswith("punctuation")]
