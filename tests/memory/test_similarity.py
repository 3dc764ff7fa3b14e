"""Match percentages on hand-checked pairs: Chinese edits, numbers, punctuation (see similarity.py)."""

from __future__ import annotations

import pytest

from workbench.memory import similarity
from workbench.memory.similarity import differences, score


def test_only_the_identical_source_is_100():
    assert score("中国经济在今年实现了稳定增长。", "中国经济在今年实现了稳定增长。") == 100
    # a space or a full-width form is a difference a translator may not see, but it is not the same text
    assert score("中国经济 增长。", "中国经济增长。") == 99
    assert score("增长２０２３。", "增长2023。") == 99


@pytest.mark.parametrize(("a", "b", "expected"), [
    # 中国 → 中国大陆: 2 insertions over the longer key (16 characters, 。 left out): 1 - 2/16 = 87.5
    ("中国经济在今年实现了稳定增长。", "中国大陆经济在今年实现了稳定增长。", 87),
    # one character replaced in 20: 95
    ("北京市政府今天发布了关于支持民营经济发展", "北京市政府昨天发布了关于支持民营经济发展", 95),
    # one character deleted from 12: 1 - 1/12 = 91.7
    ("我们必须坚持改革开放政策", "我们必须坚持改革开放策", 91),
    # another sentence (one 国 in common): 13 edits over 14 characters, 7
    ("中国经济在今年实现了稳定增长。", "美国股市昨天大幅下跌。", 7),
])
def test_chinese_edits_cost_their_share_of_the_characters(a, b, expected):
    assert score(a, b) == expected
    assert score(b, a) == expected  # symmetric


def test_a_different_number_costs_a_fixed_penalty_not_its_digits():
    # 2023 → 2024: without the penalty this would be 98 or more; a number to change shows as 90
    assert score("中国经济在2023年实现了增长。", "中国经济在2024年实现了增长。") == 90
    assert score("去年GDP增长5.2%，今年目标为5%左右。", "去年GDP增长3.0%，今年目标为4%左右。") == 80
    # 2023 → 20234 is still one number that differs, not one inserted character
    assert score("中国经济在2023年实现了增长。", "中国经济在20234年实现了增长。") == 90
    # a number more: one placeholder inserted in the key and one number without a counterpart
    assert score("他在会上发言。", "他在会上发言3次。") < 80


def test_punctuation_only_differences_cost_little():
    assert score("一、坚持改革开放，推动高质量发展。", "一、坚持改革开放；推动高质量发展。") == 99
    assert score("科技、教育、人才是基础。", "科技，教育，人才是基础！") == 97
    # at most PUNCTUATION_MOST points for punctuation, however much of it differs
    assert score("“科技”、“教育”、“人才”。", "科技教育人才") == 100 - similarity.PUNCTUATION_MOST


def test_differences_name_the_changed_part_of_the_match():
    assert differences("中国经济在今年实现了稳定增长。", "中国大陆经济在今年实现了稳定增长。") == [
        ("same", "中国"), ("changed", "大陆"), ("same", "经济在今年实现了稳定增长。")]
    assert differences("今年增长5%", "去年增长5%") == [("changed", "去"), ("same", "年增长5%")]


def test_context_keys_compare_both_neighbours():
    assert similarity.context_key("甲", "乙") == similarity.context_key("甲", "乙")
    assert similarity.context_key("甲", "乙") != similarity.context_key("甲", "丙")
    assert similarity.context_key(None, "乙") != similarity.context_key("乙", None)


def test_trigrams_are_lower_cased_like_the_index():
    assert similarity.trigrams("GDP增长") == ["gdp", "dp增", "p增长"]
    assert similarity.trigrams("增长") == []
