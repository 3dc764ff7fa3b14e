"""The review session: a Textual app in which an editor verifies every segment of a document."""
