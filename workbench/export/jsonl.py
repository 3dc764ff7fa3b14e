"""JSON Lines: one object per segment with every stored field, for scripts and spreadsheets."""

from __future__ import annotations

import json

from workbench.export.base import Exporter, ExportJob
from workbench.rows import current_text
from workbench.storage import drafts as draft_store

FIELDS = ("position", "paragraph", "status", "source", "draft", "target", "text", "engine", "model", "draft_id",
          "draft_error", "reviewer", "revision", "note", "updated_at", "tokens", "excluded")
USAGE_FIELDS = ("prompt_tokens", "completion_tokens", "cost", "drafted_at")  # of the current draft


class JsonlExporter(Exporter):
    name = "jsonl"
    suffix = ".jsonl"
    description = "one JSON object per segment with every field"

    def render(self, job: ExportJob) -> str:
        issues = job.issues
        usage = draft_store.usage(job.store, [r["draft_id"] for r in job.rows if r.get("draft_id")])
        no_draft = dict.fromkeys(USAGE_FIELDS)
        lines = []
        for row in job.rows:
            item = {"document_id": job.document["id"], "document": job.document["title"]}
            for key in FIELDS:
                item[key] = current_text(row) if key == "text" else row.get(key)
            item.update(usage.get(row.get("draft_id"), no_draft))
            item["editor_note"] = job.notes.get(row["position"], {}).get("text")
            item["terms"] = [h.to_dict() for h in job.matcher.find(row["source"])]
            item["qa"] = [i.to_dict() for i in issues.get(row["position"], [])]
            lines.append(json.dumps(item, ensure_ascii=False))
        return "\n".join(lines) + "\n"
