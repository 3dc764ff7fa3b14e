"""`workbench score`: a test set's BLEU/chrF/TER (equal to the sacrebleu command's) and term accuracy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workbench.glossary.terms import Term
from workbench.storage import open_store
from workbench.storage import terms as term_store

SACREBLEU = Path(sys.executable).parent / "sacrebleu"

# Lines from WMT21 newstest zh→en (references) and made-up system outputs.
REFS = [
    "Talent is the key to rural revitalization.",
    "Where is talent found?",
    "Outstanding returning rural migrant workers are an indispensable force in the fight.",
    "Published by Xinhua News Agency Author: Shang Haichun",
]
HYPS = [
    "Talent is the key to revitalizing the countryside.",
    "Where can talent be found?",
    "Excellent migrant workers who return home are an indispensable force.",
    "Released by Xinhua News Agency, by Shang Haichun",
]
# WMT23 terminology layout (lines 1, 57 and 64 of the zh-en test set).
TERMS = [
    {"zh": "郝仁，人如其名，是一个好人。", "en": "Hao Ren, being true to his name, was good man.",
     "terms": [{"zh": "郝仁", "en": "Hao Ren"}], "line": 1},
    {"zh": "苏羽咬着牙，忍着肩膀剧痛，默不吭声。",
     "en": "Su Yu clenched his teeth together, endured the shoulder pain and did not make any sound.",
     "terms": [{"zh": "苏羽", "en": "Su Yu"}], "line": 57},
    {"zh": "目光扫过那位十四岁少女时，苏羽目光稍作停顿。",
     "en": "When Su Yu saw the fourteen - year - old young lady, his eyes froze for moment.",
     "terms": [{"zh": "苏羽", "en": "Su Yu"}], "line": 64},
]
TERM_HYPS = ["Hao Ren lived up to his name: a good man.", "Suyu gritted his teeth and said nothing.",
             "When Su Yu's gaze passed the fourteen-year-old girl, it paused."]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_scores_equal_the_sacrebleu_command(tmp_path, run_cli):
    hyp, ref = _write(tmp_path / "hyp.en", HYPS), _write(tmp_path / "ref.en", REFS)
    result = run_cli("score", "--hyp", hyp, "--ref", ref, "--json", db=None)
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    out = subprocess.run([str(SACREBLEU), str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter", "-w", "4"],
                         capture_output=True, text=True, check=True).stdout
    theirs = {item["name"]: item for item in json.loads(out)}
    for key, name in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        assert round(ours[key], 4) == theirs[name]["score"]
        assert ours["signature"][key] == theirs[name]["signature"]
    assert ours["segments"] == 4 and "terms" not in ours


def test_text_output_prints_each_score_with_its_signature(tmp_path, run_cli):
    hyp, ref = _write(tmp_path / "hyp.en", HYPS), _write(tmp_path / "ref.en", REFS)
    lines = run_cli("score", "--hyp", hyp, "--ref", ref, db=None).stdout.splitlines()
    assert lines[0] == f"4 segments: {hyp} against {ref}"
    assert lines[1].startswith("BLEU ") and "|tok:13a|" in lines[1]
    assert lines[2].startswith("chrF ") and "|nc:6|" in lines[2]
    assert lines[3].startswith("TER ") and "|tok:tercom|" in lines[3]


def test_term_accuracy_from_a_wmt23_terminology_file(tmp_path, run_cli):
    hyp = _write(tmp_path / "hyp.en", TERM_HYPS)
    ref = _write(tmp_path / "ref.en", [t["en"] for t in TERMS])
    terms = _write(tmp_path / "terms.jsonl", [json.dumps(t, ensure_ascii=False) for t in TERMS])
    result = run_cli("score", "--hyp", hyp, "--ref", ref, "--terms", terms, "--json", db=None)
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)["terms"]
    assert (got["correct"], got["total"], got["missed"]) == (2, 3, 1)  # "Suyu" is not "Su Yu"
    assert got["accuracy"] == 200 / 3
    text = run_cli("score", "--hyp", hyp, "--ref", ref, "--terms", terms, db=None).stdout
    assert f"term accuracy 66.7% (2 of 3 terms; from {terms})" in text


def test_term_accuracy_from_the_database_glossary_on_source_lines(tmp_path, run_cli, db_path):
    store = open_store(db_path)
    term_store.upsert(store, [Term("苏羽", "Su Yu"), Term("郝仁", "Hao Ren")])
    store.close()
    hyp = _write(tmp_path / "hyp.en", TERM_HYPS)
    ref = _write(tmp_path / "ref.en", [t["en"] for t in TERMS])
    src = _write(tmp_path / "src.zh", [t["zh"] for t in TERMS])
    result = run_cli("score", "--hyp", hyp, "--ref", ref, "--src", src, "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)["terms"]
    assert (got["correct"], got["total"], got["from"]) == (2, 3, "glossary")


def test_different_line_counts_are_one_line_with_both_counts(tmp_path, run_cli):
    hyp, ref = _write(tmp_path / "hyp.en", HYPS[:3]), _write(tmp_path / "ref.en", REFS)
    result = run_cli("score", "--hyp", hyp, "--ref", ref, db=None)
    assert result.exit_code == 1
    assert result.stderr == f"Error: line counts differ: {hyp} has 3 lines, {ref} has 4 lines\n"
    terms = _write(tmp_path / "terms.jsonl", [json.dumps(TERMS[0])])
    hyp4 = _write(tmp_path / "hyp4.en", HYPS)
    result = run_cli("score", "--hyp", hyp4, "--ref", ref, "--terms", terms, db=None)
    assert result.exit_code == 1 and result.stderr == f"Error: line counts differ: {hyp4} has 4 lines, {terms} has 1 line\n"


def test_bad_score_inputs(tmp_path, run_cli):
    ref = _write(tmp_path / "ref.en", REFS)
    cases = [
        (("--hyp", tmp_path / "none.en", "--ref", ref), f"Error: {tmp_path / 'none.en'}: no such file\n"),
        (("--hyp", _write(tmp_path / "empty.en", []), "--ref", _write(tmp_path / "empty2.en", [])),
         f"Error: {tmp_path / 'empty.en'}: is empty (nothing to score)\n"),
        (("--hyp", _write(tmp_path / "h.en", ["x"]), "--ref", _write(tmp_path / "r.en", ["x"]),
          "--terms", _write(tmp_path / "t.jsonl", ["{not json"])),
         f"Error: {tmp_path / 't.jsonl'}:1: not valid JSON (Expecting property name enclosed in double quotes)\n"),
        (("--hyp", tmp_path / "h.en", "--ref", tmp_path / "r.en", "--src", tmp_path / "h.en"),
         f"Error: --src without --terms uses the database glossary, but there is no database at {tmp_path / 'no.db'}\n"),
    ]
    for args, message in cases:
        result = run_cli("score", *args, db=tmp_path / "no.db")
        assert result.exit_code == 1, args
        assert result.stderr == message
    assert not (tmp_path / "no.db").exists()
