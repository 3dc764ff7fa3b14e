"""The state of one review session in memory: rows, counts, filters, the order, QA results, risk and
alternative drafts.

Opening reads only the number of segments; every segment's status is read in the background
(`merge_states`, from a worker) and the texts of a page of segments when that page is first shown.
After that, rows are updated one by one after each decision, so neither opening nor a keypress costs
much more in a 20,000-segment document than in a 200-segment one. Risk is computed for the whole
document in the background too (`merge_risks`); a change to a text or the glossary makes it due again
(`risk_version`), and until it comes back the old figures are shown as out of date.
No Textual here: the screen drives it, tests can too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from workbench import excerpts, review, verify
from workbench.glossary import manage
from workbench.glossary.terms import Hit, Matcher
from workbench.positions import Positions
from workbench.qa import Issue
from workbench.qa import check_document as _qa_document
from workbench.qa import check_segment as _qa_check
from workbench.risk import SegmentRisk
from workbench.rows import current_text, included
from workbench.statuses import REVIEWED
from workbench.storage import Store
from workbench.tui.lqa import Lqa
from workbench.tui.text import status_key


def _check_segment(source: str, target: str | None, matcher: Matcher) -> list:
    # A bug in one check must not end an editor's session: it shows as one warning instead.
    try:
        return _qa_check(source, target, matcher)
    except Exception as exc:  # noqa: BLE001
        return [Issue("qa-crashed", "warning", (0, 0), f"a QA check failed: {type(exc).__name__}: {exc}")]


@dataclass
class Counts:
    total: int = 0  # the segments of the excerpt (left-out ones are counted apart)
    reviewed: int = 0
    flagged: int = 0
    failed: int = 0
    left_out: int = 0

    def add(self, row: dict, sign: int = 1) -> None:
        if not included(row):
            self.left_out += sign
            return
        key = status_key(row)
        self.total += sign
        if key in REVIEWED:
            self.reviewed += sign
        elif key == "flagged":
            self.flagged += sign
        elif key == "failed":
            self.failed += sign


@dataclass
class Filter:
    label: str
    keep: Callable[[dict], bool]
    needs_text: bool = False  # reads source or target, so every row must be loaded first


PAGE = 100  # rows read together when one of them is first needed


@dataclass
class ReviewSession:
    store: Store
    document_id: int
    rows: list[dict | None] = field(default_factory=list)  # None: not read yet
    counts: Counts | None = None  # None until every segment's status is known
    visible: list[int] = field(default_factory=list)  # indexes into rows, in the list's order
    filter: Filter | None = None
    order: str = "position"  # "risk": riskiest first, once the risks are known
    matcher: Matcher = field(default_factory=lambda: Matcher([]))
    _qa: dict[int, tuple[str | None, list]] = field(default_factory=dict)
    # Document-level issues (consistency, length ratio) from the last whole-document check, per
    # position, for the text they were found in.
    _doc_qa: dict[int, tuple[str | None, list]] = field(default_factory=dict)
    _hits: dict[int, list[Hit]] = field(default_factory=dict)
    risks: dict[int, SegmentRisk] | None = None  # by position; None until first computed
    risk_version: int = 0  # bumped by every change a risk depends on (a segment's text, the glossary)
    risk_computed: int = -1  # the version `risks` were computed at
    _risk_stale: dict[int, int] = field(default_factory=dict)  # position → the version that changed its text
    risk_error: str | None = None  # why risk could not be computed (then it is not tried again)
    alternatives: dict[int, list[dict]] = field(default_factory=dict)  # segment id → other engines' drafts
    notes: dict[int, dict] = field(default_factory=dict)  # position → the editor's note (a footnote)
    lqa: Lqa | None = None  # MQM spans, dismissed findings, the selected mark (see tui.lqa)

    # The reviewer's decisions on this document (each saved before it returns; see workbench.review).

    def accept(self, position: int, *, text: str | None, reviewer: str | None, based_on: int) -> review.Decision:
        # force: the screen has already asked about QA errors and sign-offs (as [review] settings say)
        return review.accept(self.store, self.document_id, position, text=text, reviewer=reviewer, based_on=based_on,
                             force=True)

    def flag(self, position: int, *, note: str, reviewer: str | None, based_on: int) -> review.Decision:
        return review.flag(self.store, self.document_id, position, note=note, reviewer=reviewer, based_on=based_on,
                           force=True)

    def undo(self, position: int, *, reviewer: str | None, based_on: int) -> review.Decision:
        return review.undo(self.store, self.document_id, position, reviewer=reviewer, based_on=based_on)

    def sign_off(self, position: int, *, reviewer: str | None, based_on: int) -> review.Decision:
        return review.sign_off_one(self.store, self.document_id, position, reviewer=reviewer, based_on=based_on)

    def toggle_excluded(self, position: int, *, reviewer: str | None) -> excerpts.Change:
        return excerpts.toggle_segment(self.store, self.document_id, position, reviewer=reviewer)

    def toggle_paragraph(self, position: int, *, reviewer: str | None) -> excerpts.Change:
        return excerpts.toggle_paragraph(self.store, self.document_id, position, reviewer=reviewer)

    def set_note(self, position: int, text: str, *, author: str | None) -> None:
        excerpts.set_note(self.store, self.document_id, position, text, author=author)
        self.notes = excerpts.notes(self.store, self.document_id)

    def delete_note(self, position: int) -> None:
        excerpts.delete_note(self.store, self.document_id, position)
        self.notes = excerpts.notes(self.store, self.document_id)

    def load(self) -> None:
        """The quick part of opening: how many segments there are, the glossary and the notes."""
        self.rows = [None] * review.segment_count(self.store, self.document_id)
        self.notes = excerpts.notes(self.store, self.document_id)
        self.counts = None
        self.visible = list(range(len(self.rows)))
        self.load_glossary()
        self.lqa = Lqa(self.store, self.document_id)
        self.lqa.load()

    @property
    def states_known(self) -> bool:
        return self.counts is not None

    def merge_states(self, states: list[tuple[int, str, int, int]]) -> None:
        """Take every segment's (position, status, draft failed, left out), read elsewhere; rows already
        read (and possibly decided since) are kept as they are."""
        for position, status, failed, excluded in states:
            if self.rows[position - 1] is None:
                self.rows[position - 1] = {"position": position, "status": status, "light": True,
                                           "draft_error": "draft failed" if failed else None,
                                           "excluded": bool(excluded)}
        counts = Counts()
        for row in self.rows:
            counts.add(row)
        self.counts = counts

    def ensure_states(self) -> None:
        if not self.states_known:
            self.merge_states(review.session_states(self.store, self.document_id))

    def load_glossary(self) -> None:
        self.matcher = manage.matcher(self.store)
        self._qa.clear()
        self._hits.clear()
        self.risk_version += 1  # the terms are part of the risk (rule QA)

    # ------------------------------------------------------------------ rows

    def row(self, position: int) -> dict:
        return self.at(position - 1)

    def at(self, index: int) -> dict:
        """The row at `index` of `rows`, with its texts (reading its page on first use)."""
        row = self.rows[index]
        if row is None or row.get("light"):
            first = index - index % PAGE + 1
            for new in review.session_rows(self.store, self.document_id, Positions.of([(first, first + PAGE - 1)])):
                old = self.rows[new["position"] - 1]
                if old is None or old.get("light"):
                    self.rows[new["position"] - 1] = new
            row = self.rows[index]
        return row

    def load_all(self) -> None:
        """Every row with its texts (for a search or the QA filter): one query."""
        if any(row is None or row.get("light") for row in self.rows):
            for new in review.session_rows(self.store, self.document_id):
                old = self.rows[new["position"] - 1]
                if old is None or old.get("light"):
                    self.rows[new["position"] - 1] = new
        self.ensure_states()

    def refresh(self, positions: list[int]) -> None:
        """Re-read these segments from the database (after a decision, a redraft, another session)."""
        for new in review.session_rows(self.store, self.document_id, Positions.of((p, p) for p in positions)):
            old = self.rows[new["position"] - 1]
            if self.counts is not None:  # then every row is known
                self.counts.add(old, -1)
                self.counts.add(new)
            if old is None or old.get("light") or current_text(old) != current_text(new):
                self.risk_version += 1
                self._risk_stale[new["position"]] = self.risk_version
            self.rows[new["position"] - 1] = new
            self._qa.pop(new["position"], None)

    def first_needing_review(self) -> int:
        """Index in `visible` where the session resumes: the first segment nobody has decided."""
        return self.next_needing_review(-1, wrap=False)

    def next_needing_review(self, index: int, wrap: bool = True) -> int:
        """The next visible index after `index` needing review (wrapping), or -1 when none is left."""
        if not self.states_known:  # no filter yet (filters need the states): ask the database
            position = review.next_undecided(self.store, self.document_id, index + 1)
            if position is None and wrap:
                position = review.next_undecided(self.store, self.document_id, 0)
            return -1 if position is None or (position - 1 <= index and not wrap) else position - 1
        n = len(self.visible)
        for i in range(index + 1, n):
            if review.needs_review(self.rows[self.visible[i]]):
                return i
        if wrap:
            for i in range(0, min(index + 1, n)):
                if review.needs_review(self.rows[self.visible[i]]):
                    return i
        return -1

    # ------------------------------------------------------------------ filters

    def apply(self, flt: Filter | None) -> None:
        self.filter = flt
        self.ensure_states()
        if flt is None:
            visible = list(range(len(self.rows)))
        else:
            if flt.needs_text:
                self.load_all()
            visible = [i for i, row in enumerate(self.rows) if flt.keep(row)]
        if self.by_risk:
            visible.sort(key=self._risk_rank)
        self.visible = visible

    @property
    def by_risk(self) -> bool:
        """Whether the list is in risk order now (asked for, and the risks are known)."""
        return self.order == "risk" and self.risks is not None

    def _risk_rank(self, index: int) -> tuple:
        # Riskiest first; segments with nothing to judge yet last; position breaks ties.
        found = self.risks.get(index + 1)
        value = found.risk if found is not None else None
        return (value is None, -(value or 0.0), index)

    def by_status(self, status: str) -> Filter:
        return Filter(f"status {status}", lambda row: status_key(row) == status)

    def by_search(self, query: str) -> Filter:
        needle = query.casefold()

        def keep(row: dict) -> bool:
            return needle in row["source"].casefold() or needle in (current_text(row) or "").casefold()

        return Filter(f"search “{query}”", keep, needs_text=True)

    def with_issues(self) -> Filter:
        return Filter("QA issues", lambda row: bool(self.issues(row)), needs_text=True)

    # ------------------------------------------------------------------ glossary and QA

    def hits(self, row: dict) -> list[Hit]:
        pos = row["position"]
        if pos not in self._hits:
            self._hits[pos] = self.matcher.find(row["source"])
        return self._hits[pos]

    def issues(self, row: dict, text: str | None = None, *, use_text: bool = False) -> list:
        """QA issues of the segment's current text (or of `text`, while it is being edited). Cached per text."""
        target = text if use_text else current_text(row)
        if target is None and row["status"] == "initial":
            return []  # nothing drafted yet: the failure is shown, not an "empty target" issue
        if use_text:
            return _check_segment(row["source"], target, self.matcher)
        cached = self._qa.get(row["position"])
        if cached is None or cached[0] != target:
            cached = (target, _check_segment(row["source"], target, self.matcher))
            self._qa[row["position"]] = cached
        extra = self._doc_qa.get(row["position"])
        found = cached[1] + extra[1] if extra and extra[0] == target else cached[1]
        return self.lqa.kept(row, found) if self.lqa is not None else found

    # ------------------------------------------------------------------ risk and alternatives

    def merge_risks(self, risks: dict[int, SegmentRisk], version: int) -> bool:
        """Take risks computed (elsewhere) from the texts as they stood at `version`. Returns True the
        first time, when a list waiting for the risk order can now be sorted."""
        first = self.risks is None
        self.risks, self.risk_computed = risks, version
        self._risk_stale = {p: v for p, v in self._risk_stale.items() if v > version}
        return first

    @property
    def risk_due(self) -> bool:
        """Whether something the risks depend on changed since they were computed."""
        return self.risk_computed < self.risk_version

    def risk(self, row: dict) -> SegmentRisk | None:
        return None if self.risks is None else self.risks.get(row["position"])

    def risk_stale(self, row: dict) -> bool:
        """The segment's text changed since its risk was computed (a new figure is on its way)."""
        return row["position"] in self._risk_stale

    def alternatives_of(self, row: dict) -> list[dict]:
        return self.alternatives.get(row.get("id"), [])

    def check_document(self) -> int:
        """Run every QA check, document-level ones included, over all rows (from a worker thread;
        call load_all first). Returns how many segments have issues."""
        rows = [row for row in self.rows if row is not None]
        # The per-segment issues stored for these very texts (by `check`, `documents`…) are read, not
        # checked again; only the others are checked here.
        known = verify.stored_issues(self.store, self.document_id,
                                     [(row["position"], row["source"], text) for row in rows
                                      if (text := current_text(row)) is not None])
        for position, issues in known.items():
            row = self.rows[position - 1] if 0 < position <= len(self.rows) else None
            if row is not None and row["position"] == position and position not in self._qa:
                self._qa[position] = (current_text(row), list(issues))
        found = _qa_document(rows, self.matcher, known=known)
        doc_qa = {}
        for row in rows:
            text = current_text(row)
            own = {(i.code, i.message) for i in self.issues(row)}
            extra = [i for i in found.get(row["position"], []) if (i.code, i.message) not in own]
            if extra:
                doc_qa[row["position"]] = (text, extra)
        self._doc_qa = doc_qa
        return sum(1 for row in rows if self.issues(row))
