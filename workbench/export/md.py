"""The publishable English article: the source's Markdown structure rebuilt around the translations."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from workbench.export import REVIEWED, Exporter, ExportJob, marked, register


def rebuild(paragraphs: list[dict], rows: list[dict], text_of: Callable[[dict], str]) -> str:
    """Headings, list items, quotes and paragraphs keep their prefix and the blank lines between them;
    code, tables, rules and images come back untouched. A paragraph's English sentences are joined with
    one space. Documents without stored paragraphs (older imports) get one paragraph per segment."""
    by_paragraph: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_paragraph[row["paragraph"]].append(row)
    if not paragraphs:
        paragraphs = [{"position": n, "kind": "paragraph", "prefix": "", "gap": "" if i == 0 else "\n\n", "raw": None}
                      for i, n in enumerate(sorted(by_paragraph))]
    out: list[str] = []
    for para in paragraphs:
        out.append(para["gap"])
        if para["raw"] is not None:
            out.append(para["raw"])
            continue
        sentences = [text_of(r).strip() for r in by_paragraph.get(para["position"], [])]
        out.append(para["prefix"] + " ".join(s for s in sentences if s))
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
        return "".join(head) + rebuild(job.paragraphs, job.rows, marked)
