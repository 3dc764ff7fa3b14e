"""Precision and recall of the zh→en QA checks on real human translations.

Imports WMT21 newstest zh→en (1,948 pairs) and the WMT23 terminology test (2,640 pairs, whose verified
`terms` become a per-line glossary) through `workbench import --bilingual`, runs the checks on the
human references (every number or terminology ERROR there is a false alarm), then corrupts the
references (one number changed; one term's English replaced) and counts how many corruptions the
checks catch (a number/terminology issue that the clean reference did not have). A second number
corruption changes one digit of any number of the reference, whether or not it renders a source number,
and counts it caught only when it brings a new error-severity number issue. Also times one segment's
check with the seed glossary against a baseline (the glossary lookup alone). Prints the load average,
since the speed figures depend on what else the machine is doing.

Needs ../shared/data (or WORKBENCH_SHARED_DATA); without it, says it skipped and exits 0.

    .venv/bin/python bench/qa_precision.py [--show N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
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
from workbench.qa.document import check_length
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


_ANY_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


def corrupt_any_number(ref: str, salt: int) -> str | None:
    """Change one digit of any number in the reference (chosen at random, seeded by `salt`) to another
    digit; a number's leading digit never becomes 0. Independent of the checker's own number parser."""
    spans = [m.span() for m in _ANY_NUMBER.finditer(ref)]
    if not spans:
        return None
    rng = random.Random(salt)
    a, b = rng.choice(spans)
    i = rng.choice([k for k in range(a, b) if ref[k].isdigit()])
    leading = i == a or not ref[i - 1].isdigit()
    choices = [c for c in "0123456789" if c != ref[i] and not (c == "0" and leading)]
    return ref[:i] + rng.choice(choices) + ref[i + 1:]


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


def error_keys(issues, codes) -> set:
    """Error-severity issues of `codes`, keyed by code, place and message (a one-digit change keeps every
    place): an error at a place the clean reference already had flagged counts as new only when its
    message now names the changed number."""
    return {(i.code, i.span, i.message) for i in issues if i.code in codes and i.severity == "error"}


def false_alarms(rows, n21: int, show: int) -> list:
    """Check every human reference; print the segments with an error (all false alarms) per set and
    per check. Returns each reference's issues."""
    per_code, per_code_warn, per_set, shown = Counter(), Counter(), Counter(), Counter()
    clean = []
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
            if bad and shown[kind] < show:
                shown[kind] += 1
                print(f"  FALSE {kind}: {source}\n      {ref}\n      {[i.message for i in errors]}")
    sizes = {"wmt21": n21, "wmt23": len(rows) - n21}
    print("\nfalse alarms on human references (segments with an error-severity issue):")
    print(f"  {'':28s} {'WMT21':>14s} {'WMT23':>14s} {'all':>14s}")
    for kind, label in (("number", "number errors"), ("term", "terminology errors"), ("any", "number or term")):
        cells = [f"{per_set[name, kind]:5d} {100 * per_set[name, kind] / sizes[name]:6.2f}%" for name in ("wmt21", "wmt23")]
        total = per_set["wmt21", kind] + per_set["wmt23", kind]
        print(f"  {label:28s} {cells[0]:>14s} {cells[1]:>14s} {total:5d} {100 * total / len(rows):6.2f}%"
              + ("   (target < 3%)" if kind == "any" else ""))
    print("  per check, errors/warnings: " + ", ".join(
        f"{c} {per_code[c]}/{per_code_warn[c]}" for c in sorted(set(per_code) | set(per_code_warn))))
    return clean


def document_checks(wmt21) -> None:
    found = qa.check_document(wmt21, Matcher(glossary.load(manage.seed_path())))
    doc_checks = Counter(i.code for issues in found.values() for i in issues if i.code in ("inconsistent", "length"))
    n21 = len(wmt21)
    print(f"  document-level on WMT21 as one document ({n21} segments, warnings): "
          f"length {doc_checks['length']} ({100 * doc_checks['length'] / n21:.2f}%), "
          f"inconsistent groups {doc_checks['inconsistent']}")


def recall(rows, clean, corruptions, show: int) -> dict:
    """For each corruption: how many references it changed, how many of those gained a number/term
    issue, and how many gained an error-severity one."""
    results = {}
    shown = Counter()
    for kind, (codes, corrupt) in corruptions.items():
        made = caught = as_error = 0
        for k, ((source, ref, matcher, _), before) in enumerate(zip(rows, clean)):
            bad = corrupt(source, ref, matcher, k)
            if bad is None or bad == ref:
                continue
            made += 1
            after = qa.check_segment(source, bad, matcher)
            caught += bool(relevant(after, codes) - relevant(before, codes))
            error = bool(error_keys(after, codes) - error_keys(before, codes))
            as_error += error
            if not error and shown[kind] < show:
                shown[kind] += 1
                print(f"  MISSED {kind}: {source}\n      {bad}")
        results[kind] = (made, caught, as_error)
    return results


NOTES = {
    "number": ("any", "one digit of a number that renders a source number changed"),
    "number word": ("any", "a number word changed (three → four)"),
    "term": ("any", "the first occurrence of a term's English replaced"),
    "term, all": ("any", "every occurrence replaced"),
    "number, any": ("error", "one digit of any number of the reference changed; caught = a new number error"),
}


def print_recall(results: dict) -> None:
    print("\ncorrupted references caught (a new number/terminology issue; 'as error': a new error-severity one):")
    print(f"  {'':11s} {'caught / made':>15s} {'':>7s}  {'as error':>8s}")
    for kind, (made, caught, as_error) in results.items():
        counted, note = NOTES[kind]
        figure = as_error if counted == "error" else caught
        print(f"  {kind:11s} {figure:5d} / {made:5d}  {100 * figure / max(made, 1):6.2f}%  {100 * as_error / max(made, 1):7.2f}%"
              f"   (target ≥ 95%): {note}")


def omission(wmt21) -> None:
    """Drop the second half of one reference at a time (at a word boundary) and see whether the length
    check, judging against the rest of the WMT21 document, flags it."""
    texts = [(r["position"], r["source"], current_text(r)) for r in wmt21]
    tried = flagged = 0
    for k in range(0, len(texts), 10):
        position, source, text = texts[k]
        cut = text.rfind(" ", 0, len(text) // 2)
        if cut < 20:
            continue
        tried += 1
        changed = texts[:k] + [(position, source, text[:cut] + ".")] + texts[k + 1:]
        flagged += position in check_length(changed)
    print(f"  omission   {flagged:5d} / {tried:5d}  {100 * flagged / max(tried, 1):6.2f}%            "
          "(no target; a warning): the second half of a WMT21 reference dropped")


def speed(sample) -> None:
    """One segment with the seed glossary, against the glossary lookup alone. Each segment is timed 5
    times and the fastest kept, so other processes on the machine count less."""
    seed_matcher = Matcher(glossary.load(manage.seed_path()))

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


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} cores)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="print up to N false alarms and misses per kind")
    args = ap.parse_args()
    data = data_dir()
    if data is None:
        print("qa_precision: skipped — ../shared/data not found (set WORKBENCH_SHARED_DATA)")
        return 0
    print(f"at the start: {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows, sets = load_pairs(data, Path(tmp))
        print(f"imported {len(sets['wmt21'])} WMT21 + {len(sets['wmt23'])} WMT23 pairs in {time.perf_counter() - t0:.1f} s")
    n21 = len(sets["wmt21"])
    clean = false_alarms(rows, n21, args.show)
    document_checks(sets["wmt21"])

    wrong_terms = sorted({t.target for _, _, m, _ in rows[n21:] for t in m.terms()})
    corruptions = {
        "number": (NUMBER_CODES, lambda source, ref, matcher, k: corrupt_number(source, ref, k)),
        "number word": (NUMBER_CODES, lambda source, ref, matcher, k: corrupt_number_word(source, ref, k)),
        "term": (TERM_CODES, lambda source, ref, matcher, k: corrupt_term(ref, matcher, source, wrong_terms, k)),
        "term, all": (TERM_CODES, lambda source, ref, matcher, k: corrupt_term(ref, matcher, source, wrong_terms, k, True)),
        "number, any": (NUMBER_CODES, lambda source, ref, matcher, k: corrupt_any_number(ref, k)),
    }
    print_recall(recall(rows, clean, corruptions, args.show))
    omission(sets["wmt21"])
    speed([(s, r) for s, r, _, _ in rows[:n21]])
    print(f"\nat the end: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
