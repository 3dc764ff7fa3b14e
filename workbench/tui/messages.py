"""Messages posted by workers to the review screen (workers never touch widgets).

Textual's Message initialises itself in __post_init__, so these are plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class Redrafted(Message):
    """A redraft of one segment finished (error is the reason when it did not)."""

    position: int
    error: str | None = None


@dataclass
class TermAdded(Message):
    """A glossary term the reviewer added was saved (error is the reason when it was not)."""

    source: str
    target: str
    error: str | None = None


@dataclass
class IssuesCounted(Message):
    """QA of every segment finished in the background; the issues filter can be applied."""

    with_issues: int


@dataclass
class StatesLoaded(Message):
    """Every segment's (position, status, draft failed), read in the background after opening."""

    states: list


@dataclass
class AlternativesLoaded(Message):
    """The document's alternative drafts (segment id → [{"engine", "model", "text"}]), read in the background."""

    alternatives: dict


@dataclass
class RisksComputed(Message):
    """Every segment's risk (position → SegmentRisk), computed in the background from the texts as they
    stood at `version` (see ReviewSession.risk_version); error says why there is none."""

    risks: dict | None
    version: int
    error: str | None = None


@dataclass
class MatchesFound(Message):
    """The translation memory's best matches for the segment at `position`, found in the background."""

    position: int
    matches: list
    error: str | None = None


@dataclass
class ConcordanceFound(Message):
    """A concordance search finished in the background (result, or the error's one line)."""

    result: object
    error: str | None = None
