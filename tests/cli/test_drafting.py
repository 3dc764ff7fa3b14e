"""`workbench draft` from the command line: bad input, secrets, dry run, many documents, redraft_one."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from tests.drafting.helpers import assert_aligned, document_in, rows_in, sources
from workbench.drafting.loopback import Loopback, translate
from workbench.drafting.run import redraft_one
from workbench.errors import WorkbenchError
from workbench.storage import open_store

KEY = "sk-test-RECOGNISABLE-fake-key-0123456789abcdef"


_doc = document_in
_rows = rows_in


def _one_line_error(result, *needles):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_no_endpoint_says_what_to_set_and_changes_nothing(run_cli, db_path, db_state):
    doc = _doc(db_path, sources(3))
    before = db_state(db_path)
    result = run_cli("draft", doc)
    _one_line_error(result, "OPENAI_API_KEY", "OPENAI_BASE_URL", "workbench demo")
    assert db_state(db_path) == before


def test_unknown_document_and_document_without_segments(run_cli, db_path, db_state, loopback):
    empty = _doc(db_path, [], title="empty")
    before = db_state(db_path)
    _one_line_error(run_cli("draft", "nope", "--base-url", loopback.url), "no document 'nope'")
    _one_line_error(run_cli("draft", empty, "--base-url", loopback.url), "has no segments")
    assert db_state(db_path) == before and loopback.log == []


def test_unreachable_endpoint_fails_fast_stores_nothing_and_a_rerun_resumes(run_cli, db_path, loopback):
    doc = _doc(db_path, sources(5))
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    result = run_cli("draft", doc, "--base-url", dead)
    _one_line_error(result, "cannot reach the drafting endpoint", dead)
    assert all(r["draft"] is None and r["draft_error"] is None for r in _rows(db_path, doc))
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    s = open_store(db_path)
    assert_aligned(s, doc)
    s.close()


def test_a_model_the_endpoint_rejects_gives_the_endpoints_message(run_cli, db_path, loopback):
    loopback.models = {"qwen2.5"}
    doc = _doc(db_path, sources(2))
    result = run_cli("draft", doc, "--base-url", loopback.url, "--model", "no-such-model")
    _one_line_error(result, "no-such-model", "does not exist")
    assert all(r["draft"] is None for r in _rows(db_path, doc))


def test_the_key_is_never_printed_logged_or_stored(run_cli, db_path, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    doc = _doc(db_path, sources(4))
    with Loopback(api_key="sk-the-right-key-000000") as wrong_key:
        refused = run_cli("draft", doc, "--base-url", wrong_key.url, env={"OPENAI_API_KEY": KEY})
    _one_line_error(refused, "refused the API key")
    assert KEY[-4:] not in refused.stderr and "**" not in refused.stderr  # the server's masked echo of it
    with Loopback(faults=["500", "malformed", "refusal"], api_key=KEY) as server:
        ok = run_cli("draft", doc, "--base-url", server.url, "--json", env={"OPENAI_API_KEY": KEY})
        dry = run_cli("draft", doc, "--redraft", "--dry-run", "--base-url", server.url, env={"OPENAI_API_KEY": KEY})
        batch = run_cli("draft", doc, "--redraft", "--batch-file", tmp_path / "b.jsonl", env={"OPENAI_API_KEY": KEY})
    assert ok.exit_code == 0 and json.loads(ok.stdout)["total"]["drafted"] == 4
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    said = "".join(r.output + r.stderr for r in (refused, ok, dry, batch)) + caplog.text
    for secret in (KEY, KEY[-10:], KEY[8:24]):
        assert secret not in said
        assert secret.encode() not in stored


def test_a_local_endpoint_needs_no_key(run_cli, db_path, loopback):
    doc = _doc(db_path, sources(3))
    result = run_cli("draft", doc, env={"OPENAI_BASE_URL": loopback.url})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("drafted 3, from tm 0, failed 0, requests 1")


def test_dry_run_prints_the_first_request_and_sends_nothing(run_cli, db_path, db_state, loopback):
    texts = sources(7)
    doc = _doc(db_path, texts)
    before = db_state(db_path)
    result = run_cli("draft", doc, "--base-url", loopback.url, "--batch-size", "3", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["requests"] == 3 and out["segments"] == 7 and out["estimated_prompt_tokens"] > 0
    user = json.loads(out["first_request"]["messages"][-1]["content"])
    assert [s["source"] for s in user["segments"]] == texts[:3]
    assert out["first_request"]["response_format"]["type"] == "json_schema"
    text = run_cli("draft", doc, "--base-url", loopback.url, "--dry-run").stdout
    head, _, last = text.rstrip().rpartition("\n")
    assert last.startswith("dry run: 1 requests for 7 segments")
    body = json.loads(head.split("\n", 1)[1])  # after the "POST <url>" line: the request body as sent
    assert len(json.loads(body["messages"][-1]["content"])["segments"]) == 7
    assert loopback.log == [] and db_state(db_path) == before


def test_positions_and_redraft(run_cli, db_path, loopback):
    texts = sources(6)
    doc = _doc(db_path, texts)
    assert run_cli("draft", doc, "--base-url", loopback.url, "--positions", "2-3").exit_code == 0
    rows = _rows(db_path, doc)
    assert [r["draft"] is not None for r in rows] == [False, True, True, False, False, False]
    result = run_cli("draft", doc, "--base-url", loopback.url, "--positions", "3", "--redraft", "--json")
    assert json.loads(result.stdout)["total"]["drafted"] == 1
    redraft = loopback.chat_requests[-1]["payload"]
    assert redraft["redraft"]["previous_drafts"] == [{"id": rows[2]["id"], "draft": translate(texts[2])}]


def test_all_documents_share_one_budget_and_report_per_document(run_cli, db_path, loopback):
    loopback.latency = 0.03
    big = _doc(db_path, sources(30, topic="投资"), title="big")
    small = _doc(db_path, sources(3, topic="消费"), title="small")
    done = _doc(db_path, sources(2, topic="出口"), title="done")
    assert run_cli("draft", done, "--base-url", loopback.url).exit_code == 0
    result = run_cli("draft", "--all", "--base-url", loopback.url, "--batch-size", "3", "--concurrency", "2",
                     "--json", "--price-in", "1", "--price-out", "1")
    out = json.loads(result.stdout)
    assert [(d["title"], d["drafted"], d["requests"]) for d in out["documents"]] == [("big", 30, 10), ("small", 3, 1)]
    assert out["total"]["drafted"] == 33 and out["total"]["cost"] > 0
    assert loopback.max_inflight <= 2  # one budget across documents (a bound: load may leave a slot unused)
    # the small document was not kept waiting until the big one finished
    order = [e["ids"][0] for e in loopback.chat_requests[-11:]]
    small_ids = {r["id"] for r in _rows(db_path, small)}
    assert any(i in small_ids for i in order[:3])
    s = open_store(db_path)
    for d in (big, small, done):
        assert_aligned(s, d)
    s.close()
    table = run_cli("draft", big, small, "--redraft", "--base-url", loopback.url).stdout
    assert "total" in table and "big" in table and "small" in table


def test_redraft_one_for_the_review_ui(db_path, loopback, monkeypatch):
    texts = sources(3)
    doc = _doc(db_path, texts)
    with pytest.raises(WorkbenchError, match="OPENAI_BASE_URL"):
        redraft_one(db_path, doc, 2)
    monkeypatch.setenv("OPENAI_BASE_URL", loopback.url)
    assert redraft_one(db_path, doc, 2) == translate(texts[1])
    assert [r["draft"] is not None for r in _rows(db_path, doc)] == [False, True, False]
    with pytest.raises(WorkbenchError, match="no segment at position 9"):
        redraft_one(db_path, doc, 9)
    loopback.echo_always = {texts[0]}
    with pytest.raises(WorkbenchError, match="source was copied back"):
        redraft_one(db_path, doc, 1)


def test_progress_view_shows_a_bar_per_document_and_a_total():
    import io

    from rich.console import Console

    from workbench.drafting.plan import DocumentCounts
    from workbench.drafting.progress_view import ProgressView

    out = io.StringIO()
    view = ProgressView(True, Console(file=out, force_terminal=True, width=120))
    a, b = DocumentCounts(1, "Monday commentary", todo=40), DocumentCounts(2, "Tuesday", todo=3)
    view.plan([a, b])
    a.drafted, b.drafted, b.failed = 40, 2, 1
    view.update(a)
    view.update(b)
    view.stop()
    last = out.getvalue().split("Monday commentary")[-1]
    assert "40/40" in last and "3/3" in last and "43/43" in last and "1 failed" in last
    assert "Tuesday" in last and "total" in last


def test_endpoint_settings_come_from_flags_then_environment_then_workbench_toml(tmp_path, monkeypatch):
    from workbench.config import draft_settings

    toml = tmp_path / "workbench.toml"
    toml.write_text('[draft]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "from-toml"\nconcurrency = 3\n'
                    'price_in = 0.5\napi_key_env = "MY_ENDPOINT_KEY"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(toml))
    s = draft_settings()
    assert (s.base_url, s.model, s.concurrency, s.price_in, s.api_key) == ("http://127.0.0.1:9/v1", "from-toml", 3, 0.5, None)
    monkeypatch.setenv("WORKBENCH_MODEL", "from-env")
    monkeypatch.setenv("MY_ENDPOINT_KEY", KEY)
    s = draft_settings({"concurrency": 7, "model": None})
    assert (s.model, s.concurrency, s.api_key) == ("from-env", 7, KEY)
    assert KEY not in repr(s)
    assert draft_settings({"model": "from-flag"}).model == "from-flag"
    with pytest.raises(WorkbenchError, match="concurrency"):
        draft_settings({"concurrency": 0})


def test_progress_view_with_many_documents_keeps_bars_for_those_being_drafted():
    import io

    from rich.console import Console

    from workbench.drafting.plan import DocumentCounts
    from workbench.drafting.progress_view import MAX_BARS, ProgressView

    out = io.StringIO()
    view = ProgressView(True, Console(file=out, force_terminal=True, width=120, height=200))
    docs = [DocumentCounts(i, f"doc-{i:02d}", todo=2) for i in range(1, 51)]
    view.plan(docs)
    for c in docs[:30]:
        c.drafted = 2
        view.update(c)
    visible = [t.description for t in view.progress.tasks if t.visible]
    assert visible == [f"doc-{i:02d}" for i in range(31, 31 + MAX_BARS)] + ["total"]
    view.stop()


def test_segments_left_as_draft_failed_make_the_run_exit_1(run_cli, db_path, loopback):
    texts = sources(3)
    loopback.echo_always = {texts[1]}  # the model keeps copying this source back: it can never be drafted
    doc = _doc(db_path, texts)
    result = run_cli("draft", doc, "--base-url", loopback.url)
    assert result.exit_code == 1, result.output
    assert "failed 1" in result.stdout
    rows = _rows(db_path, doc)
    assert [r["draft"] is not None for r in rows] == [True, False, True]
    assert rows[1]["draft_error"]


def test_collect_and_submit_together_are_refused(run_cli, db_path, tmp_path):
    doc = _doc(db_path, sources(2))
    (tmp_path / "r.jsonl").write_text("", encoding="utf-8")
    result = run_cli("draft", doc, "--collect", tmp_path / "r.jsonl", "--submit")
    assert result.exit_code == 2
    assert "--collect and --submit" in result.stderr


def test_without_a_price_the_cost_is_null_not_zero(run_cli, db_path, loopback):
    """No price configured: the cost is unknown, so --json says null and the summary line leaves it out."""
    doc = _doc(db_path, sources(3))
    result = run_cli("draft", doc, "--base-url", loopback.url, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["total"]["drafted"] == 3 and out["total"]["prompt_tokens"] > 0
    assert out["total"]["cost"] is None and [d["cost"] for d in out["documents"]] == [None]
    other = _doc(db_path, sources(2, topic="出口"), title="other")
    line = run_cli("draft", other, "--base-url", loopback.url).stdout
    assert "drafted 2" in line and "cost" not in line and "$" not in line


@pytest.mark.parametrize("where", ["flag", "environment", "workbench.toml"])
@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/v1", "localhost:8000/v1"])
def test_a_malformed_base_url_is_one_line_and_changes_nothing(run_cli, db_path, db_state, tmp_path, url, where):
    doc = _doc(db_path, sources(2))
    before = db_state(db_path)
    args, env = ["draft", doc], {}
    if where == "flag":
        args += ["--base-url", url]
    elif where == "environment":
        env["OPENAI_BASE_URL"] = url
    else:
        (tmp_path / "workbench.toml").write_text(f'[draft]\nbase_url = "{url}"\n', encoding="utf-8")
    result = run_cli(*args, env=env)
    source = {"flag": "--base-url", "environment": "OPENAI_BASE_URL", "workbench.toml": "workbench.toml"}[where]
    _one_line_error(result, source, url, "not a valid URL")
    assert db_state(db_path) == before  # no job row saying done, no draft, nothing


def test_credentials_in_the_base_url_are_never_shown_logged_or_stored(run_cli, db_path, tmp_path, loopback, caplog):
    import base64

    caplog.set_level(logging.DEBUG)
    user, password = "proxy-user-4711", "sk-in-the-URL-SECRET-9876543210"
    with_credentials = loopback.url.replace("http://", f"http://{user}:{password}@")
    doc = _doc(db_path, sources(3))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    unreachable = run_cli("draft", doc, "--base-url", dead.replace("http://", f"http://{user}:{password}@"))
    _one_line_error(unreachable, f"cannot reach the drafting endpoint {dead}")
    malformed = run_cli("draft", doc, env={"OPENAI_BASE_URL": f"http://{user}:{password}@[::1"})
    _one_line_error(malformed, "OPENAI_BASE_URL 'http://[::1' is not a valid URL")
    dry = run_cli("draft", doc, "--base-url", with_credentials, "--dry-run")
    assert dry.stdout.startswith(f"POST {loopback.url}/chat/completions\n")
    dry_json = run_cli("draft", doc, "--base-url", with_credentials, "--dry-run", "--json")
    assert json.loads(dry_json.stdout)["endpoint"] == loopback.url
    ok = run_cli("draft", doc, "--base-url", with_credentials)
    assert ok.exit_code == 0, ok.output
    redraft = run_cli("draft", doc, "--redraft", env={"OPENAI_BASE_URL": with_credentials})
    submitted = run_cli("draft", doc, "--redraft", "--submit", "--base-url", with_credentials)
    polled = run_cli("draft", "--poll", "--base-url", with_credentials)
    assert redraft.exit_code == submitted.exit_code == polled.exit_code == 0, polled.output
    # the credentials still reach the server, as HTTP Basic auth (what the HTTP client does with user:password@)
    basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    assert set(loopback.authorizations) == {basic} and loopback.chat_requests
    s = open_store(db_path)
    assert [r["base_url"] for r in s.query("SELECT base_url FROM endpoints")] == [loopback.url]
    s.close()
    said = "".join(r.output + r.stderr for r in (unreachable, malformed, dry, dry_json, ok, redraft, submitted, polled))
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (password, user, password[10:24]):
        assert secret not in said and secret not in caplog.text
        assert secret.encode() not in stored


def test_a_workbench_toml_that_chooses_where_the_key_goes_says_so(run_cli, db_path, tmp_path, loopback):
    """A folder cloned from someone else could send your key to its own server: one line on stderr."""
    doc = _doc(db_path, sources(2))
    toml = tmp_path / "workbench.toml"
    toml.write_text(f'[draft]\nbase_url = "{loopback.url}"\napi_key_env = "SOME_OTHER_TOKEN"\n', encoding="utf-8")
    result = run_cli("draft", doc, env={"SOME_OTHER_TOKEN": KEY, "OPENAI_API_KEY": "sk-mine-0000000000"})
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()
    assert "workbench.toml" in line and loopback.url in line and "$SOME_OTHER_TOKEN" in line and KEY not in line
    assert loopback.authorizations[f"Bearer {KEY}"] == 1  # that really was the key sent
    # only its base_url in use: the key from OPENAI_API_KEY goes there, and it says so
    toml.write_text(f'[draft]\nbase_url = "{loopback.url}"\n', encoding="utf-8")
    dry = run_cli("draft", doc, "--redraft", "--dry-run", env={"OPENAI_API_KEY": KEY})
    (line,) = dry.stderr.splitlines()
    assert "base_url" in line and "$OPENAI_API_KEY" in line and loopback.url in line and KEY not in line
    # the environment decides (OPENAI_BASE_URL wins over the file): nothing to say
    quiet = run_cli("draft", doc, "--redraft", "--dry-run", env={"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": loopback.url})
    assert quiet.stderr == ""


def test_another_endpoint_is_asked_not_served_from_the_cache_and_the_credit_names_its_model(run_cli, db_path, loopback):
    texts = sources(3)
    doc = _doc(db_path, texts)
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    assert run_cli("draft", doc, "--redraft", "--base-url", loopback.url).exit_code == 0
    # the same redraft request again, now to another server (which reports a dated model name)
    with Loopback(reply_model="gpt-4o-mini-2024-07-18") as other:
        result = run_cli("draft", doc, "--redraft", "--base-url", other.url, "--json")
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert (total["requests"], total["cached"]) == (1, 0) and len(other.chat_requests) == 1
    s = open_store(db_path)
    latest = [s.one("SELECT model, endpoint FROM drafts WHERE segment_id = ? ORDER BY id DESC LIMIT 1", (r["id"],))
              for r in _rows(db_path, doc)]
    s.close()
    assert latest == [{"model": "gpt-4o-mini-2024-07-18", "endpoint": other.url}] * 3
    credit = run_cli("export", doc, "--format", "md", "--credit", "--status", "all")
    assert credit.stdout.startswith("*Translated by gpt-4o-mini-2024-07-18, verified by nobody yet.*")


# -- draft --alternative ---------------------------------------------------------------------------------


def _alt(run_cli, doc, url, *more):
    return run_cli("draft", doc, "--alternative", "--model", "alt-model", "--base-url", url, *more)


def test_alternative_drafts_beside_the_current_draft_and_segments_lists_them(run_cli, db_path, loopback):
    texts = sources(4)
    doc = _doc(db_path, texts)
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    before = [(r["draft_id"], r["draft"]) for r in _rows(db_path, doc)]
    result = _alt(run_cli, doc, loopback.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("alternatives 4, failed 0, requests 1 (+0 cached), tokens ")
    assert [(r["draft_id"], r["draft"]) for r in _rows(db_path, doc)] == before
    listed = json.loads(run_cli("segments", doc, "--json").stdout)
    assert [o["alternatives"] for o in listed] == [[{"engine": "llm", "model": "alt-model", "text": translate(t)}]
                                                   for t in texts]
    again = _alt(run_cli, doc, loopback.url, "--json")
    total = json.loads(again.stdout)["total"]
    assert (total["alternatives"], total["requests"], total["cached"]) == (0, 0, 0) and "drafted" not in total
    assert json.loads(again.stdout)["failures"] == []


def test_alternative_with_the_current_drafts_model_is_one_line_and_stores_nothing(run_cli, db_path, db_state,
                                                                                   loopback):
    doc = _doc(db_path, sources(3))
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    before, asked = db_state(db_path), len(loopback.log)
    _one_line_error(run_cli("draft", doc, "--alternative", "--base-url", loopback.url),
                    "--alternative needs a model other than the current draft's", "'gpt-4o-mini'", "--model")
    _one_line_error(_alt(run_cli, doc, loopback.url, "--model", "gpt-4o-mini"), "wrote the current draft of 3")
    assert db_state(db_path) == before and len(loopback.log) == asked


def test_alternative_of_an_unknown_or_empty_document_is_one_line(run_cli, db_path, db_state, loopback):
    empty = _doc(db_path, [], title="empty")
    before = db_state(db_path)
    _one_line_error(_alt(run_cli, "nope", loopback.url), "no document 'nope'")
    _one_line_error(_alt(run_cli, empty, loopback.url), "has no segments")
    assert db_state(db_path) == before and loopback.log == []


@pytest.mark.parametrize("extra", [["--batch-file", "x.jsonl"], ["--collect", "x.jsonl"], ["--submit"], ["--poll"],
                                   ["--redraft"]])
def test_alternative_refuses_the_batch_path_and_redraft(run_cli, db_path, db_state, loopback, tmp_path, extra):
    doc = _doc(db_path, sources(2))
    before = db_state(db_path)
    extra = [str(tmp_path / e) if e.endswith(".jsonl") else e for e in extra]
    result = _alt(run_cli, doc, loopback.url, *extra)
    assert result.exit_code == 2 and "--alternative" in result.stderr and extra[0] in result.stderr, result.output
    assert db_state(db_path) == before and loopback.log == [] and not (tmp_path / "x.jsonl").exists()


def test_alternative_dry_run_shows_the_request_without_the_current_draft(run_cli, db_path, db_state, loopback):
    texts = sources(3)
    doc = _doc(db_path, texts)
    assert run_cli("draft", doc, "--base-url", loopback.url).exit_code == 0
    before, asked = db_state(db_path), len(loopback.log)
    out = json.loads(_alt(run_cli, doc, loopback.url, "--dry-run", "--json").stdout)
    assert out["requests"] == 1 and out["segments"] == 3 and out["first_request"]["model"] == "alt-model"
    user = json.loads(out["first_request"]["messages"][-1]["content"])
    assert [s["source"] for s in user["segments"]] == texts and "redraft" not in user
    _one_line_error(run_cli("draft", doc, "--alternative", "--dry-run", "--base-url", loopback.url), "--model")
    assert db_state(db_path) == before and len(loopback.log) == asked


def test_alternatives_that_fail_are_named_and_the_run_exits_1(run_cli, db_path, loopback):
    texts = sources(3)
    doc = _doc(db_path, texts)
    loopback.echo_always = {texts[1]}
    result = _alt(run_cli, doc, loopback.url)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("alternatives 2, failed 1,")
    assert result.stderr.startswith(f"document {doc}, segment 2: no alternative: ")
    assert [len(o["alternatives"]) for o in json.loads(run_cli("segments", doc, "--json").stdout)] == [1, 0, 1]


def test_alternatives_for_several_documents_are_a_table(run_cli, db_path, loopback):
    one, two = _doc(db_path, sources(2), title="one"), _doc(db_path, sources(3, topic="出口"), title="two")
    result = run_cli("draft", one, two, "--alternative", "--model", "alt-model", "--base-url", loopback.url)
    assert result.exit_code == 0, result.output
    assert "alternatives" in result.stdout and " tm " not in result.stdout and "total" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("alternatives 5 in 2 documents, failed 0,")
