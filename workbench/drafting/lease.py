"""A run's claim on the segments it drafts: two runs at once never pay for the same segment.

The claim is a lease per segment in the database, renewed while the run goes on and released when it
ends. A run killed outright (SIGKILL, power loss) cannot release it: its leases lapse LEASE_SECONDS
after their last renewal, and at once when the run was on this machine and its process is gone.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from typing import Callable, Iterable

from workbench.storage import Store
from workbench.storage import leases as lease_store

LEASE_SECONDS = 300.0  # long enough to ride out a slow request, short enough to retry soon after a crash
RENEW_SECONDS = 60.0
BATCH_LEASE_SECONDS = 25 * 3600.0  # a submitted batch has 24 h to complete; --poll releases it sooner


def batch_owner(batch_id: str) -> str:
    """Who holds the segments of a submitted Batch API job until --poll collects it."""
    return f"batch:{batch_id}"


class Claim:
    """The segments one run holds. `owner` is host:pid:random, so a dead local run can be recognised."""

    def __init__(self, store: Store, *, seconds: float = LEASE_SECONDS, clock: Callable[[], float] = time.time):
        self.store = store
        self.seconds = seconds
        self.clock = clock
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(6)}"
        self.held = False

    def take(self, segment_ids: Iterable[int]) -> set[int]:
        """Claim what no other live run holds; return the ids claimed."""
        now = self.clock()
        got = lease_store.claim(self.store, segment_ids, self.owner, now + self.seconds, now, gone)
        self.held = self.held or bool(got)
        return got

    def renew(self) -> None:
        lease_store.renew(self.store, self.owner, self.clock() + self.seconds)

    def release(self) -> None:
        if self.held:
            lease_store.release(self.store, self.owner)
            self.held = False

    def hand_over(self, owner: str, seconds: float) -> None:
        """Pass the claim on (to a submitted batch, which is paid for and drafts these segments)."""
        lease_store.transfer(self.store, self.owner, owner, self.clock() + seconds)
        self.held = False


def gone(owner: str) -> bool:
    """Whether the run holding a lease is known to be dead: a process on this machine that no longer exists.

    A run on another machine (a database on a shared disk) cannot be checked: its lease has to lapse.
    """
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if os.name != "posix" or host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False  # (on Windows os.kill would end the process instead of asking about it)
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # exists but belongs to someone else, or cannot be asked: treat as alive
        return False
    return False
