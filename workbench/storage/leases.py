"""Leases: which drafting run holds which segment, so that two runs never pay for the same segment.

A lease is (segment, owner, expires_at); expires_at is Unix time (seconds), compared across processes.
"""

from __future__ import annotations

from typing import Callable, Iterable

from workbench.storage.db import Store


def claim(store: Store, segment_ids: Iterable[int], owner: str, expires_at: float, now: float,
          is_gone: Callable[[str], bool]) -> set[int]:
    """Claim every segment that no other live lease holds, in one transaction; return those claimed.

    Another owner's lease is taken over when it has expired or `is_gone(owner)` says its run no longer
    exists. BEGIN IMMEDIATE makes concurrent claims take turns, so a segment goes to exactly one owner.
    """
    ids = list(dict.fromkeys(segment_ids))
    mine: list[int] = []
    if not ids:
        return set()
    with store.transaction():
        held: dict[int, dict] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in store.query("SELECT segment_id, owner, expires_at FROM leases"
                                 f" WHERE segment_id IN ({','.join('?' * len(chunk))})", chunk):
                held[r["segment_id"]] = r
        gone: dict[str, bool] = {}
        for sid in ids:
            lease = held.get(sid)
            if lease is not None and lease["owner"] != owner and lease["expires_at"] > now:
                if lease["owner"] not in gone:
                    gone[lease["owner"]] = is_gone(lease["owner"])
                if not gone[lease["owner"]]:
                    continue
            mine.append(sid)
        store.conn.executemany(
            "INSERT INTO leases (segment_id, owner, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (segment_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at",
            [(sid, owner, expires_at) for sid in mine],
        )
    return set(mine)


def renew(store: Store, owner: str, expires_at: float) -> None:
    with store.transaction():
        store.execute("UPDATE leases SET expires_at = ? WHERE owner = ?", (expires_at, owner))


def transfer(store: Store, owner: str, new_owner: str, expires_at: float) -> None:
    """Hand an owner's leases to another owner (a run to the batch it submitted)."""
    with store.transaction():
        store.execute("UPDATE leases SET owner = ?, expires_at = ? WHERE owner = ?", (new_owner, expires_at, owner))


def release(store: Store, owner: str) -> None:
    with store.transaction():
        store.execute("DELETE FROM leases WHERE owner = ?", (owner,))


def held_by(store: Store, owner: str) -> list[int]:
    return [r["segment_id"] for r in store.query("SELECT segment_id FROM leases WHERE owner = ? ORDER BY segment_id",
                                                 (owner,))]
