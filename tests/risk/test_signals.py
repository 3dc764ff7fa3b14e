"""The coverage, names and disagreement signals: true and false cases, on real lines among others."""

from __future__ import annotations

from sacrebleu import sentence_chrf

from tests.risk.fixtures import (
    HOPKINS,
    HOPKINS_EN,
    SUMMIT,
    SUMMIT_FULL,
    SUMMIT_OMITTED,
    ZHAO,
    ZHAO_RIGHT,
    ZHAO_WRONG,
    ZHENG,
    ZHENG_RIGHT,
    ZHENG_WRONG,
    view,
)
from workbench.glossary.terms import Matcher, Term
from workbench.risk import SIGNALS, DocumentView
from workbench.risk.disagreement import chrf

NOWHERE = DocumentView(())


def run(name: str, source: str, text: str | None, **kw):
    return SIGNALS[name](view(source, text, **kw), NOWHERE)


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_finds_the_word_a_rater_marked_omitted_and_gives_its_span():
    finding = run("coverage", SUMMIT, SUMMIT_OMITTED)
    assert finding.score > 0 and "步步" in finding.reason
    assert [SUMMIT[a:b] for a, b in finding.source_spans] == ["步步"]


def test_coverage_is_quiet_on_a_full_translation():
    assert run("coverage", SUMMIT, SUMMIT_FULL).score == 0
    assert run("coverage", HOPKINS, HOPKINS_EN).score == 0  # a human reference


def test_coverage_counts_missing_words():
    partial = run("coverage", "政府宣布新的难民政策。", "The government announced it.")
    assert {s for s in partial.reason.split("for ")[1].split(", ")} == {"新", "难民", "政策"}
    assert run("coverage", "政府宣布新的难民政策。", "The government announced a new refugee policy.").score == 0
    one = run("coverage", "政府宣布新的难民政策。", "The government announced a new policy.")
    assert partial.score > one.score > 0 and len(one.source_spans) == 1
    assert partial.score == len(partial.source_spans) / 5  # 政府 宣布 新 难民 政策 judged


def test_coverage_handles_inflection():
    assert run("coverage", "工资增长了。", "Wages grew.").score == 0  # grew → grow, a gloss of 增长
    assert run("coverage", "工资增长了。", "Wages increased.").score == 0


def test_coverage_reads_the_glossary_for_its_terms():
    matcher = Matcher([Term("心智观察所", "Xinzhi Observatory")])
    source = "心智观察所发表评论。"
    hits = matcher.find(source)
    assert run("coverage", source, "Xinzhi Observatory published a commentary.", hits=hits).score == 0
    missing = run("coverage", source, "The Mind Institute published a commentary.", hits=hits)
    assert [source[a:b] for a, b in missing.source_spans] == ["心智观察所"]


def test_coverage_has_nothing_to_say_without_a_text():
    assert run("coverage", SUMMIT, None).score == 0
    assert run("coverage", SUMMIT, "   ").score == 0


# --- names ------------------------------------------------------------------------------------


def test_names_catch_a_wrong_surname_on_real_lines():
    wrong = run("names", ZHENG, ZHENG_WRONG)
    assert wrong.score > 0 and "郑女士" in wrong.reason
    assert run("names", ZHENG, ZHENG_RIGHT).score == 0
    wrong = run("names", ZHAO, ZHAO_WRONG)
    assert "赵春山" in wrong.reason and "Zhao Chunshan" in wrong.reason
    assert "宋涛" in wrong.reason
    assert run("names", ZHAO, ZHAO_RIGHT).score == 0


def test_names_accept_pinyin_hyphenated_western_order_and_wade_giles():
    source = "发言人郭嘉昆说。"
    for english in ("Spokesman Guo Jiakun said.", "Spokesman Guo Jia-kun said.", "Spokesman Jiakun Guo said.",
                    "Spokesman Kuo Chia-kun said."):
        assert run("names", source, english).score == 0, english
    missing = run("names", source, "The spokesman said.")
    assert missing.score > 0 and "郭嘉昆 (Guo Jiakun)" in missing.reason
    assert [source[a:b] for a, b in missing.source_spans] == ["郭嘉昆"]


def test_names_accept_a_cantonese_surname_and_dictionary_english():
    assert run("names", "财政司司长陈茂波表示。", "Financial Secretary Paul Chan said.").score == 0
    assert run("names", "他访问了比利时。", "He visited Belgium.").score == 0
    assert run("names", "他访问了比利时。", "He visited the Netherlands.").score > 0


def test_names_leave_glossary_terms_and_transliterations_alone():
    matcher = Matcher([Term("郭嘉昆", "Guo Jiakun")])
    source = "发言人郭嘉昆说。"
    assert run("names", source, "The spokesman said.", hits=matcher.find(source)).score == 0  # term-missing's business
    assert run("names", "总统易卜拉欣·莱西发表讲话。", "President Ebrahim Raisi spoke.").score == 0


# --- disagreement -----------------------------------------------------------------------------


def test_disagreement_only_with_alternatives():
    assert run("disagreement", SUMMIT, SUMMIT_OMITTED).score == 0
    assert run("disagreement", SUMMIT, SUMMIT_OMITTED, alternatives=["", "  "]).score == 0


def test_disagreement_grows_with_the_distance_from_the_alternatives():
    same = run("disagreement", SUMMIT, SUMMIT_FULL, alternatives=[SUMMIT_FULL, SUMMIT_FULL])
    assert same.score == 0 and same.reason == ""
    close = run("disagreement", SUMMIT, SUMMIT_OMITTED, alternatives=[SUMMIT_FULL])
    far = run("disagreement", SUMMIT, "Nothing of the kind happened here today.", alternatives=[SUMMIT_FULL, SUMMIT_OMITTED])
    assert far.score > close.score > 0
    assert far.reason.startswith("the models disagree here: chrF") and "2 alternative drafts" in far.reason


def test_chrf_is_sacrebleus_sentence_chrf():
    for hyp, ref in ((SUMMIT_OMITTED, SUMMIT_FULL), (ZHENG_WRONG, ZHENG_RIGHT), (ZHAO_RIGHT, ZHAO_WRONG),
                     ("a", "b"), ("abc", "abc"), ("", "x"), ("Mr. 郭", "Mr. Guo")):
        assert abs(chrf(hyp, ref) - sentence_chrf(hyp, [ref]).score) < 1e-9


def test_tokens_given_as_a_list_work_too():
    from workbench import segment
    from workbench.risk import SegmentView

    v = SegmentView(1, SUMMIT, SUMMIT_OMITTED, (), list(segment.tokens(SUMMIT)))  # type: ignore[arg-type]
    assert SIGNALS["coverage"](v, NOWHERE).score > 0 and SIGNALS["names"](v, NOWHERE).score == 0
