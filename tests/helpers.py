"""What tests read straight from a workbench database to check what happened (the product itself
reads only through workbench.storage)."""

from __future__ import annotations

import array
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import pytest


def drafts_of(store, segment_id: int) -> list[dict]:
    """Every draft row of a segment (failed attempts too), oldest first."""
    return store.query("SELECT * FROM drafts WHERE segment_id = ? ORDER BY id", (segment_id,))


def draft_counts(store, document_id: int) -> dict[int, int]:
    """segment id → number of stored (successful) drafts: every value 1 means nothing was drafted twice."""
    rows = store.query(
        "SELECT s.id, count(d.id) AS n FROM segments s LEFT JOIN drafts d ON d.segment_id = s.id"
        " AND d.error IS NULL AND d.text IS NOT NULL WHERE s.document_id = ? GROUP BY s.id",
        (document_id,),
    )
    return {r["id"]: r["n"] for r in rows}


@contextmanager
def unwritable(path: Path, mode: int = 0o555):
    """Make a file or folder really unwritable for this process. As root, permission bits do not stop
    writes, so set the immutable attribute (what `chattr +i` does; needs CAP_LINUX_IMMUTABLE) and
    clear it after; without root, `mode` does it."""
    if os.geteuid() != 0:
        path.chmod(mode)
        try:
            yield
        finally:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return
    fs_ioc_getflags, fs_ioc_setflags, immutable = 0x80086601, 0x40086602, 0x10
    fd = os.open(path, os.O_RDONLY)
    flags = array.array("l", [0])
    try:
        fcntl.ioctl(fd, fs_ioc_getflags, flags, True)
        flags[0] |= immutable
        fcntl.ioctl(fd, fs_ioc_setflags, flags, True)
    except OSError as exc:
        os.close(fd)
        pytest.skip(f"cannot make {path.name} unwritable for root here (immutable attribute: {exc.strerror})")
    try:
        yield
    finally:
        flags[0] &= ~immutable
        fcntl.ioctl(fd, fs_ioc_setflags, flags, True)
        os.close(fd)
