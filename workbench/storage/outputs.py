"""What output files must not replace (the imported sources) and which files workbench wrote."""

from __future__ import annotations

import json
import os

from workbench.storage.db import Store, now


def sources(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """The files documents were imported from: {real path: description}, {sha256: description}.

    A stored relative path is resolved against the current folder, and the path resolved at import
    (meta "path") is used too, so a later run from another folder still recognises the file."""
    by_path: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for row in store.query("SELECT id, title, source_path, source_sha256, meta FROM documents ORDER BY id"):
        what = f"document {row['id']} ({row['title']!r})"
        by_hash.setdefault(row["source_sha256"], what)
        paths = [row["source_path"]]
        try:
            paths.append(json.loads(row["meta"] or "{}").get("path"))
        except (ValueError, AttributeError):
            pass
        for p in paths:
            if p:
                by_path.setdefault(os.path.realpath(p), what)
    return by_path, by_hash


def written(store: Store, path: str) -> str | None:
    """The sha256 of what workbench last wrote at PATH (a real path), if it wrote there."""
    row = store.one("SELECT sha256 FROM outputs WHERE path = ?", (path,))
    return row["sha256"] if row else None


def record(store: Store, path: str, sha256: str) -> None:
    with store.transaction():
        store.execute("INSERT INTO outputs (path, sha256, written_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, written_at = excluded.written_at",
                      (path, sha256, now()))
