"""Excerpts (exclude/include), the editor's notes and document metadata: library calls, the history,
what a left-out segment no longer counts for, and the CLI's one-line refusals."""

from __future__ import annotations

import json

import pytest

from tests.drafting.helpers import settings_for
from workbench import excerpts, review, verify
from workbench.drafting.run import draft_documents
from workbench.errors import WorkbenchError
from workbench.positions import Positions
from workbench.rows import included, included_rows
from workbench.storage import SCHEMA_VERSION
from workbench.storage import reviews as review_store
from workbench.storage import segments as seg_store
from workbench.storage.documents import NewParagraph, NewSegment, create


def two_paragraphs(store, title: str = "doc") -> int:
    """Positions 1-3 in paragraph 1, 4-6 in paragraph 3 (paragraph 2 a raw block between them)."""
    sources = ["第一句说经济。", "第二句说增长。", "第三句说就业。", "第四句说芯片。", "第五句说算力。", "第六句说市场。"]
    doc_id, _ = create(store, title=title, source_path=None, sha256=f"sha-{title}", encoding="utf-8", fmt="md",
                       paragraphs=[NewParagraph(1, "paragraph"), NewParagraph(2, "code", raw="```\nx\n```", gap="\n\n"),
                                   NewParagraph(3, "paragraph", gap="\n\n")],
                       segments=[NewSegment(1 if i < 3 else 3, s) for i, s in enumerate(sources)])
    return doc_id


def test_the_migration_is_counted_in_the_schema_version(store):
    assert store.one("PRAGMA user_version")["user_version"] == SCHEMA_VERSION
    assert "excluded" in {c["name"] for c in store.query("PRAGMA table_info(segments)")}


def test_exclude_and_include_by_positions_are_recorded_in_the_history(store):
    doc = two_paragraphs(store)
    done = excerpts.set_excluded(store, doc, True, positions=Positions.parse("2-3"), reviewer="mei")
    assert done.changed == [2, 3] and done.unchanged == []
    rows = seg_store.for_document(store, doc)
    assert [r.excluded for r in rows] == [False, True, True, False, False, False]
    assert [r.position for r in included_rows(rows)] == [1, 4, 5, 6]
    again = excerpts.set_excluded(store, doc, True, positions=Positions.parse("3-4"), reviewer="mei")
    assert again.changed == [4] and again.unchanged == [3]
    excerpts.set_excluded(store, doc, False, positions=Positions.parse("3"), reviewer="li")
    history = review_store.history(store, rows[2].id)
    assert [(h["action"], h["reviewer"], h["revision"]) for h in history] == [("exclude", "mei", 1), ("include", "li", 2)]
    assert included(seg_store.at(store, doc, 3)) and not included(seg_store.at(store, doc, 2))


def test_paragraphs_are_the_stored_blocks(store):
    doc = two_paragraphs(store)
    done = excerpts.set_excluded(store, doc, True, paragraphs=Positions.parse("3"))
    assert done.changed == [4, 5, 6]


@pytest.mark.parametrize("kw, message", [
    ({"positions": Positions.parse("5-9")}, "no segment at position 7"),
    ({"paragraphs": Positions.parse("4")}, "no paragraph 4"),
    ({"paragraphs": Positions.parse("2")}, "hold no text"),
    ({}, "either --positions or --paragraphs"),
])
def test_a_selection_outside_the_document_changes_nothing(store, kw, message):
    doc = two_paragraphs(store)
    before = store.query("SELECT * FROM revisions"), store.query("SELECT id, excluded FROM segments")
    with pytest.raises(WorkbenchError, match=message):
        excerpts.set_excluded(store, doc, True, **kw)
    assert (store.query("SELECT * FROM revisions"), store.query("SELECT id, excluded FROM segments")) == before


def test_an_excluded_decision_is_kept_and_comes_back(store):
    doc = two_paragraphs(store)
    review.accept(store, doc, 2, text="The second sentence is about growth.", reviewer="mei", force=True)
    excerpts.toggle_segment(store, doc, 2, reviewer="mei")
    row = seg_store.at(store, doc, 2)
    assert row.excluded and row.status == "reviewed" and row.target == "The second sentence is about growth."
    assert row.reviewer == "mei" and row.revision == 2
    excerpts.toggle_segment(store, doc, 2, reviewer="li")
    row = seg_store.at(store, doc, 2)
    assert not row.excluded and row.status == "reviewed" and row.reviewer == "mei"
    # undo takes back the decision, not the exclusion
    review.undo(store, doc, 2, reviewer="mei")
    assert seg_store.at(store, doc, 2).status == "initial"


def test_toggle_paragraph_leaves_out_all_then_takes_all_back(store):
    doc = two_paragraphs(store)
    excerpts.toggle_segment(store, doc, 5)
    out = excerpts.toggle_paragraph(store, doc, 4)
    assert out.excluded and out.changed == [4, 6]
    assert [r.excluded for r in seg_store.for_document(store, doc)][3:] == [True, True, True]
    back = excerpts.toggle_paragraph(store, doc, 6)
    assert not back.excluded and back.changed == [4, 5, 6]


def test_left_out_segments_do_not_count_as_unreviewed(store):
    doc = two_paragraphs(store)
    for p in (1, 2, 3):
        review.accept(store, doc, p, text=f"Sentence {p}.", reviewer="mei", force=True)
    excerpts.set_excluded(store, doc, True, paragraphs=Positions.parse("3"))
    assert review.next_undecided(store, doc, 0) is None
    assert not any(review.needs_review(r) for r in review.session_rows(store, doc))
    signed = review.sign_off(store, doc, reviewer="mei")
    assert signed.signed == [1, 2, 3] and signed.not_reviewed == []
    states = review.session_states(store, doc)
    assert [s[3] for s in states] == [0, 0, 0, 1, 1, 1]


def test_left_out_segments_are_not_checked(store):
    doc = two_paragraphs(store)
    review.accept(store, doc, 4, text="第四句 left in Chinese", reviewer="mei", force=True)
    assert verify.check_document(store, doc).found.get(4)
    excerpts.set_excluded(store, doc, True, positions=Positions.parse("4"))
    checked = verify.check_document(store, doc)
    assert 4 not in checked.found and [r.position for r in checked.rows] == [1, 2, 3, 5, 6]


def test_the_loopback_server_is_never_asked_for_a_left_out_segment(store, loopback):
    doc = two_paragraphs(store)
    excerpts.set_excluded(store, doc, True, positions=Positions.parse("2,4-5"))
    ids = {r.position: r.id for r in seg_store.for_document(store, doc)}
    summary = draft_documents(store, [str(doc)], settings_for(loopback, batch_size=2))
    asked = {i for e in loopback.chat_requests for i in e["ids"]}
    assert asked == {ids[1], ids[3], ids[6]}
    assert summary.documents[0].drafted == 3
    rows = seg_store.for_document(store, doc)
    assert [r.position for r in rows if r.draft is None] == [2, 4, 5]


def test_notes_set_replace_delete(store):
    doc = two_paragraphs(store)
    excerpts.set_note(store, doc, 2, "  Context here. ", author="mei")
    excerpts.set_note(store, doc, 2, "Better context.", author="mei")
    assert excerpts.notes(store, doc) == {2: {"text": "Better context.", "author": "mei",
                                               "updated_at": excerpts.notes(store, doc)[2]["updated_at"]}}
    excerpts.delete_note(store, doc, 2)
    assert excerpts.notes(store, doc) == {}
    with pytest.raises(WorkbenchError, match="no note to delete"):
        excerpts.delete_note(store, doc, 2)
    with pytest.raises(WorkbenchError, match="no segment at position 9"):
        excerpts.set_note(store, doc, 9, "x")
    with pytest.raises(WorkbenchError, match="empty"):
        excerpts.set_note(store, doc, 1, "  ")


def test_metadata_keys_are_checked(store):
    doc = two_paragraphs(store)
    assert excerpts.set_metadata(store, doc, ["outlet=心智观察所", "author=Chen Mo"]) == {
        "outlet": "心智观察所", "author": "Chen Mo"}
    assert excerpts.set_metadata(store, doc, ["author="]) == {"outlet": "心智观察所"}
    with pytest.raises(WorkbenchError, match="unknown key 'publisher'"):
        excerpts.set_metadata(store, doc, ["outlet=X", "publisher=Y"])
    assert excerpts.metadata(store, doc) == {"outlet": "心智观察所"}


# ---------------------------------------------------------------------------- CLI


@pytest.fixture
def doc_file(db_path):
    from workbench.storage import open_store

    s = open_store(db_path)
    try:
        return two_paragraphs(s)
    finally:
        s.close()


def test_cli_exclude_include(run_cli, doc_file):
    result = run_cli("exclude", doc_file, "--positions", "2-3", "--reviewer", "mei")
    assert result.exit_code == 0, result.output
    assert "2 segment(s) left out (positions 2-3)" in result.output
    result = run_cli("include", doc_file, "--paragraphs", "1", "--json")
    assert json.loads(result.stdout) == {"document_id": doc_file, "excluded": False, "changed": [2, 3],
                                         "unchanged": [1]}


@pytest.mark.parametrize("args, message", [
    (["exclude", "1", "--positions", "5-9"], "no segment at position 7"),
    (["exclude", "1", "--paragraphs", "3-4"], "no paragraph 4"),
    (["exclude", "1", "--positions", "x"], "use positions like"),
    (["include", "9", "--positions", "1"], "no document '9'"),
    (["exclude", "1"], "either --positions or --paragraphs"),
    (["note", "1", "7", "text"], "no segment at position 7"),
    (["note", "1", "2"], "give the note TEXT"),
    (["documents", "1", "--set", "publisher=x"], "unknown key 'publisher'"),
    (["documents", "--set", "outlet=x"], "--set needs a document"),
])
def test_cli_bad_input_is_one_line_and_changes_nothing(run_cli, doc_file, db_path, db_state, args, message):
    before = db_state(db_path)
    result = run_cli(*args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert db_state(db_path) == before


def test_cli_note_and_metadata(run_cli, doc_file):
    assert run_cli("note", doc_file, "2", "A note.").exit_code == 0
    assert run_cli("note", doc_file, "2", "--delete").output.strip() == "segment 2: note deleted"
    result = run_cli("documents", doc_file, "--set", "outlet=心智观察所", "--set", "author=Chen Mo", "--json")
    assert json.loads(result.stdout)["meta"] == {"outlet": "心智观察所", "author": "Chen Mo"}
    shown = run_cli("documents", doc_file).output
    assert "outlet   心智观察所" in shown and "author   Chen Mo" in shown


def test_cli_segments_says_which_are_left_out(run_cli, doc_file):
    run_cli("exclude", doc_file, "--positions", "2")
    listed = json.loads(run_cli("segments", doc_file, "--json").stdout)
    assert [s["excluded"] for s in listed] == [False, True, False, False, False, False]
    assert [s["paragraph"] for s in listed] == [1, 1, 1, 3, 3, 3]  # what --paragraphs names
    assert "left out" in run_cli("segments", doc_file, "--positions", "2").stdout
