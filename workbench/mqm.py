"""The MQM vocabulary, in one place: the error categories and severities an assessor (a model) and a
reviewer use alike, the default penalty points, and the typed span that travels between layers.

The typology is fixed (the names are what the CLI, the JSON and the exports say); MQM as used by the
WMT professional annotations, reduced to the categories a zh→en news reviewer tells apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import WorkbenchError

CATEGORIES = (
    "accuracy/mistranslation",
    "accuracy/omission",
    "accuracy/addition",
    "accuracy/untranslated",
    "terminology",
    "fluency/grammar",
    "fluency/punctuation",
    "fluency/spelling",
    "style",
    "other",
)
SEVERITIES = ("minor", "major", "critical")
PENALTIES = {"minor": 1.0, "major": 5.0, "critical": 25.0}  # workbench.toml [mqm] may change them

OMISSION = "accuracy/omission"  # the one category whose span is in the SOURCE (what was left out)

# Where a span came from, and what the reviewer said of a model's span.
MODEL, REVIEWER = "model", "reviewer"
CONFIRMED, DISMISSED = "confirmed", "dismissed"


def side(category: str) -> str:
    """The text a span of this category is taken from: "source" for an omission, else "target"."""
    return "source" if category == OMISSION else "target"


def require_category(category: str) -> str:
    if category not in CATEGORIES:
        raise WorkbenchError(f"unknown MQM category {category!r}: one of {', '.join(CATEGORIES)}")
    return category


def require_severity(severity: str) -> str:
    if severity not in SEVERITIES:
        raise WorkbenchError(f"unknown MQM severity {severity!r}: one of {', '.join(SEVERITIES)}")
    return severity


@dataclass(frozen=True, slots=True)
class Span:
    """One error span on one draft: a model's (origin "model", `by` the assessor model) or the
    reviewer's own (origin "reviewer", `by` the reviewer). `text` is the span's words, found verbatim in
    the source (omission) or in the text that was annotated; `verdict` is the reviewer's word on a
    model's span (None: not judged yet)."""

    id: int
    segment_id: int
    draft_id: int
    origin: str
    by: str | None
    text: str
    category: str
    severity: str
    explanation: str = ""
    verdict: str | None = None
    annotated: str | None = None  # the text the span was marked in (target or draft) when not the draft

    @property
    def side(self) -> str:
        return side(self.category)

    @property
    def counts(self) -> bool:
        """Whether the span counts as an error in the score: confirmed, or the reviewer's own."""
        return self.origin == REVIEWER or self.verdict == CONFIRMED

    def to_dict(self) -> dict:
        return {"id": self.id, "span": self.text, "category": self.category, "severity": self.severity,
                "explanation": self.explanation, "origin": self.origin, "by": self.by, "verdict": self.verdict,
                "side": self.side}
