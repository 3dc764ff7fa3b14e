"""Commands: exclude, include, note — choosing the excerpt and the editor's footnotes."""

from __future__ import annotations

import click

from workbench import excerpts, review
from workbench.cli.common import POSITION, db_option, echo, emit_json, store, user_errors
from workbench.cli.root import cli
from workbench.errors import WorkbenchError
from workbench.positions import Positions


def _ranges(text: str | None, option: str) -> Positions | None:
    if text is None:
        return None
    try:
        return Positions.parse(text)
    except WorkbenchError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None


def _listed(positions: list[int]) -> str:
    return str(Positions.of((p, p) for p in positions)) if positions else "none"


def _change(doc: str, excluded: bool, positions: str | None, paragraphs: str | None, reviewer: str | None,
            as_json: bool) -> None:
    name = review.ReviewSettings.load().reviewer_name(reviewer)
    done = excerpts.set_excluded(store(), doc, excluded, positions=_ranges(positions, "--positions"),
                                 paragraphs=_ranges(paragraphs, "--paragraphs"), reviewer=name)
    if as_json:
        emit_json({"document_id": done.document_id, "excluded": excluded, "changed": done.changed,
                   "unchanged": done.unchanged})
        return
    verb = "left out" if excluded else "included"
    echo(f"document {done.document_id}: {len(done.changed)} segment(s) {verb} (positions {_listed(done.changed)})")
    if done.unchanged:
        echo(f"  already {verb}: {_listed(done.unchanged)}")


_OPTIONS = [
    click.argument("doc"),
    click.option("--positions", help="Segment positions, e.g. 5-9 or 3,5,8."),
    click.option("--paragraphs", help='Whole paragraphs (blocks), numbered as `segments --json` shows "paragraph".'),
    click.option("--reviewer", help="Record the change under this name (default: [review] reviewer, else your login)."),
    click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON."),
    db_option,
    user_errors,
]


def _with_options(f):
    for option in reversed(_OPTIONS):
        f = option(f)
    return f


@cli.command("exclude")
@_with_options
def exclude_(doc: str, positions: str | None, paragraphs: str | None, reviewer: str | None, as_json: bool) -> None:
    """Leave segments of DOC out of the published excerpt: they are not drafted, checked or counted as
    unreviewed, and an md export shows a left-out run as one "[…]" paragraph. Recorded in the history.

    Example:

        workbench exclude 1 --positions 5-9
        workbench exclude 1 --paragraphs 3-4
    """
    _change(doc, True, positions, paragraphs, reviewer, as_json)


@cli.command("include")
@_with_options
def include_(doc: str, positions: str | None, paragraphs: str | None, reviewer: str | None, as_json: bool) -> None:
    """Take left-out segments of DOC back into the excerpt (their decisions were kept).

    Example:

        workbench include 1 --positions 7
    """
    _change(doc, False, positions, paragraphs, reviewer, as_json)


@cli.command("note")
@click.argument("doc")
@click.argument("position", type=POSITION)
@click.argument("text", required=False)
@click.option("--delete", is_flag=True, help="Remove the segment's note.")
@click.option("--author", help="Record the note under this name (default: [review] reviewer, else your login).")
@db_option
@user_errors
def note_(doc: str, position: int, text: str | None, delete: bool, author: str | None) -> None:
    """Attach the editor's note to segment POSITION of DOC: a footnote of the English article (md
    export and compiled post) and an XLIFF <note>. A note on a left-out segment is published only
    while the segment is included.

    Example:

        workbench note 1 12 "Guancha is a Shanghai-based news site."
        workbench note 1 12 --delete
    """
    if delete:
        if text:
            raise WorkbenchError("give either a note TEXT or --delete, not both")
        excerpts.delete_note(store(), doc, position)
        echo(f"segment {position}: note deleted")
        return
    if text is None:
        raise WorkbenchError("give the note TEXT (or --delete)")
    excerpts.set_note(store(), doc, position, text, author=review.ReviewSettings.load().reviewer_name(author))
    echo(f"segment {position}: note saved")
