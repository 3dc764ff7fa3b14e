"""risk.pair: a segment's pair results computed at once equal the checks and signals run one by one,
survive being stored as JSON, and the memo gives the same results while staying bounded."""

from __future__ import annotations

from tests.risk.fixtures import SUMMIT, SUMMIT_FULL, SUMMIT_OMITTED, ZHAO, ZHAO_RIGHT, ZHENG, ZHENG_WRONG
from workbench import qa, segment
from workbench.glossary.terms import Matcher, Term
from workbench.risk import SIGNALS, DocumentView, SegmentView, assess
from workbench.risk.pair import PAIR_SIGNALS, Memo, PairResult, compute

MATCHER = Matcher([Term("欧盟", "EU"), Term("中新网", "China News Network")])
PAIRS = [(SUMMIT, SUMMIT_OMITTED), (SUMMIT, SUMMIT_FULL), (ZHENG, ZHENG_WRONG), (ZHAO, ZHAO_RIGHT),
         ("英伟达将向中国出口H200芯片。", ""), ("英伟达将向中国出口H200芯片。", "英伟达将向中国出口H200芯片。"),
         ("特朗普在12月8日宣布了这一决定。", "Trump announced it on 8 November，2025."), (ZHAO, None)]


def view(source: str, text: str | None, **extra) -> SegmentView:
    return SegmentView(1, source, text, tuple(MATCHER.find(source)), tuple(segment.tokens(source)), **extra)


def test_a_pair_result_equals_the_checks_and_signals_run_one_by_one():
    for source, text in PAIRS:
        seg = view(source, text)
        result = compute(source, text, seg.hits, seg.tokens)
        assert list(result.issues) == qa.check_segment(source, text, MATCHER)
        if text is None:
            assert result == PairResult()
            continue
        document = DocumentView((seg,))
        assert result.findings == tuple(SIGNALS[name](seg, document) for name in PAIR_SIGNALS)


def test_a_pair_result_survives_its_json():
    for source, text in PAIRS:
        seg = view(source, text)
        result = compute(source, text, seg.hits, seg.tokens)
        assert PairResult.from_json(result.to_json()) == result
    assert any(compute(s, t, view(s, t).hits, view(s, t).tokens).issues for s, t in PAIRS)


def test_risk_with_known_findings_equals_risk_computed_afresh():
    alternatives = ("Completely different words about the weather.",)
    for source, text in PAIRS:
        seg = view(source, text, alternatives=alternatives)
        known = view(source, text, alternatives=alternatives,
                     known=compute(source, text, seg.hits, seg.tokens).findings)
        assert assess([known]) == assess([seg])


def test_the_memo_computes_a_repeated_pair_once_and_stays_bounded():
    memo = Memo(size=3)
    tokens = tuple(segment.tokens(SUMMIT))
    first = memo.result(MATCHER, SUMMIT, SUMMIT_OMITTED, tokens)
    assert memo.result(MATCHER, SUMMIT, SUMMIT_OMITTED, tokens) is first and (memo.hits, memo.misses) == (1, 1)
    assert first == compute(SUMMIT, SUMMIT_OMITTED, tuple(MATCHER.find(SUMMIT)), tokens)
    for n in range(50):
        memo.result(MATCHER, SUMMIT, f"{SUMMIT_OMITTED} {n}", tokens)
        assert len(memo) <= 3
    other = Matcher([Term("峰会", "summit")])  # another glossary: nothing remembered is used
    assert memo.result(other, SUMMIT, SUMMIT_OMITTED, tokens) == compute(SUMMIT, SUMMIT_OMITTED, tuple(other.find(SUMMIT)), tokens)
    assert len(memo) == 1
