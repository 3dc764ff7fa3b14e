"""The publishable English article: the source's Markdown structure rebuilt around the translations.

Block prefixes, blank lines and raw blocks come back as in the source (workbench.export.assemble);
a paragraph's English sentences are joined with one space. Written as the segments stream by.
"""

from __future__ import annotations

from typing import Iterator

from workbench.export.assemble import assemble_chunks
from workbench.export.base import Exporter, ExportJob, batched_text, marked


class MarkdownExporter(Exporter):
    name = "md"
    suffix = ".md"
    description = "the publishable English article, Markdown structure kept"
    needs_review = True

    def chunks(self, job: ExportJob) -> Iterator[str]:
        head = []
        if job.credit:
            head.append(f"*{job.credit_line()}*\n\n")
        waiting, _ = job.waiting
        if waiting:
            head.append(f"> **Not publishable yet:** {waiting} of {len(job.rows)} segments are not reviewed; "
                        "they are marked [draft], [flagged] or [untranslated].\n\n")
        yield "".join(head)
        yield from batched_text(assemble_chunks(job.paragraphs, job.rows, marked, " ".join))
