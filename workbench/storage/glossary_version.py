"""The glossary's version: a counter every change to a term bumps (triggers on the terms table, so
every process's change counts), and a random stamp renewed with it. Caches built from the glossary
(workbench.glossary.cache) are valid for one (version, stamp) only."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.storage.db import Store


@dataclass(frozen=True)
class GlossaryState:
    version: int
    stamp: str

    @property
    def key(self) -> str:
        """How cache files name this state: v<version>-<stamp>."""
        return f"v{self.version}-{self.stamp}"

    @classmethod
    def from_key(cls, key: str) -> GlossaryState:
        version, _, stamp = key.removeprefix("v").partition("-")
        return cls(int(version), stamp)


def glossary_version(store: Store) -> int:
    """The counter: bumped by every add, import, edit and removal of a term."""
    return glossary_state(store).version


def glossary_state(store: Store) -> GlossaryState:
    row = store.one("SELECT version, stamp FROM glossary_version WHERE id = 1")
    return GlossaryState(row["version"], row["stamp"]) if row else GlossaryState(0, "")  # no term ever changed
