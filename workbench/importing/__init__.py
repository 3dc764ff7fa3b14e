"""Importing: a file (text, Markdown, bilingual TSV, XLIFF, TMX) becomes a document of paragraphs and
segments in the store. `paths.import_file` is the one entry point; `paths.import_paths` imports many."""
