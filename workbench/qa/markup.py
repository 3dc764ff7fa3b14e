"""Inline markup of the source kept in the target: a link, emphasis, inline code or an HTML tag of the
source missing in the target (`markup-lost`) or changed — a link pointing elsewhere, other code, another
tag (`markup-altered`). Markup only in the target (a link the editor added) is not reported."""

from __future__ import annotations

from workbench import markup
from workbench.glossary.terms import Hit
from workbench.qa.base import Issue

_NAMES = {"strong": "bold", "em": "italics", "s": "strikethrough", "link": "link", "code": "inline code",
          "html": "HTML tag", "image": "image", "autolink": "link", "tag": "inline code of the XLIFF file"}


def check_markup(source: str, target: str, hits: list[Hit]) -> list[Issue]:
    wanted = markup.inventory(source)
    if not wanted:
        return []
    found = markup.spans(target)
    have = [(s.kind, s.key, (s.start, found[s.pair].end if s.role == "open" and s.pair >= 0 else s.end))
            for s in found if s.role != "close"]
    missing = []
    for kind, key in wanted:
        match = next((h for h in have if h[0] == kind and h[1] == key), None)
        if match:
            have.remove(match)
        else:
            missing.append((kind, key))
    issues = []
    for kind, key in missing:
        other = next((h for h in have if h[0] == kind), None)
        if other:
            have.remove(other)
            issues.append(Issue("markup-altered", "error", other[2],
                                f"{_NAMES[kind]} changed: the source has {_shown(kind, key)}, the target {_shown(kind, other[1])}"))
        else:
            issues.append(Issue("markup-lost", "error", (0, 0), f"{_NAMES[kind]} of the source missing in the target"
                                + (f" ({_shown(kind, key)})" if key else "")))
    return issues


def _shown(kind: str, key: str) -> str:
    return repr(key if len(key) <= 60 else key[:59] + "…")
