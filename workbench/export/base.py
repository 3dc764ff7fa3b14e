"""What every export format shares: the document loaded once (`ExportJob`), the `Exporter` base each
format subclasses, and the small text helpers (marks for unreviewed segments, XML-safe text, TMX dates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from workbench import qa
from workbench.encodings import writable
from workbench.glossary.terms import Matcher
from workbench.rows import current_text
from workbench.statuses import REPETITION, REVIEWED
from workbench.storage import Store, reporting
from workbench.storage import origins as origin_store


@dataclass
class ExportJob:
    """One document loaded for export: its segments with their current state, and its block structure."""

    store: Store
    document: dict
    rows: list[dict]
    paragraphs: list[dict]
    status: str = "reviewed"
    credit: bool = False
    terms: list = field(default_factory=list)

    @cached_property
    def origins(self) -> dict[int, dict]:
        """Position → where the segment stands in the XLIFF file it was imported from ({} otherwise)."""
        return origin_store.for_document(self.store, self.document["id"])

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.terms)

    @cached_property
    def issues(self) -> dict[int, list]:
        """QA issues of the current texts by position."""
        return qa.check_document(self.rows, self.matcher)

    @property
    def unreviewed(self) -> list[dict]:
        return [r for r in self.rows if r["status"] not in REVIEWED]

    def credit_line(self) -> str:
        """'Translated by <models>, verified by <reviewers>' from the drafts and reviews behind the texts."""
        models: list[str] = []
        by_position = {p["position"]: p for p in reporting.reviewed_pairs(self.store, self.document["id"])}
        for row in self.rows:
            source = by_position.get(row["position"], row)
            if source.get("draft") is None or source.get("engine") == REPETITION:
                continue
            name = source.get("model") or source.get("engine")
            if name and name not in models:
                models.append(name)
        people = [p for p in reporting.reviewers(self.store, self.document["id"]) if p.strip()]
        translated = ", ".join(models) or "nobody (no drafts)"
        # decisions saved without a reviewer name (none configured) were still made by a person
        unnamed = "an unnamed reviewer" if any(r["status"] in REVIEWED for r in self.rows) else "nobody yet"
        verified = ", ".join(people) or unnamed
        return f"Translated by {translated}, verified by {verified}."


class Exporter:
    """One export format. Subclasses set `name`, `suffix`, `description` and implement `render`."""

    name = ""
    suffix = ""
    description = ""
    needs_review = False  # True: refuse unreviewed segments unless status == "all"
    binary = False  # True: render returns bytes (a Word file), written only to a file

    def render(self, job: ExportJob) -> str | bytes:
        raise NotImplementedError


def marked(row: dict) -> str:
    """The text an export shows for a segment, with a visible mark when nobody has reviewed it."""
    text = current_text(row)
    status = row["status"]
    if status in REVIEWED:
        return text or ""
    if text is None:
        return f"[untranslated] {row['source']}"
    return f"[{'flagged' if status == 'flagged' else 'draft'}] {text}"


def xml_safe(text: str | None) -> str:
    """Text XML 1.0 can carry: a control character (never meaningful in a translation) becomes U+FFFD."""
    return writable(text or "")


def tmx_date(stamp: str | None) -> str | None:
    """Our ISO timestamps → the TMX/ISO 8601 basic form YYYYMMDDThhmmssZ (UTC)."""
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp).astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")
