"""Test helpers: a small real document in a real SQLite file, built through the library (import, drafts, terms)."""

from __future__ import annotations

from pathlib import Path

from workbench.glossary import manage
from workbench.glossary.terms import Term
from workbench.importing.paths import import_file
from workbench.review import ReviewSettings
from workbench.storage import alternatives as alt_store
from workbench.storage import drafts as draft_store
from workbench.storage import open_store
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store
from workbench.tui.app import ReviewApp

ARTICLE = """# 芯片出口

英伟达表示欢迎这一决定。心智观察所认为，这一决定来得太晚。美国商务部尚未回应。

英伟达表示欢迎这一决定。分析人士指出，市场反应平淡。
"""

DRAFTS = {
    1: "Chip exports",
    2: "Nvidia welcomed the decision.",
    3: "The Mind Observation Institute believes the decision came too late.",
    4: "The US Department of Commerce has not yet responded.",
    5: "Nvidia says it welcomes the decision.",
}
FAILED = {6: "the endpoint answered HTTP 500 three times"}

TERMS = [
    Term("英伟达", "Nvidia", variants=["NVIDIA"], note="House style: Nvidia."),
    Term("心智观察所", "Xinzhi Observatory", forbidden=["Mind Observation Institute"],
         note="Guancha's technology column."),
    Term("美国商务部", "US Department of Commerce", variants=["Commerce Department"]),
]


def build(db: Path, article: str = ARTICLE, drafts: dict | None = None, failed: dict | None = None,
          terms: list[Term] | None = None) -> int:
    """Import `article` (Markdown) and store drafts by position; returns the document id."""
    drafts = DRAFTS if drafts is None else drafts
    failed = FAILED if failed is None else failed
    store = open_store(db)
    try:
        for term in TERMS if terms is None else terms:
            manage.add_term(store, term)
        md = db.with_name(db.stem + ".md")
        md.write_text(article, encoding="utf-8")
        doc_id = import_file(store, md).document_id
        for row in seg_store.for_document(store, doc_id):
            if row["position"] in drafts:
                draft_store.add(store, row["id"], engine="sample-drafts", text=drafts[row["position"]])
            if row["position"] in failed:
                draft_store.add(store, row["id"], engine="llm", model="test-model", text=None,
                                error=failed[row["position"]])
        return doc_id
    finally:
        store.close()


def add_alternatives(db: Path, doc_id: int, by_position: dict[int, list[tuple[str, str | None, str]]]) -> None:
    """Store alternative drafts, (engine, model, text) per position, as `import --add-to` does."""
    store = open_store(db)
    try:
        ids = {r["position"]: r["id"] for r in seg_store.for_document(store, doc_id)}
        alt_store.add(store, [alt_store.NewAlternative(ids[p], engine, model, text)
                              for p, alts in by_position.items() for engine, model, text in alts])
    finally:
        store.close()


ALTERNATIVES = {
    3: [("deepl", None, "Xinzhi Observatory believes the decision came too late."),
        ("llm", "qwen2.5-7b", "The Xinzhi Observatory thinks that the decision came too late.")],
    4: [("deepl", None, "The Commerce Department has not responded yet.")],
}


class Reader:
    """Looks at the database as another process would: a fresh connection per question."""

    def __init__(self, db: Path, doc_id: int):
        self.db, self.doc_id = db, doc_id

    def seg(self, position: int) -> dict:
        store = open_store(self.db)
        try:
            return seg_store.at(store, self.doc_id, position)
        finally:
            store.close()

    def history(self, position: int) -> list[dict]:
        store = open_store(self.db)
        try:
            return review_store.history(store, self.seg(position)["id"])
        finally:
            store.close()

    def statuses(self) -> dict[int, str]:
        store = open_store(self.db)
        try:
            return {r["position"]: r["status"] for r in seg_store.for_document(store, self.doc_id)}
        finally:
            store.close()




def make_app(db: Path, doc_id: int, **settings) -> ReviewApp:
    return ReviewApp(db, doc_id, reviewer="editor", settings=ReviewSettings(**settings))


async def statuses_counted(pilot) -> None:
    """Wait until the app has read every segment's status and computed every segment's risk in the
    background (after the first paint)."""
    for _ in range(500):
        screen = pilot.app.screen_stack[1] if len(pilot.app.screen_stack) > 1 else pilot.app.screen
        session = getattr(screen, "session", None)
        if session is not None and session.counts is not None and (session.risks is not None or session.risk_error):
            break
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
