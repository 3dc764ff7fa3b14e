"""Commands: assess (MQM error spans of the drafts from the configured endpoint) and annotate (the
reviewer's own error span)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import mqm, review, verdicts
from workbench.cli.common import (
    FORCE_HELP,
    POSITION,
    db_option,
    document_or_fail,
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
from workbench.drafting import assess as assessing
from workbench.drafting.progress_view import ProgressView


@cli.command("assess")
@click.argument("docs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every document with drafts this model has not assessed.")
@click.option("--positions", help="Only these positions (one document), e.g. 3-9 or 3,5,8.")
@click.option("--base-url", help="OpenAI-compatible endpoint (default OPENAI_BASE_URL, else OpenAI).")
@click.option("--model", help="The assessing model (default WORKBENCH_MODEL, workbench.toml [draft] model).")
@click.option("--batch-size", type=int, help="Segments per request (default 20).")
@click.option("--concurrency", type=int, help="Requests in flight at once (default 8).")
@click.option("--timeout", type=float, help="Seconds to wait for one reply (default 60).")
@click.option("--price-in", type=float, help="Price per million prompt tokens, for the cost figure.")
@click.option("--price-out", type=float, help="Price per million completion tokens.")
@click.option("--batch-file", type=click.Path(path_type=Path),
              help="Write the requests as OpenAI Batch API JSONL instead of sending them.")
@click.option("--collect", type=click.Path(path_type=Path), help="Store the results of a Batch API run (JSONL).")
@click.option("--force", is_flag=True, help="With --batch-file: " + FORCE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@db_option
@user_errors
def assess(docs, all_, positions, base_url, model, batch_size, concurrency, timeout, price_in, price_out,
           batch_file, collect, force, as_json) -> None:
    """Ask the endpoint for an MQM annotation of each segment's current draft: error spans with a
    category, a severity and an explanation (stored per draft; an empty answer means no error found).

    Same engine as `draft`: batches, validation (spans verbatim in the text, categories and severities
    from the typology, ids exactly those asked), cache, resumption, cost. How good the spans are depends
    on the model: the review session's c / d keys confirm or dismiss them.

    Example:

        workbench assess 1 --model gpt-4o
        workbench assess 1 --batch-file mqm.jsonl && workbench assess 1 --collect results.jsonl
    """
    if batch_file and collect:
        raise click.UsageError("--batch-file and --collect do different things: use one at a time")
    settings = draft_settings({"base_url": base_url, "model": model, "batch_size": batch_size,
                               "concurrency": concurrency, "timeout": timeout, "price_in": price_in,
                               "price_out": price_out})
    s = store()
    refs, pos = list(docs), parse_positions(positions)
    if collect:
        got = assessing.collect(s, collect, settings)
        for line in got.bad:
            echo(visible(f"{collect}: {line}"), err=True)
        if as_json:
            emit_json(got.as_dict())
        else:
            echo(visible(f"{collect}: {got.lines} lines, {got.stored} assessments stored, {got.already} already "
                         f"stored, {len(got.bad)} bad lines"))
        sys.exit(1 if got.bad and not got.stored else 0)
    if batch_file:
        result = assessing.write_batch_file(s, refs, settings, batch_file, output_guard(force), all_=all_,
                                            positions=pos)
        if as_json:
            emit_json(result)
        else:
            echo(visible(f"{batch_file}: {result['requests']} assessment requests for {result['segments']} drafts; "
                         "collect the results with `workbench assess --collect RESULTS.jsonl`"))
        return
    if settings.notice:
        echo(settings.notice, err=True)
    _live(s, refs, settings, all_, pos, as_json)


def _live(s, refs, settings, all_, positions, as_json) -> None:
    view = ProgressView(enabled=sys.stderr.isatty() and not as_json)
    try:
        summary = assessing.assess_documents(s, refs, settings, all_=all_, positions=positions,
                                             on_plan=view.plan, on_progress=view.update)
    except KeyboardInterrupt:
        echo("interrupted before any request was sent", err=True)
        sys.exit(130)
    finally:
        view.stop()
    if as_json:
        emit_json(summary.as_dict())
    else:
        echo(visible(summary.line(settings.priced)))
    if summary.interrupted:
        sys.exit(130)
    if summary.error or summary.total()["failed"]:
        sys.exit(1)


@cli.command("annotate")
@click.argument("document")
@click.argument("position", type=POSITION)
@click.option("--span", "span", required=True, help="The wrong words, exactly as in the segment's current text "
                                                    "(the source's words for accuracy/omission).")
@click.option("--category", required=True, help="One of: " + ", ".join(mqm.CATEGORIES) + ".")
@click.option("--severity", required=True, help="minor, major or critical.")
@click.option("--explanation", default="", help="Why it is an error.")
@click.option("--reviewer", help="Your name (default [review] reviewer, else the login name).")
@click.option("--json", "as_json", is_flag=True, help="Print the span as JSON.")
@db_option
@user_errors
def annotate(document, position, span, category, severity, explanation, reviewer, as_json) -> None:
    """Mark an error span of your own on segment POSITION (MQM category and severity); it counts in
    the report's MQM score and is recorded in the segment's history.

    Example:

        workbench annotate 1 4 --span "growth slowed" --category accuracy/mistranslation --severity major
    """
    doc = document_or_fail(document)
    name = review.ReviewSettings.load().reviewer_name(reviewer)
    marked = verdicts.annotate(store(), doc["id"], position, span=span, category=category, severity=severity,
                               explanation=explanation, reviewer=name)
    if as_json:
        emit_json({"position": position, **marked.to_dict()})
    else:
        echo(visible(f'segment {position}: marked {marked.category} {marked.severity} "{marked.text}"'))
