"""XLIFF 2.0 and TMX import: round trips through a fresh database, foreign files, bad files."""

from __future__ import annotations

import pytest

from tests.export.sample import build
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.export import export, write_output  # noqa: E402
from workbench.importing.paths import import_file  # noqa: E402
from workbench.reports import document as report  # noqa: E402
from workbench.storage import open_store  # noqa: E402
from workbench.storage import segments as seg_store  # noqa: E402

FIELDS = ("position", "source", "status", "target", "draft", "note", "engine", "model", "reviewer")


def _state(store, doc, fields=FIELDS):
    return [tuple(r[f] for f in fields) for r in seg_store.for_document(store, doc)]


def _round_trip(tmp_path, fmt, suffix, status="reviewed"):
    store, doc = build(tmp_path, reviewed=(1, 2, 3, 4), drafted=(1, 2, 3, 4, 5, 6),
                       flag={2: "too literal", 5: "check the name"})
    path = write_output(export(store, doc, fmt, status=status), tmp_path / f"out{suffix}")
    fresh = open_store(tmp_path / "fresh.db")
    result = import_file(fresh, path)
    assert not result.duplicate and result.title == "article"
    return store, doc, fresh, result.document_id


def test_xliff_round_trip_keeps_sources_targets_statuses_drafts_and_notes(tmp_path):
    store, doc, fresh, new = _round_trip(tmp_path, "xliff", ".xlf")
    assert _state(fresh, new) == _state(store, doc)
    # Paragraphs come back too, so the English article rebuilds the same way (raw blocks aside).
    assert [r["paragraph"] for r in seg_store.for_document(fresh, new)] == [1, 2, 2, 3, 4, 5, 7]
    # The post-editing figures survive: drafts came back with their engine and model.
    assert report.build(fresh, new)["post_editing"]["overall"] == report.build(store, doc)["post_editing"]["overall"]


def test_tmx_round_trip_of_reviewed_segments(tmp_path):
    store, doc, fresh, new = _round_trip(tmp_path, "tmx", ".tmx")
    fields = ("source", "status", "target", "reviewer")
    reviewed = [s for s in _state(store, doc, fields) if s[1] in ("reviewed", "final")]
    assert len(reviewed) == 3 and _state(fresh, new, fields) == reviewed


def test_tmx_round_trip_with_every_segment(tmp_path):
    store, doc, fresh, new = _round_trip(tmp_path, "tmx", ".tmx", status="all")
    fields = ("source", "status", "target", "note")
    translated = [s for s in _state(store, doc, fields) if s[1] != "initial"]
    assert _state(fresh, new, fields) == translated
    # Where the English is a machine draft (no person's target), it comes back as the draft, with its model;
    # TMX has no place for the draft behind a reviewed target.
    drafts = [(r["source"], r["draft"], r["model"]) for r in seg_store.for_document(store, doc)
              if r["target"] is None and r["draft"] is not None]
    assert len(drafts) == 2
    assert [(r["source"], r["draft"], r["model"]) for r in seg_store.for_document(fresh, new) if r["target"] is None] == drafts


def test_importing_the_same_file_twice_is_reported(tmp_path):
    store, doc, fresh, new = _round_trip(tmp_path, "xliff", ".xlf")
    again = import_file(fresh, tmp_path / "out.xlf")
    assert again.duplicate and again.document_id == new


FOREIGN_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en-US">
  <file id="f1">
    <unit id="p1">
      <notes><note>Headline; keep it short.</note></notes>
      <segment id="1" state="final"><source>华为发布新芯片。</source><target>Huawei launches a new chip.</target></segment>
      <segment id="2" state="translated"><source>价格<pc id="b1">未公布</pc>。</source><target>The price <pc id="b1">was not disclosed</pc>.</target></segment>
    </unit>
    <unit id="p2">
      <segment><source>敬请期待<ph id="x" equiv="!"/></source></segment>
    </unit>
  </file>
</xliff>
"""


def test_a_foreign_xliff_2_file_imports_with_units_as_paragraphs(tmp_path):
    path = tmp_path / "from-trados.xliff"
    path.write_text(FOREIGN_XLIFF, encoding="utf-8")
    store = open_store(tmp_path / "w.db")
    result = import_file(store, path)
    rows = seg_store.for_document(store, result.document_id)
    assert [(r["paragraph"], r["source"], r["status"], r["target"], r["draft"]) for r in rows] == [
        (1, "华为发布新芯片。", "final", "Huawei launches a new chip.", None),
        (1, "价格未公布。", "translated", None, "The price was not disclosed."),
        (2, "敬请期待!", "initial", None, None),
    ]
    assert rows[0]["note"] == "Headline; keep it short." and rows[1]["engine"] == "imported"
    assert result.title == "from-trados" and result.segments == 3


def test_an_xlf2_file_is_read_as_xliff_not_as_text(tmp_path):
    path = tmp_path / "from-trados.xlf2"
    path.write_text(FOREIGN_XLIFF, encoding="utf-8")
    store = open_store(tmp_path / "w.db")
    result = import_file(store, path)
    assert [r["source"] for r in seg_store.for_document(store, result.document_id)] == [
        "华为发布新芯片。", "价格未公布。", "敬请期待!"]


@pytest.mark.parametrize("content, message", [
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file/></xliff>',
     "XLIFF 1.2 is not supported; export XLIFF 2.0 from your CAT tool"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN"><file id="f"><unit id="u">'
     '<segment state="done"><source>你好</source></segment></unit></file></xliff>', "unknown segment state 'done'"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN"><file id="f"/></xliff>',
     "no segments with Chinese source text found"),
    ("<xliff><unclosed></xliff>", "not well-formed XML"),
])
def test_bad_xliff_files_are_refused_and_change_nothing(tmp_path, db_state, content, message):
    build(tmp_path)[0].close()
    before = db_state(tmp_path / "work.db")
    store = open_store(tmp_path / "work.db")
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WorkbenchError, match=message):
        import_file(store, path)
    store.close()
    assert db_state(tmp_path / "work.db") == before


def test_tmx_from_another_tool_drops_native_codes(tmp_path):
    path = tmp_path / "memoq.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" segtype="sentence"/><body>'
        '<tu changeid="li"><tuv xml:lang="ZH-CN"><seg><bpt i="1">&lt;b&gt;</bpt>华为<ept i="1">&lt;/b&gt;</ept>发布新芯片。</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg><bpt i="1">&lt;b&gt;</bpt>Huawei<ept i="1">&lt;/b&gt;</ept> launches a <hi>new</hi> chip.</seg></tuv>'
        '</tu></body></tmx>', encoding="utf-8")
    store = open_store(tmp_path / "w.db")
    doc = import_file(store, path).document_id
    (row,) = seg_store.for_document(store, doc)
    assert (row["source"], row["target"], row["status"], row["reviewer"]) == (
        "华为发布新芯片。", "Huawei launches a new chip.", "reviewed", "li")


def test_tmx_without_a_chinese_side_is_refused(tmp_path):
    path = tmp_path / "de.tmx"
    path.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hi</seg></tuv>'
                    '<tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(WorkbenchError, match=r"translation unit 1 lacks a Chinese or an English <tuv> \(found: de, en\)"):
        import_file(open_store(tmp_path / "w.db"), path)


def test_workbench_import_takes_an_xliff_file(tmp_path, run_cli):
    store, doc = build(tmp_path)
    path = write_output(export(store, doc, "xliff"), tmp_path / "article.xlf")
    result = run_cli("import", path)
    assert result.exit_code == 0, result.output
    assert "imported as document 1 ('article'), 7 segments" in result.stdout
    result = run_cli("export", "1", "-f", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nvidia's about-face\n")  # paragraph kinds are not in XLIFF: plain paragraphs
