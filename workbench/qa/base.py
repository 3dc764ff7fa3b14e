"""The Issue every check returns, and the helpers checks share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.segment import CJK_RANGES

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """One problem in a target: `span` is [start, end) in the TARGET, (0, 0) when not locatable."""

    code: str
    severity: str  # "error" | "warning" | "info"
    span: tuple[int, int]
    message: str
    model: str | None = None  # a model's finding (an MQM assessment), not a rule's: the model that found it

    def to_dict(self) -> dict:
        out = {"code": self.code, "severity": self.severity, "message": self.message, "span": list(self.span)}
        if self.model is not None:
            out["model_finding"] = True
            out["model"] = self.model
        return out


# Runs of CJK ideographs, the characters "untranslated" looks for.
CJK = re.compile(f"[{CJK_RANGES}]+")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)
