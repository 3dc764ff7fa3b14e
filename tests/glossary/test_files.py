"""Glossary exchange: TSV (OmegaT), CSV (DeepL/Google), TBX-Basic, JSON — round trips and bad files."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tbx

from workbench.glossary import files as formats
from workbench.glossary import files as gl
from workbench.glossary.terms import GlossaryFileError, Term

TERMS = [
    Term("英伟达", "Nvidia", variants=["NVIDIA"], forbidden=["Yingweida", "Invida"],
         note="House style: Nvidia (the company writes NVIDIA).", status="approved"),
    Term("观察者网", "Guancha", variants=["Guancha.cn"], forbidden=["Observer Network"],
         note='Not "Observer Network", a literal rendering; commas, "quotes" & <angles> survive.'),
    Term("苹果", "Apple", case_sensitive=True, status="proposed", glossary="tech"),
    Term("中国商务部", "China's Ministry of Commerce", variants=["MOFCOM"]),
]


def roundtrip(fmt: str, tmp_path: Path) -> list[Term]:
    path = tmp_path / f"glossary.{fmt}"
    path.write_text(formats.dump(TERMS, fmt), encoding="utf-8")
    return gl.load(path)


def fields(terms, *names):
    return [tuple(getattr(t, n) for n in names) for t in terms]


def test_json_keeps_every_field(tmp_path):
    assert [t.to_dict() for t in roundtrip("json", tmp_path)] == [t.to_dict() for t in TERMS]


def test_tbx_keeps_source_target_variants_forbidden_and_note(tmp_path):
    names = ("source", "target", "variants", "forbidden", "note")
    assert fields(roundtrip("tbx", tmp_path), *names) == fields(TERMS, *names)


def test_tsv_keeps_source_target_and_comment(tmp_path):
    assert fields(roundtrip("tsv", tmp_path), "source", "target", "note") == fields(TERMS, "source", "target", "note")


def test_csv_is_two_columns_without_header_and_round_trips(tmp_path):
    text = formats.dump(TERMS, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["英伟达", "Nvidia"] and all(len(r) == 2 for r in rows)
    assert fields(roundtrip("csv", tmp_path), "source", "target") == fields(TERMS, "source", "target")


def test_csv_with_a_header_is_still_read(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("source,target,note,variants\n英伟达,Nvidia,chip maker,NVIDIA|Nvidia Corp\n", encoding="utf-8")
    (term,) = gl.load(path)
    assert (term.target, term.note, term.variants) == ("Nvidia", "chip maker", ["NVIDIA", "Nvidia Corp"])


def test_tbx_is_tbx_basic_martif_read_by_translate_toolkit():
    text = formats.dump(TERMS, "tbx")
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert "TBXBasiccoreStructV02.dtd" in text
    langs = {ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in root.iter("langSet")}
    assert langs == {"zh-CN", "en"}
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    units = store.units
    assert [u.source for u in units] == [t.source for t in TERMS]
    assert [u.target for u in units] == [t.target for t in TERMS]
    nvidia = units[0].get_target_terms()
    assert [(t.text, t.administrative_status) for t in nvidia] == [
        ("Nvidia", "preferredTerm-admn-sts"), ("NVIDIA", "admittedTerm-admn-sts"),
        ("Yingweida", "deprecatedTerm-admn-sts"), ("Invida", "deprecatedTerm-admn-sts")]
    assert [t.text for t in nvidia if t.deprecated] == ["Yingweida", "Invida"]
    assert "House style" in units[0].getnotes()


def test_tbx_written_by_translate_toolkit_is_read(tmp_path):
    store = tbx.tbxfile(sourcelanguage="zh-CN", targetlanguage="en")
    unit = store.addsourceunit("华为")
    unit.settarget("Huawei")
    path = tmp_path / "tt.tbx"
    path.write_bytes(bytes(store))
    (term,) = gl.load(path)
    assert (term.source, term.target) == ("华为", "Huawei")


def test_export_and_import_through_the_cli_lose_nothing(run_cli, tmp_path):
    source = tmp_path / "seed.json"
    source.write_text(formats.dump(TERMS, "json"), encoding="utf-8")
    assert run_cli("glossary", "import", source).exit_code == 0
    before = json.loads(run_cli("glossary", "list", "--json").stdout)
    for fmt in formats.FORMATS:
        out = tmp_path / f"out.{fmt}"
        result = run_cli("glossary", "export", "-o", out)
        assert result.exit_code == 0 and fmt in result.stdout
        again = run_cli("glossary", "import", out, db=tmp_path / f"{fmt}.db")
        assert again.exit_code == 0, again.output
        after = json.loads(run_cli("glossary", "list", "--json", db=tmp_path / f"{fmt}.db").stdout)
        keep = {"tsv": ("source", "target", "note"), "csv": ("source", "target"),
                "tbx": ("source", "target", "variants", "forbidden", "note")}.get(fmt)
        if keep is None:  # json: all but the glossary name, which import assigns
            assert [{k: v for k, v in t.items() if k != "glossary"} for t in after] == \
                   [{k: v for k, v in t.items() if k != "glossary"} for t in before]
        else:
            assert [[t[k] for k in keep] for t in after] == [[t[k] for k in keep] for t in before]


def test_reimporting_an_export_into_the_same_glossary_wipes_nothing(run_cli, tmp_path):
    """An OmegaT TSV or DeepL CSV made from our glossary and imported back (the usual exchange) leaves
    the variants, forbidden renderings, notes and flags it cannot carry as they were."""
    source = tmp_path / "seed.json"
    source.write_text(formats.dump(TERMS, "json"), encoding="utf-8")
    assert run_cli("glossary", "import", source).exit_code == 0
    before = json.loads(run_cli("glossary", "list", "--json").stdout)
    for fmt in formats.FORMATS:
        out = tmp_path / f"back.{fmt}"
        assert run_cli("glossary", "export", "-o", out).exit_code == 0
        again = run_cli("glossary", "import", out, "--json")
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout)["updated"] == 0, fmt
        assert json.loads(run_cli("glossary", "list", "--json").stdout) == before, fmt
    # what the file does carry still changes the term: a TSV note, a header CSV's note column
    (tmp_path / "note.tsv").write_text("英伟达\tNvidia\tNew note.\n", encoding="utf-8")
    assert run_cli("glossary", "import", tmp_path / "note.tsv").exit_code == 0
    (tmp_path / "note.csv").write_text("source,target,note\n观察者网,Guancha,\n", encoding="utf-8")
    assert run_cli("glossary", "import", tmp_path / "note.csv").exit_code == 0
    after = {t["source"]: t for t in json.loads(run_cli("glossary", "list", "--json").stdout)}
    assert after["英伟达"]["note"] == "New note." and after["英伟达"]["forbidden"] == ["Yingweida", "Invida"]
    assert after["观察者网"]["note"] == "" and after["观察者网"]["variants"] == ["Guancha.cn"]


def test_export_format_option_to_stdout(run_cli, tmp_path):
    source = tmp_path / "seed.json"
    source.write_text(formats.dump(TERMS, "json"), encoding="utf-8")
    run_cli("glossary", "import", source)
    result = run_cli("glossary", "export", "--format", "csv")
    assert result.exit_code == 0 and "中国商务部,China's Ministry of Commerce" in result.stdout


@pytest.mark.parametrize("name, content, message", [
    ("terms.tbx", '{"terms": []}', "looks like JSON, not TBX"),
    ("terms.csv", formats.dump(TERMS[:1], "tbx"), "looks like XML (TBX?), not CSV"),
    ("terms.tsv", formats.dump(TERMS[:1], "json"), "looks like JSON, not TSV"),
    ("terms.json", "英伟达\tNvidia\n", "looks like TSV, not JSON"),
    ("terms.json", formats.dump(TERMS[:1], "tbx"), "looks like XML (TBX?), not JSON"),
    ("terms.tbx", "英伟达\tNvidia\n", "looks like TSV, not TBX"),
    ("terms.json", '{"terms": [', "not valid JSON"),
    ("terms.tbx", "<martif><text><body><termEntry>\n<langSet></body></martif>", ":2:"),
    ("terms.tbx", "<html><body/></html>", "not TBX — the root element is <html>"),
    ("terms.csv", "英伟达,\n", "empty target"),
    ("terms.csv", "source,note\n英伟达,the chip maker\n", "the header must name a target column"),
    ("terms.tsv", "英伟达\t \n", "empty target"),
    ("terms.tbx", formats.dump([Term("英伟达", "Nvidia")], "tbx").replace("<term>Nvidia</term>", "<term></term>"),
     "empty target"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryFileError, match=re.escape(message)):
        gl.load(path)


def test_malformed_tbx_through_the_cli_names_line_and_column_and_changes_nothing(run_cli, tmp_path, db_path, db_state):
    path = tmp_path / "bad.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif>\n  <text><body>\n    <termEntry></body>\n</martif>\n', encoding="utf-8")
    run_cli("glossary", "add", "华为", "Huawei")
    before = db_state(db_path)
    result = run_cli("glossary", "import", path)
    assert result.exit_code == 1
    assert "line 4, column" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert db_state(db_path) == before


def test_export_to_a_missing_folder_is_refused(run_cli, tmp_path):
    run_cli("glossary", "add", "华为", "Huawei")
    result = run_cli("glossary", "export", "-o", tmp_path / "nowhere" / "g.tbx")
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_export_with_an_unknown_extension_asks_for_format(run_cli, tmp_path):
    run_cli("glossary", "add", "华为", "Huawei")
    result = run_cli("glossary", "export", "-o", tmp_path / "g.xlsx")
    assert result.exit_code == 1 and "--format" in result.stderr


def test_format_option_overrides_the_extension(run_cli, tmp_path):
    path = tmp_path / "deepl-export.txt"  # .txt would be read as OmegaT TSV
    path.write_text('英伟达,Nvidia\n"观察者网","Guancha"\n', encoding="utf-8")
    refused = run_cli("glossary", "import", path)
    assert refused.exit_code == 1 and "found no tab" in refused.stderr
    result = run_cli("glossary", "import", path, "--format", "csv")
    assert result.exit_code == 0 and "2 added" in result.stdout


def test_glossary_commands_have_examples(run_cli):
    for command in ("import", "export", "suggest"):
        assert "Example:" in run_cli("glossary", command, "--help").stdout


# Control characters: refused with the file and line (or the term, when escaped), like every import.

GLOSSARY_CONTROL = "control character U+{code} ({name}) in the text; remove it (only tab and line breaks are allowed)"


@pytest.mark.parametrize("name, content, where, code, what", [
    ("g.tsv", "英伟达\tNvidia\n华为\tHua\x1bwei\n", ":2", "001B", "escape"),
    ("g.csv", "英伟达,Nvidia\n华为,Huawei\n腾讯,Ten\x0ccent\n", ":3", "000C", "form feed"),
    ("g.json", '{"terms": [\n{"source": "英伟达", "target": "Nvidia\u0085"}]}', ":2", "0085", "next line"),
    ("escaped.json", '{"terms": [{"source": "华为", "target": "Huawei"},\n{"source": "英伟达", "target": "Nvidia\\u001b"}]}',
     ": term 2", "001B", "escape"),
    ("g.tbx", '<martif type="TBX-Basic"><text><body>\n<termEntry id="t1"><langSet xml:lang="zh"><tig><term>英伟达</term>'
              '</tig></langSet>\n<langSet xml:lang="en"><tig><term>Nvidia&#x9f;</term></tig></langSet></termEntry>'
              '</body></text></martif>', ":3", "009F", "C1 control"),
    ("ref.tbx", '<martif type="TBX-Basic"><text><body>\n\n<termEntry id="t1"><langSet xml:lang="zh"><tig><term>英伟达&#7;</term>'
                '</tig></langSet></termEntry></body></text></martif>', ":3", "0007", "bell"),
])
def test_a_control_character_in_a_glossary_file_is_refused(run_cli, tmp_path, db_path, db_state, name, content, where,
                                                           code, what):
    run_cli("glossary", "add", "腾讯", "Tencent")
    before = db_state(db_path)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_cli("glossary", "import", path, *(["--format", "json"] if name.endswith(".json") else []))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}{where}: " + GLOSSARY_CONTROL.format(code=code, name=what) + "\n"
    assert db_state(db_path) == before


def test_glossary_add_refuses_a_control_character(run_cli, db_path):
    result = run_cli("glossary", "add", "华为", "Huawei\x07", "--note", "ok")
    assert result.exit_code == 1
    assert result.stderr == "Error: term '华为': " + GLOSSARY_CONTROL.format(code="0007", name="bell") + "\n"
    assert run_cli("glossary", "list", "--json").stdout.strip() == "[]"


def test_every_glossary_format_writes_an_old_control_character_as_a_replacement_character(tmp_path):
    terms = [Term("英\x01伟达", "Nv\x1bidia", note="old\x0bdatabase", variants=["NV\x85IDIA"])]
    for fmt in formats.FORMATS:
        text = formats.dump(terms, fmt)
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text.replace("\\u001b", "")), fmt
        assert "\ufffd" in text or "\\ufffd" in text, fmt


# ---------------------------------------------------------------------------------------------
# OmegaT interplay: forbidden renderings deprecated in TBX, left out --for omegat; names OmegaT loads.


def _cambricon(run_cli):
    assert run_cli("glossary", "add", "寒武纪", "Cambricon", "--forbidden", "Cambrian").exit_code == 0


def test_tbx_marks_a_forbidden_rendering_deprecated_and_for_omegat_leaves_it_out(run_cli, db_path):
    from lxml import etree

    _cambricon(run_cli)
    tbx = run_cli("glossary", "export", "--format", "tbx").stdout
    root = etree.fromstring(tbx.encode())
    statuses = {t.xpath("string(term)"): t.xpath("string(termNote[@type='administrativeStatus'])") for t in root.iter("tig")}
    assert statuses["Cambrian"] == "deprecatedTerm-admn-sts" and statuses["Cambricon"] == "preferredTerm-admn-sts"
    assert {ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in root.iter("langSet")} == {"zh-CN", "en"}
    omegat = run_cli("glossary", "export", "--format", "tbx", "--for", "omegat").stdout
    assert "Cambricon" in omegat and "Cambrian" not in omegat


def test_for_omegat_into_a_folder_writes_a_name_omegat_loads_and_refuses_tsv(run_cli, db_path, tmp_path):
    _cambricon(run_cli)
    folder = tmp_path / "glossary"
    folder.mkdir()
    result = run_cli("glossary", "export", "--for", "omegat", "-o", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "workbench.utf8").read_text(encoding="utf-8") == "寒武纪\tCambricon\n"
    result = run_cli("glossary", "export", "--for", "omegat", "--format", "tbx", "-o", folder)
    assert result.exit_code == 0 and (folder / "workbench.tbx").exists()
    bad = tmp_path / "glossary.tsv"
    result = run_cli("glossary", "export", "--for", "omegat", "-o", bad)
    assert result.exit_code == 1 and not bad.exists()
    assert result.stderr == f"Error: {bad}: OmegaT does not load a glossary named .tsv — name it .utf8 or .txt or .tab\n"
