"""The publishable English article: the source's Markdown structure rebuilt around the translations.

Block prefixes, blank lines and raw blocks come back as in the source (workbench.export.assemble);
a paragraph's English sentences are joined with one space, written as the segments stream by. Left-out
text is cut (a run of it is one ellipsis paragraph, workbench.export.excerpt); the editor's notes are
footnotes at the end.
"""

from __future__ import annotations

from typing import Iterator

from workbench.export.assemble import assemble, assemble_chunks, markdown_safe
from workbench.export.base import Exporter, ExportJob, batched_text, marked
from workbench.export.excerpt import cut, footnote_lines


def rebuild_english(paragraphs: list[dict], rows: list[dict], texts: dict[int, str]) -> str:
    return assemble(paragraphs, rows, texts, " ".join, markdown_safe)


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
        # An excerpt (cut or annotated by the editor) is an article someone edits, not a corpus: it is
        # rebuilt whole, with its ellipses and footnotes (bounded by the document, not streamed).
        rows = list(job.rows)
        texts = {r["position"]: marked(r) for r in job.published}
        excerpt = cut(list(job.paragraphs), rows, texts, job.notes, ellipsis=job.ellipsis)
        yield rebuild_english(excerpt.paragraphs, rows, excerpt.texts)
        notes = footnote_lines(excerpt.footnotes)
        if notes:
            yield "\n" + notes
