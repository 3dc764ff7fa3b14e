"""Glossary core: matching (leftmost-longest, offsets, case), the TSV/CSV/JSON readers, clash reports,
bad glossary files through the CLI, and the seed glossary."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from workbench.glossary import files as gl
from workbench.glossary.terms import GlossaryFileError, Matcher, Term, check

REPO = Path(__file__).resolve().parents[2]


def _naive(terms: list[Term], text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest by brute force: at each position take the longest term that starts there."""
    folded = {t.source.lower(): t for t in terms}
    longest = max(len(s) for s in folded)
    out, i = [], 0
    low = text.lower()
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if low[i : i + n] in folded:
                out.append((i, i + n, folded[low[i : i + n]].source))
                i += n
                break
        else:
            i += 1
    return out


def _hits(matcher: Matcher, text: str) -> list[tuple[int, int, str]]:
    return [(h.start, h.end, h.term.source) for h in matcher.find(text)]


def test_longest_match_wins_and_offsets_are_character_offsets():
    m = Matcher([Term("观察者", "observer"), Term("观察者网", "Guancha"), Term("观察网", "Guancha"),
                 Term("英伟达", "Nvidia"), Term("美国商务部", "US Department of Commerce"), Term("商务部", "Ministry of Commerce")])
    text = "据观察者网报道，美国商务部与英伟达。观察者说商务部"
    assert _hits(m, text) == [(1, 5, "观察者网"), (8, 13, "美国商务部"), (14, 17, "英伟达"), (18, 21, "观察者"), (22, 25, "商务部")]
    for start, end, source in _hits(m, text):
        assert text[start:end] == source


def test_latin_terms_match_regardless_of_case_unless_case_sensitive():
    m = Matcher([Term("H200", "H200"), Term("AI", "AI", case_sensitive=True), Term("旧词", "old", status="deprecated")])
    assert _hits(m, "h200和H200，AI与ai，旧词") == [(0, 4, "H200"), (5, 9, "H200"), (10, 12, "AI")]


def test_an_empty_glossary_finds_nothing():
    assert Matcher([]).find("英伟达") == []
    assert len(Matcher([Term("a", "b")])) == 1


def test_a_large_generated_glossary_matches_exactly_like_the_naive_reference():
    rng = random.Random(7)
    alphabet = "英伟达观察者网心智所华为昇腾算力推理芯片美国商务部"
    sources = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(20_000)})
    terms = [Term(s, f"t{i}") for i, s in enumerate(sources)]
    text = "".join(rng.choice(alphabet + "，。的了") for _ in range(5_000))
    assert _hits(Matcher(terms), text) == _naive(terms, text)


# ---------------------------------------------------------------------------------------------
# Readers


def test_omegat_tsv_with_comments(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("# OmegaT glossary\n英伟达\tNvidia\tGPU maker\n\n华为\tHuawei\n", encoding="utf-8")
    assert [(t.source, t.target, t.note) for t in gl.load(path)] == [("英伟达", "Nvidia", "GPU maker"), ("华为", "Huawei", "")]


def test_csv_with_a_header_naming_its_columns(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("Chinese,English,Comment,variants,forbidden,status\n"
                    "观察者网,Guancha,news site,Guancha.cn|Guancha Network,Observer Network,approved\n"
                    "\"寒武纪\",\"Cambricon\",,,,proposed\n", encoding="utf-8")
    terms = gl.read_csv(path.read_text(encoding="utf-8"), path)
    assert [(t.source, t.target, t.note, t.variants, t.forbidden, t.status) for t in terms] == [
        ("观察者网", "Guancha", "news site", ["Guancha.cn", "Guancha Network"], ["Observer Network"], "approved"),
        ("寒武纪", "Cambricon", "", [], [], "proposed"),
    ]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_a_glossary_saved_by_excel_on_chinese_windows_is_read(tmp_path, encoding):
    path = tmp_path / "terms.csv"
    path.write_bytes("source,target,note\n摩尔线程,Moore Threads,GPU 厂商\n".encode(encoding))
    [term] = gl.load(path)
    assert (term.source, term.target, term.note) == ("摩尔线程", "Moore Threads", "GPU 厂商")


def test_a_glossary_in_no_supported_encoding_is_refused(tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_bytes(b"\xff\xfe\xfd\tNvidia\n"[2:] + b"\xff\xff")
    with pytest.raises(GlossaryFileError, match="cannot decode"):
        gl.load(path)


def test_json_list_or_object(tmp_path):
    items = [{"source": "英伟达", "target": "Nvidia", "variants": ["NVIDIA"], "case_sensitive": True}]
    for data in (items, {"terms": items}):
        path = tmp_path / "g.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        [term] = gl.load(path)
        assert (term.source, term.target, term.variants, term.case_sensitive) == ("英伟达", "Nvidia", ["NVIDIA"], True)


def test_check_names_conflicts_and_duplicates():
    with pytest.raises(GlossaryFileError) as err:
        check([Term("英伟达", "Nvidia"), Term("英伟达", "NVIDIA"), Term("华为", "Huawei"), Term("华为", "Huawei")], "g.tsv")
    message = str(err.value)
    assert "1 conflicting entries (same source, different targets): 英伟达 → 'Nvidia' / 'NVIDIA'" in message
    assert "1 duplicate entries: 华为" in message
    assert "\n" not in message


BAD_GLOSSARIES = {
    "tsv without a tab": ("g.tsv", "英伟达\tNvidia\n华为 Huawei\n", "{path}:2: expected source<TAB>target[<TAB>comment], found no tab"),
    "csv row with one column": ("g.csv", "source,target,note\n英伟达\n", "{path}:2: missing column (expected 3, found 1)"),
    "csv row missing a column": ("g.csv", "note,source,target\nGPU,英伟达\n", "{path}:2: missing column (expected 3, found 2)"),
    "empty source": ("g.tsv", "英伟达\tNvidia\n\tHuawei\n", "{path}:2: empty source term"),
    "empty target": ("g.tsv", "英伟达\tNvidia\n华为\t \n", "{path}:2: term '华为' has an empty target"),
    "empty target in json": ("g.json", '[{"source": "华为", "target": ""}]', "{path}: term 1: term '华为' has an empty target"),
    "duplicates": ("g.tsv", "华为\tHuawei\n华为\tHuawei\n",
                   "{path}: 1 duplicate entries: 华为 — keep one entry per source (put other renderings in variants)"),
    "conflicts": ("g.tsv", "华为\tHuawei\n华为\tHuawei Technologies\n",
                  "{path}: 1 conflicting entries (same source, different targets): 华为 → 'Huawei' / 'Huawei Technologies'"
                  " — keep one entry per source (put other renderings in variants)"),
    "missing file": (None, None, "{path}: no such file"),
}


@pytest.mark.parametrize("case", list(BAD_GLOSSARIES))
def test_a_bad_glossary_file_gives_one_line_and_changes_nothing(tmp_path, db_path, run_cli, db_state, case):
    good = tmp_path / "good.tsv"
    good.write_text("英伟达\tNvidia\n", encoding="utf-8")
    assert run_cli("glossary", "import", good).exit_code == 0
    before = db_state(db_path)
    name, content, message = BAD_GLOSSARIES[case]
    path = tmp_path / (name or "missing.tsv")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run_cli("glossary", "import", path)
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(path=path) + "\n"
    assert db_state(db_path) == before


def test_a_term_that_conflicts_with_the_glossary_is_refused_unless_replaced(tmp_path, run_cli):
    assert run_cli("glossary", "add", "英伟达", "Nvidia").exit_code == 0
    result = run_cli("glossary", "add", "英伟达", "NVIDIA Corp")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 英伟达 is already in the glossary as 'Nvidia'; nothing added — "
                             "use --replace to make it 'NVIDIA Corp'\n")  # one term: no "file" to speak of
    assert run_cli("glossary", "add", "英伟达", "NVIDIA Corp", "--replace").exit_code == 0
    assert json.loads(run_cli("glossary", "list", "--json").stdout)[0]["target"] == "NVIDIA Corp"


# ---------------------------------------------------------------------------------------------
# The seed glossary

REQUIRED = {
    "心智观察所": "Xinzhi Observatory", "观察者网": "Guancha", "观察网": "Guancha", "英伟达": "Nvidia", "华为": "Huawei",
    "昇腾": "Ascend", "寒武纪": "Cambricon", "摩尔线程": "Moore Threads", "沐曦": "MetaX", "海光": "Hygon",
    "昆仑芯": "Kunlun", "腾讯": "Tencent", "字节跳动": "ByteDance", "阿里巴巴": "Alibaba", "阿里云": "Alibaba Cloud",
    "火山引擎": "Volcano Engine", "百度": "Baidu", "国家发展和改革委员会": "National Development and Reform Commission",
    "发改委": "National Development and Reform Commission",
    "工业和信息化部": "Ministry of Industry and Information Technology",
    "工信部": "Ministry of Industry and Information Technology", "外交部": "Ministry of Foreign Affairs",
    "郭嘉昆": "Guo Jiakun", "黄仁勋": "Jensen Huang", "国泰海通": "Guotai Haitong", "中央电视台": "China Central Television",
    "台积电": "TSMC", "推理": "inference", "算力": "computing power",
}


def test_the_packaged_seed_glossary_is_the_repository_one():
    assert (REPO / "glossary" / "seed.json").read_bytes() == (REPO / "workbench" / "data" / "seed-glossary.json").read_bytes()


def test_the_seed_glossary_has_the_names_of_the_commentary():
    from workbench.glossary.manage import seed_path

    terms = {t.source: t for t in gl.load(seed_path())}
    assert {s: terms[s].target for s in REQUIRED if s in terms} == REQUIRED
    ambiguous = terms["商务部"].note
    assert "US Department of Commerce" in ambiguous and "Ministry of Commerce" in ambiguous
    assert "computing" in terms["推理"].note


def test_seed_terms_stay_one_jieba_word_in_a_fresh_database(tmp_path, run_cli):
    from workbench.glossary.manage import seed_path

    seed = [t.source for t in gl.load(seed_path())]
    article = tmp_path / "a.txt"
    article.write_text("\n".join(f"据报道，{s}表示支持。" for s in seed), encoding="utf-8")
    assert run_cli("import", article).exit_code == 0
    segments = json.loads(run_cli("segments", "1", "--json").stdout)
    assert len(segments) == len(seed)
    for source, seg in zip(seed, segments):
        assert source in seg["tokens"], (source, seg["tokens"])
    # once imported, the seed's terms are found in the segments too
    assert run_cli("glossary", "import", seed_path()).exit_code == 0
    segments = json.loads(run_cli("segments", "1", "--json").stdout)
    for source, seg in zip(seed, segments):
        assert [t["source"] for t in seg["terms"]] == [source]


def test_the_core_csv_reader_wants_a_source_and_a_target_column(tmp_path):
    with pytest.raises(GlossaryFileError, match=r"g.csv:1: the header must name a target column \(found: source, note\)"):
        gl.read_csv("source,note\n英伟达,GPU\n", tmp_path / "g.csv")


def test_a_term_added_after_the_import_becomes_one_word_in_existing_segments(tmp_path, run_cli):
    article = tmp_path / "a.txt"
    article.write_text("据报道壁仞科技发布了新芯片。\n天数智芯也在研发。\n英伟达没有回应。", encoding="utf-8")
    run_cli("import", article)
    before = json.loads(run_cli("segments", "1", "--json").stdout)
    assert before[0]["tokens"][:4] == ["据", "报道", "壁仞", "科技"]
    terms = tmp_path / "new.tsv"
    terms.write_text("壁仞科技\tBiren Technology\n天数智芯\tIluvatar CoreX\n", encoding="utf-8")
    assert run_cli("glossary", "import", terms).exit_code == 0
    after = json.loads(run_cli("segments", "1", "--json").stdout)
    assert "壁仞科技" in after[0]["tokens"] and "天数智芯" in after[1]["tokens"]
    assert after[2]["tokens"] == before[2]["tokens"]


def test_a_crash_while_retokenizing_leaves_neither_terms_nor_stale_words(tmp_path, run_cli, db_path, monkeypatch):
    from workbench.storage import segments as seg_store

    article = tmp_path / "a.txt"
    article.write_text("寒武纪发布了新的思元芯片。\n", encoding="utf-8")
    assert run_cli("import", article).exit_code == 0
    glossary = tmp_path / "g.tsv"
    glossary.write_text("思元芯片\tSiyuan chip\n", encoding="utf-8")

    def power_cut(*args, **kwargs):
        raise KeyboardInterrupt  # as a kill would: after the terms were written, before the words

    monkeypatch.setattr(seg_store, "set_tokens", power_cut)
    assert run_cli("glossary", "import", glossary).exit_code != 0  # the command is cut short
    monkeypatch.undo()
    assert run_cli("glossary", "list", "--json").stdout.strip() == "[]"  # nothing half-done
    again = run_cli("glossary", "import", glossary)
    assert again.exit_code == 0 and "1 added" in again.stdout
    words = json.loads(run_cli("segments", "1", "--json").stdout)[0]["tokens"]
    assert "思元芯片" in words


def test_traditional_sources_match_a_simplified_glossary_and_vice_versa_offsets_in_the_original():
    from workbench.glossary.terms import Matcher, Term

    matcher = Matcher([Term("英伟达", "Nvidia"), Term("心智觀察所", "Xinzhi Observatory"), Term("寒武纪", "Cambricon")])
    traditional = "據報導，英偉達說，心智観察所和寒武紀的看法不同。心智觀察所認為"
    hits = matcher.find(traditional)
    assert [(traditional[h.start:h.end], h.term.target) for h in hits] == [
        ("英偉達", "Nvidia"), ("寒武紀", "Cambricon"), ("心智觀察所", "Xinzhi Observatory")]
    simplified_text = "心智观察所认为英伟达落后了。"
    assert [(simplified_text[h.start:h.end], h.term.target) for h in matcher.find(simplified_text)] == [
        ("心智观察所", "Xinzhi Observatory"), ("英伟达", "Nvidia")]
    assert traditional == "據報導，英偉達說，心智観察所和寒武紀的看法不同。心智觀察所認為"  # the source is never changed


def test_a_matcher_from_its_state_or_updated_finds_what_a_fresh_one_finds():
    import pickle

    terms = [Term("英伟达", "Nvidia", glossary="tech"), Term("英伟达", "NVIDIA Corp.", glossary="finance"),
             Term("芯片", "chip"), Term("ABC", "abc", case_sensitive=True), Term("旧词", "old", status="deprecated")]
    text = "英伟达的芯片，abc 与 ABC，旧词"

    def seen(m):
        return [(h.start, h.end, h.term.glossary, h.term.target) for h in m.find(text)]

    whole = Matcher(terms)
    assert seen(Matcher.from_state(pickle.loads(pickle.dumps(whole.state())))) == seen(whole)
    assert len(whole) == 4
    changed = [Term("芯片", "microchip"), Term("旧词", "former word"), Term("英伟", "Yingwei")]
    removed = [("tech", "英伟达")]
    updated = whole.updated(changed, removed)
    rest = [t for t in terms if (t.glossary, t.source) not in {("tech", "英伟达"), ("default", "芯片"), ("default", "旧词")}]
    assert seen(updated) == seen(Matcher(rest + changed))
    assert len(updated) == len(Matcher(rest + changed)) == 5
    assert seen(whole) == seen(Matcher(terms))  # the original is left as it was
    assert seen(updated.updated([], [("finance", "英伟达"), ("default", "英伟")])) == seen(Matcher([t for t in rest + changed if t.source not in ("英伟达", "英伟")]))


def test_an_updated_matcher_chooses_as_a_fresh_one_on_random_text():
    rng = random.Random(5)
    chars = "英伟达芯片华为观察者网心智所"
    sources = sorted({"".join(rng.choice(chars) for _ in range(rng.randint(1, 4))) for _ in range(60)})
    terms = [Term(s, f"t{i}") for i, s in enumerate(sources)]
    base, rest = terms[:40], terms[40:]
    removed = [("default", t.source) for t in base[:5]]
    replaced = [Term(t.source, "new " + t.target) for t in base[5:10]]
    matcher = Matcher(base).updated(rest[:10]).updated(replaced + rest[10:], removed)
    now = base[10:] + replaced + rest
    assert len(matcher) == len(Matcher(now))
    targets = {t.source: t.target for t in now}
    for _ in range(300):
        text = "".join(rng.choice(chars + "，的") for _ in range(rng.randint(1, 30)))
        # against the brute-force leftmost-longest reference (pyahocorasick's iter_long, which a fresh
        # matcher uses, misses a match on a few such texts; the updated matcher chooses like the reference)
        assert [(h.start, h.end, h.term.target) for h in matcher.find(text)] == \
               [(a, b, targets[s]) for a, b, s in _naive(now, text)], text


def test_a_matcher_from_its_state_or_updated_still_matches_traditional_text():
    import pickle

    text = "英偉達說，寒武紀的晶片"
    whole = Matcher([Term("英伟达", "Nvidia"), Term("寒武纪", "Cambricon")])
    loaded = Matcher.from_state(pickle.loads(pickle.dumps(whole.state())))
    assert [(text[h.start:h.end], h.term.target) for h in loaded.find(text)] == [("英偉達", "Nvidia"), ("寒武紀", "Cambricon")]
    updated = loaded.updated([Term("晶片", "chip"), Term("CUDA", "CUDA", case_sensitive=True)], [("default", "寒武纪")])
    assert [(text[h.start:h.end], h.term.target) for h in updated.find(text)] == [("英偉達", "Nvidia"), ("晶片", "chip")]
    assert [h.term.target for h in updated.find("晶片與cuda、CUDA")] == ["chip", "CUDA"]
