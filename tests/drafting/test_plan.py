"""Glossary in the prompt and enforced by repair; translation memory; the request cache."""

from __future__ import annotations

import json

from tests.drafting.helpers import add_document, assert_aligned, settings_for, sources
from tests.helpers import drafts_of
from workbench.drafting.loopback import translate
from workbench.drafting.run import draft_documents
from workbench.glossary.terms import Term
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

TERMS = [Term("新华社", "Xinhua News Agency", forbidden=["New China News Agency"]),
         Term("观察者网", "Guancha", note="news site"),
         Term("户口", "hukou (户口)"),
         Term("国务院", "State Council")]


def _terms_sent(entry) -> set[str]:
    return {t["source"] for t in entry["payload"].get("terms", [])}


def test_only_terms_occurring_in_the_batch_are_sent(store, loopback):
    term_store.upsert(store, TERMS)
    texts = ["新华社报道了这个消息。", "观察者网发表评论。", "今天天气很好。", "市场保持稳定。"]
    doc = add_document(store, texts)
    draft_documents(store, [str(doc)], settings_for(loopback, batch_size=2, concurrency=1))
    first, second = sorted(loopback.chat_requests, key=lambda e: e["ids"][0])
    assert _terms_sent(first) == {"新华社", "观察者网"}
    assert "terms" not in second["payload"]
    sent = {t["source"]: t for t in first["payload"]["terms"]}
    assert sent["观察者网"]["note"] == "news site"
    assert sent["新华社"]["forbidden"] == ["New China News Agency"]
    assert_aligned(store, doc, terms=[t.to_dict() for t in TERMS])


def test_a_glossary_target_that_keeps_chinese_is_not_chinese_left_over(store, loopback):
    term_store.upsert(store, TERMS)
    doc = add_document(store, ["他的户口在北京。"])
    summary = draft_documents(store, [str(doc)], settings_for(loopback))
    assert summary.total()["failed"] == 0
    assert seg_store.for_document(store, doc)[0]["draft"].endswith("hukou (户口).")


def test_drafts_missing_a_required_term_get_one_repair_request(store, loopback):
    term_store.upsert(store, TERMS)
    loopback.omit_terms = True  # first drafts leave the glossary targets out
    texts = ["新华社报道了这个消息。", "今天天气很好。", "国务院召开会议。"]
    doc = add_document(store, texts)
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=3))
    repairs = [e for e in loopback.chat_requests if "repair" in e["payload"]]
    assert len(repairs) == 1
    repair = repairs[0]["payload"]
    assert [s["source"] for s in repair["segments"]] == [texts[0], texts[2]]
    assert _terms_sent(repairs[0]) == {"新华社", "国务院"}
    assert any("Xinhua News Agency" in p for d in repair["repair"]["drafts"] for p in d["problems"])
    assert summary.total()["repaired"] == 2
    rows = assert_aligned(store, doc, terms=[t.to_dict() for t in TERMS])
    history = drafts_of(store, rows[0]["id"])
    assert len(history) == 2
    assert json.loads(history[1]["meta"])["repair"]["of_draft"] == history[0]["id"]
    assert history[0]["text"] == translate(texts[0])  # the first draft is kept in the history
    assert len(drafts_of(store, rows[1]["id"])) == 1  # nothing to repair there


def test_a_repair_that_is_not_better_keeps_the_first_draft(store, loopback):
    term_store.upsert(store, [Term("新华社", "Xinhua News Agency")])
    loopback.omit_terms = True
    texts = ["新华社报道了这个消息。"]
    doc = add_document(store, texts)
    # the repair reply is an echo of the source: rejected, so the first draft stays current
    original_chat = loopback.chat

    def chat(body, auth):
        payload = json.loads(body["messages"][-1]["content"])
        if "repair" in payload:
            loopback.echo_always = set(texts)
        try:
            return original_chat(body, auth)
        finally:
            loopback.echo_always = set()

    loopback.chat = chat
    draft_documents(store, [str(doc)], settings_for(loopback))
    row = seg_store.for_document(store, doc)[0]
    assert row["draft"] == translate(texts[0])
    errors = [d["error"] for d in drafts_of(store, row["id"]) if d["error"]]
    assert len(errors) == 1 and "repair not better" in errors[0]


def test_translation_memory_reuses_a_reviewed_translation_without_asking(store, loopback):
    texts = sources(3)
    first = add_document(store, texts, title="first")
    draft_documents(store, [str(first)], settings_for(loopback))
    row = seg_store.for_document(store, first)[1]
    review_store.record(store, row["id"], action="correct", status="reviewed", target="A person's translation.",
                        reviewer="ed")
    second = add_document(store, [texts[1], "完全不同的句子。"], title="second")
    before = len(loopback.chat_requests)
    summary = draft_documents(store, [str(second)], settings_for(loopback))
    rows = seg_store.for_document(store, second)
    assert rows[0]["draft"] == "A person's translation." and rows[0]["engine"] == "tm"
    assert rows[1]["draft"] == translate("完全不同的句子。") and rows[1]["engine"] == "llm"
    assert summary.total()["tm"] == 1
    asked = [s["source"] for e in loopback.chat_requests[before:] for s in e["payload"]["segments"]]
    assert asked == ["完全不同的句子。"]


def test_a_second_run_sends_nothing_and_a_redraft_of_a_cached_request_pays_nothing(store, loopback):
    doc = add_document(store, sources(6))
    draft_documents(store, [str(doc)], settings_for(loopback))
    paid = sum(loopback.paid.values())
    again = draft_documents(store, [str(doc)], settings_for(loopback))
    assert again.total()["todo"] == 0 and sum(loopback.paid.values()) == paid
    assert max(loopback.paid.values()) == 1
    # the stored replies are keyed by the full request, and the cache holds exactly what was paid for
    keys = {r["request_key"] for r in store.query("SELECT request_key FROM llm_cache")}
    assert keys == set(loopback.paid)


def test_tokens_and_cost_are_stored_per_draft(store, loopback):
    doc = add_document(store, sources(4))
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=4, price_in=2.0, price_out=8.0))
    drafts = store.query("SELECT prompt_tokens, completion_tokens, cost FROM drafts")
    assert all(d["prompt_tokens"] > 0 and d["completion_tokens"] > 0 for d in drafts)
    t = summary.total()
    assert t["prompt_tokens"] == sum(d["prompt_tokens"] for d in drafts)  # 4 segments share one request
    expected = (t["prompt_tokens"] * 2.0 + t["completion_tokens"] * 8.0) / 1e6
    assert abs(t["cost"] - expected) < 1e-6
    assert abs(sum(d["cost"] for d in drafts) - expected) < 1e-5
