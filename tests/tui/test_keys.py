"""Every review key, driven through the real app with Pilot; assertions look at the database."""

from __future__ import annotations

from tests.tui.helpers import make_app
from workbench.tui.screens.dialogs import AskScreen, ChoiceScreen, ConfirmScreen
from workbench.tui.screens.glossary import AddTermScreen, TermsScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review import ReviewScreen


def focused_position(app) -> int:
    return app.screen.row["position"] if isinstance(app.screen, ReviewScreen) else app.screen_stack[1].row["position"]


def pane_text(app, name: str) -> str:
    screen = app.screen_stack[1]
    return str(screen.query_one(f"#seg-{name}").content)


async def test_opens_at_first_segment_needing_review(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)):
        assert focused_position(app) == 1
        assert "芯片出口" in pane_text(app, "source")
        assert "Chip exports" in str(app.screen.pane.current.content)


async def test_a_accepts_the_draft_and_moves_to_the_next_needing_review(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert focused_position(pilot.app) == 2
    seg = read.seg(1)
    assert (seg["status"], seg["target"], seg["reviewer"]) == ("reviewed", "Chip exports", "editor")
    assert [h["action"] for h in read.history(1)] == ["accept"]


async def test_accepting_repetition_proposes_the_target_to_the_identical_sentence(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "a")  # segment 2: 英伟达表示欢迎这一决定。
        await pilot.pause()
    assert read.seg(5)["draft"] == "Nvidia welcomed the decision."
    assert read.seg(5)["engine"] == "repetition"
    assert read.seg(5)["status"] == "translated"


async def test_accepting_with_qa_errors_asks_first(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j")
        assert focused_position(pilot.app) == 3  # "Mind Observation Institute": a forbidden rendering
        assert "Mind Observation Institute" in pane_text(pilot.app, "qa") or "forbidden" in pane_text(pilot.app, "qa").lower()
        await pilot.press("a")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        assert read.seg(3)["status"] == "translated"
        await pilot.press("a")
        await pilot.press("y")
        assert focused_position(pilot.app) == 4
    assert read.seg(3)["status"] == "reviewed"


async def test_confirmation_can_be_switched_off(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id, confirm_errors=False).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j", "a")
        assert isinstance(pilot.app.screen, ReviewScreen)
    assert read.seg(3)["status"] == "reviewed"


async def test_e_edits_and_ctrl_s_saves_a_corrected_target(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "e")
        screen = pilot.app.screen
        assert screen.editing and screen.pane.target.text == "Nvidia welcomed the decision."
        await pilot.press("backspace", *" now.")
        await pilot.press("ctrl+s")
        assert not screen.editing
        assert focused_position(pilot.app) == 3
    seg = read.seg(2)
    assert (seg["status"], seg["target"]) == ("reviewed", "Nvidia welcomed the decision now.")
    assert read.history(2)[-1]["action"] == "correct"


async def test_enter_opens_the_editor_and_an_unchanged_save_is_an_accept(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert pilot.app.screen.editing
        await pilot.press("ctrl+s")
    assert read.history(1)[-1]["action"] == "accept"


async def test_saving_an_empty_target_is_refused(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        pilot.app.screen.pane.target.select_all()
        await pilot.press("backspace", "ctrl+s")
        assert pilot.app.screen.editing
    assert read.seg(1)["status"] == "translated"


async def test_escape_asks_before_dropping_unsaved_changes(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "x", "escape")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert pilot.app.screen.editing and pilot.app.screen.pane.target.text.endswith("x")
        await pilot.press("escape", "y")
        assert not pilot.app.screen.editing
        assert str(pilot.app.screen.pane.current.content) == "Chip exports" and not pilot.app.screen.pane.target.display
        await pilot.press("e", "escape")  # nothing changed: no question
        assert isinstance(pilot.app.screen, ReviewScreen) and not pilot.app.screen.editing
    assert read.seg(1)["status"] == "translated" and read.history(1) == []


async def test_f_flags_with_a_note_and_refuses_an_empty_one(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("f", "enter")
        assert isinstance(pilot.app.screen, AskScreen)  # an empty note is not accepted
        await pilot.press(*"title", "enter")
        assert focused_position(pilot.app) == 2
    seg = read.seg(1)
    assert (seg["status"], seg["note"]) == ("flagged", "title")


async def test_u_undoes_the_last_decision(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "k", "u")
        assert focused_position(pilot.app) == 1
        assert pilot.app.screen.row["status"] == "translated"
        await pilot.press("u")  # nothing left to undo: a message, no change
    assert read.seg(1)["status"] == "translated"
    assert [h["action"] for h in read.history(1)] == ["accept", "undo"]


async def test_moving_with_j_k_and_arrows_changes_nothing_in_the_database(doc):
    db, doc_id, read = doc
    before = read.statuses()
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j", "down")
        assert focused_position(pilot.app) == 4
        assert "美国商务部" in pane_text(pilot.app, "source")
        await pilot.press("k", "up")
        assert focused_position(pilot.app) == 2
        await pilot.press("end")
        assert focused_position(pilot.app) == 6
    assert read.statuses() == before


async def test_n_goes_to_the_next_segment_needing_review(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "a")  # 1 and 2 reviewed; 5 got a repetition proposal
        await pilot.press("home", "n")
        assert focused_position(pilot.app) == 3


async def test_slash_searches_source_and_target(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"commerce", "enter")
        screen = pilot.app.screen
        assert [screen.session.rows[i]["position"] for i in screen.session.visible] == [4]
        await pilot.press("a")
        await pilot.press("escape")  # clears the filter
        assert len(screen.session.visible) == 6
        await pilot.press("slash", *"商务部", "enter")
        assert [screen.session.rows[i]["position"] for i in screen.session.visible] == [4]
    assert read.seg(4)["status"] == "reviewed"


async def test_s_filters_by_status(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        assert isinstance(pilot.app.screen, ChoiceScreen)
        await pilot.press("down", "down", "enter")  # all, translated, draft failed
        screen = pilot.app.screen
        assert [screen.session.rows[i]["position"] for i in screen.session.visible] == [6]
        assert "Draft failed" in pane_text(pilot.app, "draft")
        assert "HTTP 500" in pane_text(pilot.app, "draft")


async def test_i_shows_only_segments_with_qa_issues(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        shown = [screen.session.rows[i]["position"] for i in screen.session.visible]
        assert shown == [2, 3]  # 2: translated unlike its repetition 5 (a document-level check)
        assert "translated 2 ways" in pane_text(pilot.app, "qa")
        assert screen.segments.render_line(0).text.split()[1][:2] == "○?"  # a warning in the list
        await pilot.press("i")  # again: the filter goes
        assert len(screen.session.visible) == 6


async def test_g_lists_the_glossary_terms_of_the_segment(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j", "g")
        assert isinstance(pilot.app.screen, TermsScreen)
        assert [h.term.target for h in pilot.app.screen.hits] == ["Xinzhi Observatory"]
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_t_adds_a_glossary_term_saved_and_highlighted_at_once(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("end")  # segment 6: 分析人士指出，市场反应平淡。
        assert "分析人士" not in pane_text(pilot.app, "terms")
        await pilot.press("t")
        assert isinstance(pilot.app.screen, AddTermScreen)
        await pilot.press(*"分析人士", "enter", *"analysts", "enter", *"plural", "enter")
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.app.workers.wait_for_complete()  # the term is saved in a worker
        await pilot.pause()
        assert "analysts" in pane_text(pilot.app, "terms")
        assert [h.term.source for h in pilot.app.screen.session.hits(pilot.app.screen.row)] == ["分析人士"]
    from workbench.storage import open_store
    from workbench.storage import terms as term_store

    store = open_store(db)
    term = term_store.get(store, "分析人士")
    store.close()
    assert (term.target, term.note) == ("analysts", "plural")


async def test_the_screen_answers_keys_while_a_term_is_being_saved(doc, monkeypatch):
    """The save runs in a worker: held back here until the test lets it go, the screen meanwhile moves
    between segments; then the term is stored and highlighted."""
    import threading

    from workbench.glossary import manage
    from workbench.storage import open_store
    from workbench.storage import terms as term_store

    release = threading.Event()
    real = manage.add_term

    def held(*args, **kwargs):
        release.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(manage, "add_term", held)
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("end")  # segment 6: 分析人士指出，市场反应平淡。
        last = pilot.app.screen.row["position"]
        await pilot.press("t", *"分析人士", "enter", *"analysts", "enter", "enter")
        await pilot.pause()
        await pilot.press("home")  # handled while the save is held
        await pilot.pause()
        assert pilot.app.screen.row["position"] == 1 != last
        store = open_store(db)
        assert term_store.get(store, "分析人士") is None  # not saved yet
        store.close()
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("end")
        assert "analysts" in pane_text(pilot.app, "terms")
    store = open_store(db)
    assert term_store.get(store, "分析人士").target == "analysts"
    store.close()


async def test_t_reports_a_conflicting_term_in_the_dialog(doc):
    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("t", *"英伟达", "enter", *"Yw", "enter", "enter")
        assert isinstance(pilot.app.screen, AddTermScreen)  # stays open, says why
        assert "already in the glossary" in str(pilot.app.screen.query_one("#term-hint").content)


async def test_r_without_an_endpoint_says_so_and_changes_nothing(doc, monkeypatch):
    db, doc_id, read = doc
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "WORKBENCH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(db.parent)  # no workbench.toml with an endpoint here
    before = read.seg(2)["draft"]
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
        assert any("no drafting endpoint configured" in m for m in messages), messages
    assert read.seg(2)["draft"] == before


async def test_r_redrafts_the_segment_from_a_real_endpoint(doc, monkeypatch):
    from workbench.drafting.loopback import Loopback

    db, doc_id, read = doc
    monkeypatch.chdir(db.parent)
    monkeypatch.delenv("WORKBENCH_CONFIG", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with Loopback() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
            await pilot.press("end", "r")  # segment 6: its draft had failed
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert pilot.app.screen.row["status"] == "translated"
            assert "EN[" in str(pilot.app.screen.pane.current.content)
    assert read.seg(6)["draft"].startswith("EN[")
    assert read.seg(6)["status"] == "translated"


async def test_question_mark_shows_help_and_q_quits(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_palette_lists_the_review_commands(doc):
    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)):
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Accept", "Edit", "Flag", "Undo", "Search", "Statistics"} <= set(names)


async def test_ctrl_t_shows_the_statistics_of_the_document(doc):
    from workbench.tui.screens.statistics import StatisticsScreen

    db, doc_id, read = doc
    app = make_app(db, doc_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "ctrl+t")
        assert isinstance(app.screen, StatisticsScreen)
        assert app.screen.report["progress"]["by_status"].get("reviewed") == 1
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_t_starts_with_the_source_text_the_reviewer_selected(doc):
    from textual.geometry import Offset
    from textual.selection import Selection

    db, doc_id, read = doc
    async with make_app(db, doc_id).run_test(size=(100, 30)) as pilot:
        await pilot.press("end")  # segment 6: 分析人士指出，市场反应平淡。
        screen = pilot.app.screen
        source = screen.query_one("#seg-source")
        screen.selections = {source: Selection.from_offsets(Offset(0, 0), Offset(4, 0))}
        await pilot.pause()
        await pilot.press("t")
        assert pilot.app.screen.query_one("#term-source").value == "分析人士"
        await pilot.press(*"analysts", "enter", "enter")
        await pilot.app.workers.wait_for_complete()
    from workbench.storage import open_store
    from workbench.storage import terms as term_store

    store = open_store(db)
    assert term_store.get(store, "分析人士").target == "analysts"
    store.close()
