"""Commands: export, report, score."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import config
from workbench import export as exports
from workbench.cli.common import (
    FORCE_HELP,
    db_option,
    document_or_fail,
    echo,
    emit_json,
    output_guard,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.reports import document as reports
from workbench.reports import metrics
from workbench.reports.html import render_html

FORMATS = ("md", "bilingual-md", "html", "tmx", "xliff", "xliff12", "jsonl", "docx")


@cli.command("export")
@click.argument("docs", nargs=-1, required=True, metavar="DOC...")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="md: the English article; bilingual-md / html: side by side; tmx: translation memory; "
                   "xliff: XLIFF 2.0 with states; xliff12: XLIFF 1.2 (an imported XLIFF keeps its ids and codes); "
                   "jsonl: every field per segment; docx: the English article as a Word file (needs -o). "
                   "With --compile: md, html or docx.")
@click.option("--compile", "compile_", is_flag=True,
              help="One post from the documents DOC... in that order: per document its heading, source line "
                   "and excerpt; -f html makes a newsletter-style page.")
@click.option("--intro", type=click.Path(path_type=Path), help="With --compile: Markdown file opening the post.")
@click.option("--ellipsis", metavar="TEXT",
              help='What a run of left-out text becomes in md (default [export] ellipsis, else "[…]"; "" for nothing).')
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE (default: standard output).")
@click.option("--status", type=click.Choice(exports.STATUS_CHOICES), default="reviewed", show_default=True,
              help="reviewed: refuse (md, bilingual-md, html) or leave out (tmx) unreviewed segments; "
                   "all: include them, marked.")
@click.option("--credit", is_flag=True, help='Add "Translated by <model(s)>, verified by <reviewer(s)>" at the top.')
@click.option("--force", is_flag=True, help=FORCE_HELP)
@db_option
@user_errors
def export_(docs: tuple[str, ...], fmt: str, compile_: bool, intro: Path | None, ellipsis: str | None,
            output: Path | None, status: str, credit: bool, force: bool) -> None:
    """Export document DOC (id or title) as Markdown, bilingual Markdown/HTML, TMX 1.4, XLIFF 2.0 or 1.2,
    JSONL or Word (docx), or compile several documents into one post (--compile).

    XLIFF and JSONL always carry every segment with its status.

    Example:

        workbench export 1 --format md --credit -o article.en.md
        workbench export 1 --format xliff -o article.xlf
        workbench export 1 2 -f md --compile --intro intro.md --credit -o post.md
    """
    guard = output_guard(force)
    if output is not None:
        guard.check(output)  # before any work: a refused path costs nothing
    if compile_ or len(docs) > 1:
        _compile(docs, fmt, compile_, intro, ellipsis, output, status, credit, guard)
        return
    if intro is not None:
        raise WorkbenchError("--intro opens a compiled post: add --compile")
    doc_id = document_or_fail(docs[0])["id"]
    if output is None and exports.is_binary(fmt):
        raise WorkbenchError(f"--format {fmt} writes a binary file: give it a name with -o FILE")
    pieces = exports.export_chunks(store(), doc_id, fmt, status=status, credit=credit, ellipsis=ellipsis)
    if output is None:
        for piece in pieces:
            echo(piece, nl=False)
    else:
        guard.write(output, pieces)
        echo(f"wrote {output} ({fmt})", err=True)
    if fmt == "tmx" and status == "reviewed" and not exports.reviewed_count(store(), doc_id):
        echo("note: no segment is reviewed yet, so the TMX holds no translation units "
                   "(--status all includes the drafts, marked)", err=True)


def _compile(docs, fmt, compile_, intro, ellipsis, output, status, credit, guard) -> None:
    if not compile_:
        raise WorkbenchError("several documents make one post: add --compile (or export them one at a time)")
    if output is not None and intro is not None and output.resolve() == intro.resolve():
        raise WorkbenchError(f"-o {output} is the intro itself: the post never replaces its input")
    if output is None and exports.is_binary(fmt):
        raise WorkbenchError(f"--format {fmt} writes a binary file: give it a name with -o FILE")
    text = exports.compile_post(store(), list(docs), fmt, status=status, credit=credit, intro=intro, ellipsis=ellipsis)
    if output is None:
        echo(text, nl=False)
    else:
        guard.write(output, text)
        echo(f"wrote {output} (post of {len(docs)} document{'s' if len(docs) != 1 else ''}, {fmt})", err=True)


@cli.command("report")
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (post_editing.overall has bleu, chrf, ter).")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Also write a one-file HTML report with charts.")
@click.option("--pairs", "pairs_dir", type=click.Path(path_type=Path),
              help="Also write draft.txt, final.txt, source.txt to this folder (for the sacrebleu command).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@db_option
@user_errors
def report_(doc: str, as_json: bool, html_path: Path | None, pairs_dir: Path | None, force: bool) -> None:
    """Progress, post-editing effort (sacrebleu BLEU/chrF/TER of draft against final), term accuracy,
    QA issues in drafts and final text, and review pace of document DOC.

    Every score is printed with its sacrebleu signature.

    Example:

        workbench report 1 --html report.html
        workbench report 1 --pairs out/ && sacrebleu out/final.txt -i out/draft.txt -m bleu chrf ter
    """
    guard = output_guard(force)
    if html_path is not None:
        guard.check(html_path)
    if pairs_dir is not None:
        reports.check_pairs(pairs_dir, guard)
    s = store()
    document = document_or_fail(doc)
    data = reports.build(s, document["id"])
    if pairs_dir is not None:
        data["pairs"] = reports.write_pairs(s, document["id"], pairs_dir, guard)
    if html_path is not None:
        guard.write(html_path, render_html(data))
        echo(f"wrote {html_path}", err=True)
    if as_json:
        emit_json(data)
    else:
        echo(reports.render_text(data), nl=False)


@cli.command("score")
@click.option("--hyp", required=True, type=click.Path(path_type=Path), help="Hypothesis: one translation per line.")
@click.option("--ref", required=True, type=click.Path(path_type=Path), help="Reference: one translation per line.")
@click.option("--src", type=click.Path(path_type=Path),
              help="Source lines; without --terms, term accuracy uses the database glossary on them.")
@click.option("--terms", type=click.Path(path_type=Path),
              help='JSONL, one {"zh", "en", "terms": [{"zh", "en"}]} per line (the WMT23 terminology layout).')
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@db_option
@user_errors
def score_(hyp: Path, ref: Path, src: Path | None, terms: Path | None, as_json: bool) -> None:
    """Score a test set: corpus BLEU, chrF and TER of HYP against REF (sacrebleu), and term accuracy.

    Example:

        workbench score --hyp model-a.en --ref test.en --terms test.terms.jsonl
    """
    matcher = None
    if src is not None and terms is None:
        db = config.db_path(click.get_current_context().find_root().obj.get("db"))
        if not db.exists():  # scoring files must not create a database as a side effect
            raise WorkbenchError(f"--src without --terms uses the database glossary, but there is no database at {db}")
        matcher = manage.matcher(store())
    result = metrics.score_files(hyp, ref, src=src, terms=terms, matcher=matcher)
    if as_json:
        emit_json(result)
        return
    echo(f"{result['segments']} segments: {hyp} against {ref}")
    for m, label in (("bleu", "BLEU"), ("chrf", "chrF"), ("ter", "TER")):
        echo(f"{label:<5} {result[m]:6.2f}   {result['signature'][m]}")
    t = result.get("terms")
    if t is not None:
        acc = "n/a (no terms)" if t["accuracy"] is None else f"{t['accuracy']:.1f}%"
        echo(f"term accuracy {acc} ({t['correct']} of {t['total']} terms; from {t['from']})")
    sys.stdout.flush()
