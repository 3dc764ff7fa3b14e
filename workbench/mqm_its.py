"""MQM spans as ITS 2.0 Localization Quality Issues, both ways (what XLIFF 2 exports and imports carry).

Each span is a pair of XLIFF 2 markers around its words, `<sm id type="its:generic"
its:locQualityIssueType its:locQualityIssueSeverity its:locQualityIssueComment/>` … `<em startRef/>`
(start/end markers, so spans may overlap), in the <target> (or the draft's <mtc:match> target) — in the
<source> for an omission. ITS has no MQM categories: the mapping below is one to one, so a round trip
keeps them. Who marked a span rides on ITS Provenance: `its:tool` (a model's span), `its:person` (the
reviewer's own), `its:revPerson` (a model's span the reviewer confirmed); a dismissed span has
`its:locQualityIssueEnabled="no"`. A span from another tool without provenance is the reviewer's own.
"""

from __future__ import annotations

ITS_NS = "http://www.w3.org/2005/11/its"

TO_ITS = {
    "accuracy/mistranslation": "mistranslation",
    "accuracy/omission": "omission",
    "accuracy/addition": "addition",
    "accuracy/untranslated": "untranslated",
    "terminology": "terminology",
    "fluency/grammar": "grammar",
    "fluency/punctuation": "typographical",
    "fluency/spelling": "misspelling",
    "style": "style",
    "other": "other",
}
FROM_ITS = {v: k for k, v in TO_ITS.items()}
SEVERITY_TO_ITS = {"minor": "25", "major": "60", "critical": "100"}  # ITS severity: 0 (none) … 100 (worst)


def its(name: str) -> str:
    return f"{{{ITS_NS}}}{name}"


def severity_from_its(value: str | None) -> str:
    """minor below 50, major below 90, critical from 90 (a missing or unreadable severity: minor)."""
    try:
        number = float(value or 0)
    except ValueError:
        number = 0.0
    return "critical" if number >= 90 else ("major" if number >= 50 else "minor")


def category_from_its(value: str | None) -> str:
    return FROM_ITS.get(value or "", "other")
