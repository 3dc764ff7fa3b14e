"""How fast a large Chinese text imports, against bare jieba over the same text (the floor).

    .venv/bin/python bench/import_speed.py [--chars 1000000] [--repeat 3]

The text is made by shuffling sentences from ../shared/data/wmt23_generaltest_zh_news_mono.txt
(when present; else a built-in paragraph) into blank-line-separated paragraphs until it has
--chars characters. The import is the real path: file → encoding probe → blocks → sentences →
jieba words (with the glossary's user words) → SQLite, in a fresh temp database each run. Both
sides have jieba's dictionary loaded before timing starts; the best of --repeat runs counts.
Target: the import within 1.5× of bare jieba.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shared_data import shared_data  # noqa: E402, I001 - bench/shared_data.py

from workbench import segment  # noqa: E402
from workbench.importing import paths as documents  # noqa: E402
from workbench.storage import open_store  # noqa: E402

MONO = shared_data() / "wmt23_generaltest_zh_news_mono.txt"
BUILT_IN = (
    "心智观察所认为，美国商务部允许英伟达向中国出售H200芯片的决定来得太晚。华为的昇腾芯片、寒武纪和摩尔线程的产品"
    "正在快速追赶，国产替代已成定局。外交部发言人郭嘉昆表示：“我们注意到了有关报道。”分析人士指出，算力需求仍在增长，"
    "推理芯片的市场规模预计将达到1,436亿元，同比增长3.5%。字节跳动、阿里巴巴和腾讯都在采购国产芯片……这意味着什么？"
)


def corpus(chars: int, seed: int = 1) -> tuple[str, str]:
    if MONO.exists():
        text, origin = MONO.read_text(encoding="utf-8"), MONO.name
    else:
        text, origin = BUILT_IN, "a built-in paragraph"
    sentences = [s for s in re.split(r"(?<=[。！？])", text.replace("\n", "")) if s.strip()]
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < chars:
        rng.shuffle(sentences)
        for start in range(0, len(sentences), 4):
            para = "".join(sentences[start : start + 4])
            paragraphs.append(para)
            size += len(para)
            if size >= chars:
                break
    return "\n\n".join(paragraphs) + "\n", origin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="import the text as a .md file (markdown-it-py path)")
    args = parser.parse_args()

    text, origin = corpus(args.chars)
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    article = tmp / ("article.md" if args.markdown else "article.txt")
    article.write_text(text, encoding="utf-8")

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()  # bare jieba's dictionary, loaded outside the timing
    segment.tokenizer()  # ours too

    # Wall time and this process's CPU time: on a machine busy with other work the CPU time is the
    # steadier measure (the import's disk writes are buffered by SQLite's WAL, so little is I/O wait).
    bare_wall, bare_cpu, ours_wall, ours_cpu = [], [], [], []
    segments = 0
    for run in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        words = jieba.lcut(text)
        bare_wall.append(time.perf_counter() - wall)
        bare_cpu.append(time.process_time() - cpu)

        wall, cpu = time.perf_counter(), time.process_time()
        store = open_store(tmp / f"run{run}.db")
        result = documents.import_file(store, article)
        store.close()
        ours_wall.append(time.perf_counter() - wall)
        ours_cpu.append(time.process_time() - cpu)
        segments = result.segments

    n = len(text)
    print(f"text: {n:,} characters ({article.stat().st_size / 1e6:.1f} MB UTF-8) from {origin}; "
          f"{segments:,} segments; best of {args.repeat} runs")
    print(f"{'':30}{'wall':>8}{'chars/s':>12}{'CPU':>9}{'chars/s':>12}")
    for label, w, c in (("baseline: bare jieba.lcut", bare_wall, bare_cpu), ("workbench import to SQLite", ours_wall, ours_cpu)):
        print(f"{label:30}{min(w):7.2f}s{n / min(w):12,.0f}{min(c):8.2f}s{n / min(c):12,.0f}")
    print(f"ratio import / bare jieba: {min(ours_wall) / min(bare_wall):.2f}x wall, "
          f"{min(ours_cpu) / min(bare_cpu):.2f}x CPU  (target <= 1.5x; {len(words):,} jieba words)")


if __name__ == "__main__":
    main()
    print("load average {:.1f} {:.1f} {:.1f} on {} CPUs".format(*os.getloadavg(), os.cpu_count()))
