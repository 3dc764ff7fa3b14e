"""Reviewer decisions as library calls: the TUI and the CLI (`workbench accept`, `flag`, `undo`, `signoff`) use these.

Every call commits before it returns, so the UI may move on only after the decision is on disk.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable

from workbench import config, qa
from workbench.errors import NeedsForce, WorkbenchError
from workbench.glossary import manage
from workbench.positions import Positions, as_positions
from workbench.rows import SegmentRow, included
from workbench.statuses import DECIDED, NEEDS_REVIEW, REPETITION
from workbench.storage import Store
from workbench.storage import assessments as assess_store
from workbench.storage import drafts as draft_store
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store

EXCERPT_ACTIONS = ("exclude", "include")  # revisions an exclusion change writes (workbench.excerpts)


@dataclass
class Decision:
    segment_id: int
    position: int
    status: str
    target: str | None
    revision: int
    corrected: bool = False
    repetitions: int = 0  # other segments that got this target as a proposal
    proposed: list[int] = field(default_factory=list)  # their positions


def _refuse_final(row: SegmentRow, why: str) -> None:
    if row.status == "final":
        raise NeedsForce(f"segment {row.position} is signed off (final): {why}; use --force to change it anyway "
                         "(or `workbench undo` to take the sign-off back)")


def _segment(store: Store, document_id: int, position: int) -> SegmentRow:
    row = seg_store.at(store, document_id, position)
    if row is None:
        raise WorkbenchError(f"document {document_id} has no segment at position {position}")
    return row


def accept(store: Store, document_id: int, position: int, *, text: str | None = None,
           reviewer: str | None = None, based_on: int | None = None, force: bool = False) -> Decision:
    """Accept the draft as the target, or save `text` as the corrected target (status reviewed).

    Without `force`, NeedsForce is raised (nothing written) when the target has error-severity QA
    issues or the segment is signed off (final): the review session asks, the CLI wants --force.
    `based_on`: the revision the reviewer saw; a segment changed since raises ConflictError."""
    row = _segment(store, document_id, position)
    if text is None:
        if row["draft"] is None:
            raise WorkbenchError(f"segment {position} has no draft to accept (give --text)")
        target, action = row["draft"], "accept"
    else:
        target = text.strip()
        if not target:
            raise WorkbenchError("the target text is empty")
        action = "correct" if target != row["draft"] else "accept"
    if not force:
        review_store.check_revision(store, row.id, based_on)  # a stale view is a conflict before anything else
        _refuse_final(row, "accepting it again makes it reviewed")
        errors = [i for i in qa.check_segment(row.source, target, manage.matcher(store)) if i.severity == "error"]
        if errors:
            shown = "; ".join(f"{i.code}: {i.message}" for i in errors[:3]) + (" …" if len(errors) > 3 else "")
            raise NeedsForce(f"segment {position} has {len(errors)} QA error(s) ({shown}); "
                             "correct it, or accept anyway with --force")
    revision = review_store.record(
        store, row["id"], action=action, status="reviewed", target=target, reviewer=reviewer,
        draft_id=row["draft_id"], based_on=based_on,
    )
    proposed = _propose(store, row, target)
    return Decision(row["id"], position, "reviewed", target, revision, action == "correct", len(proposed), proposed)


def flag(store: Store, document_id: int, position: int, *, note: str, reviewer: str | None = None,
         based_on: int | None = None, force: bool = False) -> Decision:
    """Flag a segment for a second look, with a note; keeps whatever target it has. A signed-off
    (final) segment is flagged only with `force` (NeedsForce otherwise)."""
    if not note or not note.strip():
        raise WorkbenchError("a flag needs a note saying what is wrong")
    row = _segment(store, document_id, position)
    if not force:
        _refuse_final(row, "flagging it takes it out of the signed-off text")
    target = row["target"] if row["target"] is not None else None
    revision = review_store.record(
        store, row["id"], action="flag", status="flagged", target=target, reviewer=reviewer, note=note.strip(),
        draft_id=row["draft_id"], based_on=based_on,
    )
    return Decision(row["id"], position, "flagged", target, revision)


def undo(store: Store, document_id: int, position: int, *, reviewer: str | None = None,
         based_on: int | None = None) -> Decision:
    """Undo the last decision on a segment: restore the state before it (from the revision history)."""
    row = _segment(store, document_id, position)
    stack: list[dict] = []
    for rev in review_store.history(store, row["id"]):
        if rev["action"] in EXCERPT_ACTIONS:  # leaving out and taking in are undone by include/exclude
            continue
        if rev["action"] in assess_store.ACTIONS:
            continue  # an MQM verdict or a dismissed finding: no decision on the segment's text
        if rev["action"] == "undo":
            if stack:
                stack.pop()
        else:
            stack.append(rev)
    if not stack:
        raise WorkbenchError(f"segment {position} has no decision to undo")
    stack.pop()
    before = stack[-1] if stack else None
    status = before["status"] if before else "translated"
    target = before["target"] if before else None
    note = before["note"] if before else None
    revision = review_store.record(
        store, row["id"], action="undo", status=status, target=target, reviewer=reviewer, note=note,
        draft_id=row["draft_id"], based_on=based_on,
    )
    return Decision(row["id"], position, status if status in DECIDED else row_status_after_undo(row), target, revision)


@dataclass
class SignOff:
    """What `sign_off` did, by position: signed off now, and what it left alone and why."""

    document_id: int
    signed: list[int] = field(default_factory=list)
    already_final: list[int] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)
    not_reviewed: list[int] = field(default_factory=list)  # initial or translated: nobody has decided


def sign_off(store: Store, document_id: int, positions: Positions | Iterable[int] | None = None,
             reviewer: str | None = None) -> SignOff:
    """Move the reviewed segments (all, or those at `positions`) to final: one `sign-off` revision each,
    all in one transaction. Flagged and unreviewed segments are left as they are and reported.
    Raises WorkbenchError, writing nothing, when a position does not exist or nothing is reviewed."""
    result = SignOff(document_id)
    positions = as_positions(positions)
    with store.transaction():  # read and write together: no other session decides in between
        rows = review_store.session_rows(store, document_id, positions)
        missing = positions.beyond(review_store.segment_count(store, document_id)) if positions else None
        if missing or not rows:
            first = list(islice(missing or (), 11))
            shown = ", ".join(str(p) for p in first[:10]) + (" …" if len(first) > 10 else "")
            raise WorkbenchError(f"document {document_id} has no segment at position(s) {shown}" if missing
                                 else f"document {document_id} has no segments")
        for row in rows:
            status = row["status"]
            if not included(row):  # left out of the excerpt: neither signed off nor waiting
                continue
            if status == "reviewed":
                _finalise(store, row, reviewer)
                result.signed.append(row["position"])
            else:
                {"final": result.already_final, "flagged": result.flagged}.get(
                    status, result.not_reviewed).append(row["position"])
        if not result.signed:
            raise WorkbenchError(_nothing_to_sign(result, len(rows)))
    return result


def sign_off_one(store: Store, document_id: int, position: int, *, reviewer: str | None = None,
                 based_on: int | None = None) -> Decision:
    """Sign off one reviewed segment (the review session's key), based on the revision the reviewer saw."""
    with store.transaction():
        row = _segment(store, document_id, position)
        if row["status"] != "reviewed":
            raise WorkbenchError(f"segment {position} is already final" if row["status"] == "final" else
                                 f"segment {position} is {row['status']}: only a reviewed segment can be signed off")
        revision = _finalise(store, row, reviewer, based_on)
    return Decision(row["id"], position, "final", row["target"], revision)


def _finalise(store: Store, row: dict, reviewer: str | None, based_on: int | None = None) -> int:
    # The decision stays as reviewed (target, note, the draft it was made from); without a name the
    # segment keeps its reviewer, so the credit for the review is not lost.
    current = review_store.current(store, row["id"])
    return review_store.record(
        store, row["id"], action="sign-off", status="final", target=current["target"],
        reviewer=reviewer if reviewer is not None else current["reviewer"], note=current["note"],
        draft_id=current["draft_id"], based_on=based_on,
    )


def _nothing_to_sign(result: SignOff, total: int) -> str:
    if len(result.already_final) == total:
        return f"nothing to sign off: {'the segment is' if total == 1 else f'all {total} segments are'} already final"
    parts = [f"{len(result.flagged)} flagged" if result.flagged else "",
             f"{len(result.not_reviewed)} not reviewed yet" if result.not_reviewed else "",
             f"{len(result.already_final)} already final" if result.already_final else ""]
    return "nothing to sign off: no reviewed segments (" + ", ".join(p for p in parts if p) + ")"


def row_status_after_undo(row: dict) -> str:
    return "translated" if row["draft"] is not None else "initial"


def _propose(store: Store, row: dict, target: str) -> list[int]:
    # Identical source sentences elsewhere in the document that nobody has decided get this target
    # as a draft (engine `repetition`); their status stays translated.
    others = review_store.unreviewed_with_source(store, row["document_id"], row["source"], row["id"])
    with store.transaction():
        for other in others:
            draft_store.add(store, other["id"], engine=REPETITION, text=target,
                            meta={"from_position": row["position"]})
    return [o["position"] for o in others]


def session_rows(store: Store, document_id: int, positions: Positions | Iterable[int] | None = None) -> list[SegmentRow]:
    """What a review session shows: each segment's status, source, draft (or draft failure) and target."""
    return review_store.session_rows(store, document_id, positions)


def session_states(store: Store, document_id: int) -> list[tuple[int, str, int]]:
    """(position, status, draft failed) of every segment, without texts: a session's quick start."""
    return review_store.session_states(store, document_id)


def next_undecided(store: Store, document_id: int, after: int = 0) -> int | None:
    """The first position after `after` that nobody has decided yet (where a session resumes)."""
    return review_store.next_undecided(store, document_id, after)


def segment_count(store: Store, document_id: int) -> int:
    return review_store.segment_count(store, document_id)


def needs_review(row: dict) -> bool:
    """Nobody has decided this segment yet, and it is part of the excerpt."""
    return row["status"] in NEEDS_REVIEW and included(row)


@dataclass
class ReviewSettings:
    """`[review]` in workbench.toml."""

    confirm_errors: bool = True  # accepting a segment with error-severity QA issues asks first
    reviewer: str | None = None
    # "risk": the session lists the riskiest segments first, so `n` and where it starts follow risk
    order: str = "position"

    ORDERS = ("position", "risk")

    @classmethod
    def load(cls) -> ReviewSettings:
        raw = config.load_toml().get("review", {})
        order = raw.get("order", "position")
        if order not in cls.ORDERS:
            raise WorkbenchError(f'workbench.toml: [review] order must be "position" or "risk", not {order!r}')
        return cls(confirm_errors=bool(raw.get("confirm_errors", True)), reviewer=raw.get("reviewer"), order=order)

    def reviewer_name(self, given: str | None = None) -> str | None:
        """Who a decision is recorded as: the name given, else `[review] reviewer`, else the login name
        (the same in the review session and on the command line, so exports can say who decided)."""
        return given or self.reviewer or _login_name()


def _login_name() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no user name is fine: the decision stays anonymous
        return None
