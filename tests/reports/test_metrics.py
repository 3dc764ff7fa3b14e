"""sacrebleu wrappers and term accuracy."""

from __future__ import annotations

import pytest
import sacrebleu

from workbench.errors import WorkbenchError
from workbench.glossary.terms import Matcher, Term
from workbench.reports import metrics
from workbench.reports.metrics import ExpectedTerm, term_accuracy

HYPS = ["The NDRC summoned Tencent.", "Nvidia may sell chips.", "the cat"]
REFS = ["The National Development and Reform Commission summoned Tencent.", "Nvidia may sell H200 chips to China.",
        "the cat sat on the mat"]


def test_corpus_scores_are_sacrebleus_with_draft_as_hypothesis():
    got = metrics.corpus_scores(HYPS, REFS)
    assert got["bleu"] == sacrebleu.corpus_bleu(HYPS, [REFS]).score
    assert got["chrf"] == sacrebleu.corpus_chrf(HYPS, [REFS]).score
    assert got["ter"] == sacrebleu.corpus_ter(HYPS, [REFS]).score
    swapped = metrics.corpus_scores(REFS, HYPS)
    assert (swapped["bleu"], swapped["ter"]) != (got["bleu"], got["ter"])  # the order matters and is right
    assert got["signature"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert got["signature"]["ter"].startswith("nrefs:1|case:lc|tok:tercom")
    assert got["segments"] == 3
    assert metrics.corpus_scores([], []) is None


def test_segment_scores_match_sentence_level_sacrebleu():
    scores = metrics.Scores(HYPS, REFS)
    got = [scores.segment(i) for i in range(scores.size)]
    assert [g["chrf"] for g in got] == [sacrebleu.sentence_chrf(h, [r]).score for h, r in zip(HYPS, REFS)]
    assert [g["ter"] for g in got] == [sacrebleu.sentence_ter(h, [r]).score for h, r in zip(HYPS, REFS)]
    assert metrics.Scores(["same text"], ["same text"]).segment(0) == {"chrf": 100.0, "ter": 0.0}


UNCHANGED = ["The NDRC summoned Tencent.", "", "   ", "Nvidia's \"comeback\" (1) -- H200, 30% off; U.S. & E.U.",
             "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a",
             "Trump announced on 8 December that Nvidia may sell H200 chips to approved customers in China, taking "
             "a 25% cut, while Huawei's Ascend chips are still catching up with the 7 nm process of 2024.",
             "ÉCOLE Straße 东京 &amp; <b>bold</b>\ttab"]


def test_an_unchanged_draft_gets_sacrebleus_statistics_from_the_reference_alone():
    fresh = {"bleu": sacrebleu.metrics.BLEU(), "chrf": sacrebleu.metrics.CHRF(), "ter": sacrebleu.metrics.TER()}
    for text in UNCHANGED:
        got = metrics.segment_stats(text, text)
        for name, metric in fresh.items():
            expected = metric._extract_corpus_statistics([metrics.clean(text)], [[metrics.clean(text)]])[0]
            assert got[name] == expected and [type(v) for v in got[name]] == [type(v) for v in expected], (name, text)


def test_the_tally_sums_like_sacrebleu_over_many_segments():
    hyps = [f"{HYPS[i % 3]} {i % 7}" if i % 4 else REFS[i % 3] for i in range(metrics.Tally.BUFFER * 2 + 37)]
    refs = [REFS[i % 3] for i in range(len(hyps))]
    tally = metrics.Tally()
    for h, r in zip(hyps, refs):
        tally.add(metrics.segment_stats(h, r))
    got = tally.corpus()
    assert got["segments"] == len(hyps)
    assert got["bleu"] == sacrebleu.corpus_bleu(hyps, [refs]).score
    assert got["chrf"] == sacrebleu.corpus_chrf(hyps, [refs]).score
    assert got["ter"] == sacrebleu.corpus_ter(hyps, [refs]).score
    assert got["signature"] == metrics.corpus_scores(hyps, refs)["signature"]


def test_line_breaks_inside_a_segment_do_not_change_its_score():
    assert metrics.corpus_scores(["a b\nc d"], ["a b c d"])["bleu"] == pytest.approx(100.0)


def test_term_accuracy_counts_renderings_plurals_and_possessives_at_word_starts():
    nvidia = ExpectedTerm("英伟达", ("Nvidia", "NVIDIA"))
    ai = ExpectedTerm("人工智能", ("AI",))
    acc = term_accuracy([
        ("NVIDIA's chips", [nvidia]),  # a variant, possessive, any case
        ("He said nothing", [ai]),  # "AI" inside "said" is not a match
        ("nvidia and AIs", [nvidia, ai, nvidia]),  # a term listed twice counts once; plural counts
        (None, [nvidia]),  # no translation: the term is missed
        ("no terms here", []),
    ])
    assert (acc["correct"], acc["total"]) == (3, 5)
    assert acc["accuracy"] == pytest.approx(60.0)
    assert acc["missed"] == [(1, "人工智能"), (3, "英伟达")]
    assert term_accuracy([("text", [])])["accuracy"] is None


def test_case_sensitive_terms_need_the_exact_case():
    term = ExpectedTerm("华为", ("Huawei",), case_sensitive=True)
    assert term_accuracy([("huawei phones", [term]), ("Huawei phones", [term])])["correct"] == 1


def test_glossary_hits_become_expected_terms():
    matcher = Matcher([Term("英伟达", "Nvidia", variants=["NVIDIA"]), Term("华为", "Huawei")])
    expected = metrics.glossary_terms(matcher.find("华为和英伟达"))
    assert expected == [ExpectedTerm("华为", ("Huawei",)), ExpectedTerm("英伟达", ("Nvidia", "NVIDIA"))]


def test_histogram_and_quartiles():
    assert metrics.histogram([0, 9.99, 10, 55, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert metrics.quartiles([4, 1, 3, 2]) == {"min": 1, "q1": 1.75, "median": 2.5, "q3": 3.25, "max": 4}
    assert metrics.quartiles([]) is None


def test_read_lines_keeps_empty_lines_and_accepts_crlf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\n\r\nthree")
    assert metrics.read_lines(path) == ["one", "", "three"]
    with pytest.raises(WorkbenchError, match="no such file"):
        metrics.read_lines(tmp_path / "missing.txt")
    path.write_bytes(b"\xff\xfe bad")
    with pytest.raises(WorkbenchError, match="not UTF-8 text"):
        metrics.read_lines(path)
