"""Inline markup through drafting, with the real openai SDK against the loopback server: the model sees
numbered placeholders, the stored draft has the source's markup back, and a reply that loses one is
rejected like a misaligned reply (retried, counted)."""

from __future__ import annotations

import json

from tests.drafting.helpers import add_document, settings_for
from tests.helpers import draft_counts
from workbench import markup
from workbench.drafting.loopback import translate
from workbench.drafting.run import draft_documents
from workbench.drafting.validate import check_reply
from workbench.storage import segments as seg_store

SOURCES = [
    "心智观察所认为，这一决定*来得太晚*。",
    "详见[观察者网的报道](https://www.guancha.cn/a.html)和`H200`的**参数**。",
    "英伟达<sup>1</sup>发布了新芯片。",
    "没有任何标记的一句。",
]


def _expected(source: str) -> str:
    protected = markup.protect(source)
    return markup.restore(translate(protected.wire), protected)


def test_the_model_sees_placeholders_and_the_draft_gets_the_markup_back(store, loopback):
    doc = add_document(store, SOURCES)
    draft_documents(store, [str(doc)], settings_for(loopback, batch_size=4))
    sent = [s["source"] for e in loopback.chat_requests if e["payload"] for s in e["payload"]["segments"]]
    assert "详见{1}观察者网的报道{/1}和{2/}的{3}参数{/3}。" in sent
    assert not any("https://" in s or "**" in s or "<sup>" in s for s in sent)
    rows = seg_store.for_document(store, doc)
    assert [r["draft"] for r in rows] == [_expected(s) for s in SOURCES]
    assert "[x](https://www.guancha.cn/a.html)`H200`**x**" in rows[1]["draft"]
    assert rows[3]["draft"] == translate(SOURCES[3])  # no markup: the wire text is the source


def test_a_reply_that_loses_a_placeholder_is_rejected_retried_and_counted(store, loopback):
    doc = add_document(store, SOURCES)
    loopback.add_faults("markup-lost")
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=4, concurrency=1))
    rows = seg_store.for_document(store, doc)
    assert [r["draft"] for r in rows] == [_expected(s) for s in SOURCES]  # nothing stored from the bad reply
    assert set(draft_counts(store, doc).values()) == {1}
    retry = [e for e in loopback.chat_requests if e["payload"] and "retry" in e["payload"]]
    assert "misaligned markup" in retry[0]["payload"]["retry"]["previous_reply_rejected"]
    assert summary.total()["drafted"] == 4 and summary.total()["requests"] == 2


def _reply(text: str) -> dict:
    return {"content": json.dumps({"translations": [{"id": 1, "text": text}]}), "finish_reason": "stop"}


def test_lost_duplicated_added_or_misnested_placeholders_reject_the_reply():
    seg = [{"id": 1, "source": "详见[报道](https://a.cn/)和**参数**。"}]  # wire: 详见{1}报道{/1}和{2}参数{/2}。
    good = check_reply(_reply("See the {2}figures{/2} and the {1}report{/1}."), seg)
    assert good.accepted == {1: "See the **figures** and the [report](https://a.cn/)."}  # a pair may move
    for bad, why in [("See the {1}report{/1}.", "missing"), ("{1}a{/1} {1}b{/1} {2}c{/2}", "duplicated"),
                     ("{1}a{/1} {2}b{/2} {3/}", "not in the source"), ("{/1}a{1} {2}b{/2}", "reordered"),
                     ("{1}a {2}b{/2}{/1}", "reordered")]:
        verdict = check_reply(_reply(bad), seg)
        assert verdict.error and why in verdict.error and "misaligned markup" in verdict.error, (bad, verdict)
        assert not verdict.accepted
