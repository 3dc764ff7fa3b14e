"""Writing the files workbench produces (exports, report --html and --pairs, glossary export,
draft --batch-file): never half a file under its name.

The text goes to a partial file beside the target (`.NAME.<pid>-<random>.partial`), is flushed to disk
(fsync), then renamed over NAME (os.replace, atomic on POSIX) and the folder is fsynced so the rename
itself survives a crash. A kill at any moment leaves the old file or the new one, never an empty or
truncated one. A kill can leave the partial file behind: the next write into that folder removes the
partial files whose process is gone.

Before writing, a `Guard` refuses (one line, nothing written) to replace:
- the live database, or its -wal/-shm/-journal files;
- a file a document was imported from (by path, or by content: the same bytes as an imported source);
- an existing, non-empty file that workbench did not write there, or that changed since it did
  (a hand-edited export) — unless `force`. What workbench wrote is recorded (path and sha256).
Paths are compared after resolving symlinks: a link to the database is the database.

No storage import here: what the writes must not touch is passed in by the caller.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from workbench.errors import WorkbenchError

_PARTIAL = re.compile(r"\..+\.(\d+)-[0-9a-f]+\.partial")


def check_path(path: str | Path) -> Path:
    """Refuse an output path that cannot be written (a folder, or in a missing folder) with one line."""
    path = Path(path)
    if path.is_dir():
        raise WorkbenchError(f"{path} is a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise WorkbenchError(f"cannot write {path}: folder {parent} does not exist")
    return path


DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


@dataclass
class Guard:
    """What an output must not replace, and how to recognise (and record) the files workbench wrote."""

    database: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)  # real path → "document 3 ('title')"
    source_hashes: dict[str, str] = field(default_factory=dict)  # sha256 of an imported file → the same
    written: Callable[[str], str | None] = lambda path: None  # real path → sha256 we last wrote there
    record: Callable[[str, str], None] | None = None  # (real path, sha256) after a write
    force: bool = False

    def check(self, path: str | Path) -> Path:
        """Refuse PATH with one line if it must not be written; else return it."""
        path = check_path(path)
        real = os.path.realpath(path)
        if self.database is not None:
            for suffix in DATABASE_SUFFIXES:
                names = {os.path.realpath(self.database) + suffix, os.path.abspath(self.database) + suffix}
                if real in names or (suffix == "" and _same_file(real, self.database)):
                    what = "the workbench database" if not suffix else f"the workbench database's {suffix[1:]} file"
                    raise WorkbenchError(f"{path} is {what} ({self.database}): choose another output file")
        source = self.sources.get(real) or next(
            (what for name, what in self.sources.items() if _same_file(real, name)), None)
        if source:
            raise WorkbenchError(f"{path} is the file {source} was imported from: choose another output file")
        if not os.path.isfile(real) or os.path.getsize(real) == 0:
            return path  # nothing there to lose
        digest = file_sha256(real)
        if digest in self.source_hashes:
            raise WorkbenchError(f"{path} holds the same bytes as the file {self.source_hashes[digest]} was "
                                 "imported from: choose another output file")
        if not self.force and self.written(real) != digest:
            raise WorkbenchError(f"{path} already exists and is not a file workbench wrote (or it was changed "
                                 "since): use --force to replace it")
        return path

    def write(self, path: str | Path, text: str | bytes | Iterable[str]) -> Path:
        """Check PATH, write TEXT (bytes: a Word file; or pieces of text, as they come) there atomically,
        and record the write."""
        path = self.check(path)
        digest = write_atomic(path, text)
        if self.record is not None:
            self.record(os.path.realpath(path), digest)
        return path


def _same_file(a: str | Path, b: str | Path) -> bool:
    """The same file under another name (a hard link); False when either does not exist."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: str | Path, text: str | bytes | Iterable[str]) -> str:
    """Write `text` (UTF-8; bytes as they are; or an iterable of pieces, written as they come, so a long
    export is never held whole) to `path` through a partial file and a rename; return its sha256.

    A symlink is written through (its target is replaced, the link stays), and an existing file's
    permissions are kept. Nothing is renamed unless every piece was written: a failure while the pieces
    are made (an error, a full disk, no memory) leaves the old file and no partial one."""
    shown = check_path(path)
    target = Path(os.path.realpath(shown))
    pieces = [text] if isinstance(text, (str, bytes)) else text
    digest = hashlib.sha256()
    remove_stale_partials(target.parent)
    partial = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            if target.exists():
                os.fchmod(fd, stat.S_IMODE(target.stat().st_mode))
            for piece in pieces:
                data = piece if isinstance(piece, bytes) else piece.encode("utf-8")
                digest.update(data)
                _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {shown}: {exc.strerror or exc}") from None
    except BaseException:  # Ctrl-C, an exit or any failure while writing: leave nothing half-written behind
        partial.unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)


def remove_stale_partials(folder: Path) -> None:
    """Delete the partial files that killed writes left in `folder` (their process no longer runs)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _PARTIAL.fullmatch(name)
        if m and not _running(int(m.group(1))):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this process may be writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process
    return True
