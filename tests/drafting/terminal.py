"""Starting a command as a terminal would: Ctrl-C (SIGINT) delivered and not ignored.

A child inherits an ignored or blocked SIGINT from the process that starts it; a pytest worker can be
in that state after other tests (or the tools running them), and then a Ctrl-C test would see the run
finish instead of stop. A shell starts a foreground command with SIGINT at its default: so do these
tests."""

from __future__ import annotations

import signal


def as_in_a_terminal() -> None:
    """Called in the test process just before it starts the child (which inherits an ignored SIGINT
    and the signal mask, not handlers): SIGINT neither ignored nor blocked. No preexec_fn: the loopback
    server's threads make that unsafe."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def sigint_state(pid: int) -> str:
    """The child's ignored and blocked signal masks (for an assertion message)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return " ".join(line.strip() for line in f if line.startswith(("SigIgn", "SigBlk")))
    except OSError:
        return "(no /proc)"
