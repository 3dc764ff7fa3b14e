"""Drafting: English drafts from an OpenAI-compatible endpoint, batched, validated, cached, resumable.

`run.draft_documents` drafts whole documents; `run.redraft_one` is the synchronous call the
review TUI makes from a worker thread for the segment under the cursor.
"""
