"""The per-segment QA issues of texts nobody keeps results for by segment — the models' drafts a
reviewer then changed — kept by content (migration "text issues"), so `report` checks a draft once,
not on every call.

A row holds the issues as JSON under a key the caller makes from the source, the text, the glossary
version and the checks version (workbench.verify.kept_issues): a changed glossary or new checks make
new keys, so nothing needs invalidating.
"""

from __future__ import annotations

from workbench.storage.keyed import KeyedTable

_TABLE = KeyedTable("text_issues", "key", "issues")

issues_of = _TABLE.values_of  # {key: issues JSON} of the keys held
keep = _TABLE.keep  # store (key, issues JSON) rows; a key held already keeps its row
count = _TABLE.count  # how many texts have kept issues
