"""Commands: draft (live, dry run, batch file, collect, submit, poll) and serve-loopback."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from workbench.cli.common import (
    FORCE_HELP,
    SafeConsole,
    db_option,
    echo,
    emit_json,
    output_guard,
    parse_positions,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.config import draft_settings
from workbench.display import visible
from workbench.drafting import alternatives, modes
from workbench.drafting import run as drafting
from workbench.drafting.loopback import Loopback
from workbench.drafting.progress_view import ProgressView


@cli.command("draft")
@click.argument("docs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every document that still has undrafted segments.")
@click.option("--redraft", is_flag=True, help="Draft again segments that already have a draft.")
@click.option("--alternative", is_flag=True, help="Draft every segment with another model (--model) as an alternative "
                                                 "draft, kept beside the current draft, which stays.")
@click.option("--positions", help="Only these positions (one document), e.g. 3-9 or 3,5,8.")
@click.option("--base-url", help="OpenAI-compatible endpoint (default OPENAI_BASE_URL, else OpenAI).")
@click.option("--model", help="Model name (default WORKBENCH_MODEL, workbench.toml [draft] model, gpt-4o-mini).")
@click.option("--batch-size", type=int, help="Segments per request (default 20).")
@click.option("--concurrency", type=int, help="Requests in flight at once, across all documents (default 8).")
@click.option("--timeout", type=float, help="Seconds to wait for one reply (default 60).")
@click.option("--price-in", type=float, help="Price per million prompt tokens, for the cost figure.")
@click.option("--price-out", type=float, help="Price per million completion tokens.")
@click.option("--dry-run", is_flag=True, help="Print the first request as it would be sent, the request count and a "
                                             "token estimate; send nothing, store nothing.")
@click.option("--batch-file", type=click.Path(path_type=Path), help="Write the requests as OpenAI Batch API JSONL "
                                                                     "(also read by `vllm run-batch`) instead of sending them.")
@click.option("--collect", type=click.Path(path_type=Path), help="Store the results of a Batch API run (JSONL).")
@click.option("--submit", is_flag=True, help="Send the requests to the endpoint's Batch API (files + batches).")
@click.option("--poll", is_flag=True, help="Check submitted batches and collect those that are complete.")
@click.option("--force", is_flag=True, help="With --batch-file: " + FORCE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@db_option
@user_errors
def draft(docs, all_, redraft, alternative, positions, base_url, model, batch_size, concurrency, timeout, price_in,
          price_out, dry_run, batch_file, collect, submit, poll, force, as_json) -> None:
    """Draft English for documents' segments through an OpenAI-compatible endpoint.

    DOCS are document ids or titles (or --all). Segments without a draft are sent in batches; each
    reply is validated (ids, empty, copied source, Chinese left) before anything is stored, so a draft
    always belongs to its own segment. Reruns resume and never pay twice for a stored reply. The key is
    read from OPENAI_API_KEY and never printed or stored; a local server needs none.

    Example:

        OPENAI_BASE_URL=http://localhost:8000/v1 WORKBENCH_MODEL=qwen2.5 workbench draft 1
        workbench draft --all --concurrency 16 --price-in 0.15 --price-out 0.6
        workbench draft 1 --batch-file requests.jsonl && workbench draft 1 --collect results.jsonl
        workbench draft 1 --alternative --model deepseek-chat   # a second opinion beside the current draft
    """
    chosen = [name for name, on in (("--collect", collect), ("--submit", submit), ("--poll", poll),
                                    ("--batch-file", batch_file), ("--dry-run", dry_run)) if on]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} do different things: use one at a time")
    _check_alternative(alternative, redraft, chosen)
    settings = draft_settings({"base_url": base_url, "model": model, "batch_size": batch_size,
                               "concurrency": concurrency, "timeout": timeout, "price_in": price_in,
                               "price_out": price_out})
    if settings.notice and not (collect or batch_file):  # these two never contact the endpoint
        echo(settings.notice, err=True)
    s = store()
    refs, pos = list(docs), parse_positions(positions)
    if poll:
        _poll(modes.poll_batches(s, settings), as_json)
    elif collect:
        _collected(collect, modes.collect_results(s, collect, settings, refs, all_), as_json)
    elif dry_run:
        _dry_run(modes.dry_run(s, refs, settings, all_=all_, positions=pos, redraft=redraft, alternative=alternative),
                 settings, as_json)
    elif batch_file:
        result = modes.write_batch_file(s, refs, settings, batch_file, output_guard(force), all_=all_,
                                        positions=pos, redraft=redraft)
        _echo(result, as_json, f"{batch_file}: {result['requests']} requests for {result['documents']} documents "
              f"({result['from_tm']} segments from tm); collect the results with `workbench draft --collect RESULTS.jsonl`")
    elif submit:
        _submitted(modes.submit_batch(s, refs, settings, all_=all_, positions=pos, redraft=redraft), as_json)
    else:
        _live(s, refs, settings, all_=all_, positions=pos, redraft=redraft, alternative=alternative, as_json=as_json)


def _check_alternative(alternative: bool, redraft: bool, chosen: list[str]) -> None:
    """--alternative drafts live (or dry-runs); the Batch API path stores current drafts only."""
    if not alternative:
        return
    batch = [c for c in chosen if c != "--dry-run"]
    if batch:
        raise click.UsageError(f"--alternative works with live drafting (and --dry-run), not with {batch[0]}")
    if redraft:
        raise click.UsageError("--redraft replaces current drafts and --alternative keeps them: use one")


def _live(s, refs, settings, *, all_, positions, redraft, alternative, as_json) -> None:
    view = ProgressView(enabled=sys.stderr.isatty() and not as_json)
    try:
        if alternative:
            summary = alternatives.draft_alternatives(s, refs, settings, all_=all_, positions=positions,
                                                      on_plan=view.plan, on_progress=view.update)
        else:
            summary = drafting.draft_documents(s, refs, settings, all_=all_, positions=positions, redraft=redraft,
                                               on_plan=view.plan, on_progress=view.update)
    except KeyboardInterrupt:  # while planning, before the first request: nothing half-done to report
        echo("interrupted before any request was sent", err=True)
        sys.exit(130)
    finally:
        view.stop()
    if as_json:
        emit_json(summary.as_dict())
    else:
        _failures(summary.failures)
        if len(summary.documents) > 1:
            _table(summary, settings.priced)
        echo(visible(summary.line(settings.priced)))
    if summary.interrupted:
        sys.exit(130)
    if summary.error or summary.total()["failed"]:
        sys.exit(1)  # a publishing script must be able to tell that segments are left without a draft


def _echo(result: dict, as_json: bool, line: str) -> None:
    emit_json(result) if as_json else echo(visible(line))


def _poll(report: list[dict], as_json: bool) -> None:
    if as_json:
        emit_json(report)
        return
    if not report:
        echo("no submitted batches waiting")
    for r in report:
        more = f" — {_collected_line(r['collected'])}" if "collected" in r else (f" — {r['error']}" if r.get("error") else "")
        echo(visible(f"{r['batch_id']}: {r['status']}{more}"))


def _collected(path: Path, got, as_json: bool) -> None:
    if as_json:
        emit_json(got.as_dict())
    else:
        for line in got.bad:
            echo(visible(f"{path}: {line}"), err=True)
        echo(visible(f"{path}: {_collected_line(got.as_dict())}"))
    if got.bad and not got.stored:
        sys.exit(1)


def _dry_run(out: dict, settings, as_json: bool) -> None:
    if as_json:
        emit_json(out)
        return
    if out["first_request"] is not None:
        echo(visible(f"POST {settings.endpoint}/chat/completions"))
        echo(visible(json.dumps(out["first_request"], ensure_ascii=False, indent=2)))
    cost = f", ~${out['estimated_cost']:.4f}" if "estimated_cost" in out else ""
    echo(f"dry run: {out['requests']} requests for {out['segments']} segments ({out['from_tm']} from tm), "
               f"~{out['estimated_prompt_tokens']} prompt + ~{out['estimated_completion_tokens']} completion tokens "
               f"(estimated){cost}; nothing sent")


def _submitted(result: dict, as_json: bool) -> None:
    held = f"{result['skipped']} segments skipped: being drafted by another run" if result["skipped"] else ""
    if result["batch_id"] is None:
        echo(f"nothing to submit: {held or 'every segment has a draft'}")
        return
    _echo(result, as_json, f"submitted batch {result['batch_id']} ({result['requests']} requests, {result['status']}); "
          "`workbench draft --poll` collects it when done" + (f"; {held}" if held else ""))


def _collected_line(d: dict) -> str:
    return (f"{d['lines']} lines, {d['stored']} drafts stored, {d['already_drafted']} already drafted, "
            f"{len(d['bad'])} bad lines")


_SHOWN_FAILURES = 10


def _failures(failures: list[dict]) -> None:
    """Why segments got no alternative (a failed draft is shown by `segments`; a failed alternative only here)."""
    for f in failures[:_SHOWN_FAILURES]:
        echo(visible(f"document {f['document_id']}, segment {f['position']}: no alternative: {f['reason']}"), err=True)
    if len(failures) > _SHOWN_FAILURES:
        echo(f"… and {len(failures) - _SHOWN_FAILURES} more (--json lists them all)", err=True)


def _table(summary, priced: bool) -> None:
    counted = ["drafted", "tm", "failed", "requests", "prompt_tokens", "completion_tokens"]
    names = ["drafted", "tm", "failed", "requests", "tokens in", "tokens out"]
    if summary.kind == drafting.ALTERNATIVE:
        counted, names = counted[:1] + counted[2:], ["alternatives"] + names[2:]
    table = Table("id", "title", *names, *(["cost"] if priced else []))
    for d in summary.documents:
        table.add_row(str(d.document_id), escape(d.title), *(str(getattr(d, k)) for k in counted),
                      *([f"${d.cost:.4f}"] if priced else []))
    t = summary.total()
    table.add_row("", "[b]total[/]", *(str(t[k]) for k in counted), *([f"${t['cost']:.4f}"] if priced else []))
    SafeConsole().print(table)


@cli.command("serve-loopback")
@click.option("--port", type=int, default=8011, show_default=True, help="Port on 127.0.0.1.")
@click.option("--latency", type=float, default=0.2, show_default=True, help="Seconds per chat request.")
def serve_loopback(port: int, latency: float) -> None:
    """Run the loopback OpenAI-compatible test server (fake, deterministic "translations") until Ctrl-C.

    For trying `workbench draft` without a model; its English is a placeholder tag per sentence.

    Example:

        workbench serve-loopback --port 8011 &
        OPENAI_BASE_URL=http://127.0.0.1:8011/v1 workbench draft 1
    """
    try:
        server = Loopback(port=port, latency=latency).start()
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    echo(f"loopback server on {server.url} (Ctrl-C stops it)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
