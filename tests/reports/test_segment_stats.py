"""Per-segment metric statistics kept in the store and remembered in a run: the report is the same as
computed fresh, an edited target is the only pair computed again, memory stays bounded."""

from __future__ import annotations

import json

import sacrebleu

from tests.export.sample import DRAFTS, REVIEWS, build
from workbench import review
from workbench.errors import StoreError
from workbench.reports import document as report
from workbench.reports import metrics
from workbench.reports.segment_stats import PairStats
from workbench.storage import drafts, reporting
from workbench.storage import metric_stats as stats_store
from workbench.storage import segments as seg_store

FINAL = {p: REVIEWS[p] if REVIEWS[p] is not None else DRAFTS[p][0] for p in REVIEWS}


def _post_editing(store, doc, source: PairStats) -> dict:
    return _plain(report.post_editing(reporting.iter_reviewed_pairs(store, doc), reporting.drafts_of_reviewed(store, doc),
                                      source))


def _plain(pe: dict) -> dict:
    return json.loads(json.dumps(pe, default=lambda o: o.to_json()))


def _with_second_model(store, doc) -> None:
    for pos, text in {1: "Nvidia's about-face", 3: "Huawei's Ascend chips still lag."}.items():
        drafts.add(store, seg_store.at(store, doc, pos)["id"], engine="llm", model="model-c", text=text)


def test_stored_statistics_give_the_same_report_as_fresh_computation(tmp_path):
    store, doc = build(tmp_path)
    _with_second_model(store, doc)
    fresh = _post_editing(store, doc, PairStats(None))
    first, second = PairStats(store), PairStats(store)
    assert _post_editing(store, doc, first) == fresh
    assert (first.computed, first.stored) == (9, 0)  # 7 pairs worked from + model-c's 2 drafts
    assert stats_store.count(store) == 9
    assert _post_editing(store, doc, second) == fresh
    assert (second.computed, second.stored) == (0, 9)
    # And the whole report, as the command builds it, twice (stored the second time) and fresh.
    kept = _plain(report.build(store, doc)["post_editing"])
    assert kept == fresh
    store.execute("DELETE FROM metric_stats")
    assert _plain(report.build(store, doc)["post_editing"]) == kept
    hyps, refs = [DRAFTS[p][0] for p in FINAL], list(FINAL.values())
    assert kept["overall"]["ter"] == sacrebleu.corpus_ter(hyps, [refs]).score
    assert kept["overall"]["bleu"] == sacrebleu.corpus_bleu(hyps, [refs]).score
    assert kept["overall"]["chrf"] == sacrebleu.corpus_chrf(hyps, [refs]).score


def test_editing_a_target_computes_only_that_segment_again(tmp_path):
    store, doc = build(tmp_path)
    _with_second_model(store, doc)
    _post_editing(store, doc, PairStats(store))
    review.accept(store, doc, 2, text="On 8 December, Trump announced that Nvidia may sell H200 chips.", reviewer="bob",
                  force=True)
    again = PairStats(store)
    after = _post_editing(store, doc, again)
    assert (again.computed, again.stored) == (1, 8)
    assert after == _post_editing(store, doc, PairStats(None))
    # A target edited where a second model drafted too: that model's draft is scored against it again.
    review.accept(store, doc, 3, text="Huawei's Ascend chips are still behind.", reviewer="bob", force=True)
    third = PairStats(store)
    _post_editing(store, doc, third)
    assert (third.computed, third.stored) == (2, 7)


def test_a_repeated_pair_is_computed_once_in_a_run_and_the_memo_stays_bounded():
    source = PairStats(None, memo_size=3)
    pairs = [("a cat sat", "the cat sat")] * 5 + [(f"text {i}", "text") for i in range(10)] + [None]
    out = source.many(pairs)
    assert source.computed == 11 and out[-1] is None and out[0] == out[4] == metrics.segment_stats(*pairs[0])
    assert len(source._memo) == 3
    source.many([("text 9", "text"), ("text 0", "text")])  # the newest are remembered, the oldest forgotten
    assert (source.remembered, source.computed) == (1, 12)


def test_the_key_changes_with_either_text_and_with_the_metric_settings(monkeypatch):
    source = PairStats(None)
    key = source.key("ab", "c")
    assert len({key, source.key("a", "bc"), source.key("ab", "c "), source.key("c", "ab")}) == 3  # clean() strips
    assert source.key("ab\nx", "c") == source.key("ab x", "c")  # a line break inside is a space, as scored
    monkeypatch.setattr(metrics, "stats_version", lambda: "1|bleu:version:9.9")
    assert PairStats(None).key("ab", "c") != key


def test_a_database_that_cannot_keep_them_gives_the_same_report(tmp_path, monkeypatch):
    store, doc = build(tmp_path)
    expected = _post_editing(store, doc, PairStats(None))

    def refused(*_args):
        raise StoreError("the database is read-only: nothing was saved")

    monkeypatch.setattr(stats_store, "keep", refused)
    source = PairStats(store)
    assert _post_editing(store, doc, source) == expected and source.computed == 7
    assert stats_store.count(store) == 0
