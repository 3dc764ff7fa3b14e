"""The `workbench` command: a thin click layer over the library.

Each command parses its arguments, opens the store, calls one library function and prints.
Errors a user can fix become one line on stderr and exit status 1 (or 2 for usage errors).
"""

from __future__ import annotations

import sqlite3
import sys

from workbench.cli.group import echo
from workbench.cli.root import cli

# Each area module (cli/documents.py, cli/glossary.py, …) adds its commands to the group when the group
# loads it, the first time one of its commands is asked for (cli/group.py: COMMANDS), so `workbench
# --help` and every command load only what they use.

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
