"""`workbench export` from the command line: output, files, and one-line errors that change nothing."""

from __future__ import annotations

from tests.export.sample import FINAL_TITLE, build
from workbench.storage import documents as doc_store


def test_export_to_stdout_and_to_a_file(tmp_path, run_cli):
    build(tmp_path)
    db = tmp_path / "work.db"
    result = run_cli("export", "1", "--format", "md", "--credit", db=db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("*Translated by model-a, model-b, tm, verified by alice.*\n\n# " + FINAL_TITLE)
    out = tmp_path / "article.xlf"
    result = run_cli("export", "article", "-f", "xliff", "-o", out, db=db)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<?xml") and result.stdout == ""
    assert not list(tmp_path.glob(".*.partial"))


def test_bad_requests_are_one_line_and_leave_the_database_alone(tmp_path, run_cli, db_state):
    build(tmp_path, reviewed=(1, 2))[0].close()
    db = tmp_path / "work.db"
    before = db_state(db)
    cases = [
        (("export", "9", "-f", "md"), "Error: no document '9' (see `workbench documents`)"),
        (("export", "1", "-f", "md", "-o", tmp_path / "missing" / "a.md"),
         f"Error: cannot write {tmp_path / 'missing' / 'a.md'}: folder {tmp_path / 'missing'} does not exist"),
        (("export", "1", "-f", "md", "-o", tmp_path), f"Error: {tmp_path} is a folder; give a file name"),
        (("export", "1", "-f", "md"),
         "Error: 5 of 7 segments are not reviewed yet (positions 3, 4, 5, 6, 7); review them, or export with "
         "--status all to include them marked"),
    ]
    for args, message in cases:
        result = run_cli(*args, db=db)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr == message + "\n", args
        assert "Traceback" not in result.output
    assert not (tmp_path / "missing").exists()
    assert db_state(db) == before


def test_export_of_an_empty_document_is_refused(tmp_path, run_cli):
    store, _ = build(tmp_path)
    empty, _ = doc_store.create(store, title="empty", source_path=None, sha256="0" * 64, encoding="utf-8",
                                fmt="txt", paragraphs=[], segments=[])
    result = run_cli("export", str(empty), "-f", "tmx", db=tmp_path / "work.db")
    assert result.exit_code == 1
    assert result.stderr == f"Error: document {empty} ('empty') has no segments to export\n"


def test_status_all_includes_unreviewed_segments_marked(tmp_path, run_cli):
    build(tmp_path, reviewed=(1,))
    result = run_cli("export", "1", "-f", "bilingual-md", "--status", "all", db=tmp_path / "work.db")
    assert result.exit_code == 0, result.output
    assert "| 3 | 发改委召集腾讯开会。 | [draft] The NDRC summoned Tencent to a meeting. |" in result.stdout


def test_export_help_has_an_example(run_cli):
    for command in ("export", "report", "score"):
        result = run_cli(command, "--help", db=None)
        assert result.exit_code == 0 and "Example:" in result.stdout


def test_a_tmx_with_nothing_reviewed_says_why_it_is_empty(tmp_path, run_cli):
    build(tmp_path, reviewed=())
    result = run_cli("export", "1", "-f", "tmx", db=tmp_path / "work.db")
    assert result.exit_code == 0 and "<tu " not in result.stdout
    assert "no segment is reviewed yet, so the TMX holds no translation units" in result.stderr
    everything = run_cli("export", "1", "-f", "tmx", "--status", "all", db=tmp_path / "work.db")
    assert everything.stdout.count("<tu ") == 7 and everything.stderr == ""
    (tmp_path / "reviewed").mkdir()
    build(tmp_path / "reviewed")
    reviewed = run_cli("export", "1", "-f", "tmx", db=tmp_path / "reviewed" / "work.db")
    assert reviewed.stdout.count("<tu ") == 7 and reviewed.stderr == ""
