"""workbench.outputs: atomic writes that a kill cannot truncate, stale partial files cleaned up, and the
guard that refuses to write over the database, an imported source or a file workbench did not write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.outputs import Guard, file_sha256, write_atomic

REPO = Path(__file__).resolve().parent.parent

# A child that writes BIG to argv[1] through write_atomic and is killed by the kernel in the middle:
# RLIMIT_FSIZE stops any file at LIMIT bytes, and with SIGXFSZ at its default action (Python ignores
# it) crossing the limit kills the process like a `kill -9` would, half-way through the write.
KILLED_WRITER = """
import resource, signal, sys
from workbench.outputs import write_atomic
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
write_atomic(sys.argv[1], "新" * 200_000)
"""


def _run_killed(code: str, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, env=env)


def _partials(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.partial"))


def test_a_write_killed_half_way_leaves_the_old_file_and_the_next_write_cleans_up(tmp_path):
    out = tmp_path / "article.en.md"
    out.write_text("the published article\n", encoding="utf-8")
    done = _run_killed(KILLED_WRITER, out)
    assert done.returncode == -25, done  # SIGXFSZ: killed mid-write
    assert out.read_text(encoding="utf-8") == "the published article\n"
    assert len(_partials(tmp_path)) == 1  # what the killed process had written so far
    write_atomic(tmp_path / "other.md", "next run\n")  # any later write into the folder
    assert _partials(tmp_path) == []
    assert out.read_text(encoding="utf-8") == "the published article\n"


def test_a_partial_file_of_a_running_process_is_left_alone(tmp_path):
    busy = tmp_path / f".a.md.{os.getppid()}-0011aabb.partial"  # our parent is alive
    busy.write_text("being written")
    foreign = tmp_path / ".notes.partial"  # not ours (no pid): never touched
    foreign.write_text("x")
    write_atomic(tmp_path / "b.md", "x")
    assert busy.exists() and foreign.exists()


def test_write_atomic_writes_through_a_symlink_and_keeps_permissions(tmp_path):
    real = tmp_path / "published" / "article.md"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "article.md"
    link.symlink_to(real)
    digest = write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new" and file_sha256(real) == digest
    assert real.stat().st_mode & 0o777 == 0o640


def test_an_error_while_writing_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "a.md"
    out.write_text("old")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WorkbenchError, match=f"cannot write {out}: No space left on device"):
        write_atomic(out, "new")
    assert out.read_text() == "old" and _partials(tmp_path) == []


def test_the_guard_refuses_the_database_its_wal_and_a_symlink_to_it(tmp_path):
    db = tmp_path / "db" / "work.db"
    db.parent.mkdir()
    db.write_bytes(b"SQLite format 3\x00")
    (tmp_path / "link.db").symlink_to(db)
    os.link(db, tmp_path / "hard.db")
    guard = Guard(database=db, force=True)  # --force never reaches the database
    for name in ("db/work.db", "db/work.db-wal", "db/work.db-shm", "link.db", "hard.db", "db/../db/work.db"):
        with pytest.raises(WorkbenchError, match="is the workbench database"):
            guard.write(tmp_path / name, "x")
    assert db.read_bytes() == b"SQLite format 3\x00" and not (tmp_path / "db" / "work.db-wal").exists()


def test_the_guard_refuses_sources_by_path_and_by_content_and_foreign_files_without_force(tmp_path):
    source = tmp_path / "article.md"
    source.write_text("中文原文。")
    copy = tmp_path / "copy.md"
    copy.write_text("中文原文。")
    what = "document 1 ('article')"
    guard = Guard(sources={os.path.realpath(source): what}, source_hashes={file_sha256(source): what}, force=True)
    with pytest.raises(WorkbenchError, match=r"is the file document 1 \('article'\) was imported from"):
        guard.write(source, "English")
    with pytest.raises(WorkbenchError, match="holds the same bytes as the file document 1"):
        guard.write(copy, "English")
    notes = tmp_path / "notes.md"
    notes.write_text("my notes")
    with pytest.raises(WorkbenchError, match="already exists and is not a file workbench wrote"):
        Guard().write(notes, "English")
    assert notes.read_text() == "my notes"
    Guard(force=True).write(notes, "English")
    assert notes.read_text() == "English"
    empty = tmp_path / "empty.md"
    empty.touch()
    Guard().write(empty, "English")  # an empty file holds nothing to lose


def test_the_guard_recognises_what_it_wrote_unless_it_was_changed_since(tmp_path):
    record: dict[str, str] = {}
    guard = Guard(written=record.get, record=record.__setitem__)
    out = tmp_path / "a.md"
    guard.write(out, "first")
    guard.write(out, "second")  # ours and unchanged: replaced without --force
    out.write_text("second, edited by hand")
    with pytest.raises(WorkbenchError, match="already exists and is not a file workbench wrote"):
        guard.write(out, "third")
    assert out.read_text() == "second, edited by hand"


def test_a_full_disk_while_streaming_pieces_leaves_the_old_file_and_no_partial(tmp_path, monkeypatch):
    import errno

    import workbench.outputs as outputs

    target = tmp_path / "out.md"
    write_atomic(target, "the old export\n")
    written = []
    real_write = os.write

    def filling(fd, data):
        if written:  # the second piece finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(len(data))
        return real_write(fd, data)

    monkeypatch.setattr(outputs.os, "write", filling)
    with pytest.raises(WorkbenchError, match="cannot write .*out.md: No space left on device"):
        write_atomic(target, iter(["a" * 10, "b" * 10, "c" * 10]))
    assert target.read_text() == "the old export\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_a_failure_while_the_pieces_are_made_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.md"
    write_atomic(target, "the old export\n")

    def pieces():
        yield "new text"
        raise MemoryError

    with pytest.raises(MemoryError):
        write_atomic(target, pieces())
    assert target.read_text() == "the old export\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]
