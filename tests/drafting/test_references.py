"""Drafts guided by the translation memory: a segment whose best fuzzy match reaches the minimum (and is
below 100) is sent with it as a reference translation; exact matches still skip the model (engine tm);
the summary counts the references. Checked on what the loopback server received."""

from __future__ import annotations

from tests.drafting.helpers import add_document, settings_for
from tests.memory.helpers import tmx
from workbench.drafting import modes
from workbench.drafting.prompts import REFERENCE_INSTRUCTIONS
from workbench.drafting.run import draft_documents
from workbench.memory import manage
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store

REVIEWED = {"乡村振兴，人才是关键。": "Talent is the key to rural revitalisation.",
            "中国经济在今年实现了稳定增长。": "China's economy grew steadily this year."}
# the example: the article imported again with 中国 → 中国大陆 in one sentence
AGAIN = ["乡村振兴，人才是关键。", "中国大陆经济在今年实现了稳定增长。", "美国升级芯片战。"]


def _reviewed_article(store) -> int:
    doc = add_document(store, list(REVIEWED), title="first")
    for row in seg_store.for_document(store, doc):
        review_store.record(store, row.id, action="correct", status="reviewed", target=REVIEWED[row.source],
                            reviewer="ann")
    return doc


def _references(loopback) -> dict[int, dict]:
    return {m["id"]: m for e in loopback.chat_requests for m in e["payload"].get("references", {}).get("matches", [])}


def test_a_changed_sentence_is_sent_with_its_reviewed_translation_as_reference(store, loopback):
    _reviewed_article(store)
    doc = add_document(store, AGAIN, title="again")
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=5))
    rows = {r.source: r for r in seg_store.for_document(store, doc)}
    assert rows["乡村振兴，人才是关键。"].engine == "tm"  # exact: no request
    sent = _references(loopback)
    assert sent == {rows["中国大陆经济在今年实现了稳定增长。"].id: {
        "id": rows["中国大陆经济在今年实现了稳定增长。"].id, "source": "中国经济在今年实现了稳定增长。",
        "translation": "China's economy grew steadily this year.", "similarity": 87}}
    payload = loopback.chat_requests[0]["payload"]
    assert payload["references"]["instructions"] == REFERENCE_INSTRUCTIONS
    assert [s["source"] for s in payload["segments"]] == ["中国大陆经济在今年实现了稳定增长。", "美国升级芯片战。"]
    totals = summary.total()
    assert (totals["tm"], totals["tm_references"], totals["drafted"]) == (1, 1, 2)
    assert ", 1 with TM references" in summary.line(priced=False)


def test_imported_memory_units_are_references_too_and_the_minimum_holds(store, loopback, tmp_path):
    manage.import_tmx(store, tmx(tmp_path / "house.tmx", [("zh-CN", "美国再次升级芯片战。", "en", "The US escalates the chip war again.")]))
    doc = add_document(store, ["美国升级芯片战。", "今天天气很好。"], title="chips")
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=5))
    # 美国升级芯片战 (7) against 美国再次升级芯片战 (9): 2 insertions, 77%
    assert [(m["translation"], m["similarity"]) for m in _references(loopback).values()] == [
        ("The US escalates the chip war again.", 77)]
    assert summary.total()["tm_references"] == 1


def test_a_higher_minimum_from_workbench_toml_sends_no_reference(store, loopback, tmp_path, monkeypatch):
    config = tmp_path / "workbench.toml"
    config.write_text("[memory]\nminimum = 90\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    _reviewed_article(store)
    doc = add_document(store, AGAIN, title="again")
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=5))
    assert _references(loopback) == {} and summary.total()["tm_references"] == 0


def test_without_references_the_request_is_what_it_was(store, loopback):
    doc = add_document(store, ["美国升级芯片战。"], title="plain")
    draft_documents(store, [str(doc)], settings_for(loopback))
    assert "references" not in loopback.chat_requests[0]["payload"]


def test_the_dry_run_shows_the_reference(store, loopback):
    _reviewed_article(store)
    doc = add_document(store, AGAIN, title="again")
    out = modes.dry_run(store, [str(doc)], settings_for(loopback, batch_size=5))
    assert out["from_tm"] == 1
    assert '"references"' in out["first_request"]["messages"][1]["content"]
    assert loopback.chat_requests == []
