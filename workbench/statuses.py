"""The status and engine vocabulary, in one place: what a segment's status can be, which statuses
mean a person has decided, and the names of the engines the workbench itself writes drafts as."""

from __future__ import annotations

# Segment statuses (XLIFF 2.0 states plus flagged), in workflow order.
STATUSES = ("initial", "translated", "reviewed", "final", "flagged")
REVIEWED = ("reviewed", "final")  # a person accepted or corrected the target
DECIDED = (*REVIEWED, "flagged")  # a person's decision stands; below it, the draft speaks
NEEDS_REVIEW = ("initial", "translated")  # nobody has decided yet (initial: no draft, or the draft failed)

# Engines the workbench itself records drafts as (model engines are named by configuration).
REPETITION = "repetition"  # a reviewer's target copied to an identical source sentence
TM = "tm"  # an exact match from the translation memory
IMPORTED = "imported"  # a draft that came in with an XLIFF or TMX file
