"""Rebuilding a document around its target texts: the stored block structure (prefixes, gaps, raw
blocks) with each paragraph's sentences put back in."""

from __future__ import annotations


def assemble(paragraphs: list[dict], rows: list[dict], texts: dict[int, str], join) -> str:
    """Put sentence texts back into the block structure: `join` makes one paragraph of its sentences
    (Chinese run on; an English export joins with one space, since an English sentence may keep a
    Chinese name and must not be glued to its neighbour)."""
    by_paragraph: dict[int, list[str]] = {}
    for row in rows:
        text = (texts.get(row["position"]) or "").strip()
        if text:
            by_paragraph.setdefault(row["paragraph"], []).append(text)
    if not paragraphs:  # a document stored without its block structure (CAT import): one block each
        paragraphs = [{"position": n, "prefix": "", "gap": "\n\n" if i else "", "raw": None}
                      for i, n in enumerate(sorted({r["paragraph"] for r in rows}))]
    out: list[str] = []
    for para in paragraphs:
        out.append(para["gap"])
        if para["raw"] is not None:
            out.append(para["raw"])
        else:
            out.append(para["prefix"] + join(by_paragraph.get(para["position"], [])))
    return "".join(out).rstrip("\n") + "\n"
