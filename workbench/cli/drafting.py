"""Commands: draft (live, dry run, batch file, collect, submit, poll) and serve-loopback."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workbench.cli.common import (
    FORCE_HELP,
    db_option,
    emit_json,
    output_guard,
    parse_positions,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.config import draft_settings
from workbench.drafting import batch_api, prompts
from workbench.drafting import run as drafting
from workbench.drafting.lease import BATCH_LEASE_SECONDS, Claim, batch_owner
from workbench.drafting.loopback import Loopback
from workbench.drafting.progress_view import ProgressView
from workbench.glossary import manage


@cli.command("draft")
@click.argument("docs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every document that still has undrafted segments.")
@click.option("--redraft", is_flag=True, help="Draft again segments that already have a draft.")
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
def draft(docs, all_, redraft, positions, base_url, model, batch_size, concurrency, timeout, price_in, price_out,
          dry_run, batch_file, collect, submit, poll, force, as_json) -> None:
    """Draft English for documents' segments through an OpenAI-compatible endpoint.

    DOCS are document ids or titles (or --all). Segments without a draft are sent in batches; each
    reply is validated (ids, empty, copied source, Chinese left) before anything is stored, so a draft
    always belongs to its own segment. Reruns resume and never pay twice for a stored reply. The key is
    read from OPENAI_API_KEY and never printed or stored; a local server needs none.

    Example:

        OPENAI_BASE_URL=http://localhost:8000/v1 WORKBENCH_MODEL=qwen2.5 workbench draft 1
        workbench draft --all --concurrency 16 --price-in 0.15 --price-out 0.6
        workbench draft 1 --batch-file requests.jsonl && workbench draft 1 --collect results.jsonl
    """
    modes = [name for name, on in (("--collect", collect), ("--submit", submit), ("--poll", poll),
                                   ("--batch-file", batch_file), ("--dry-run", dry_run)) if on]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)} do different things: use one at a time")
    settings = draft_settings({"base_url": base_url, "model": model, "batch_size": batch_size,
                               "concurrency": concurrency, "timeout": timeout, "price_in": price_in,
                               "price_out": price_out})
    if settings.notice and not (collect or batch_file):  # these two never contact the endpoint
        click.echo(settings.notice, err=True)
    s = store()
    guard = output_guard(force)
    if batch_file:
        guard.check(batch_file)  # before the translation memory fills any segment: a refusal changes nothing
    pos = parse_positions(positions)
    matcher = manage.matcher(s)
    matcher = matcher if len(matcher) else None
    if poll:
        settings.require_endpoint()
        report = batch_api.poll(s, settings, matcher)
        if as_json:
            emit_json(report)
        elif not report:
            click.echo("no submitted batches waiting")
        for r in [] if as_json else report:
            click.echo(f"{r['batch_id']}: {r['status']}" + (f" — {_collected_line(r['collected'])}"
                                                           if "collected" in r else r.get("error", "") and f" — {r['error']}"))
        return
    if collect:
        text = batch_api.read_results(collect)
        wanted = None
        if docs or all_:
            wanted = {d["id"] for d in drafting.planning.resolve_documents(s, list(docs), all_)}
        got = batch_api.collect(s, text, settings, matcher, wanted)
        if as_json:
            emit_json(got.as_dict())
        else:
            for line in got.bad:
                click.echo(f"{collect}: {line}", err=True)
            click.echo(f"{collect}: {_collected_line(got.as_dict())}")
        if got.bad and not got.stored:
            sys.exit(1)
        return
    work = drafting.select(s, list(docs), all_=all_, positions=pos, redraft=redraft)
    if dry_run or batch_file or submit:
        claim = Claim(s) if submit else None  # a submitted batch is paid for: claimed like a live run
        try:
            _offline(s, work, settings, matcher, redraft, dry_run, batch_file, submit, as_json, claim, pos, guard)
        finally:
            if claim:
                claim.release()  # nothing, once handed over to the submitted batch
        return
    view = ProgressView(enabled=sys.stderr.isatty() and not as_json)
    try:
        summary = drafting.draft_documents(s, list(docs), settings, all_=all_, positions=pos, redraft=redraft,
                                           on_plan=view.plan, on_progress=view.update)
    except KeyboardInterrupt:  # while planning, before the first request: nothing half-done to report
        click.echo("interrupted before any request was sent", err=True)
        sys.exit(130)
    finally:
        view.stop()
    priced = settings.priced
    if as_json:
        emit_json(summary.as_dict())
    else:
        if len(summary.documents) > 1:
            _table(summary, priced)
        click.echo(summary.line(priced))
    if summary.interrupted:
        sys.exit(130)
    if summary.error or summary.total()["failed"]:
        sys.exit(1)  # a publishing script must be able to tell that segments are left without a draft


def _offline(s, work, settings, matcher, redraft, dry_run, batch_file, submit, as_json, claim, pos, guard) -> None:
    """--dry-run, --batch-file, --submit: build the requests without sending them through chat."""
    skipped = 0
    if claim:
        settings.require_endpoint()  # before anything is claimed or stored
        work, by_doc = drafting.claim_work(s, claim, work, positions=pos, redraft=redraft)
        skipped = sum(by_doc.values())
        work = [w for w in work if w[2]]  # a document another run holds entirely is not part of the batch
    counts, batches = drafting.make_batches(s, work, settings.batch_size, use_tm=not redraft,
                                            apply_tm=not dry_run)
    lines = batch_api.request_lines(s, batches, settings, matcher)
    tm = sum(c.tm for c in counts)
    if dry_run:
        prompt = sum(prompts.estimate_prompt_tokens(x["body"]) for x in lines)
        completion = sum(len(seg["source"]) for b in batches for seg in b.segments)
        out = {"first_request": lines[0]["body"] if lines else None, "endpoint": settings.endpoint,
               "requests": len(lines), "segments": sum(len(b.segments) for b in batches), "from_tm": tm,
               "estimated_prompt_tokens": prompt, "estimated_completion_tokens": completion,
               "token_estimate": "1 per CJK character + 1 per 4 other characters; completion ≈ 1 per source character"}
        if settings.priced:
            out["estimated_cost"] = round(settings.cost(prompt, completion), 6)
        if as_json:
            emit_json(out)
            return
        if lines:
            click.echo(f"POST {settings.endpoint}/chat/completions")
            click.echo(json.dumps(lines[0]["body"], ensure_ascii=False, indent=2))
        cost = f", ~${out['estimated_cost']:.4f}" if "estimated_cost" in out else ""
        click.echo(f"dry run: {out['requests']} requests for {out['segments']} segments ({tm} from tm), "
                   f"~{prompt} prompt + ~{completion} completion tokens (estimated){cost}; nothing sent")
        return
    if batch_file:
        batch_api.write(batch_file, lines, guard)
        result = {"batch_file": str(batch_file), "requests": len(lines), "documents": len(counts), "from_tm": tm}
        if not submit:
            emit_json(result) if as_json else click.echo(
                f"{batch_file}: {len(lines)} requests for {len(counts)} documents ({tm} segments from tm); "
                f"collect the results with `workbench draft --collect RESULTS.jsonl`")
    if submit:
        held = f"{skipped} segments skipped: being drafted by another run" if skipped else ""
        if not lines:
            click.echo(f"nothing to submit: {held or 'every segment has a draft'}")
            return
        result = batch_api.submit(s, lines, settings, [c.document_id for c in counts])
        # the batch now drafts these segments: it holds them until --poll collects it (or it lapses)
        claim.hand_over(batch_owner(result["batch_id"]), BATCH_LEASE_SECONDS)
        result["skipped"] = skipped
        emit_json(result) if as_json else click.echo(
            f"submitted batch {result['batch_id']} ({result['requests']} requests, {result['status']}); "
            "`workbench draft --poll` collects it when done" + (f"; {held}" if held else ""))


def _collected_line(d: dict) -> str:
    return (f"{d['lines']} lines, {d['stored']} drafts stored, {d['already_drafted']} already drafted, "
            f"{len(d['bad'])} bad lines")


def _table(summary, priced: bool) -> None:
    cols = ["id", "title", "drafted", "tm", "failed", "requests", "tokens in", "tokens out"] + (["cost"] if priced else [])
    table = Table(*cols)
    for d in summary.documents:
        row = [str(d.document_id), escape(d.title), str(d.drafted), str(d.tm), str(d.failed), str(d.requests),
               str(d.prompt_tokens), str(d.completion_tokens)] + ([f"${d.cost:.4f}"] if priced else [])
        table.add_row(*row)
    t = summary.total()
    table.add_row("", "[b]total[/]", str(t["drafted"]), str(t["tm"]), str(t["failed"]), str(t["requests"]),
                  str(t["prompt_tokens"]), str(t["completion_tokens"]), *([f"${t['cost']:.4f}"] if priced else []))
    Console().print(table)


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
    click.echo(f"loopback server on {server.url} (Ctrl-C stops it)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
