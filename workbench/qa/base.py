"""The Issue every check returns, and the helpers checks share."""

from __future__ import annotations

import re
from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """One problem in a target: `span` is [start, end) in the TARGET, (0, 0) when not locatable."""

    code: str
    severity: str  # "error" | "warning" | "info"
    span: tuple[int, int]
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message, "span": list(self.span)}


# CJK ideographs (BMP blocks and the supplementary planes), the characters "untranslated" looks for.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)
