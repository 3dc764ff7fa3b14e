"""A listing laid out once: columns measured in terminal cells, the text column cut with "…"."""

from __future__ import annotations

from rich.cells import cell_len

from workbench.cli import columns

HEADERS = ["id", "title", "count"]


def lay(rows, width=40):
    return columns.layout(HEADERS, rows, width=width, text=1, right=frozenset({0, 2}))


def test_columns_are_as_wide_as_their_widest_cell_and_numbers_align_right():
    out = lay([["1", "short", "7"], ["12", "longer title", "1234"]])
    assert out.header == " id title        count"
    assert out.rule == " " + "─" * 21
    assert out.rows == ["  1 short            7", " 12 longer title  1234"]


def test_wide_characters_take_two_cells():
    out = lay([["1", "心智观察所", "7"], ["2", "abc", "7"]])
    assert [cell_len(r) for r in out.rows] == [cell_len(out.header)] * 2
    assert out.rows[0].endswith("心智观察所     7") and out.rows[1].endswith("abc            7")


def test_a_text_too_long_for_the_width_ends_in_an_ellipsis():
    out = lay([["1", "观察者网：英伟达将向中国出口H200芯片", "7"], ["2", "A rather long English title", "7"]], width=30)
    assert all(cell_len(line) <= 30 for line in [out.header, out.rule, *out.rows])
    # 20 cells for the title: nine Chinese characters and "…" (half of a tenth character would not fit)
    assert out.rows == ["  1 观察者网：英伟达将…      7", "  2 A rather long Engli…     7"]
    assert len({cell_len(r) for r in out.rows}) == 1  # cut mid-character or not, the columns stay aligned


def test_the_text_column_keeps_at_least_its_header():
    out = lay([["1", "anything long", "7"]], width=5)
    assert out.header.startswith(" id title") and out.rows[0].startswith("  1 anyt…")
