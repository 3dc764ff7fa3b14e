"""The publishable English article: the source's Markdown structure rebuilt around the translations.

Like workbench.documents.rebuild (block prefixes, blank lines and raw blocks kept), except that a
paragraph's English sentences are always joined with one space: rebuild() runs Chinese sentences on,
and an English sentence that keeps a Chinese name (心智观察所) must not be glued to its neighbour.
"""

from __future__ import annotations

from collections import defaultdict

from workbench.export import REVIEWED, Exporter, ExportJob, marked, register


def rebuild_english(paragraphs: list[dict], rows: list[dict], texts: dict[int, str]) -> str:
    by_paragraph: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        text = (texts.get(row["position"]) or "").strip()
        if text:
            by_paragraph[row["paragraph"]].append(text)
    if not paragraphs:  # a document stored without its block structure: one paragraph per source paragraph
        paragraphs = [{"position": n, "prefix": "", "gap": "\n\n" if i else "", "raw": None}
                      for i, n in enumerate(sorted({r["paragraph"] for r in rows}))]
    out: list[str] = []
    for para in paragraphs:
        out.append(para["gap"])
        out.append(para["raw"] if para["raw"] is not None else para["prefix"] + " ".join(by_paragraph[para["position"]]))
    return "".join(out).rstrip("\n") + "\n"


@register
class MarkdownExporter(Exporter):
    name = "md"
    suffix = ".md"
    description = "the publishable English article, Markdown structure kept"
    needs_review = True

    def render(self, job: ExportJob) -> str:
        head = []
        if job.credit:
            head.append(f"*{job.credit_line()}*\n\n")
        waiting = [r for r in job.rows if r["status"] not in REVIEWED]
        if waiting:
            head.append(f"> **Not publishable yet:** {len(waiting)} of {len(job.rows)} segments are not reviewed; "
                        "they are marked [draft], [flagged] or [untranslated].\n\n")
        texts = {r["position"]: marked(r) for r in job.rows}
        return "".join(head) + rebuild_english(job.paragraphs, job.rows, texts)
