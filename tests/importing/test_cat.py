"""XLIFF 2.0 and TMX import: round trips through a fresh database, foreign files, bad files."""

from __future__ import annotations

import re

import pytest

from tests.export.sample import build
from workbench import outputs
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.export import export  # noqa: E402
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
    path = tmp_path / f"out{suffix}"
    outputs.write_atomic(path, export(store, doc, fmt, status=status))
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
        # inline codes come in as placeholders (kept for the way back: see test_xliff12.py)
        (1, "价格{1}未公布{/1}。", "translated", None, "The price {1}was not disclosed{/1}."),
        (2, "敬请期待{1/}", "initial", None, None),
    ]
    assert rows[0]["note"] == "Headline; keep it short." and rows[1]["engine"] == "imported"
    assert result.title == "from-trados" and result.segments == 3


def test_an_xlf2_file_is_read_as_xliff_not_as_text(tmp_path):
    path = tmp_path / "from-trados.xlf2"
    path.write_text(FOREIGN_XLIFF, encoding="utf-8")
    store = open_store(tmp_path / "w.db")
    result = import_file(store, path)
    assert [r["source"] for r in seg_store.for_document(store, result.document_id)] == [
        "华为发布新芯片。", "价格{1}未公布{/1}。", "敬请期待{1/}"]


@pytest.mark.parametrize("content, message", [
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file/></xliff>',
     "no segments with Chinese source text found"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.1" version="3.0"><file/></xliff>',
     "XLIFF 3.0 is not supported; export XLIFF 2.0 or 1.2 from your CAT tool"),
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
    path = tmp_path / "article.xlf"
    outputs.write_atomic(path, export(store, doc, "xliff"))
    result = run_cli("import", path)
    assert result.exit_code == 0, result.output
    assert "imported as document 1 ('article'), 7 segments" in result.stdout
    result = run_cli("export", "1", "-f", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nvidia's about-face\n")  # paragraph kinds are not in XLIFF: plain paragraphs


# ---------------------------------------------------------------------------------------------
# Entities are never expanded: a file declaring any (XXE, entity bombs) is refused.

XLIFF_HEAD = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN">'
BOMB = "".join(f'<!ENTITY e{i + 1} "{f"&e{i};" * 10}">' for i in range(1, 9))


@pytest.mark.parametrize("name, content, message", [
    ("xxe.xlf", f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>{XLIFF_HEAD}'
                '<file id="f"><unit id="u"><segment><source>你好&e;</source></segment></unit></file></xliff>',
     "declares the XML entity &e;"),
    ("xxe.tmx", '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]><tmx version="1.4">'
                '<body><tu><tuv xml:lang="zh"><seg>你好&e;</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu></body></tmx>',
     "declares the XML entity &e;"),
    ("bomb.xlf", f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e1 "ha">{BOMB}]>{XLIFF_HEAD}'
                 '<file id="f"><unit id="u"><segment><source>你好&e9;</source></segment></unit></file></xliff>',
     "declares the XML entity &e1;"),
    ("bomb-in-attribute.tmx", f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e1 "ha">{BOMB}]><tmx version="1.4" a="&e9;">'
                              '<body/></tmx>', "not well-formed XML"),
])
def test_entities_are_never_expanded_and_such_files_are_refused(tmp_path, db_state, name, content, message):
    build(tmp_path)[0].close()
    before = db_state(tmp_path / "work.db")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    store = open_store(tmp_path / "work.db")
    with pytest.raises(WorkbenchError, match=re.escape(message)) as err:
        import_file(store, path)
    store.close()
    assert "root:" not in str(err.value) and len(str(err.value)) < 300
    assert db_state(tmp_path / "work.db") == before


# ---------------------------------------------------------------------------------------------
# Control characters are refused with the file and line, as in every other format.

CONTROL = "control character U+{code} ({name}) in the text; remove it (only tab and line breaks are allowed)"


@pytest.mark.parametrize("name, content, line, code, what", [
    ("c1.xlf", f"{XLIFF_HEAD}\n<file id=\"f\">\n<unit id=\"u\">\n<segment><source>你好&#x85;</source></segment>\n"
               "</unit></file></xliff>", 4, "0085", "next line"),
    ("raw-escape.xlf", f"{XLIFF_HEAD}\n<file id=\"f\">\n<unit id=\"u\">\n<segment><source>你好</source>\n"
                       "<target>Hi\x1b[0m</target></segment></unit></file></xliff>", 5, "001B", "escape"),
    ("reference.xlf", f"{XLIFF_HEAD}\n<file id=\"f\"><unit id=\"u\"><segment>\n<source>你好&#12;</source>"
                      "</segment></unit></file></xliff>", 3, "000C", "form feed"),
    ("cp.xlf", f"{XLIFF_HEAD}\n<file id=\"f\"><unit id=\"u\"><segment>\n\n<source>你<cp hex=\"0007\"/>好</source>"
               "</segment></unit></file></xliff>", 4, "0007", "bell"),
    ("note.xlf", f"{XLIFF_HEAD}\n<file id=\"f\"><unit id=\"u\"><notes><note>bad\u0090note</note></notes>"
                 "<segment><source>你好</source></segment></unit></file></xliff>", 2, "0090", "C1 control"),
    ("delete.tmx", '<tmx version="1.4"><body>\n<tu>\n<tuv xml:lang="zh"><seg>你好</seg></tuv>\n'
                   '<tuv xml:lang="en"><seg>Hi&#x7f;</seg></tuv></tu></body></tmx>', 4, "007F", "delete"),
    ("raw.tmx", '<tmx version="1.4"><body>\n<tu><tuv xml:lang="zh"><seg>你\x0b好</seg></tuv>'
                '<tuv xml:lang="en"><seg>Hi</seg></tuv></tu></body></tmx>', 2, "000B", "vertical tab"),
])
def test_a_control_character_in_xliff_or_tmx_is_refused_with_its_line(tmp_path, db_state, name, content, line,
                                                                        code, what):
    build(tmp_path)[0].close()
    before = db_state(tmp_path / "work.db")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    store = open_store(tmp_path / "work.db")
    with pytest.raises(WorkbenchError) as err:
        import_file(store, path)
    store.close()
    assert str(err.value) == f"{path}:{line}: " + CONTROL.format(code=code, name=what)
    assert db_state(tmp_path / "work.db") == before


# ---------------------------------------------------------------------------------------------
# Linear: the parse streams (iterparse, elements cleared as it goes), so 8x the units take about
# 8x the time. The old parse looked up each unit's file metadata among all its siblings (quadratic).

def _xliff_units(path, n: int) -> None:
    units = "".join(f'<unit id="u{i}"><mda:metadata><mda:metaGroup><mda:meta type="paragraph">{i}</mda:meta>'
                    f'</mda:metaGroup></mda:metadata><segment state="translated"><source>第{i}句话。</source>'
                    f'<target>Sentence {i}.</target></segment></unit>\n' for i in range(1, n + 1))
    path.write_text(f'{XLIFF_HEAD[:-1]} xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"><file id="f">'
                    f'<mda:metadata><mda:metaGroup><mda:meta type="title">t</mda:meta></mda:metaGroup></mda:metadata>\n'
                    f'{units}</file></xliff>', encoding="utf-8")


def test_xliff_parsing_is_linear_in_the_number_of_units(tmp_path):
    import time

    from workbench.importing.cat import parse_xliff

    small, large = tmp_path / "small.xlf", tmp_path / "large.xlf"
    _xliff_units(small, 2000)
    _xliff_units(large, 16000)

    def per_unit(path, n):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            parsed = parse_xliff(path)
            best = min(best, time.perf_counter() - start)
        assert len(parsed.entries) == n and parsed.title == "t" and parsed.entries[-1].paragraph == n
        return best / n

    ratio = per_unit(large, 16000) / per_unit(small, 2000)
    assert ratio < 2.0, f"time per unit grew {ratio:.1f}x from 2,000 to 16,000 units (linear: about 1x)"


@pytest.mark.parametrize("paragraph", ["²", "99999999999999999999999"])
def test_a_paragraph_number_that_is_no_number_falls_back_to_the_units_place(tmp_path, paragraph):
    path = tmp_path / "odd.xlf"
    path.write_text(f'{XLIFF_HEAD}<file id="f"><unit id="u1"><mda:metadata xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0">'
                    f'<mda:metaGroup><mda:meta type="paragraph">{paragraph}</mda:meta></mda:metaGroup></mda:metadata>'
                    '<segment><source>华为发布新芯片。</source></segment></unit></file></xliff>', encoding="utf-8")
    store = open_store(tmp_path / "w.db")
    result = import_file(store, path)
    assert [r.paragraph for r in seg_store.for_document(store, result.document_id)] == [1]
    store.close()
