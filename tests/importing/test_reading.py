"""Reading source files: encodings, line endings, Markdown blocks, and every kind of bad file."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.importing import reading
from workbench.importing.paths import import_file
from workbench.storage import documents as doc_store
from workbench.storage import open_store
from workbench.storage import segments as seg_store

TEXT = "心智观察所认为，英伟达的H200芯片售价约3.5万美元。\n\n观察者网报道：出货1,436台！\n"
SENTENCES = ["心智观察所认为，英伟达的H200芯片售价约3.5万美元。", "观察者网报道：出货1,436台！"]


@pytest.mark.parametrize(
    "encoding, bom, expected",
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_supported_encoding_and_line_ending_gives_the_same_segments(tmp_path, db_path, encoding, bom,
                                                                          expected, newline):
    path = tmp_path / "article.txt"
    path.write_bytes(bom + TEXT.replace("\n", newline).encode(encoding))
    store = open_store(db_path)
    result = import_file(store, path)
    rows = seg_store.for_document(store, result.document_id)
    assert [r["source"] for r in rows] == SENTENCES
    assert doc_store.get(store, result.document_id)["encoding"] == expected
    assert [p["gap"] for p in doc_store.paragraphs(store, result.document_id)] == ["", "\n\n"]
    store.close()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
def test_lines_survive_chunk_boundaries_inside_characters_and_crlf(tmp_path, monkeypatch, encoding):
    # Tiny chunks put chunk boundaries inside multi-byte characters and between \r and \n.
    monkeypatch.setattr(reading, "CHUNK", 3)
    lines = ["英伟达。", "", "观察者网\u3000报道", "last line"]
    path = tmp_path / "a.txt"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    pr = reading.probe(path)
    assert list(reading.lines(pr)) == lines


def test_a_bom_is_not_part_of_the_first_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + "标题\n".encode())
    assert list(reading.lines(reading.probe(path))) == ["标题"]


# ---------------------------------------------------------------------------------------------
# Bad files: one line on stderr, exit 1, database unchanged.

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa3c6a8a20000000049454e44ae426082")


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "folder.md"
    folder.mkdir()
    files = {
        "empty": (b"", "is empty (nothing to import)"),
        "whitespace": (" \n\t\r\n\u3000\n".encode(), "is empty (nothing to import)"),
        "bom only": (codecs.BOM_UTF8 + b"\n\n", "is empty (nothing to import)"),
        "png": (PNG, "is a PNG image, not text"),
        "undecodable": (b"\x80\x81 abc \xff\xfe\xfd", "cannot decode as UTF-8, UTF-16, GB18030/GBK or Big5"),
        "damaged utf-8": ("英伟达发布了新芯片。".encode() + b"\xff\xfe" + "更多。".encode(),
                          "invalid UTF-8 at byte 30 (the file is UTF-8 up to there, so it looks damaged)"),
        "control bytes": (b"abc\x00\x00\x01def\n", "looks like a binary file (control characters), not text"),
        "utf-16 without bom": ("英伟达发布了新芯片。\n华为表示欢迎。\n".encode("utf-16-le"),
                               "looks like UTF-16 without a byte-order mark (save it as UTF-8, or as UTF-16 with a BOM)"),
        "markup only": (b"```\ncode\n```\n\n---\n", "no text to translate (only markup or code)"),
    }
    out = {}
    for name, (content, message) in files.items():
        path = tmp_path / (name.replace(" ", "-") + ".md")
        path.write_bytes(content)
        out[name] = (path, f"{path}: {message}")
    out["missing"] = (tmp_path / "nope.md", f"{tmp_path / 'nope.md'}: no such file")
    # A folder is searched for files to import (see test_documents); one without any says so.
    out["directory"] = (folder, f"{folder}: no files matching *.txt *.md *.markdown *.text *.html *.htm *.docx in this folder"
                                " — nothing imported")
    return out


BAD = ["empty", "whitespace", "bom only", "png", "undecodable", "damaged utf-8", "control bytes", "utf-16 without bom",
       "markup only",
       "missing", "directory"]


@pytest.mark.parametrize("name", BAD)
def test_a_bad_file_gives_one_line_and_leaves_the_database_unchanged(tmp_path, db_path, run_cli, db_state, name):
    good = tmp_path / "good.txt"
    good.write_text("英伟达发布了新芯片。", encoding="utf-8")
    assert run_cli("import", good).exit_code == 0
    before = db_state(db_path)
    path, message = _bad_files(tmp_path)[name]
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert db_state(db_path) == before


def test_a_50_mb_file_imports_with_bounded_memory(tmp_path):
    """A real 50 MB Markdown report: Chinese prose sections between large data tables. Peak memory of
    the importing process may grow by far less than the file's size over a tiny import's.
    (Table cells without Chinese are kept raw, so jieba only sees the prose and the header cells: a 50 MB
    all-prose file takes ~60 s to tokenize.)"""
    big = tmp_path / "report.md"
    prose = "心智观察所认为，美国商务部的这一决定来得太晚。英伟达的H200芯片（售价约3.5万美元）已经落后于Blackwell架构。\n\n"
    rows = "".join(f"| vendor-{j:03d} | 2025-Q{j % 4 + 1} | {j * 1436:,} | {j * 0.35:.2f}% |\n" for j in range(60))
    with big.open("w", encoding="utf-8") as fh:
        size, section = 0, 0
        while size < 50 * 1024 * 1024:
            block = f"## 第{section}节 出货量\n\n{prose}| 厂商 | 季度 | 出货量 | 份额 |\n|---|---|---|---|\n{rows}\n"
            fh.write(block)
            size += len(block.encode())
            section += 1
    small = tmp_path / "small.md"
    small.write_text("## 第0节 出货量\n\n" + prose, encoding="utf-8")

    def peak(path: Path, db: Path) -> tuple[dict, float]:
        # A fresh interpreter runs the real CLI as its child, so only that import's peak is measured.
        script = (
            "import resource, subprocess, sys\n"
            f"r = subprocess.run([sys.executable, '-m', 'workbench', '--db', {str(db)!r}, 'import', {str(path)!r}, '--json'],"
            " capture_output=True, text=True)\n"
            "sys.stderr.write(r.stderr)\n"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stdout.replace(chr(10), ' '))\n"
        )
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        assert out.stderr == ""
        code, rss_kb, report = out.stdout.split(" ", 2)
        assert code == "0", report
        return json.loads(report), int(rss_kb) / 1024

    small_report, small_mb = peak(small, tmp_path / "small.db")
    big_report, big_mb = peak(big, tmp_path / "big.db")
    assert small_report["segments"] == 3
    assert big_report["segments"] == 7 * (section)  # every section's heading, two sentences and 4 Chinese header cells
    assert big_mb - small_mb < 40, f"peak RSS {big_mb:.0f} MB for 50 MB vs {small_mb:.0f} MB for a tiny file"
    store = open_store(tmp_path / "big.db")
    tables = store.one("SELECT count(*) AS n FROM paragraphs WHERE kind = 'table'")["n"]
    store.close()
    assert tables == section


# ---------------------------------------------------------------------------------------------
# Control characters: refused at import with the file and line, in every format (the XML exports
# cannot carry them). Tab and line breaks are text; NUL bytes mean a binary file (see above).

CONTROL_MESSAGE = "{path}:{line}: control character U+{code} ({name}) in the text; remove it " \
                  "(only tab and line breaks are allowed)"


@pytest.mark.parametrize("name, content, line, code, what", [
    ("form-feed.txt", "第一段。\n\n第二段\x0c。\n", 3, "000C", "form feed"),
    ("escape.md", "# 标题\n\n正文\x1b[31m红色。\n", 3, "001B", "escape"),
    ("crlf.md", "第一行。\r\n第二行。\r\n\r\n\x07第四行。\r\n", 4, "0007", "bell"),
    ("c1.txt", "第一行。\n第二行\u0085。\n", 2, "0085", "next line"),
    ("delete.txt", "\x7f第一行。\n", 1, "007F", "delete"),
    ("vertical-tab.gbk.txt", "英伟达。\n华为\x0b发布。\n".encode("gbk"), 2, "000B", "vertical tab"),
    ("escape.utf16.txt", codecs.BOM_UTF16_LE + "英伟达。\n\n\n华为\x1b发布。\n".encode("utf-16-le"), 4, "001B", "escape"),
    ("bilingual.tsv", "一。\tOne.\n二。\tTwo\x1b[0m.\n", 2, "001B", "escape"),
])
def test_a_control_character_is_refused_with_its_file_and_line(tmp_path, db_path, run_cli, db_state, name, content,
                                                               line, code, what):
    assert run_cli("import", _write_any(tmp_path / "good.txt", "英伟达发布了新芯片。")).exit_code == 0
    before = db_state(db_path)
    path = _write_any(tmp_path / name, content)
    result = run_cli("import", path, *(["--bilingual"] if name.endswith(".tsv") else []))
    assert result.exit_code == 1
    assert result.stderr == "Error: " + CONTROL_MESSAGE.format(path=path, line=line, code=code, name=what) + "\n"
    assert db_state(db_path) == before


def test_the_line_of_a_control_character_is_right_across_chunks_and_split_crlf(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "CHUNK", 7)  # boundaries inside characters and between \r and \n
    path = _write_any(tmp_path / "a.txt", "一行。\r\n" * 9 + "二\r\n\r三\n\x1b四\n")
    with pytest.raises(reading.ImportError_) as err:
        reading.probe(path)
    assert str(err.value) == CONTROL_MESSAGE.format(path=path, line=13, code="001B", name="escape")


def test_tabs_and_every_line_ending_are_text_not_control_characters(tmp_path, db_path):
    path = _write_any(tmp_path / "ok.txt", "英伟达\t发布。\r\n华为发布。\r观察者网报道。\n")
    assert reading.probe(path).encoding == "utf-8"


def _write_any(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# ---------------------------------------------------------------------------------------------
# HTML pages and garbled decodings are refused, not imported as text.

@pytest.mark.parametrize("name, content", [
    ("saved-page.txt", "<!DOCTYPE html>\n<html lang=\"zh\"><head><title>新闻</title></head><body><p>英伟达。</p></body></html>\n"),
    ("saved-page.md", "\ufeff<?xml version=\"1.0\"?>\n<!-- saved from url -->\n<HTML xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                      "<body>英伟达。</body></HTML>\n"),
])
def test_an_html_page_is_refused_with_one_line(tmp_path, db_path, run_cli, db_state, name, content):
    assert run_cli("import", _write_any(tmp_path / "good.txt", "英伟达发布了新芯片。")).exit_code == 0
    before = db_state(db_path)
    path = _write_any(tmp_path / name, content)
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {path}: is an HTML page, not {path.suffix} text; give it an .html name "
                             "to import the page's main text\n")
    assert db_state(db_path) == before


def test_markdown_with_inline_html_is_still_markdown(tmp_path, db_path):
    path = _write_any(tmp_path / "a.md", "英伟达<sup>1</sup>发布了新芯片。\n\n<div>注：数据来自公司。</div>\n")
    store = open_store(db_path)
    assert import_file(store, path).segments == 1
    store.close()


def test_a_utf16_byte_order_mark_before_random_bytes_is_refused_not_imported_as_braille(tmp_path, db_path, run_cli,
                                                                                      db_state):
    import random

    rng = random.Random(7)
    # Random code units that UTF-16 decodes without error (no surrogates): what garbage looks like.
    garbage = "".join(chr(rng.choice([rng.randrange(0x100, 0xD800), rng.randrange(0xE000, 0xFFFE)])) for _ in range(300))
    path = _write_any(tmp_path / "garbled.txt", codecs.BOM_UTF16_LE + garbage.encode("utf-16-le"))
    assert run_cli("import", _write_any(tmp_path / "good.txt", "英伟达发布了新芯片。")).exit_code == 0
    before = db_state(db_path)
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: decoded as utf-16, ")
    assert result.stderr.count("\n") == 1
    assert "of the characters are not Chinese, Latin or punctuation" in result.stderr
    assert "a wrong encoding, or not a text file" in result.stderr
    assert db_state(db_path) == before


def test_chinese_with_english_greek_symbols_and_emoji_is_plausible(tmp_path):
    path = _write_any(tmp_path / "a.txt", "英伟达H200售价约3.5万美元（≈€3万）；α系数→β。😀 “引号” Ⅳ ① ㈠ 《书名》\n")
    assert reading.probe(path).encoding == "utf-8"


# ---------------------------------------------------------------------------------------------
# Big5 and Big5-HKSCS: told from GB18030 by which decoding reads as Chinese.

TRADITIONAL = "心智觀察所認為，美國商務部的這一決定來得太晚。英偉達的H200晶片已經落後於Blackwell架構。香港特區政府表示歡迎。\n"
SIMPLIFIED = "心智观察所认为，美国商务部的这一决定来得太晚。英伟达的H200芯片已经落后于Blackwell架构。\n"


@pytest.mark.parametrize("text, encoding, expected", [
    (TRADITIONAL * 3, "big5", "big5hkscs"),
    (TRADITIONAL * 3 + "沙田邨的居民。\n", "big5hkscs", "big5hkscs"),  # 邨: a Hong Kong character, HKSCS only
    (SIMPLIFIED * 3, "gb18030", "gb18030"),
    (SIMPLIFIED * 3, "gbk", "gb18030"),
])
def test_big5_and_gb18030_are_told_apart_and_import_readable(tmp_path, db_path, text, encoding, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert reading.probe(path).encoding == expected
    store = open_store(db_path)
    result = import_file(store, path)
    rows = seg_store.for_document(store, result.document_id)
    store.close()
    assert "".join(r["source"] for r in rows) == text.replace("\n", "")


def test_a_big5_file_with_invalid_bytes_is_refused_with_one_line(tmp_path, run_cli, db_path, db_state):
    before = db_state(db_path)
    data = (TRADITIONAL * 3).encode("big5")
    path = _write_any(tmp_path / "damaged.txt", data[:60] + b"\xa1\x30\x81\x30" + data[60:])
    result = run_cli("import", path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {path}: invalid Big5 at byte 60 (the file is Big5 up to there, so it looks "
                             "damaged; save it again as UTF-8)\n")
    assert db_state(db_path) == before
