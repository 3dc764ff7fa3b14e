"""The only package that speaks SQL (and imports sqlite_utils)."""

from workbench.storage.db import Store, discard_if_blank, now, open_store
from workbench.storage.migrations import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "discard_if_blank", "now", "open_store"]
