"""Bilingual TSV files (chinese<TAB>english per line): each line a segment with its English as a draft."""

from __future__ import annotations

import re
from typing import Iterator

from workbench import segment
from workbench.errors import WorkbenchError
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.common import ImportResult, already_imported, file_meta, non_empty
from workbench.importing.reading import Probe, lines
from workbench.storage import Store
from workbench.storage import alternatives as alt_store
from workbench.storage import documents as doc_store
from workbench.storage import segments as seg_store
from workbench.storage.alternatives import NewAlternative
from workbench.storage.documents import NewParagraph, NewSegment


def import_bilingual(store: Store, pr: Probe, *, title: str | None = None) -> ImportResult:
    """Import a probed bilingual TSV as a new document whose English lines are the drafts."""
    existing = already_imported(store, pr.path, pr.sha256)
    if existing:
        return existing
    prepare_tokenizer(store)
    doc_title = title or pr.path.stem
    doc_id, count = doc_store.create(
        store, title=doc_title, source_path=str(pr.path), sha256=pr.sha256, encoding=pr.encoding,
        fmt="tsv-bilingual", segments=non_empty(_bilingual_records(pr), pr.path),
        meta=file_meta(pr.path, pr.size),
    )
    return ImportResult(pr.path, doc_id, count, False, doc_title)


_HEADER_ZH = {"source", "zh", "zh-cn", "chinese", "中文", "原文"}


_HEADER_EN = {"target", "en", "english", "英文", "译文"}


def _bilingual_records(pr: Probe) -> Iterator[NewSegment | NewParagraph]:
    for number, (_, zh, en) in enumerate(_pairs(pr), 1):
        yield NewParagraph(number, "paragraph", "", "" if number == 1 else "\n")
        yield NewSegment(paragraph=number, source=zh, tokens=segment.tokens(zh), draft=en)


def _pairs(pr: Probe) -> Iterator[tuple[int, str, str]]:
    """(line number, Chinese, English) of every line with text, a header row left out."""
    number = 0
    for line_no, line in enumerate(lines(pr), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            raise WorkbenchError(f"{pr.path}:{line_no}: expected chinese<TAB>english, found no tab")
        columns = line.split("\t")
        if any(c.strip() for c in columns[2:]):  # silently dropping a note or a score would lose data
            raise WorkbenchError(f"{pr.path}:{line_no}: {len(columns)} columns; expected exactly chinese<TAB>english "
                                 "(a tab inside the English? remove the extra columns)")
        zh, en = columns[0].strip(), columns[1].strip()
        if not zh or not en:
            side = "Chinese" if not zh else "English"
            raise WorkbenchError(f"{pr.path}:{line_no}: the {side} side is empty")
        if number == 0 and zh.lower() in _HEADER_ZH and en.lower() in _HEADER_EN:
            continue  # a header row naming the columns
        number += 1
        yield line_no, zh, en


def add_alternatives(store: Store, pr: Probe, document: dict, *, engine: str, model: str | None = None) -> dict:
    """Attach line k's English as an alternative draft of segment k of `document`. The file must have
    as many lines as the document has segments, and each line's Chinese must be that segment's source
    (whitespace aside); otherwise nothing is stored and the first offending line is named. Adding the
    same file again stores nothing twice."""
    if not engine.strip():
        raise WorkbenchError("--engine names where the English came from (a model, a translator): it is empty")
    rows = seg_store.for_document(store, document["id"])
    pairs = list(_pairs(pr))
    for (line_no, zh, _), row in zip(pairs, rows):
        if _bare(zh) != _bare(row.source):
            raise WorkbenchError(f"{pr.path}:{line_no}: the Chinese is not segment {row.position}'s source "
                                 f"(expected {_clip(row.source)!r}, found {_clip(zh)!r}); nothing added")
    if len(pairs) != len(rows):
        line = pairs[len(rows)][0] if len(pairs) > len(rows) else (pairs[-1][0] if pairs else 0)
        raise WorkbenchError(f"{pr.path}:{line}: the file has {len(pairs)} lines of text and document "
                             f"{document['id']} has {len(rows)} segments; they must match line for segment; nothing added")
    added = alt_store.add(store, [NewAlternative(row.id, engine.strip(), model, en, meta={"file": pr.path.name})
                                  for (_, _, en), row in zip(pairs, rows)])
    return {"document": document["id"], "engine": engine.strip(), "model": model, "lines": len(pairs),
            "added": added, "already_there": len(pairs) - added}


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
