"""Sentence breaking (a table of cases, with real news lines) and glossary-aware jieba words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbench import segment
from workbench.segment import (
    BREAK_RULES,
    join_sentences,
    sentence_spans,
    split_sentences,
)

# (paragraph, expected sentences). Lines marked WMT21 are copied from newstest2021 zh-en.
CASES = [
    # the break characters of BREAK_RULES
    ("英伟达发布了新芯片。华为表示欢迎。", ["英伟达发布了新芯片。", "华为表示欢迎。"]),
    ("真的吗？当然！", ["真的吗？", "当然！"]),
    ("他说：真的吗?我不信!", ["他说：真的吗?", "我不信!"]),
    ("增长了5%?然后呢", ["增长了5%?", "然后呢"]),
    ("他问道：Why? 没有人回答。", ["他问道：Why?", "没有人回答。"]),  # a space before the Chinese goes on
    ("Really! 好的。", ["Really!", "好的。"]),
    ("我们等了很久……终于来了。", ["我们等了很久……", "终于来了。"]),
    ("他停顿了一下…然后说。", ["他停顿了一下…", "然后说。"]),
    ("什么？！不可能。", ["什么？！", "不可能。"]),
    ("第一；第二。", ["第一；第二。"]),
    ("好？；然后", ["好？；", "然后"]),
    ("好；！然后", ["好；！", "然后"]),
    # closing quotes and brackets stay with their sentence
    ("他说：“你好。”“我很好。”然后走了。", ["他说：“你好。”", "“我很好。”", "然后走了。"]),
    ("「真的。」她说。", ["「真的。」", "她说。"]),
    ("（这是注释。）正文。", ["（这是注释。）", "正文。"]),
    ("他写道：\"出口管制必须放宽。\"但没人回应。", ["他写道：\"出口管制必须放宽。\"", "但没人回应。"]),
    # numbers, abbreviations and English inside Chinese
    ("GDP增长3.5%，达到1,436亿元。", ["GDP增长3.5%，达到1,436亿元。"]),
    ("U.S. officials said no. 美国官员拒绝了。", ["U.S. officials said no. 美国官员拒绝了。"]),
    ("Dr. Smith和Mr. Lee见面了。他们谈了e.g.算力。", ["Dr. Smith和Mr. Lee见面了。", "他们谈了e.g.算力。"]),
    ("黄仁勋说：“The more you buy, the more you save! Really?” 观众笑了。",
     ["黄仁勋说：“The more you buy, the more you save! Really?” 观众笑了。"]),
    ("版本v2.0.1发布。", ["版本v2.0.1发布。"]),
    # Markdown inline markup stays whole
    ("**这很重要。**后面还有。", ["**这很重要。**", "后面还有。"]),
    ("这是*强调。*对吧", ["这是*强调。*", "对吧"]),
    ("详见[报道。原文](https://example.com/a?b=1!)后续。", ["详见[报道。原文](https://example.com/a?b=1!)后续。"]),
    ("运行`print(1)。`即可。好", ["运行`print(1)。`即可。", "好"]),
    ("网址https://guancha.cn/a?x=1!很长。", ["网址https://guancha.cn/a?x=1!很长。"]),
    # whitespace between sentences is not part of them
    ("  第一句。   第二句。  ", ["第一句。", "第二句。"]),
    ("", []),
    # WMT21 newstest2021 zh-en, copied as test strings
    ("乡村振兴，人才是关键。", ["乡村振兴，人才是关键。"]),
    ("数据显示，这场时长2.5小时的歌会，直播人气峰值超过3500万。", ["数据显示，这场时长2.5小时的歌会，直播人气峰值超过3500万。"]),
    ("据统计，目前农场农机总保有量4.9万台（件）， 田间综合机械化率达99.8%。",
     ["据统计，目前农场农机总保有量4.9万台（件）， 田间综合机械化率达99.8%。"]),
    ("飞鸟、绿树、栈道、碧水……范仲淹笔下“沙鸥翔集”的美景在宁夏银川的黄河湿地公园成为了现实。",
     ["飞鸟、绿树、栈道、碧水……", "范仲淹笔下“沙鸥翔集”的美景在宁夏银川的黄河湿地公园成为了现实。"]),
    ("“在松山，野生动物是真正的‘主人’，我们工作人员充其量只能算是人家的‘保镖’。”",
     ["“在松山，野生动物是真正的‘主人’，我们工作人员充其量只能算是人家的‘保镖’。”"]),
    ("西班牙外交部长冈萨雷斯（Arancha Gonzalez Laya）向媒体强调：\" 西班牙是安全的，不仅对西班牙人而言，对游客来说也是安全的。\"",
     ["西班牙外交部长冈萨雷斯（Arancha Gonzalez Laya）向媒体强调：\" 西班牙是安全的，不仅对西班牙人而言，对游客来说也是安全的。\""]),
    ("他在推文上写着：“大家早上好！新冠病毒检测结果：阴性。”", ["他在推文上写着：“大家早上好！", "新冠病毒检测结果：阴性。”"]),
    ("这名前员工还拿出了一些截图作为证据，称上面显示阿里巴巴旗下的UC News App发布了关于印度的假新闻，尤其是标题部分。",
     ["这名前员工还拿出了一些截图作为证据，称上面显示阿里巴巴旗下的UC News App发布了关于印度的假新闻，尤其是标题部分。"]),
    ("该研究报告在《新英格兰医学杂志》 (New England Journal of Medicine)上发表。",
     ["该研究报告在《新英格兰医学杂志》 (New England Journal of Medicine)上发表。"]),
    ("“我们绝不是在进行军备竞赛。但我有责任彻底认清我们可能面临的威胁。”",
     ["“我们绝不是在进行军备竞赛。", "但我有责任彻底认清我们可能面临的威胁。”"]),
    ("嘉兴红船模具、韶山毛泽东铜像、延安布堆花工艺品、湘西永顺腊肉…… 7月25日，2020湖南红色旅游文化节在韶山开幕。",
     ["嘉兴红船模具、韶山毛泽东铜像、延安布堆花工艺品、湘西永顺腊肉……", "7月25日，2020湖南红色旅游文化节在韶山开幕。"]),
    ("孔令强介绍，一方面，他们利用卫星遥感技术实现精准施肥，降低农业投入，减少污染；另一方面，卫星导航技术可以提高农机田间标准化作业水平。",
     ["孔令强介绍，一方面，他们利用卫星遥感技术实现精准施肥，降低农业投入，减少污染；另一方面，卫星导航技术可以提高农机田间标准化作业水平。"]),
]


@pytest.mark.parametrize("paragraph, expected", CASES)
def test_sentence_breaking(paragraph, expected):
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize("paragraph, expected", CASES)
def test_spans_point_at_the_sentences(paragraph, expected):
    assert [paragraph[a:b] for a, b in sentence_spans(paragraph)] == expected


def test_every_break_rule_has_a_case():
    tested = "".join(p for p, _ in CASES)
    for rule in BREAK_RULES:
        assert any(ch in tested for ch in rule.chars), rule.name


@pytest.mark.parametrize("paragraph, expected", [
    ("第一；第二。", ["第一；", "第二。"]),
    ("减少污染；另一方面，卫星导航技术可以提高水平。", ["减少污染；", "另一方面，卫星导航技术可以提高水平。"]),
])
def test_semicolon_breaks_only_when_configured(paragraph, expected):
    assert split_sentences(paragraph, break_on_semicolon=True) == expected
    assert len(split_sentences(paragraph)) < len(expected)


def test_semicolon_setting_comes_from_workbench_toml(tmp_path, run_cli):
    article = tmp_path / "a.txt"
    article.write_text("减少污染；另一方面，卫星导航技术可以提高水平。", encoding="utf-8")
    (tmp_path / "workbench.toml").write_text("[segmentation]\nbreak_on_semicolon = true\n", encoding="utf-8")
    assert run_cli("import", article, "--json").exit_code == 0
    result = run_cli("segments", "1", "--json")
    import json

    assert [s["source"] for s in json.loads(result.stdout)] == ["减少污染；", "另一方面，卫星导航技术可以提高水平。"]


@pytest.mark.parametrize("sentences, joined", [
    (["他说：“你好。”", "“我很好。”", "然后走了。"], "他说：“你好。”“我很好。”然后走了。"),
    (["He said hello.", "“I am fine.”", "Then he left."], "He said hello. “I am fine.” Then he left."),
    (["  ", "Only one."], "Only one."),
])
def test_join_sentences(sentences, joined):
    assert join_sentences(sentences) == joined


# ---------------------------------------------------------------------------------------------
# jieba

GLOSSARY_WORDS = ["心智观察所", "英伟达", "观察者网", "摩尔线程", "国家发展和改革委员会", "火山引擎"]


def test_plain_jieba_splits_the_names_that_the_glossary_keeps_whole():
    import jieba

    plain = jieba.Tokenizer()  # a fresh dictionary, without our user words
    plain.initialize()
    assert plain.lcut("心智观察所") == ["心智", "观察所"]
    assert plain.lcut("英伟达") == ["英", "伟达"]
    segment.add_user_words(GLOSSARY_WORDS)
    sentence = "心智观察所指出，英伟达和摩尔线程都在观察者网的报道中，国家发展和改革委员会与火山引擎也在。"
    words = segment.tokens(sentence)
    for word in GLOSSARY_WORDS:
        assert word in words, (word, words)
    assert "".join(words) == sentence


def test_tokens_drop_whitespace_and_keep_everything_else():
    words = segment.tokens("英伟达 H200 芯片，售价 3.5 万美元。")
    assert all(w.strip() for w in words)
    assert "".join(words) == "英伟达H200芯片，售价3.5万美元。"


def test_the_dictionary_loads_once_per_process():
    first = segment.tokenizer()
    assert segment.tokenizer() is first
    assert first.initialized
    segment.add_user_words(["寒武纪"])
    assert segment.tokenizer() is first
    assert segment.add_user_words(["寒武纪"]) == 0  # already known: not added again


def test_jieba_says_nothing_on_a_real_command_line(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# 标题\n\n心智观察所认为，英伟达的芯片很好。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(tmp_path / "w.db"), "import", str(article)],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"{article}: imported as document 1 ('a'), 2 segments\n"


@pytest.mark.parametrize("toml, message", [
    ('[segmentation]\nbreak_on_semicolon = "false"\n',
     "Error: workbench.toml: [segmentation] break_on_semicolon must be true or false, not 'false'"),
    ("[segmentation\n", "not valid TOML"),
])
def test_a_bad_segmentation_setting_is_one_line_and_imports_nothing(tmp_path, run_cli, db_path, toml, message):
    article = tmp_path / "a.txt"
    article.write_text("第一；第二。", encoding="utf-8")
    (tmp_path / "workbench.toml").write_text(toml, encoding="utf-8")
    result = run_cli("import", article)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not db_path.exists() or run_cli("documents", "--json", env={"WORKBENCH_CONFIG": ""}).stdout.strip() == "[]"


def test_one_command_importing_several_files_loads_the_dictionary_once(tmp_path):
    for name, text in (("a.md", "心智观察所认为。"), ("b.md", "英伟达回应。"), ("c.txt", "观察者网报道。")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    script = (
        "import jieba, sys\n"
        "loads = []\n"
        "original = jieba.Tokenizer.initialize\n"
        "def counting(self, *args, **kwargs):\n"
        "    if not self.initialized:\n"
        "        loads.append(1)\n"
        "    return original(self, *args, **kwargs)\n"
        "jieba.Tokenizer.initialize = counting\n"
        "from workbench.cli import cli\n"
        f"cli.main(['--db', {str(tmp_path / 'w.db')!r}, 'import', {str(tmp_path)!r}], standalone_mode=False)\n"
        f"cli.main(['--db', {str(tmp_path / 'w.db')!r}, 'glossary', 'add', '摩尔线程', 'Moore Threads'], standalone_mode=False)\n"
        "print('loads', len(loads))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "loads 1"
    assert "3 files: 3 imported" in result.stdout


def test_one_definition_of_a_chinese_character():
    # segment.is_cjk (sentence breaking) and segment.CJK (QA, drafting validation, token estimates) agree.
    for ch in "中㐀豈𠀀鿿":
        assert segment.is_cjk(ch) and segment.CJK.fullmatch(ch), ch
    for ch in "aＡ，。？「」 ０":
        assert not segment.is_cjk(ch) and not segment.CJK.fullmatch(ch), ch


# ---------------------------------------------------------------------------------------------
# jieba's own dictionary as a word list (term boundaries without loading the tokenizer)


def test_the_word_list_holds_exactly_the_words_of_jiebas_own_dictionary():
    # What the term check asked before: tokenizer().FREQ.get(word) of a tokenizer without user words.
    import jieba  # noqa: PLC0415

    plain = jieba.Tokenizer()
    plain.initialize()
    words = {w for w, f in plain.FREQ.items() if f}
    listed = set()
    for line in segment._dictionary_words().values():
        listed.update(line.split(" "))
    assert listed == words
    assert segment.dictionary_word("外交部长") and not segment.dictionary_word("外交部长冈")
    assert not segment.dictionary_word("")
    prefix = next(w for w, f in plain.FREQ.items() if not f)  # a prefix jieba keeps with frequency 0
    assert not segment.dictionary_word(prefix)


def test_user_words_do_not_change_the_word_list():
    segment.add_user_words(["冈萨雷斯向媒体"])
    assert not segment.dictionary_word("冈萨雷斯向媒体")


def _word_list_in_a_fresh_process(tmp_path, env_tmp):
    code = ("import sys; from workbench import segment; "
            "print(segment.dictionary_word('外交部长'), segment.dictionary_word('外交部长冈'), "
            "segment.tokenizer_loaded(), 'jieba' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin", "TMPDIR": str(env_tmp), "PYTHONPATH": ":".join(sys.path)})
    return result.stdout.split()


def test_the_word_list_is_kept_for_the_next_process_and_a_damaged_file_is_made_again(tmp_path):
    assert _word_list_in_a_fresh_process(tmp_path, tmp_path) == ["True", "False", "False", "False"]
    [kept] = tmp_path.glob("workbench-jieba-words-*.txt")
    first = kept.read_text(encoding="utf-8")
    assert first.endswith("\nend\n")
    # read, not made, by the next process (a file changed in place answers as it says)
    kept.write_text(first.replace(" 外交部长 ", " ").replace(" 外交部长\n", "\n"), encoding="utf-8")
    assert _word_list_in_a_fresh_process(tmp_path, tmp_path)[0] == "False"
    # truncated (no end line) or foreign: made again from jieba's dictionary
    kept.write_text(first[: len(first) // 2], encoding="utf-8")
    assert _word_list_in_a_fresh_process(tmp_path, tmp_path) == ["True", "False", "False", "False"]
    assert kept.read_text(encoding="utf-8") == first
    kept.write_text("something else\n", encoding="utf-8")
    assert _word_list_in_a_fresh_process(tmp_path, tmp_path)[:2] == ["True", "False"]


def test_an_unwritable_folder_keeps_the_word_list_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(segment.tempfile, "gettempdir", lambda: str(blocker))
    monkeypatch.setattr(segment, "_words", None)
    monkeypatch.setattr(segment, "_word_sets", {})
    assert segment.dictionary_word("外交部长") and not segment.dictionary_word("外交部长冈")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
