"""Fixtures for the review-session tests."""

from __future__ import annotations

import pytest

from tests.tui.helpers import Reader, build


@pytest.fixture
def doc(tmp_path):
    db = tmp_path / "review.db"
    doc_id = build(db)
    return db, doc_id, Reader(db, doc_id)

