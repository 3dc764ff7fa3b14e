"""Errors a user can act on. The CLI turns each into one line on stderr and a non-zero exit."""


class WorkbenchError(Exception):
    """A problem with the user's input or environment, stated in one line."""


class StoreError(WorkbenchError):
    """The database cannot be opened or used."""


class NeedsForce(WorkbenchError):
    """A decision the reviewer must confirm first (the review session asks; the CLI wants --force):
    accepting a text with QA errors, or changing a signed-off (final) segment."""


class ConflictError(WorkbenchError):
    """A save was based on a stale revision: somebody else changed the segment meanwhile."""

    def __init__(self, message: str, current_revision: int, current_target: str | None):
        super().__init__(message)
        self.current_revision = current_revision
        self.current_target = current_target
