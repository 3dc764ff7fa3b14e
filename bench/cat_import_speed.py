"""How XLIFF 2.0 import time grows with the file: it must be linear (units/s roughly constant).

    .venv/bin/python bench/cat_import_speed.py [--units 10000 50000 200000] [--tmx]

Generates XLIFF 2.0 files shaped like workbench's own export (each unit with <mda:meta> paragraph,
engine, model and reviewer, an <mtc:match> holding the draft, and a reviewed segment with source and
target) from sentences of ../shared/data/wmt23_generaltest_zh_news_mono.txt (when present; else a
built-in paragraph), then imports each through the real path (`import_file`: probe, streamed parse,
jieba words, SQLite) into a fresh database. Prints units/s for each size, the ratio of each size's
rate to the smallest's (linear: close to 1.0; quadratic: falls as the file grows), the parse alone,
and the load average (the machine is shared; a busy machine lowers every rate).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shared_data import shared_data  # noqa: E402, I001 - bench/shared_data.py

from workbench import segment  # noqa: E402
from workbench.importing import cat  # noqa: E402
from workbench.importing.paths import import_file  # noqa: E402
from workbench.storage import open_store  # noqa: E402

MONO = shared_data() / "wmt23_generaltest_zh_news_mono.txt"
BUILT_IN = (
    "心智观察所认为，美国商务部允许英伟达向中国出售H200芯片的决定来得太晚。华为的昇腾芯片正在快速追赶。"
    "外交部发言人郭嘉昆表示：“我们注意到了有关报道。”推理芯片的市场规模预计将达到1,436亿元，同比增长3.5%。"
)


def sentences() -> list[str]:
    text = MONO.read_text(encoding="utf-8") if MONO.exists() else BUILT_IN
    return [s for s in re.split(r"(?<=[。！？])", text.replace("\n", "")) if s.strip()]


def write_xliff(path: Path, units: int, pool: list[str], seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" '
                 'xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.0" srcLang="zh-CN" trgLang="en">\n'
                 '  <file id="doc1" original="bench.md">\n'
                 '    <mda:metadata><mda:metaGroup category="document"><mda:meta type="title">bench</mda:meta>'
                 '</mda:metaGroup></mda:metadata>\n')
        for n in range(1, units + 1):
            source = escape(rng.choice(pool))
            draft = f"Draft {n}: the sentence in English, as a model wrote it."
            target = f"Sentence {n}: the sentence in English, as the reviewer corrected it."
            fh.write(
                f'    <unit id="u{n}" name="{n}">\n'
                f'      <mda:metadata><mda:metaGroup category="workbench"><mda:meta type="paragraph">{n}</mda:meta>'
                f'<mda:meta type="engine">llm</mda:meta><mda:meta type="model">model-a</mda:meta>'
                f'<mda:meta type="reviewer">mei</mda:meta></mda:metaGroup></mda:metadata>\n'
                f'      <mtc:matches><mtc:match ref="#s{n}" type="mt" origin="llm/model-a"><source>{source}</source>'
                f'<target>{draft}</target></mtc:match></mtc:matches>\n'
                f'      <segment id="s{n}" state="reviewed"><source>{source}</source><target>{target}</target></segment>\n'
                f'    </unit>\n')
        fh.write("  </file>\n</xliff>\n")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    args = parser.parse_args()

    pool = sentences()
    tmp = Path(tempfile.mkdtemp(prefix="wb-cat-bench-"))
    segment.tokenizer()  # jieba's dictionary, loaded outside the timing
    print(f"XLIFF 2.0 import, sentences from {MONO.name if MONO.exists() else 'a built-in paragraph'}; "
          f"{os.cpu_count()} CPUs, load average {load()} before")
    print(f"{'units':>9}{'MB':>8}{'parse s':>9}{'units/s':>10}{'import s':>10}{'units/s':>10}{'ratio':>8}   load average")
    base = None
    for units in args.units:
        path = tmp / f"units-{units}.xlf"
        write_xliff(path, units, pool)
        mb = path.stat().st_size / 1e6
        wall = time.perf_counter()
        parsed = cat.parse_xliff(path)
        parse = time.perf_counter() - wall
        assert len(parsed.entries) == units
        del parsed
        store = open_store(tmp / f"units-{units}.db")
        wall = time.perf_counter()
        result = import_file(store, path)
        seconds = time.perf_counter() - wall
        store.close()
        assert result.segments == units, result
        rate = units / seconds
        base = base or rate
        print(f"{units:>9,}{mb:>8.1f}{parse:>9.2f}{units / parse:>10,.0f}{seconds:>10.1f}{rate:>10,.0f}"
              f"{rate / base:>8.2f}   {load()}")
        path.unlink()
    shutil.rmtree(tmp)  # the databases of the largest size take hundreds of MB
    print("ratio: each size's import units/s over the smallest's (linear: about 1.0)")


if __name__ == "__main__":
    main()
