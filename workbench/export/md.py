"""The publishable English article: the source's Markdown structure rebuilt around the translations.

Block prefixes, blank lines and raw blocks come back as in the source (workbench.export.assemble);
a paragraph's English sentences are joined with one space, written as the segments stream by. Left-out
text is cut (a run of it is one ellipsis paragraph, workbench.export.excerpt); the editor's notes are
footnotes at the end.
"""

from __future__ import annotations

from typing import Iterator

from workbench.export import excerpt
from workbench.export.assemble import assemble_chunks, markdown_safe, render
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
            head.append(f"> **Not publishable yet:** {waiting} of {len(job.published)} segments are not reviewed; "
                        "they are marked [draft], [flagged] or [untranslated].\n\n")
        yield "".join(head)
        if not job.excerpted:
            yield from batched_text(assemble_chunks(job.paragraphs, job.rows, marked, " ".join, markdown_safe))
            return
        # An excerpt (cut or annotated by the editor) streams too: its ellipsis blocks and footnote
        # references are made as the blocks pass; the footnotes (bounded by the notes) come at the end.
        footnotes: list[tuple[int, str]] = []
        blocks = excerpt.blocks(job.paragraphs, job.rows, marked, job.notes, ellipsis=job.ellipsis, footnotes=footnotes)
        yield from batched_text(render(blocks, " ".join, markdown_safe))
        if footnotes:
            yield "\n" + excerpt.footnote_lines(footnotes)
