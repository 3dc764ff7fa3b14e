"""Precision and recall of the zh→en QA checks on real human translations.

Imports WMT21 newstest zh→en (1,948 pairs) and the WMT23 terminology test (2,640 pairs, whose verified
`terms` become a per-line glossary) through `workbench import --bilingual`, runs the checks on the
human references (every number or terminology ERROR there is a false alarm), then corrupts the
references (one number changed; one term's English replaced) and counts how many corruptions the
checks catch (a number/terminology issue that the clean reference did not have). Also times one
segment's check with the seed glossary against a baseline (the glossary lookup alone).

Needs ../shared/data (or WORKBENCH_SHARED_DATA); without it, says it skipped and exits 0.

    .venv/bin/python bench/qa_precision.py [--show N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from workbench import qa  # noqa: E402
from workbench.glossary import files as glossary  # noqa: E402
from workbench.glossary import manage
from workbench.glossary.terms import Matcher, Term
from workbench.importing import paths as documents
from workbench.qa.numbers import _same, source_numbers, target_numbers
from workbench.rows import current_text
from workbench.storage import open_store
from workbench.storage import segments as seg_store

ROOT = Path(__file__).resolve().parent.parent
NUMBER_CODES = ("number-missing", "number-altered", "number-extra")
TERM_CODES = ("term-missing", "term-forbidden", "term-count")


def data_dir() -> Path | None:
    env = os.environ.get("WORKBENCH_SHARED_DATA")
    for candidate in [Path(env)] if env else [ROOT.parent / "shared" / "data"]:
        if (candidate / "wmt21_newstest2021_zhen.tsv").is_file():
            return candidate
    return None


def load_pairs(data: Path, tmp: Path):
    """Import both sets with the bilingual path; returns [(source, reference, matcher_or_None)]."""
    store = open_store(tmp / "bench.db")
    seed = glossary.load(manage.seed_path())
    manage.import_terms(store, seed)
    wmt23 = [json.loads(line) for line in (data / "wmt23_terminology_zhen_test.jsonl").read_text("utf-8").splitlines()]
    tsv23 = tmp / "wmt23.tsv"
    tsv23.write_text("".join(f"{r['zh']}\t{r['en']}\n" for r in wmt23), "utf-8")
    sets = {}
    for name, path in (("wmt21", data / "wmt21_newstest2021_zhen.tsv"), ("wmt23", tsv23)):
        doc = documents.import_file(store, path, bilingual=True)
        sets[name] = seg_store.for_document(store, doc.document_id)
    seed_matcher = Matcher(seed)
    rows = [(r["source"], current_text(r), seed_matcher, r) for r in sets["wmt21"]]
    for r, rec in zip(sets["wmt23"], wmt23):
        terms = {t["zh"]: Term(source=t["zh"], target=t["en"]) for t in rec["terms"]}
        rows.append((r["source"], current_text(r), Matcher(terms.values()), r))
    store.close()
    return rows, sets


def corrupt_number(source: str, ref: str, salt: int) -> str | None:
    """Change one digit of a reference number that renders a source number."""
    src = source_numbers(source)
    for t in target_numbers(ref):
        if t.hard and any(_same(v, t) for s in src for v in s.values):
            a, b = t.span
            digits = [i for i in range(a, b) if ref[i].isdigit()]
            i = digits[salt % len(digits)]
            d = int(ref[i])
            new = str((d + 1) % 10 if (d != 0 or i != digits[0]) else 1)
            if i == digits[0] and new == "0":
                new = "2"
            return ref[:i] + new + ref[i + 1:]
    return None


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def corrupt_number_word(source: str, ref: str, salt: int) -> str | None:
    """Change a number written as a word ("three" → "four") that renders a source number."""
    src = source_numbers(source)
    for t in target_numbers(ref):
        word = t.text.lower()
        if not t.hard and word in _WORDS[2:] and any(_same(v, t) for s in src for v in s.values):
            new = _WORDS[_WORDS.index(word) + 1] if word != "twelve" else "eleven"
            a, b = t.span
            return ref[:a] + (new.capitalize() if t.text[0].isupper() else new) + ref[b:]
    return None


def corrupt_term(ref: str, matcher: Matcher, source: str, wrong: list[str], salt: int, every: bool = False) -> str | None:
    """Replace the English of one glossary term found in the source with another term's English
    (its first occurrence in the reference, or with `every` all of them)."""
    for hit in matcher.find(source):
        en = hit.term.target
        at = ref.find(en)
        if at < 0:
            continue
        for k in range(len(wrong)):
            other = wrong[(salt + k * 7919) % len(wrong)]
            if en.lower() not in other.lower() and other.lower() not in en.lower():
                return ref.replace(en, other) if every else ref[:at] + other + ref[at + len(en):]
    return None


def relevant(issues, codes):
    return {(i.code, i.message) for i in issues if i.code in codes}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="print up to N false alarms and misses per kind")
    args = ap.parse_args()
    data = data_dir()
    if data is None:
        print("qa_precision: skipped — ../shared/data not found (set WORKBENCH_SHARED_DATA)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows, sets = load_pairs(data, Path(tmp))
        print(f"imported {len(sets['wmt21'])} WMT21 + {len(sets['wmt23'])} WMT23 pairs in {time.perf_counter() - t0:.1f} s")

    # 1. False alarms on human references.
    per_code, per_code_warn = Counter(), Counter()
    per_set = Counter()
    shown = Counter()
    clean = []
    n21 = len(sets["wmt21"])
    for k, (source, ref, matcher, _) in enumerate(rows):
        issues = qa.check_segment(source, ref, matcher)
        clean.append(issues)
        errors = [i for i in issues if i.severity == "error"]
        for i in issues:
            (per_code if i.severity == "error" else per_code_warn)[i.code] += 1
        name = "wmt21" if k < n21 else "wmt23"
        num = any(i.code in NUMBER_CODES for i in errors)
        term = any(i.code in TERM_CODES for i in errors)
        per_set[name, "number"] += num
        per_set[name, "term"] += term
        per_set[name, "any"] += num or term
        for kind, bad in (("number", num), ("term", term)):
            if bad and shown[kind] < args.show:
                shown[kind] += 1
                print(f"  FALSE {kind}: {source}\n      {ref}\n      {[i.message for i in errors]}")
    sizes = {"wmt21": n21, "wmt23": len(rows) - n21}
    n = len(rows)
    print("\nfalse alarms on human references (segments with an error-severity issue):")
    print(f"  {'':28s} {'WMT21':>14s} {'WMT23':>14s} {'all':>14s}")
    for kind, label in (("number", "number errors"), ("term", "terminology errors"), ("any", "number or term")):
        cells = [f"{per_set[name, kind]:5d} {100 * per_set[name, kind] / sizes[name]:6.2f}%" for name in ("wmt21", "wmt23")]
        total = per_set["wmt21", kind] + per_set["wmt23", kind]
        print(f"  {label:28s} {cells[0]:>14s} {cells[1]:>14s} {total:5d} {100 * total / n:6.2f}%"
              + ("   (target < 3%)" if kind == "any" else ""))
    print("  per check, errors/warnings: " + ", ".join(
        f"{c} {per_code[c]}/{per_code_warn[c]}" for c in sorted(set(per_code) | set(per_code_warn))))
    doc_checks = Counter(i.code for issues in qa.check_document(sets["wmt21"], Matcher(glossary.load(manage.seed_path()))).values()
                         for i in issues if i.code in ("inconsistent", "length"))
    print(f"  document-level on WMT21 as one document ({n21} segments, warnings): "
          f"length {doc_checks['length']} ({100 * doc_checks['length'] / n21:.2f}%), "
          f"inconsistent groups {doc_checks['inconsistent']}")

    # 2. Recall on deliberately corrupted references.
    wrong_terms = sorted({t.target for _, _, m, _ in rows[len(sets["wmt21"]):] for t in m.terms})
    results = {}
    corruptions = {
        "number": (NUMBER_CODES, lambda source, ref, matcher, k: corrupt_number(source, ref, k)),
        "number word": (NUMBER_CODES, lambda source, ref, matcher, k: corrupt_number_word(source, ref, k)),
        "term": (TERM_CODES, lambda source, ref, matcher, k: corrupt_term(ref, matcher, source, wrong_terms, k)),
        "term, all": (TERM_CODES, lambda source, ref, matcher, k: corrupt_term(ref, matcher, source, wrong_terms, k, True)),
    }
    for kind, (codes, corrupt) in corruptions.items():
        made = caught = 0
        for k, ((source, ref, matcher, _), before) in enumerate(zip(rows, clean)):
            bad = corrupt(source, ref, matcher, k)
            if bad is None or bad == ref:
                continue
            made += 1
            after = qa.check_segment(source, bad, matcher)
            if relevant(after, codes) - relevant(before, codes):
                caught += 1
            elif shown["miss " + kind] < args.show:
                shown["miss " + kind] += 1
                print(f"  MISSED {kind}: {source}\n      {bad}")
        results[kind] = (made, caught)
    print("\ncorrupted references caught (a new number/terminology issue):")
    for kind, (made, caught) in results.items():
        note = {"number": "(target ≥ 95%): one digit of a number changed",
                "number word": "(target ≥ 95%): a number word changed (three → four)",
                "term": "(target ≥ 95%): the first occurrence of a term's English replaced",
                "term, all": "(target ≥ 95%): every occurrence replaced"}[kind]
        print(f"  {kind:11s} {caught:5d} / {made:5d}  {100 * caught / max(made, 1):6.2f}%   {note}")

    # Omissions: drop the second half of one reference at a time (at a word boundary) and see whether
    # the length check, judging against the rest of the WMT21 document, flags it.
    from workbench.qa.document import check_length

    texts = [(r["position"], r["source"], current_text(r)) for r in sets["wmt21"]]
    tried = flagged = 0
    for k in range(0, len(texts), 10):
        position, source, text = texts[k]
        cut = text.rfind(" ", 0, len(text) // 2)
        if cut < 20:
            continue
        tried += 1
        changed = texts[:k] + [(position, source, text[:cut] + ".")] + texts[k + 1:]
        flagged += position in check_length(changed)
    print(f"  omission   {flagged:5d} / {tried:5d}  {100 * flagged / max(tried, 1):6.2f}%   "
          "(no target; a warning): the second half of a WMT21 reference dropped")

    # 3. Speed: one segment with the seed glossary, against the glossary lookup alone. Each segment is
    # timed 5 times and the fastest kept, so other processes on the machine do not count.
    seed_matcher = Matcher(glossary.load(manage.seed_path()))
    sample = [(s, r) for s, r, _, _ in rows[:n21]]

    def fastest(fn) -> list[float]:
        out = []
        for s, r in sample:
            best = float("inf")
            for _ in range(5):
                t0 = time.perf_counter()
                fn(s, r)
                best = min(best, time.perf_counter() - t0)
            out.append(best)
        return sorted(out)

    gc.disable()
    base = fastest(lambda s, r: seed_matcher.find(s))
    full = fastest(lambda s, r: qa.check_segment(s, r, seed_matcher))
    gc.enable()

    def stats(xs):
        return (f"mean {1e6 * sum(xs) / len(xs):6.1f} µs, p50 {1e6 * xs[len(xs) // 2]:6.1f}, "
                f"p99 {1e6 * xs[int(len(xs) * 0.99)]:6.1f}, max {1e6 * xs[-1]:6.1f}")

    print(f"\nspeed per segment (WMT21, seed glossary of {len(seed_matcher)} terms; fastest of 5):")
    print(f"  check_segment            {stats(full)}")
    print(f"  baseline: glossary find  {stats(base)}")
    print(f"  ratio (mean)             {sum(full) / sum(base):.1f}×   (target: well under 1,000 µs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
