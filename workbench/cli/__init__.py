"""The `workbench` command: a thin click layer over the library.

Each command parses its arguments, opens the store, calls one library function and prints.
Errors a user can fix become one line on stderr and exit status 1 (or 2 for usage errors).
"""

from __future__ import annotations

import sqlite3
import sys

from workbench.cli.common import echo

# Each area adds its commands to the group when imported; `workbench --help` lists them in the
# order of the workflow, which is the order of these imports (so they are not sorted).
from workbench.cli import documents, glossary  # noqa: F401, I001
from workbench.cli import memory, drafting, assess, review, excerpts, qa, publish, demo  # noqa: F401
from workbench.cli.root import cli

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli.main(prog_name="workbench", standalone_mode=True)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            echo("Error: the database is busy (another workbench is writing to it); try again", err=True)
        else:
            echo(f"Error: database problem: {exc}", err=True)
        sys.exit(1)
    except sqlite3.DatabaseError as exc:  # damage inside a database that opened fine (a bad page)
        echo(f"Error: the database cannot be read ({exc}); restore it from a copy", err=True)
        sys.exit(1)
