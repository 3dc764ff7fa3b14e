"""Settings from flags, environment and an optional workbench.toml, in that order of precedence."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = Path("db") / "workbench.db"


def db_path(flag: str | os.PathLike | None = None) -> Path:
    """The database to use: --db, then WORKBENCH_DB, then db/workbench.db."""
    if flag:
        return Path(flag)
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env)
    return DEFAULT_DB


def load_toml(path: Path | None = None) -> dict:
    """Read workbench.toml (current folder, or WORKBENCH_CONFIG) if there is one."""
    path = path or Path(os.environ.get("WORKBENCH_CONFIG", "workbench.toml"))
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        try:
            return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            from workbench.errors import WorkbenchError

            raise WorkbenchError(f"{path}: not valid TOML ({exc})") from None


@dataclass
class SegmentationSettings:
    """How paragraphs are cut into sentences."""

    break_on_semicolon: bool = False


@dataclass
class Settings:
    segmentation: SegmentationSettings = field(default_factory=SegmentationSettings)
    raw: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        raw = load_toml(path)
        seg = raw.get("segmentation", {})
        return cls(
            segmentation=SegmentationSettings(break_on_semicolon=bool(seg.get("break_on_semicolon", False))),
            raw=raw,
        )
