"""A saved web page: its main text through trafilatura (title, byline, headings, paragraphs, lists,
links and emphasis as Markdown; navigation, ads, footers and scripts dropped), then the Markdown path."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import trafilatura

from workbench.config import Settings
from workbench.errors import WorkbenchError
from workbench.glossary.manage import prepare_tokenizer
from workbench.importing.common import ImportResult, already_imported, file_meta, refuse_controls
from workbench.importing.markdown import markdown_blocks
from workbench.importing.text import store_blocks
from workbench.segment import CJK
from workbench.storage import Store


def import_page(store: Store, path: Path, *, settings: Settings, title: str | None = None) -> ImportResult:
    data = _read(path)
    sha256 = hashlib.sha256(data).hexdigest()
    existing = already_imported(store, path, sha256)
    if existing:
        return existing
    text = trafilatura.extract(data, output_format="markdown", include_formatting=True, include_links=True,
                               include_tables=True, include_comments=False, favor_precision=True)
    if not text or (len(CJK.findall(text)) < 20 and not re.search("[。！？]", text)):  # a menu, not an article
        raise WorkbenchError(f"{path}: no main text found in the page (only navigation, ads or boilerplate); "
                             "save the article itself, or copy its text into a .md file")
    found = trafilatura.extract_metadata(data)
    meta = file_meta(path, len(data))
    for key in ("title", "author", "sitename", "url"):
        value = getattr(found, key, None) if found is not None else None
        if value:
            meta["byline" if key == "author" else key] = _BYLINE_LABEL.sub("", value) if key == "author" else value
    refuse_controls(path, text, *(str(v) for v in meta.values()))
    prepare_tokenizer(store)
    return store_blocks(store, path, markdown_blocks(text), sha256=sha256, encoding="html", fmt="html", meta=meta,
                        title=title or meta.get("title") or path.stem, settings=settings)


# "作者：心智观察所", "文/记者 张三": the label before the name is not part of the byline.
_BYLINE_LABEL = re.compile(r"^\s*(?:作者|文|记者|撰文|编辑)\s*[：:/／]\s*(?:记者\s*)?")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot read ({exc.strerror})") from None
