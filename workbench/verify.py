"""Checking a document: the QA checks over every segment's current text (the reviewed target, else
the draft) with the document as context, as the `check` command, the overview and the report use it.

`qa` holds the pure checks (text in, issues out); this module reads what they need from the store.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator

from workbench import mqm, qa, risk
from workbench.errors import StoreError, WorkbenchError
from workbench.glossary import manage
from workbench.glossary.terms import Matcher
from workbench.mqm import Span
from workbench.positions import Positions, as_positions
from workbench.qa.base import severity_rank
from workbench.qa.document import length_norm, length_ratio
from workbench.risk.pair import PAIR_VERSION, Memo, PairResult
from workbench.risk.warnings import pair_warnings
from workbench.rows import SegmentRow, current_text, included
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
from workbench.storage import assessments as assess_store
from workbench.storage import documents as doc_store
from workbench.storage import qa as qa_store
from workbench.storage import segments as seg_store
from workbench.storage import text_issues as text_issue_store


@dataclass
class DocumentCheck:
    """The issues found in a document: `rows` are the segments asked about (all, or those at the
    positions given); `found` has a key for every checked position (clean ones with an empty list)."""

    document_id: int
    rows: list[SegmentRow]
    found: dict[int, list[qa.Issue]] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(i.severity == "error" for issues in self.found.values() for i in issues)

    def at_least(self, severity: str) -> dict[int, list[qa.Issue]]:
        """The issues of this severity and worse, per position."""
        limit = severity_rank(severity)
        return {p: [i for i in issues if severity_rank(i.severity) <= limit] for p, issues in self.found.items()}


def document_norms(store: Store, document_id: int, *, corpus: bool = False) -> qa.DocumentNorms:
    """What the document-level checks (and the risk's length signal) need of the whole document,
    read as a stream: bounded at any document size (see qa.document.document_norms). `corpus`: the
    consistency check also sees the same sources in every other document."""
    others = qa.corpus_texts(qa_store.same_sources_elsewhere(store, document_id)) if corpus else []
    return qa.document_norms(lambda: qa.texts_of(_included(seg_store.iter_document(store, document_id))), others)


def _included(rows: Iterator[SegmentRow]) -> Iterator[SegmentRow]:
    """A segment left out of the excerpt is not checked, nor a norm for the others."""
    return (r for r in rows if included(r))


def iter_check(store: Store, document_id: int, *, positions: Positions | None = None, corpus: bool = False,
               matcher: Matcher | None = None, risk_warnings: bool = False,
               ) -> Iterator[tuple[SegmentRow, list[qa.Issue]]]:
    """(row, its issues) for each checked segment with a current text, in position order, read and
    checked a chunk at a time: memory stays flat however long the document. The whole document is
    the norm of the document-level checks (length, consistency); `positions` narrows what is reported.
    `corpus`: also compare with the same sources in every other document. `risk_warnings`: also the
    risk signals shown as warnings (coverage-missing, name-missing, models-disagree)."""
    positions = as_positions(positions)
    if positions and not seg_store.for_document(store, document_id, positions):
        raise WorkbenchError(f"document {document_id} has no segments at those positions")
    matcher = matcher if matcher is not None else manage.matcher(store)
    norms = None if corpus else stored_norms(store, document_id, matcher)
    norms = norms if norms is not None else document_norms(store, document_id, corpus=corpus)
    if positions:
        norms = norms.limited_to(positions)
    dismissed = assess_store.dismissed_findings(store, document_id)  # bounded by the reviewer's dismissals
    spans = assess_store.current_spans(store, document_id)  # bounded by the assessed segments' spans
    pairs = StoredPairs(store, document_id, matcher)
    for chunk in seg_store.chunks(_included(seg_store.iter_document(store, document_id, positions=positions))):
        found = pairs.read(chunk)
        extra: dict[int, list[qa.Issue]] = {}
        if risk_warnings:
            views = document_views(store, document_id, matcher=matcher, rows=chunk, known=found,
                                   alternatives=alt_store.for_segments(store, [r.id for r in chunk]), spans=spans)
            extra = risk.risk_warnings(views, {"length": norms.length})
        known = {row.position: found[row.id].issues for row in chunk if row.id in found}
        for row, issues in qa.check_rows(chunk, matcher, norms, known):
            kept = _without_dismissed(row, issues, dismissed)
            yield row, kept + [mqm_issue(row, s) for s in live_spans(row, spans.get(row.id, []))] + extra.get(row.position, [])


def _without_dismissed(row: SegmentRow, issues: list[qa.Issue], dismissed: set[tuple[int, str, str]]) -> list[qa.Issue]:
    """Leave out the rule-QA findings the reviewer dismissed for exactly this text."""
    if not dismissed:
        return issues
    text = current_text(row)
    return [i for i in issues if (row.id, i.code, text) not in dismissed]


def live_spans(row: SegmentRow, spans: list[Span]) -> list[Span]:
    """The MQM spans that speak about the segment's current text: not dismissed, and (for a span in the
    English) still there — a reviewer's correction that removed the words has dealt with it."""
    text = current_text(row) or ""
    return [s for s in spans if s.verdict != mqm.DISMISSED and (s.side == "source" or s.text in text)]


_ISSUE_SEVERITY = {"critical": "error", "major": "error", "minor": "warning"}


def mqm_issue(row: SegmentRow, span: Span) -> qa.Issue:
    """An MQM span as a QA issue `assess-<category>`: critical and major are errors, minor a warning."""
    text = current_text(row) or ""
    start = text.find(span.text) if span.side == "target" else -1
    where = (start, start + len(span.text)) if start >= 0 else (0, 0)
    said = f" — {span.explanation}" if span.explanation else ""
    whose = span.by if span.origin == mqm.MODEL else None
    verdict = " (confirmed)" if span.verdict == mqm.CONFIRMED else (" (the reviewer's)" if whose is None else "")
    return qa.Issue(f"assess-{span.category}", _ISSUE_SEVERITY[span.severity], where,
                    f'{span.severity} {span.category}{" in the source" if span.side == "source" else ""}: '
                    f'"{span.text}"{said}{verdict}', model=whose)


def check_document(store: Store, document_id: int, *, positions: Positions | None = None,
                   corpus: bool = False, matcher: Matcher | None = None, risk_warnings: bool = False) -> DocumentCheck:
    """`iter_check` collected: the rows asked about and every issue, in memory (for callers that need
    the document at once; the `check` command streams)."""
    positions = as_positions(positions)
    found = {row.position: issues for row, issues in iter_check(
        store, document_id, positions=positions, corpus=corpus, matcher=matcher, risk_warnings=risk_warnings)}
    return DocumentCheck(document_id, [r for r in seg_store.for_document(store, document_id, positions) if included(r)], found)


def issue_counts(store: Store, document_id: int, matcher: Matcher) -> tuple[int, int]:
    """(errors, warnings) in a document's current texts, as `workbench check` counts them (the risk
    warnings, the MQM spans and the reviewer's dismissals included)."""
    errors = warnings = 0
    for _, issues in iter_check(store, document_id, matcher=matcher, risk_warnings=True):
        for i in issues:
            errors += i.severity == "error"
            warnings += i.severity == "warning"
    return errors, warnings


def document_risk(store: Store, document_id: int, *, matcher: Matcher | None = None,
                  rows: list[SegmentRow] | None = None, alternatives: dict[int, list[dict]] | None = None,
                  stats: dict | None = None) -> dict[int, risk.SegmentRisk]:
    """Each segment's risk (by position): the risk signals over its current text, its glossary hits,
    its words and its alternative drafts (see workbench.risk). A caller that has read the document's
    rows or alternatives already passes them, so nothing is read twice; a caller passing one chunk of
    the rows passes the document's `stats` too (`risk_stats`)."""
    return risk.assess(document_views(store, document_id, matcher=matcher, rows=rows, alternatives=alternatives),
                       stats=stats)


def risk_stats(store: Store, document_id: int) -> dict:
    """The figures the risk signals take from the whole document (its length norm): kept with the
    stored results, else read as a stream."""
    norms = stored_norms(store, document_id)
    if norms is not None:
        return {"length": norms.length}
    ratios = (r for _, source, text in qa.texts_of(_included(seg_store.iter_document(store, document_id)))
              if (r := length_ratio(source, text)) is not None)
    return {"length": length_norm(ratios)}


def document_views(store: Store, document_id: int, *, matcher: Matcher | None = None,
                   rows: list[SegmentRow] | None = None, alternatives: dict[int, list[dict]] | None = None,
                   spans: dict[int, list[Span]] | None = None,
                   known: dict[int, PairResult] | None = None) -> list[risk.SegmentView]:
    """What the risk signals see of each segment of a document (all its rows), in position order, with
    the findings its pair alone decides (`known`: segment id → PairResult; read from the stored
    results, computed and stored where stale, when not given)."""
    matcher = matcher if matcher is not None else manage.matcher(store)
    alternatives = alternatives if alternatives is not None else alt_store.for_document(store, document_id)
    rows = rows if rows is not None else seg_store.for_document(store, document_id)
    spans = spans if spans is not None else assess_store.current_spans(store, document_id)
    if known is None:
        pairs = StoredPairs(store, document_id, matcher)
        known = {}
        for chunk in seg_store.chunks(rows):
            known.update(pairs.read(chunk))
    return [risk.SegmentView(r.position, r.source, current_text(r), tuple(matcher.find(r.source)), r.tokens,
                             tuple(a["text"] for a in alternatives.get(r.id, ())),
                             tuple(s.severity for s in live_spans(r, spans.get(r.id, []))),
                             known[r.id].findings if r.id in known else ())
            for r in rows]


# ---------------------------------------------------------------------------------------------
# Stored QA results: per segment, the QA issues and the risk findings its pair alone decides (risk.pair),
# kept in the store under what they depend on (the text, the glossary version, the checks version, the
# pair version); the document-level warnings under a fingerprint of the document's texts. Only what
# changed is computed again; every other reader (check, segments, the report) takes the rest as stored.


def text_hash(source: str, text: str | None) -> str:
    """What a segment's per-segment QA results depend on besides the glossary and the checks."""
    digest = hashlib.blake2b(source.encode("utf-8"), digest_size=16)
    digest.update(b"\x00" if text is None else b"\x01" + text.encode("utf-8"))
    return digest.hexdigest()


class _SharedMemo(Memo):
    """The process's memo of pair results (see risk.pair.Memo), safe to use from a worker thread."""

    def __init__(self, size: int):
        super().__init__(size)
        self._lock = threading.Lock()

    def result(self, matcher, source, text, tokens):
        with self._lock:
            return super().result(matcher, source, text, tokens)


MEMO = _SharedMemo(4096)  # bounded: a few MB however long the document
LEFT_OUT = "\x00left out\x00"  # in a left-out segment's text hash: the fingerprint moves when it is left out or taken back


class StoredPairs:
    """The pair results of one document's segments, a chunk of rows at a time: read from the store
    when fresh, else computed (through MEMO: a repeated sentence once) and stored. A store that cannot
    be written (read-only, busy) still gets its results, computed and not stored — unless `must_store`
    (then the StoreError goes to the caller)."""

    def __init__(self, store: Store, document_id: int, matcher: Matcher | Callable[[], Matcher], *,
                 version: int | None = None, must_store: bool = False):
        self.store, self.document_id, self.must_store = store, document_id, must_store
        self._matcher = matcher
        self.version = version if version is not None else qa_store.glossary_version(store)
        self.writable = True
        self.computed = 0  # pairs computed (not read) by this reader

    def matcher(self) -> Matcher:  # built only when some pair must really be computed
        if callable(self._matcher) and not isinstance(self._matcher, Matcher):
            self._matcher = self._matcher()
        return self._matcher

    def _fresh(self, old: dict | None, digest: str) -> bool:
        return old is not None and old["findings"] is not None and (
            old["text_hash"], old["glossary_version"], old["checks_version"], old["pair_version"]) == (
            digest, self.version, qa.CHECKS_VERSION, PAIR_VERSION)

    def read(self, rows: list[SegmentRow], *, digests: list[str] | None = None,
             decode: bool = True) -> dict[int, PairResult]:
        """segment id → its pair result, for the rows with a current text (a left-out row's too: callers
        that check the excerpt pass only its rows; its stored counts are 0).
        `digests`: filled with every row's text hash, in order (the document's fingerprint)."""
        held = qa_store.results_of(self.store, [r.id for r in rows])
        out: dict[int, PairResult] = {}
        changed: list[dict] = []
        texts_changed = False
        for row in rows:
            text = current_text(row)
            counted = included(row)  # a segment left out of the excerpt is not checked or counted …
            digest = text_hash(row.source, text) if counted else text_hash(LEFT_OUT + row.source, text)
            if digests is not None:
                digests.append(digest)
            old = held.get(row.id)
            if self._fresh(old, digest):
                if (old["draft_id"], old["revision"]) != (row.draft_id, row.revision):  # same text, new state
                    changed.append({**old, "draft_id": row.draft_id, "revision": row.revision})
                if text is not None and decode:
                    out[row.id] = PairResult.from_json(old["findings"])
                continue
            # … but its risk is still shown (segments --json, the review's order): its findings are kept too
            result = MEMO.result(self.matcher(), row.source, text, row.tokens) if text is not None else PairResult()
            self.computed += 1
            texts_changed = texts_changed or old is None or old["text_hash"] != digest
            if text is not None:
                out[row.id] = result
            changed.append({"segment_id": row.id, "draft_id": row.draft_id, "revision": row.revision,
                            "text_hash": digest, "glossary_version": self.version, "checks_version": qa.CHECKS_VERSION,
                            "pair_version": PAIR_VERSION, "findings": result.to_json(),
                            "errors": sum(i.severity == "error" for i in result.issues) if counted else 0,
                            "warnings": (sum(i.severity == "warning" for i in result.issues)
                                         + pair_warnings(result.findings)) if counted else 0,
                            "computed": (old["computed"] + 1) if old else 1})
        if changed and self.writable:
            self._save(changed, texts_changed)
        return out

    def _save(self, rows: list[dict], texts_changed: bool) -> None:
        try:
            qa_store.save_results(self.store, rows, document_changed=self.document_id if texts_changed else None)
        except StoreError:
            if self.must_store:
                raise
            self.writable = False  # read-only or busy: computed, not stored (tried once per reader)


def stored_issues(store: Store, document_id: int, texts: list[tuple[int, str, str]]) -> dict[int, tuple[qa.Issue, ...]]:
    """position → the per-segment QA issues stored for exactly that (source, text) at that position,
    where they are fresh (the report's QA counts: a reviewed segment's final text is its current one);
    positions without are left out, for the caller to check."""
    held = qa_store.results_at(store, document_id, [p for p, _, _ in texts])
    version = qa_store.glossary_version(store)
    out = {}
    for position, source, text in texts:
        old = held.get(position)
        if old is not None and old["findings"] is not None and (
                old["text_hash"], old["glossary_version"], old["checks_version"], old["pair_version"]) == (
                text_hash(source, text), version, qa.CHECKS_VERSION, PAIR_VERSION):
            out[position] = PairResult.from_json(old["findings"]).issues
    return out


def kept_issues(store: Store, document_id: int, texts: list[tuple[int, str, str]],
                matcher: Callable[[], Matcher]) -> dict[int, tuple[qa.Issue, ...]]:
    """position → the per-segment QA issues of every (position, source, text): the segment's stored
    results where the text is its current one, else the issues kept for that text by content
    (storage.text_issues: a model's draft the reviewer changed), else checked now and kept for the next
    call (not kept when the store cannot be written)."""
    out = dict(stored_issues(store, document_id, texts))
    rest = [t for t in texts if t[0] not in out]
    if not rest:
        return out
    version = qa_store.glossary_version(store)
    keys = {position: _text_key(source, text, version) for position, source, text in rest}
    held = text_issue_store.issues_of(store, keys.values())
    new: dict[bytes, str] = {}
    for position, source, text in rest:
        key = keys[position]
        found = held.get(key) or new.get(key)
        if found is None:
            found = new[key] = PairResult(tuple(qa.check_segment(source, text, matcher()))).to_json()
        out[position] = PairResult.from_json(found).issues
    if new:
        try:
            text_issue_store.keep(store, new.items())
        except StoreError:
            pass  # read-only or busy: checked again next time
    return out


def _text_key(source: str, text: str, glossary_version: int) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in (source, text, str(glossary_version), str(qa.CHECKS_VERSION)):
        digest.update(part.encode("utf-8") + b"\x00")
    return digest.digest()


def refresh_stored_results(store: Store, matcher: Matcher | None = None) -> list[int]:
    """Bring the stored QA results of every document up to date (only segments whose text, glossary or
    checks version changed are checked again); returns the documents that had something to refresh."""
    version = qa_store.glossary_version(store)
    stale = qa_store.stale_documents(store, version, qa.CHECKS_VERSION, PAIR_VERSION)
    held: list[Matcher] = [matcher] if matcher is not None else []

    def matcher_now() -> Matcher:  # built only when some segment must really be checked again
        if not held:
            held.append(manage.matcher(store))
        return held[0]

    for document_id in stale:
        _refresh_document(store, document_id, version, matcher_now)
    return stale


def refresh_document(store: Store, document_id: int, matcher: Matcher | None = None) -> bool:
    """Bring one document's stored results up to date (what is fresh is only read); False when the
    store cannot be written (read-only, busy: the caller computes what it needs instead)."""
    version = qa_store.glossary_version(store)
    if qa_store.fresh_norms(store, document_id, version, qa.CHECKS_VERSION, PAIR_VERSION) is not None:
        return True  # every stored result fresh: one query, not a pass over the document
    return _refreshed(store, document_id, version, matcher)


def _refreshed(store: Store, document_id: int, version: int, matcher: Matcher | None) -> bool:
    """`_refresh_document` for a caller that knows the document is stale; False when the store cannot
    be written."""
    held: list[Matcher] = [matcher] if matcher is not None else []

    def matcher_now() -> Matcher:
        if not held:
            held.append(manage.matcher(store))
        return held[0]

    try:
        _refresh_document(store, document_id, version, matcher_now)
    except StoreError:
        return False
    return True


def _refresh_document(store: Store, document_id: int, version: int, matcher: Callable[[], Matcher]) -> None:
    """One pass over the document: each chunk's pair results refreshed, its text hashes folded into the
    fingerprint and its texts given to the document norms (a second pass only for sources translated
    more than one way, as qa.document.document_norms does)."""
    pairs = StoredPairs(store, document_id, matcher, version=version, must_store=True)
    fingerprint = hashlib.blake2b(digest_size=16)

    def first_pass() -> Iterator[tuple[int, str, str]]:
        for chunk in seg_store.chunks(seg_store.iter_document(store, document_id)):
            digests: list[str] = []
            pairs.read(chunk, digests=digests, decode=False)
            for digest in digests:
                fingerprint.update(digest.encode("ascii"))
            yield from qa.texts_of(_included(iter(chunk)))

    passes = [first_pass]
    norms = qa.document_norms(lambda: passes.pop()() if passes else qa.texts_of(
        _included(seg_store.iter_document(store, document_id))))
    kept = qa_store.document_result(store, document_id)
    if kept and kept["norms"] is not None and (kept["fingerprint"], kept["checks_version"]) == (
            fingerprint.hexdigest(), qa.CHECKS_VERSION):
        return
    warnings = sum(len(issues) for issues in norms.consistency.values()) + norms.outliers
    qa_store.save_document_result(store, document_id, fingerprint.hexdigest(), qa.CHECKS_VERSION, warnings,
                                  norms.to_json())


def stored_norms(store: Store, document_id: int, matcher: Matcher | None = None) -> qa.DocumentNorms | None:
    """The document norms kept with the stored results, the document refreshed first when something
    changed (one pass, which also stores every stale segment's results); None when the store cannot be
    written — the caller reads the document for them."""
    version = qa_store.glossary_version(store)
    kept = qa_store.fresh_norms(store, document_id, version, qa.CHECKS_VERSION, PAIR_VERSION)
    if kept is None:
        if not _refreshed(store, document_id, version, matcher):  # stale: known already, not asked again
            return None
        kept = qa_store.fresh_norms(store, document_id, version, qa.CHECKS_VERSION, PAIR_VERSION)
    return qa.DocumentNorms.from_json(kept) if kept is not None else None


def stored_counts(store: Store, document_ids: list[int] | None = None, *,
                  matcher: Matcher | None = None) -> dict[int, tuple[int, int]]:
    """document id → (errors, warnings) in its current texts as `workbench check` counts them, from the
    stored results (refreshed first where something changed); a document with dismissed findings, MQM
    spans or alternative drafts is checked through (its pairs read as stored), since those are read at
    check time. A database that cannot be written (read-only, busy) gets the counts computed without
    storing them."""
    try:
        refresh_stored_results(store, matcher)
    except StoreError:
        matcher = matcher if matcher is not None else manage.matcher(store)
        ids = document_ids if document_ids is not None else [d["id"] for d in doc_store.all_documents(store)]
        return {doc_id: issue_counts(store, doc_id, matcher) for doc_id in ids}
    counts = qa_store.stored_counts(store, document_ids)
    extras = qa_store.with_read_time_parts(store, document_ids)
    if extras:
        matcher = matcher if matcher is not None else manage.matcher(store)
        counts.update({doc_id: issue_counts(store, doc_id, matcher) for doc_id in extras})
    return counts
