"""A small reviewed document built through the library, shared by the publish-area tests.

Import it as `tests.export.sample`.
"""

from __future__ import annotations

from pathlib import Path

from workbench import review
from workbench.glossary.terms import Term
from workbench.importing.paths import import_file
from workbench.storage import drafts, open_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store

ARTICLE = """# 英伟达的“回马枪”

12月8日，特朗普宣布允许英伟达出售H200芯片。华为的昇腾芯片仍在追赶。

- 发改委召集腾讯开会。
- 国泰海通发布研报。

> 我们注意到有关报道。

```
code stays as is
```

这段话提到了<script>alert(1)</script>标签。
"""

# position → (draft, engine, model); the last segment (7) stays undrafted unless asked.
DRAFTS = {
    1: ("Nvidia's \"comeback\"", "llm", "model-a"),
    2: ("On December 8, Trump announced Nvidia may sell H200 chips.", "llm", "model-a"),
    3: ("Huawei's Ascend chips are still catching up.", "llm", "model-b"),
    4: ("The NDRC summoned Tencent to a meeting.", "llm", "model-b"),
    5: ("Guotai Haitong released a research report.", "llm", "model-a"),
    6: ("We have noticed the reports.", "tm", None),
    7: ("This passage mentions a <script>alert(1)</script> tag.", "llm", "model-b"),
}

# position → corrected target (None: accepted unchanged)
REVIEWS = {
    1: "Nvidia's about-face",
    2: None,
    3: "Huawei's Ascend chips are still playing catch-up.",
    4: "The National Development and Reform Commission summoned Tencent to a meeting.",
    5: None,
    6: None,
    7: None,
}

TERMS = [
    Term("英伟达", "Nvidia", variants=["NVIDIA"]),
    Term("华为", "Huawei"),
    Term("昇腾", "Ascend"),
    Term("发改委", "National Development and Reform Commission"),
    Term("腾讯", "Tencent"),
    Term("国泰海通", "Guotai Haitong"),
]


def build(tmp_path: Path, *, reviewed: tuple[int, ...] | None = None, drafted: tuple[int, ...] | None = None,
          flag: dict[int, str] | None = None, reviewer: str = "alice"):
    """Create db + article in tmp_path; draft `drafted` (default all), review `reviewed` (default all),
    flag `flag` {position: note}. Returns (store, document id)."""
    store = open_store(tmp_path / "work.db")
    term_store.upsert(store, TERMS)
    source = tmp_path / "article.md"
    source.write_text(ARTICLE, encoding="utf-8")
    doc_id = import_file(store, source).document_id
    rows = {r["position"]: r for r in seg_store.for_document(store, doc_id)}
    assert len(rows) == len(DRAFTS), [r["source"] for r in rows.values()]
    for pos in (DRAFTS if drafted is None else drafted):
        text, engine, model = DRAFTS[pos]
        drafts.add(store, rows[pos]["id"], engine=engine, model=model, text=text)
    for pos in (REVIEWS if reviewed is None else reviewed):
        review.accept(store, doc_id, pos, text=REVIEWS[pos], reviewer=reviewer, force=True)
    for pos, note in (flag or {}).items():
        review.flag(store, doc_id, pos, note=note, reviewer=reviewer)
    return store, doc_id

FINAL_TITLE = "Nvidia's about-face"
