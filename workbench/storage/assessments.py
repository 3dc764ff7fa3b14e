"""MQM: the assessments of drafts (a model's error spans), the reviewer's verdicts on them, the
reviewer's own spans, and the rule-QA findings the reviewer dismissed. Every verdict, own span and
dismissal is also one row of the segment's revision history (its status and target unchanged)."""

from __future__ import annotations

import json

from workbench.mqm import MODEL, REVIEWER, Span
from workbench.storage.db import Store, now

# Revision-history actions that record an MQM judgement; they change neither status nor target, so
# `undo` passes over them (workbench.review).
CONFIRM, DISMISS, ANNOTATE, DISMISS_FINDING = "mqm-confirm", "mqm-dismiss", "mqm-annotate", "qa-dismiss"
ACTIONS = (CONFIRM, DISMISS, ANNOTATE, DISMISS_FINDING)

_LATEST = """latest AS (SELECT segment_id, max(id) AS id FROM drafts
           WHERE segment_id IN doc AND error IS NULL AND text IS NOT NULL GROUP BY segment_id)"""


def add(store: Store, segment_id: int, draft_id: int, model: str, spans: list[dict], *, endpoint: str | None = None,
        request_key: str | None = None, prompt_tokens: int = 0, completion_tokens: int = 0,
        cost: float | None = None, meta: dict | None = None) -> int:
    """Store one model's assessment of one draft with its spans ({span, category, severity, explanation};
    none: the model found no error). Inside the caller's transaction when there is one."""
    stamp = now()
    with store.transaction():
        cur = store.execute(
            "INSERT INTO assessments (segment_id, draft_id, model, endpoint, request_key, prompt_tokens,"
            " completion_tokens, cost, created_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (segment_id, draft_id, model, endpoint, request_key, prompt_tokens, completion_tokens, cost, stamp,
             json.dumps(meta or {}, ensure_ascii=False)))
        assessment = cur.lastrowid
        for s in spans:
            store.execute(
                "INSERT INTO mqm_spans (segment_id, draft_id, assessment_id, origin, by, span, category, severity,"
                " explanation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (segment_id, draft_id, assessment, MODEL, model, s["span"], s["category"], s["severity"],
                 s.get("explanation") or "", stamp))
    return assessment


def add_imported(store: Store, segment_id: int, draft_id: int, spans: list[dict], *, origin: str) -> None:
    """Spans read from a file (XLIFF ITS quality issues) with who marked them and the verdicts: a model's
    spans as one assessment per model, the reviewer's as their own (inside the import's transaction)."""
    stamp = now()
    assessments: dict[str, int] = {}
    with store.transaction():
        for s in spans:
            assessment = None
            if s["origin"] == MODEL:
                if s["by"] not in assessments:
                    assessments[s["by"]] = store.execute(
                        "INSERT INTO assessments (segment_id, draft_id, model, created_at, meta) VALUES (?, ?, ?, ?, ?)",
                        (segment_id, draft_id, s["by"], stamp, json.dumps({"imported_from": origin}))).lastrowid
                assessment = assessments[s["by"]]
            store.execute(
                "INSERT INTO mqm_spans (segment_id, draft_id, assessment_id, origin, by, span, category, severity,"
                " explanation, annotated, verdict, verdict_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (segment_id, draft_id, assessment, s["origin"], s["by"], s["span"], s["category"], s["severity"],
                 s["explanation"], s.get("annotated"), s["verdict"], stamp if s["verdict"] else None, stamp))


def add_failure(store: Store, segment_id: int, draft_id: int, model: str, error: str, *,
                endpoint: str | None = None) -> None:
    """Record why a draft got no assessment (a rerun asks again)."""
    with store.transaction():
        store.execute("INSERT INTO assessments (segment_id, draft_id, model, endpoint, error, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?)", (segment_id, draft_id, model, endpoint, error, now()))


def assessed(store: Store, document_id: int, model: str) -> set[int]:
    """The draft ids of the document that `model` has assessed (successfully)."""
    return {r["draft_id"] for r in store.query(
        "SELECT a.draft_id FROM assessments a JOIN segments s ON s.id = a.segment_id"
        " WHERE s.document_id = ? AND a.model = ? AND a.error IS NULL", (document_id, model))}


def has_request(store: Store, draft_id: int, request_key: str) -> bool:
    """Whether this reply was stored for this draft already (a Batch API file collected twice)."""
    return store.one("SELECT 1 AS x FROM assessments WHERE draft_id = ? AND request_key = ? AND error IS NULL",
                     (draft_id, request_key)) is not None


def drafts_named(store: Store, draft_ids: list[int]) -> dict[int, dict]:
    """draft id → {segment_id, document_id, source, text} (for collecting Batch API assessment results)."""
    out: dict[int, dict] = {}
    for i in range(0, len(draft_ids), 500):
        chunk = draft_ids[i:i + 500]
        for r in store.query(
            "SELECT d.id, d.segment_id, s.document_id, s.source, d.text FROM drafts d JOIN segments s"
            f" ON s.id = d.segment_id WHERE d.text IS NOT NULL AND d.id IN ({','.join('?' * len(chunk))})", chunk):
            out[r.pop("id")] = r
    return out


def failures(store: Store, document_id: int) -> dict[int, str]:
    """segment id → the latest assessment failure of its current draft, where it has no assessment."""
    rows = store.query(
        f"WITH doc AS (SELECT id FROM segments WHERE document_id = ?), {_LATEST}"
        " SELECT a.segment_id, a.error FROM assessments a JOIN latest l ON l.id = a.draft_id ORDER BY a.id",
        (document_id,))
    ok = {r["segment_id"] for r in rows if r["error"] is None}
    return {r["segment_id"]: r["error"] for r in rows if r["error"] and r["segment_id"] not in ok}


def _span(r: dict) -> Span:
    return Span(r["id"], r["segment_id"], r["draft_id"], r["origin"], r["by"], r["span"], r["category"],
                r["severity"], r["explanation"], r["verdict"], r["annotated"])


_COLUMNS = ("id, segment_id, draft_id, origin, by, span, category, severity, explanation, verdict, annotated")


def current_spans(store: Store, document_id: int) -> dict[int, list[Span]]:
    """segment id → the spans on its current draft (a model's and the reviewer's own), in order found."""
    out: dict[int, list[Span]] = {}
    for r in store.query(
        f"WITH doc AS (SELECT id FROM segments WHERE document_id = ?), {_LATEST}"
        f" SELECT {', '.join('m.' + c.strip() for c in _COLUMNS.split(','))} FROM mqm_spans m"
        " JOIN latest l ON l.id = m.draft_id ORDER BY m.id", (document_id,)):
        out.setdefault(r["segment_id"], []).append(_span(r))
    return out


def spans_of(store: Store, segment_id: int, draft_id: int) -> list[Span]:
    return [_span(r) for r in store.query(f"SELECT {_COLUMNS} FROM mqm_spans WHERE segment_id = ? AND draft_id = ?"
                                          " ORDER BY id", (segment_id, draft_id))]


def span(store: Store, span_id: int) -> Span | None:
    row = store.one(f"SELECT {_COLUMNS} FROM mqm_spans WHERE id = ?", (span_id,))
    return _span(row) if row else None


def set_verdict(store: Store, span_id: int, verdict: str, reviewer: str | None, note: str) -> None:
    """The reviewer's verdict on a model's span (the latest stands), recorded in the history."""
    with store.transaction():
        row = store.one("SELECT segment_id FROM mqm_spans WHERE id = ?", (span_id,))
        store.execute("UPDATE mqm_spans SET verdict = ?, verdict_by = ?, verdict_at = ? WHERE id = ?",
                      (verdict, reviewer, now(), span_id))
        _history(store, row["segment_id"], CONFIRM if verdict == "confirmed" else DISMISS, note, reviewer)


def add_own(store: Store, segment_id: int, draft_id: int, text: str, category: str, severity: str, *,
            explanation: str = "", annotated: str | None = None, reviewer: str | None = None, note: str = "") -> int:
    """A span the reviewer marked, recorded in the history."""
    with store.transaction():
        cur = store.execute(
            "INSERT INTO mqm_spans (segment_id, draft_id, origin, by, span, category, severity, explanation,"
            " annotated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (segment_id, draft_id, REVIEWER, reviewer, text, category, severity, explanation, annotated, now()))
        _history(store, segment_id, ANNOTATE, note, reviewer)
    return cur.lastrowid


def dismiss_finding(store: Store, segment_id: int, code: str, checked: str, reviewer: str | None, note: str) -> None:
    """Remember that the rule-QA finding `code` on exactly this text is a false alarm."""
    with store.transaction():
        store.execute("INSERT OR REPLACE INTO qa_dismissals (segment_id, code, checked, reviewer, at)"
                      " VALUES (?, ?, ?, ?, ?)", (segment_id, code, checked, reviewer, now()))
        _history(store, segment_id, DISMISS_FINDING, note, reviewer)


def dismissed_findings(store: Store, document_id: int) -> set[tuple[int, str, str]]:
    """(segment id, check code, text checked) of every rule-QA finding dismissed in the document."""
    return {(r["segment_id"], r["code"], r["checked"]) for r in store.query(
        "SELECT d.segment_id, d.code, d.checked FROM qa_dismissals d JOIN segments s ON s.id = d.segment_id"
        " WHERE s.document_id = ?", (document_id,))}


def _history(store: Store, segment_id: int, action: str, note: str, reviewer: str | None) -> None:
    """One revision row for an MQM judgement: the segment's status, target and decision stay as they are
    (a segment nobody has decided stays undecided), its revision moves on."""
    current = store.one("SELECT status, target, revision, note FROM reviews WHERE segment_id = ?", (segment_id,))
    stamp = now()
    if current is None:
        current = {"status": "translated", "target": None, "revision": 0, "note": None}
        store.execute("INSERT INTO reviews (segment_id, status, target, reviewer, revision, updated_at)"
                      " VALUES (?, 'translated', NULL, NULL, 0, ?)", (segment_id, stamp))
    revision = current["revision"] + 1
    store.execute("INSERT INTO revisions (segment_id, revision, status, target, reviewer, action, note, at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (segment_id, revision, current["status"], current["target"], reviewer, action, note, stamp))
    store.execute("UPDATE reviews SET revision = ? WHERE segment_id = ?", (revision, segment_id))


def assessed_drafts(store: Store, document_id: int) -> list[tuple[int, str]]:
    """(draft id, model) of every successful assessment of the document's current drafts."""
    return [(r["draft_id"], r["model"]) for r in store.query(
        f"WITH doc AS (SELECT id FROM segments WHERE document_id = ?), {_LATEST}"
        " SELECT DISTINCT a.draft_id, a.model FROM assessments a JOIN latest l ON l.id = a.draft_id"
        " WHERE a.error IS NULL ORDER BY a.draft_id, a.model", (document_id,))]


def assessment_costs(store: Store, document_id: int) -> dict:
    """What assessing the document cost: assessments, tokens and cost (None when unpriced)."""
    row = store.one(
        "SELECT count(*) AS assessments, coalesce(sum(prompt_tokens), 0) AS prompt_tokens,"
        " coalesce(sum(completion_tokens), 0) AS completion_tokens, sum(cost) AS cost"
        " FROM assessments a JOIN segments s ON s.id = a.segment_id WHERE s.document_id = ? AND a.error IS NULL",
        (document_id,))
    return row
