"""Commands: review (the TUI), accept, flag, undo, signoff — the same library calls the review session makes."""

from __future__ import annotations

import sys

import click

from workbench import review
from workbench.cli.common import (
    POSITION,
    db_option,
    document_or_fail,
    echo,
    emit_json,
    parse_positions,
    store,
    user_errors,
)
from workbench.cli.root import cli
from workbench.errors import WorkbenchError


def _reviewer(name: str | None) -> str | None:
    return review.ReviewSettings.load().reviewer_name(name)


def _echo(decision: review.Decision, as_json: bool) -> None:
    if as_json:
        emit_json({"position": decision.position, "status": decision.status, "target": decision.target,
                   "revision": decision.revision, "corrected": decision.corrected,
                   "repetitions": decision.proposed})
        return
    what = "corrected" if decision.corrected else decision.status
    echo(f"segment {decision.position}: {what} (revision {decision.revision})")
    if decision.proposed:
        echo(f"  proposed to {len(decision.proposed)} repetition(s): "
                   + ", ".join(str(p) for p in decision.proposed))


@cli.command("review")
@click.argument("document")
@db_option
@user_errors
def review_(document: str) -> None:
    """Open the review session on DOCUMENT (id, title or file name) in the terminal.

    Keys: a accept, e edit, ctrl+s save, f flag, F sign off, u undo, n next, / search, ? help, q quit;
    MQM: ] [ select a span, c confirm, d dismiss (a span or a QA finding), m mark your own.
    Every decision is saved at once; reopening resumes at the first segment needing review.

    Example:

        workbench review 1
    """
    doc = document_or_fail(document)
    path = store().path
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Textual would wait for keys that never come: say so instead of hanging a script or a pipe.
        echo("Error: the review session needs a terminal (stdin and stdout are not a TTY); "
                   "use `workbench accept/flag/undo` or `workbench export` from scripts", err=True)
        sys.exit(2)
    from workbench.tui.app import run_review  # noqa: PLC0415 - Textual only when a session opens: the CLI starts fast

    run_review(path, doc["id"])


@cli.command("accept")
@click.argument("document")
@click.argument("position", type=POSITION)
@click.option("--text", help="Save TEXT as the corrected target instead of accepting the draft.")
@click.option("--reviewer", help="Who decided (default: [review] reviewer in workbench.toml, else your login name).")
@click.option("--force", is_flag=True, help="Accept even with QA errors, or change a signed-off (final) segment.")
@click.option("--expect-revision", type=click.IntRange(0, 2**62), metavar="N",
              help="Refuse if the segment's revision is no longer N (someone else changed it).")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@db_option
@user_errors
def accept_(document: str, position: int, text: str | None, reviewer: str | None, force: bool,
            expect_revision: int | None, as_json: bool) -> None:
    """Accept the draft of segment POSITION as its target (status reviewed), or save --text as the target.

    Identical source sentences not yet reviewed get the target as their draft (repetitions). As in the
    review session, a target with QA errors and a signed-off segment need --force (exit 1 without it).

    Example:

        workbench accept 1 12
        workbench accept 1 13 --text "Nvidia welcomed the decision."
    """
    doc = document_or_fail(document)
    if text is not None and not text.strip():
        raise WorkbenchError("--text is empty: give the corrected target, or leave --text out to accept the draft")
    _echo(review.accept(store(), doc["id"], position, text=text, reviewer=_reviewer(reviewer), force=force,
                        based_on=expect_revision), as_json)


@cli.command("flag")
@click.argument("document")
@click.argument("position", type=POSITION)
@click.option("--note", required=True, help="What needs a second look.")
@click.option("--reviewer", help="Who flagged it (default: [review] reviewer in workbench.toml, else your login name).")
@click.option("--force", is_flag=True, help="Flag a signed-off (final) segment too.")
@click.option("--expect-revision", type=click.IntRange(0, 2**62), metavar="N",
              help="Refuse if the segment's revision is no longer N (someone else changed it).")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
@db_option
@user_errors
def flag_(document: str, position: int, note: str, reviewer: str | None, force: bool, expect_revision: int | None,
          as_json: bool) -> None:
    """Flag segment POSITION of DOCUMENT with a note (status flagged; the target is kept).

    Example:

        workbench flag 1 7 --note "check the figure: 1.2 billion or 12 billion?"
    """
    doc = document_or_fail(document)
    _echo(review.flag(store(), doc["id"], position, note=note, reviewer=_reviewer(reviewer), force=force,
                      based_on=expect_revision), as_json)


@cli.command("undo")
@click.argument("document")
@click.argument("position", type=POSITION)
@click.option("--reviewer", help="Who undid it (default: [review] reviewer in workbench.toml, else your login name).")
@click.option("--expect-revision", type=click.IntRange(0, 2**62), metavar="N",
              help="Refuse if the segment's revision is no longer N (someone else changed it).")
@click.option("--json", "as_json", is_flag=True, help="Print the resulting state as JSON.")
@db_option
@user_errors
def undo_(document: str, position: int, reviewer: str | None, expect_revision: int | None, as_json: bool) -> None:
    """Undo the last decision on segment POSITION (restored from the revision history).

    Example:

        workbench undo 1 12
    """
    doc = document_or_fail(document)
    _echo(review.undo(store(), doc["id"], position, reviewer=_reviewer(reviewer), based_on=expect_revision), as_json)


def _listed(positions: list[int]) -> str:
    """[2, 3, 4, 7] → '2-4, 7'."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


@cli.command("signoff")
@click.argument("document")
@click.option("--positions", help="Only these positions, e.g. 3-9 or 3,5,8 (default: the whole document).")
@click.option("--reviewer", help="Who signs off (default: [review] reviewer in workbench.toml, else the segment's reviewer).")
@click.option("--json", "as_json", is_flag=True, help="Print what was signed off and what was left, as JSON.")
@db_option
@user_errors
def signoff_(document: str, positions: str | None, reviewer: str | None, as_json: bool) -> None:
    """Sign off the reviewed segments of DOCUMENT: their status becomes final (XLIFF 2.0).

    Flagged segments and segments nobody has reviewed are left as they are and listed. All the
    sign-offs are saved together; `workbench undo DOC POSITION` takes one back to reviewed.

    Example:

        workbench signoff 1
        workbench signoff 1 --positions 3-9 --reviewer mei
    """
    doc = document_or_fail(document)
    done = review.sign_off(store(), doc["id"], parse_positions(positions), reviewer=_reviewer(reviewer))
    if as_json:
        emit_json({"document": doc["id"], "signed_off": done.signed, "already_final": done.already_final,
                   "flagged": done.flagged, "not_reviewed": done.not_reviewed})
        return
    echo(f"signed off {len(done.signed)} segment(s) of document {doc['id']} as final: {_listed(done.signed)}")
    for label, left in (("flagged", done.flagged), ("not reviewed yet", done.not_reviewed),
                        ("already final", done.already_final)):
        if left:
            echo(f"  left {len(left)} {label}: {_listed(left)}")
