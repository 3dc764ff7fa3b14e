"""The translation memory's use cases: import a TMX file as a named memory, list, export, delete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.memory import tmx
from workbench.outputs import Guard
from workbench.storage import Store, now
from workbench.storage import memory as memory_store


@dataclass(frozen=True)
class Imported:
    name: str
    path: str
    units: int  # <tu> elements in the file
    kept: int  # stored (with Chinese and English)
    skipped: int
    languages: dict[str, int]

    def to_dict(self) -> dict:
        return {"name": self.name, "path": self.path, "units": self.units, "kept": self.kept,
                "skipped": self.skipped, "languages": self.languages}


def _languages(reading: tmx.Reading) -> str:
    return ", ".join(sorted(code for code in reading.languages)) or "none"


def import_tmx(store: Store, path: str | Path, name: str | None = None) -> Imported:
    """Read a TMX file into a new memory named NAME (default: the file's stem), in one transaction: a
    malformed file, one with no Chinese–English unit, or a name already taken leave everything as it was."""
    path = Path(path)
    name = (name if name is not None else path.stem).strip()
    if not name:
        raise WorkbenchError("a memory needs a name (--name)")
    reading = tmx.Reading(path)
    with store.transaction():
        memory_id = memory_store.create(store, name, str(path), "")
        count = memory_store.add_units(store, memory_id, f"memory {name}", tmx.with_context(tmx.read(path, reading)))
        if count == 0:
            found = _languages(reading) if reading.units else "no translation units at all"
            raise WorkbenchError(f"{path}: no unit has both Chinese (zh…) and English (en…) text; "
                                 f"the file's languages: {found}")
        store.execute("UPDATE memories SET languages = ? WHERE id = ?", (_languages(reading), memory_id))
    memory_store.refresh_grams(store)
    return Imported(name, str(path), reading.units, count, reading.units - count, dict(reading.languages))


def listing(store: Store) -> list[dict]:
    """Named memories (name, units, file, languages, imported), then the units kept from deleted
    documents and the reviewed segments of the documents (kind "kept" / "documents")."""
    return memory_store.listing(store)


def delete(store: Store, name: str) -> int:
    gone = memory_store.delete(store, name)
    memory_store.refresh_grams(store)
    return gone


def export_tmx(store: Store, path: str | Path, guard: Guard, name: str | None = None) -> int:
    """Write the whole memory (or one named memory) as TMX 1.4 through the output guard; returns the
    unit count. Nothing is written when the memory is empty."""
    if name is not None and memory_store.get(store, name) is None:
        raise WorkbenchError(f"no memory named {name!r} (see `workbench tm list`)")
    guard.check(path)
    units = list(memory_store.export_units(store, name))
    if not units:
        raise WorkbenchError("the translation memory is empty: nothing to export")
    guard.write(path, tmx.render(units, now()))
    return len(units)
