"""Each drafting mode is one library call, used here without a terminal: dry run, Batch API file,
collect, submit and poll (the `draft` command only prints what these return)."""

from __future__ import annotations

import json

from tests.drafting.helpers import assert_aligned, document_in, sources
from tests.drafting.test_batch_api import _results, _write
from workbench.config import DraftSettings
from workbench.drafting import modes
from workbench.export import output_guard
from workbench.storage import open_store


def test_dry_run_estimates_and_stores_nothing(db_path, db_state):
    doc = document_in(db_path, sources(5))
    before = db_state(db_path)
    store = open_store(db_path)
    out = modes.dry_run(store, [str(doc)], DraftSettings(batch_size=2, price_in=1.0))
    store.close()
    assert out["requests"] == 3 and out["segments"] == 5 and out["estimated_cost"] > 0
    assert out["first_request"]["messages"]
    assert db_state(db_path) == before


def test_a_batch_file_then_collect_stores_every_draft_aligned(db_path, tmp_path, loopback):
    doc = document_in(db_path, sources(4))
    store = open_store(db_path)
    path = tmp_path / "requests.jsonl"
    written = modes.write_batch_file(store, [str(doc)], DraftSettings(batch_size=2), path, output_guard(store))
    assert written["requests"] == 2 and path.is_file()
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    results = tmp_path / "results.jsonl"
    _write(results, _results(lines, loopback))
    got = modes.collect_results(store, results, DraftSettings(), [str(doc)])
    assert got.stored == 4 and not got.bad
    assert_aligned(store, doc)
    store.close()


def test_submit_then_poll_collects_the_batch(db_path, loopback):
    doc = document_in(db_path, sources(3))
    store = open_store(db_path)
    settings = DraftSettings(base_url=loopback.url)
    submitted = modes.submit_batch(store, [str(doc)], settings)
    assert submitted["batch_id"] and submitted["requests"] >= 1 and submitted["skipped"] == 0
    report = modes.poll_batches(store, settings)
    assert [r["batch_id"] for r in report] == [submitted["batch_id"]]
    assert_aligned(store, doc)
    store.close()
