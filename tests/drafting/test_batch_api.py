"""The batch path: Batch API JSONL out, results collected with the same alignment rules, submit/poll."""

from __future__ import annotations

import json

import pytest

from tests.drafting.helpers import assert_aligned, document_in, rows_in, sources
from tests.helpers import drafts_of
from workbench.drafting.loopback import Loopback, translate
from workbench.storage import open_store
from workbench.storage import segments as seg_store


def _docs(db_path, *groups):
    return [document_in(db_path, texts, title=f"doc{i}") for i, texts in enumerate(groups)]


def _results(lines: list[dict], server: Loopback) -> list[dict]:
    """What the Batch API (or `vllm run-batch`) would write for these request lines."""
    out = []
    for line in lines:
        status, _, body = server.chat(line["body"], None)
        out.append({"id": "r", "custom_id": line["custom_id"], "response": {"status_code": status, "body": body},
                    "error": None})
    return out


def _write(path, items):
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in items),
                    encoding="utf-8")


def test_batch_file_covers_all_documents_and_collect_stores_them_aligned(run_cli, db_path, tmp_path):
    a, b = _docs(db_path, sources(5), sources(3, start=50))
    out = tmp_path / "requests.jsonl"
    result = run_cli("draft", "--all", "--batch-size", "2", "--batch-file", out)
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5  # 3 + 2 requests
    assert all(x["method"] == "POST" and x["url"] == "/v1/chat/completions" for x in lines)
    s = open_store(db_path)
    ids_a = [r["id"] for r in seg_store.for_document(s, a)]
    assert lines[0]["custom_id"] == f"wb:d{a}:s{ids_a[0]},{ids_a[1]}"
    with Loopback() as server:
        _write(tmp_path / "results.jsonl", _results(lines, server))
    collected = run_cli("draft", "--collect", tmp_path / "results.jsonl", "--json")
    assert json.loads(collected.stdout)["stored"] == 8
    assert_aligned(s, a)
    assert_aligned(s, b)
    again = json.loads(run_cli("draft", "--collect", tmp_path / "results.jsonl", "--json").stdout)
    assert again["stored"] == 0 and again["already_drafted"] == 8
    s.close()


def test_a_partly_bad_results_file_stores_the_good_lines_and_names_the_bad_ones(run_cli, db_path, tmp_path):
    texts = sources(6)
    (doc,) = _docs(db_path, texts)
    out = tmp_path / "requests.jsonl"
    run_cli("draft", doc, "--batch-size", "2", "--batch-file", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    with Loopback(faults=["swapped"]) as server:
        results = _results(lines, server)  # line 1 comes back with its ids swapped
    good_last = json.dumps(results[2], ensure_ascii=False)
    bad = [results[0], results[1], {"custom_id": "something-else", "response": {}}, good_last[: len(good_last) // 2]]
    _write(tmp_path / "results.jsonl", bad)
    result = run_cli("draft", doc, "--collect", tmp_path / "results.jsonl")
    assert result.exit_code == 0, result.output
    assert "line 1: misaligned reply" in result.stderr
    assert "line 3: custom_id 'something-else' was not written by workbench" in result.stderr
    assert "line 4: not valid JSON (truncated?)" in result.stderr
    assert "2 drafts stored" in result.stdout
    s = open_store(db_path)
    rows = seg_store.for_document(s, doc)
    assert [r["draft"] for r in rows] == [None, None, translate(texts[2]), translate(texts[3]), None, None]
    s.close()


def test_failed_requests_in_a_results_file_say_why(run_cli, db_path, db_state, tmp_path):
    """The Batch API reports a request that got no response as an error object, not an HTTP status."""
    (doc,) = _docs(db_path, sources(4))
    out = tmp_path / "requests.jsonl"
    run_cli("draft", doc, "--batch-size", "2", "--batch-file", out)
    first, second = [json.loads(x)["custom_id"] for x in out.read_text(encoding="utf-8").splitlines()]
    before = db_state(db_path)
    _write(tmp_path / "results.jsonl", [
        {"custom_id": first, "response": None, "error": {"code": "batch_expired", "message": "not run in time"}},
        {"custom_id": second, "response": {"status_code": 400, "body": {"error": {"message": "bad model"}}}},
    ])
    result = run_cli("draft", doc, "--collect", tmp_path / "results.jsonl")
    assert result.exit_code == 1
    assert "line 1: the request failed (batch_expired): not run in time" in result.stderr
    assert "line 2: the request failed (HTTP 400): bad model" in result.stderr
    assert db_state(db_path) == before


def test_collect_with_nothing_usable_fails_and_changes_nothing(run_cli, db_path, db_state, tmp_path):
    _docs(db_path, sources(2))
    before = db_state(db_path)
    (tmp_path / "r.jsonl").write_text("not json\n", encoding="utf-8")
    result = run_cli("draft", "--collect", tmp_path / "r.jsonl")
    assert result.exit_code == 1 and "line 1: not valid JSON" in result.stderr
    missing = run_cli("draft", "--collect", tmp_path / "absent.jsonl")
    assert missing.exit_code == 1 and "no file" in missing.stderr
    assert db_state(db_path) == before


def test_submit_and_poll_through_the_sdk_files_and_batches_endpoints(run_cli, db_path, loopback):
    texts = sources(5)
    (doc,) = _docs(db_path, texts)
    submitted = run_cli("draft", doc, "--submit", "--base-url", loopback.url, "--json")
    assert submitted.exit_code == 0, submitted.output
    batch_id = json.loads(submitted.stdout)["batch_id"]
    assert batch_id in loopback.batches and loopback.files
    polled = run_cli("draft", "--poll", "--base-url", loopback.url, "--json")
    report = json.loads(polled.stdout)
    assert report[0]["batch_id"] == batch_id and report[0]["collected"]["stored"] == 5
    s = open_store(db_path)
    assert_aligned(s, doc)
    s.close()
    assert "no submitted batches waiting" in run_cli("draft", "--poll", "--base-url", loopback.url).stdout


def test_a_redraft_batch_file_replaces_the_drafts_when_collected(run_cli, db_path, tmp_path, loopback):
    texts = sources(3)
    (doc,) = _docs(db_path, texts)
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    out = tmp_path / "redraft.jsonl"
    run_cli("draft", doc, "--redraft", "--batch-file", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    previous = json.loads(lines[0]["body"]["messages"][-1]["content"])["redraft"]["previous_drafts"]
    assert [p["draft"] for p in previous] == [translate(t) for t in texts]
    results = _results(lines, loopback)
    for r in results:  # the new model words it differently
        choice = r["response"]["body"]["choices"][0]["message"]
        choice["content"] = choice["content"].replace("EN[", "EN2[")
    _write(tmp_path / "results.jsonl", results)
    got = json.loads(run_cli("draft", doc, "--collect", tmp_path / "results.jsonl", "--json").stdout)
    assert got["stored"] == 3 and got["already_drafted"] == 0
    rows = rows_in(db_path, doc)
    assert [r["draft"] for r in rows] == [translate(t).replace("EN[", "EN2[") for t in texts]



def test_collected_drafts_carry_their_cost_when_a_price_is_configured(run_cli, db_path, tmp_path):
    (doc,) = _docs(db_path, sources(4))
    out = tmp_path / "requests.jsonl"
    run_cli("draft", doc, "--batch-size", "2", "--batch-file", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    with Loopback() as server:
        _write(tmp_path / "results.jsonl", _results(lines, server))
    result = run_cli("draft", "--collect", tmp_path / "results.jsonl", "--price-in", "2", "--price-out", "8")
    assert result.exit_code == 0, result.output
    s = open_store(db_path)
    drafts = [d for r in seg_store.for_document(s, doc) for d in drafts_of(s, r["id"])]
    s.close()
    assert len(drafts) == 4
    for d in drafts:
        assert d["prompt_tokens"] > 0
        assert d["cost"] == pytest.approx((d["prompt_tokens"] * 2 + d["completion_tokens"] * 8) / 1e6)


def _answered(run_cli, db_path, tmp_path, texts: list[str]) -> tuple[int, list[dict]]:
    """A document of `texts`, its Batch API file written in batches of two, and the results lines the
    loopback server gives for it (for a test to spoil before collecting)."""
    (doc,) = _docs(db_path, texts)
    out = tmp_path / "requests.jsonl"
    run_cli("draft", doc, "--batch-size", "2", "--batch-file", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    with Loopback() as server:
        return doc, _results(lines, server)


def test_a_custom_id_with_ids_too_large_for_the_database_is_a_bad_line(run_cli, db_path, tmp_path):
    """SQLite integers stop at 2**63 - 1: a larger id in a custom_id is named as a bad line, not a crash."""
    texts = sources(6)
    doc, results = _answered(run_cli, db_path, tmp_path, texts)
    too_large = "99999999999999999999"
    results[1]["custom_id"] = f"wb:d{doc}:s{too_large}"
    results[2]["custom_id"] = results[2]["custom_id"].replace(f"wb:d{doc}:", f"wb:d{too_large}:")
    _write(tmp_path / "results.jsonl", results)
    result = run_cli("draft", doc, "--collect", tmp_path / "results.jsonl")
    assert result.exit_code == 0, result.output
    assert f"line 2: custom_id 'wb:d{doc}:s{too_large}' has an id too large for the database" in result.stderr
    assert f"line 3: custom_id 'wb:d{too_large}:s" in result.stderr and "too large for the database" in result.stderr
    assert "2 drafts stored" in result.stdout
    assert [r["draft"] for r in rows_in(db_path, doc)] == [translate(texts[0]), translate(texts[1]), None, None, None, None]


def test_a_response_that_is_not_an_object_is_a_bad_line(run_cli, db_path, tmp_path):
    doc, results = _answered(run_cli, db_path, tmp_path, sources(4))
    results[1]["response"] = "HTTP 200 OK"  # a hand-edited or foreign results file
    _write(tmp_path / "results.jsonl", results)
    result = run_cli("draft", doc, "--collect", tmp_path / "results.jsonl")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "line 2: the response is not a JSON object" in result.stderr
    assert "2 drafts stored" in result.stdout
