"""The publishable English article: the source's Markdown structure rebuilt around the translations.

Block prefixes, blank lines and raw blocks come back as in the source (workbench.export.assemble);
a paragraph's English sentences are joined with one space. Left-out text is cut (a run of it is one
ellipsis paragraph, workbench.export.excerpt); the editor's notes are footnotes at the end.
"""

from __future__ import annotations

from workbench.export.assemble import assemble
from workbench.export.base import Exporter, ExportJob, marked
from workbench.export.excerpt import cut, footnote_lines


def rebuild_english(paragraphs: list[dict], rows: list[dict], texts: dict[int, str]) -> str:
    return assemble(paragraphs, rows, texts, " ".join)


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
            head.append(f"> **Not publishable yet:** {len(waiting)} of {len(job.published)} segments are not reviewed; "
                        "they are marked [draft], [flagged] or [untranslated].\n\n")
        texts = {r["position"]: marked(r) for r in job.published}
        excerpt = cut(job.paragraphs, job.rows, texts, job.notes, ellipsis=job.ellipsis)
        body = rebuild_english(excerpt.paragraphs, job.rows, excerpt.texts)
        notes = footnote_lines(excerpt.footnotes)
        return "".join(head) + body + ("\n" + notes if notes else "")
