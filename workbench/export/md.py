"""The publishable English article: the source's Markdown structure rebuilt around the translations
(workbench.documents.rebuild: block prefixes, blank lines and raw blocks kept; a paragraph's English
sentences joined with one space)."""

from __future__ import annotations

from workbench.export import REVIEWED, Exporter, ExportJob, marked, register


@register
class MarkdownExporter(Exporter):
    name = "md"
    suffix = ".md"
    description = "the publishable English article, Markdown structure kept"
    needs_review = True

    def render(self, job: ExportJob) -> str:
        from workbench.documents import rebuild

        head = []
        if job.credit:
            head.append(f"*{job.credit_line()}*\n\n")
        waiting = [r for r in job.rows if r["status"] not in REVIEWED]
        if waiting:
            head.append(f"> **Not publishable yet:** {len(waiting)} of {len(job.rows)} segments are not reviewed; "
                        "they are marked [draft], [flagged] or [untranslated].\n\n")
        texts = {r["position"]: marked(r) for r in job.rows}
        return "".join(head) + rebuild(job.store, job.document["id"], texts)
