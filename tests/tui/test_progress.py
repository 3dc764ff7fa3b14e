"""The progress line keeps what the list shows (filter, order) and EDITING whatever the width."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from workbench.tui.progress import progress_text
from workbench.tui.session import Counts

VIEW = [("12 shown, search “decision” (esc: all)", "cyan", "12 shown, search “decision”"),
        ("riskiest first", "bold cyan", "riskiest first")]


@pytest.mark.parametrize("width", [200, 130, 100, 80, 70])
def test_the_filter_the_order_and_editing_are_always_shown(width):
    line = progress_text("h200-commentary (demo)", Counts(48, 3, 1, 0), 48, VIEW, True, width).plain
    assert cell_len(line) <= width
    assert "12 shown, search “decision”" in line and "riskiest first" in line and "EDITING" in line
    assert "3/48" in line


def test_what_goes_first_is_the_title_then_the_long_counts():
    wide = progress_text("h200-commentary (demo)", Counts(48, 3, 1, 0), 48, VIEW, False, 200).plain
    assert wide.startswith(" h200-commentary (demo) ") and "reviewed 3/48 · flagged 1" in wide
    narrow = progress_text("h200-commentary (demo)", Counts(48, 3, 1, 0), 48, VIEW, False, 80).plain
    assert "✓3/48 ⚑1 ✗0" in narrow and "(esc: all)" in narrow
    counting = progress_text("news", None, 20000, [], False, 80).plain
    assert counting == " news  20000 segments · counting…"
