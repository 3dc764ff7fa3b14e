"""One computation of a large document's risk in a child process (no Textual here).

Risk is pure Python: 20,000 segments take seconds of CPU. In a thread of the review session's own
process that time is taken from the event loop too (the GIL): keys answer several times slower while
it runs, and quitting waits for it to end. In a child process the session keeps its speed, and
quitting stops the child at once (`stop`). The child (`python -m workbench.tui.risk_run DB DOCUMENT`)
opens the database itself and writes the risks, pickled, to its standard output; the parent's worker
thread waits for them without holding the GIL. A plain subprocess rather than multiprocessing: the
session's standard streams are Textual's, which multiprocessing's helper process cannot inherit.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from workbench import verify
from workbench.storage import open_store

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding `workbench`


def main(argv: list[str]) -> int:
    """In the child: the risks of document argv[1] in database argv[0], pickled to standard output."""
    db_path, document_id = argv
    _yield_to_the_session()
    try:
        store = open_store(Path(db_path), create=False)
        try:
            payload = ("ok", verify.document_risk(store, int(document_id)))
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - reported to the session, which goes on without risk
        payload = ("error", f"{type(exc).__name__}: {exc}")
    sys.stdout.buffer.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


def _yield_to_the_session() -> None:
    """Run at a lower priority: on a machine with few cores the session's first screen and keys come
    first, and the risk takes what they leave (it is shown when it is ready)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):  # no nice() on this system: the same priority
        pass


class RiskRun:
    """`result()` (blocking: call it from a worker thread) computes; `stop()` ends it from any thread."""

    def __init__(self, db_path: str | Path, document_id: int) -> None:
        self.args = [sys.executable, "-m", __name__, str(db_path), str(document_id)]
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._stopped = False

    def result(self) -> tuple[dict | None, str | None]:
        """(risks by position, None), or (None, why not): "stopped" after `stop()`."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)}
        with self._lock:
            if self._stopped:
                return None, "stopped"
            self._process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, env=env)
        out, err = self._process.communicate()
        if self._stopped:
            return None, "stopped"
        if self._process.returncode != 0 or not out:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            return None, f"the risk process failed (exit code {self._process.returncode}): {last[0]}"
        kind, value = pickle.loads(out)  # our own child's output
        return (value, None) if kind == "ok" else (None, value)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
