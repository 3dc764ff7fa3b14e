"""The publishable English article: the source's Markdown structure rebuilt around the translations.

Block prefixes, blank lines and raw blocks come back as in the source (workbench.export.assemble);
a paragraph's English sentences are joined with one space.
"""

from __future__ import annotations

from workbench.export.assemble import assemble, markdown_safe
from workbench.export.base import Exporter, ExportJob, marked


def rebuild_english(paragraphs: list[dict], rows: list[dict], texts: dict[int, str]) -> str:
    return assemble(paragraphs, rows, texts, " ".join, markdown_safe)


class MarkdownExporter(Exporter):
    name = "md"
    suffix = ".md"
    description = "the publishable English article, Markdown structure kept"
    needs_review = True

    def render(self, job: ExportJob) -> str:
        head = []
        if job.credit:
            head.append(f"*{job.credit_line()}*\n\n")
        waiting = job.unreviewed
        if waiting:
            head.append(f"> **Not publishable yet:** {len(waiting)} of {len(job.rows)} segments are not reviewed; "
                        "they are marked [draft], [flagged] or [untranslated].\n\n")
        texts = {r["position"]: marked(r) for r in job.rows}
        return "".join(head) + rebuild_english(job.paragraphs, job.rows, texts)
