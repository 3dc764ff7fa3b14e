"""The bundled demo: two sample commentaries, the seed glossary and recorded drafts in their own database.

Everything comes from package data, so `workbench demo` works offline right after `pip install`.
The recorded drafts were written by hand for the demo (engine `sample-drafts`), not by a model run.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from workbench import export, qa
from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.glossary import manage
from workbench.importing.paths import import_file
from workbench.importing.reading import probe
from workbench.storage import Store, open_store
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import excerpts as excerpt_store
from workbench.storage import segments as seg_store

DEFAULT_DB = Path("db") / "demo.db"
ENGINE = "sample-drafts"
SAMPLE_DIR = Path(__file__).parent / "data" / "sample"
ARTICLE = SAMPLE_DIR / "h200-commentary.md"
DRAFTS = SAMPLE_DIR / "drafts.json"
TITLE = "h200-commentary (demo)"
# The second, short commentary: with the first it makes the demo's compiled post.
SECOND_ARTICLE = SAMPLE_DIR / "inference-window.md"
SECOND_DRAFTS = SAMPLE_DIR / "inference-window.drafts.json"
SECOND_TITLE = "inference-window (demo)"


def samples() -> tuple:
    """(article, its recorded drafts, title, metadata for the compiled post's source line) per sample
    (read when called, so a test can point the module's paths elsewhere)."""
    return (
        (ARTICLE, DRAFTS, TITLE, {"outlet": "观察者网", "author": "心智观察所", "date": "10 December 2025"}),
        (SECOND_ARTICLE, SECOND_DRAFTS, SECOND_TITLE, {"outlet": "观察者网", "author": "心智观察所", "date": "12 December 2025"}),
    )


PREVIEW_LINES = 14


def recorded_drafts(path: Path | None = None) -> list[dict]:
    """The recorded drafts in document order: {"source", "text", "fault", …} per segment."""
    path = Path(path or DRAFTS)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WorkbenchError(f"cannot read the demo's recorded drafts {path}: {exc}") from None
    if data.get("engine") != ENGINE:
        raise WorkbenchError(f"{path}: expected engine {ENGINE!r}, found {data.get('engine')!r}")
    return data["drafts"]


def match_drafts(segments: list[dict], drafts: list[dict]) -> dict[int, str]:
    """Segment id → its recorded draft, matched by exact source (a repeated source takes its drafts in
    order). Raises if any segment has no draft or any draft is left over: a draft is never attached to
    a segment it does not translate."""
    queue: dict[str, list[str]] = defaultdict(list)
    for d in drafts:
        queue[d["source"]].append(d["text"])
    out: dict[int, str] = {}
    missing = []
    for seg in segments:
        texts = queue.get(seg["source"])
        if not texts:
            missing.append(seg)
            continue
        out[seg["id"]] = texts.pop(0)
    if missing:
        first = missing[0]
        raise WorkbenchError(
            f"the demo's recorded drafts do not cover {len(missing)} segment(s) "
            f"(first: position {first['position']}: {first['source'][:40]!r}); the sample and its drafts "
            "are out of step — nothing was loaded"
        )
    left = sum(len(v) for v in queue.values())
    if left:
        raise WorkbenchError(f"{left} recorded demo draft(s) match no segment of the sample; nothing was loaded")
    return out


def demo_document(store: Store) -> dict | None:
    """The sample document in this database, if the demo was loaded into it."""
    return doc_store.find_by_sha(store, probe(ARTICLE).sha256)


def demo_ids(store: Store) -> list[int]:
    """The ids of the sample documents in this database, in the demo's order."""
    found = [doc_store.find_by_sha(store, probe(article).sha256) for article, *_ in samples()]
    return [d["id"] for d in found if d is not None]


def load_demo(db_path: str | Path = DEFAULT_DB, *, reset: bool = False) -> int:
    """Build (or reuse) the demo database and return the first demo document's id (the second
    commentary is loaded too; a demo database from before it gains it).

    An existing demo database is reused as it is, so the reviewer's decisions survive a re-run;
    `reset` deletes it first (only if it holds nothing but the demo). The load is one transaction:
    if anything fails the database is left as it was.
    """
    db_path = Path(db_path)
    if reset:
        reset_demo(db_path)
    if db_path == DEFAULT_DB:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(db_path)
    try:
        existing = demo_document(store)
        if existing is None and any(d["title"] == TITLE for d in doc_store.all_documents(store)):
            raise WorkbenchError(f"{db_path} holds the demo built from an older sample; "
                                 "start over with `workbench demo --reset`")
        with store.transaction():
            if existing is None:
                manage.import_file(store, manage.seed_path())
            ids = [_load_sample(store, *sample) for sample in samples()]
        return ids[0]
    finally:
        store.close()


def _load_sample(store: Store, article: Path, drafts_path: Path, title: str, meta: dict) -> int:
    """One sample document with its recorded drafts and metadata (kept as it is when already there)."""
    existing = doc_store.find_by_sha(store, probe(article).sha256)
    if existing is not None:
        return existing["id"]
    drafts = recorded_drafts(drafts_path)
    result = import_file(store, article, settings=Settings(), title=title)
    segments = seg_store.for_document(store, result.document_id)
    for seg_id, text in match_drafts(segments, drafts).items():
        draft_store.add(store, seg_id, engine=ENGINE, text=text, meta={"note": "recorded for the demo, not a model run"})
    excerpt_store.set_meta(store, result.document_id, meta)
    return result.document_id


def reset_demo(db_path: Path) -> None:
    """Delete a demo database so the demo starts over; refuse if it holds other documents."""
    if not db_path.exists():
        return
    store = open_store(db_path, create=False)
    try:
        shas = {probe(article).sha256 for article, *_ in samples()}
        titles = {title for _, _, title, _ in samples()}
        # A demo built from an older sample (same title) may go too.
        others = [d for d in doc_store.all_documents(store) if d["source_sha256"] not in shas and d["title"] not in titles]
    finally:
        store.close()
    if others:
        raise WorkbenchError(
            f"{db_path} holds other documents besides the demo ({len(others)}); not deleting it — "
            "give the demo its own --db"
        )
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)


@dataclass
class DemoSummary:
    document_id: int
    title: str
    segments: int
    drafted: int
    by_status: dict[str, int]
    qa_by_code: dict[str, int] = field(default_factory=dict)  # code → segments with that issue
    qa_by_severity: dict[str, int] = field(default_factory=dict)


def summarize(db_path: str | Path, document_id: int) -> DemoSummary:
    store = open_store(db_path, create=False)
    try:
        doc = doc_store.get(store, document_id)
        rows = seg_store.for_document(store, document_id)
        matcher = manage.matcher(store)
    finally:
        store.close()
    summary = DemoSummary(
        document_id=document_id, title=doc["title"] if doc else str(document_id), segments=len(rows),
        drafted=sum(1 for r in rows if r["draft"] is not None),
        by_status=dict(Counter(r["status"] for r in rows)),
    )
    codes: Counter = Counter()
    severities: Counter = Counter()
    for issues in qa.check_document(rows, matcher).values():
        codes.update({i.code for i in issues})
        severities.update(i.severity for i in issues)
    summary.qa_by_code = dict(sorted(codes.items()))
    summary.qa_by_severity = dict(severities)
    return summary


def compiled_preview(db_path: str | Path, lines: int = PREVIEW_LINES) -> tuple[list[int], list[str]]:
    """The demo documents' ids and the first `lines` lines of their compiled post (Markdown, drafts
    included and marked, as `export … --compile --status all --credit` writes it)."""
    store = open_store(db_path, create=False)
    try:
        ids = demo_ids(store)
        text = export.compile_post(store, [str(i) for i in ids], "md", status="all", credit=True)
    finally:
        store.close()
    return ids, text.splitlines()[:lines]
