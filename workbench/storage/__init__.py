"""The only package that speaks SQL (and imports sqlite_utils)."""

from workbench.storage.db import Store, now, open_store
from workbench.storage.migrations import SCHEMA_VERSION

__all__ = ["Store", "open_store", "now", "SCHEMA_VERSION"]
