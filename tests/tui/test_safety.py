"""Text from files and from an LLM is shown literally: Rich markup is not interpreted and ANSI escape
sequences never reach the terminal."""

from __future__ import annotations

from tests.tui.helpers import Reader, build, make_app

SOURCE = "这是[bold red]加粗[/bold red]和[link=https://evil.example]链接[/link]。"
DRAFT = "\x1b[2J\x1b[31mRed alert\x1b[0m [blink]now[/blink] [link=https://evil.example]click[/link]"


async def test_markup_and_escapes_show_literally_and_survive_a_save(tmp_path):
    db = tmp_path / "unsafe.db"
    doc_id = build(db, article=SOURCE + "\n", drafts={1: DRAFT}, failed={}, terms=[])
    read = Reader(db, doc_id)
    assert read.seg(1)["source"] == SOURCE  # the import kept the brackets as text
    app = make_app(db, doc_id, confirm_errors=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        source = str(screen.query_one("#seg-source").content)
        draft = str(screen.query_one("#seg-draft").content)
        assert "[bold red]加粗[/bold red]" in source and "[link=https://evil.example]" in source
        assert "␛[2J␛[31mRed alert␛[0m [blink]now[/blink]" in draft
        assert "\x1b" not in draft
        line = screen.segments.render_line(0)
        assert "[bold red]" in line.text and "\x1b" not in line.text
        assert all(seg.style is None or seg.style.link is None for seg in line)
        shown = str(screen.pane.current.content)
        assert "␛[31m" in shown and "\x1b" not in shown
        svg = app.export_screenshot()
        assert "[blink]now[/blink]" in svg.replace("&#160;", " ")
        await pilot.press("e")
        assert "␛[31m" in screen.pane.target.text and "\x1b" not in screen.pane.target.text
        await pilot.press("ctrl+s")  # saved unchanged: the escapes go back exactly as they were
    assert read.seg(1)["target"] == DRAFT
