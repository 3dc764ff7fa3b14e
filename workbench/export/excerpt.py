"""The published excerpt of a document: its block structure with the left-out text cut, each run of
left-out paragraphs shown as one ellipsis paragraph ("[…]" by default, configurable, or nothing), a
left-out run inside a kept paragraph as an inline ellipsis, and the editor's notes as numbered
footnote references after their sentences. The md export and the compiled post both build on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from workbench import config
from workbench.errors import WorkbenchError
from workbench.export.assemble import with_members
from workbench.rows import included

DEFAULT_ELLIPSIS = "[…]"


def ellipsis_setting(given: str | None = None) -> str:
    """The ellipsis a left-out run becomes: `given` (an export option), else `[export] ellipsis` in
    workbench.toml, else "[…]"; "" leaves left-out runs out without a trace."""
    if given is not None:
        return given.strip()
    value = config.load_toml().get("export", {}).get("ellipsis", DEFAULT_ELLIPSIS)
    if not isinstance(value, str):
        raise WorkbenchError(f'workbench.toml: [export] ellipsis must be a string (e.g. "[…]" or ""), not {value!r}')
    return value.strip()


@dataclass
class Excerpt:
    """What an English rendering of the excerpt needs: `paragraphs` as stored (a left-out run replaced
    by one raw block holding the ellipsis, kind "ellipsis"), `texts` by position (with footnote
    references), the `footnotes` in order and the `left_out` positions."""

    paragraphs: list[dict]
    texts: dict[int, str]
    footnotes: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cut(paragraphs: Iterable[dict], rows: Iterable[dict], texts: dict[int, str], notes: dict[int, dict], *,
        ellipsis: str = DEFAULT_ELLIPSIS, first_note: int = 1) -> Excerpt:
    """Cut the left-out text from a document (see the module docstring), collected: `texts` the English
    of the included segments by position; `notes` the editor's notes by position (those on left-out
    segments are not published); footnotes are numbered from `first_note` (a compiled post counts on)."""
    out = Excerpt([], {}, [], [])
    for block in blocks(paragraphs, rows, lambda r: texts.get(r["position"]), notes, ellipsis=ellipsis,
                        first_note=first_note, footnotes=out.footnotes, left_out=out.left_out):
        out.paragraphs.append({k: v for k, v in block.items() if k not in ("texts", "sentences")})
        out.texts.update(block["sentences"])
    return out


def blocks(paragraphs: Iterable[dict], rows: Iterable[dict], text_of: Callable[[dict], str | None],
           notes: dict[int, dict], *, ellipsis: str = DEFAULT_ELLIPSIS, first_note: int = 1,
           footnotes: list[tuple[int, str]], left_out: list[int] | None = None) -> Iterator[dict]:
    """The excerpt's blocks as they stream: paragraphs and rows are read side by side (both in
    position order), so a long document is never held whole. Each block is a stored paragraph (or an
    ellipsis paragraph of no position) with `sentences` ((position, text) of its segments, a left-out
    run inside it as one inline ellipsis) and `texts` (the non-empty ones, in order). The footnotes
    are appended to `footnotes` as their sentences pass (the Markdown export writes them at the end);
    `left_out` collects the left-out positions."""
    run_gap: str | None = None  # the gap before the left-out run being read, if one is open
    held: list[dict] = []  # raw blocks (code, images) after a left-out paragraph: the run's, if it goes on
    first = [True]
    for para, members in with_members(paragraphs, rows, kind="paragraph"):
        kept = [r for r in members if included(r)]
        if left_out is not None:
            left_out += [r["position"] for r in members if not included(r)]
        if members and not kept:
            run_gap = para["gap"] if run_gap is None else run_gap
            held = []  # raw blocks between two left-out paragraphs go with them
            continue
        if run_gap is not None and not members:
            held.append(para)
            continue
        if run_gap is not None:
            yield from _run(run_gap, ellipsis, held, first)
            run_gap, held = None, []
        yield _block(para, _sentences(members, text_of, notes, ellipsis, first_note, footnotes), first)
    if run_gap is not None:
        yield from _run(run_gap, ellipsis, held, first)


def _block(para: dict, sentences: list[tuple[int, str]], first: list[bool]) -> dict:
    gap = "" if first[0] else para["gap"]
    first[0] = False
    return dict(para, gap=gap, sentences=sentences, texts=[t for _, t in sentences if t])


def _run(gap: str, ellipsis: str, held: list[dict], first: list[bool]) -> Iterator[dict]:
    """The ellipsis paragraph for a left-out run (none when `ellipsis` is ""), then the raw blocks
    that followed the run."""
    if ellipsis:
        yield _block({"position": None, "kind": "ellipsis", "prefix": "", "gap": gap, "raw": ellipsis}, [], first)
    for para in held:
        yield _block(para, [], first)


def _sentences(members: list[dict], text_of: Callable[[dict], str | None], notes: dict[int, dict], ellipsis: str,
               first_note: int, footnotes: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    gap_open = False
    for row in members:
        pos = row["position"]
        if not included(row):
            if not gap_open and ellipsis:
                out.append((pos, ellipsis))  # one inline ellipsis for a left-out run inside a kept paragraph
            gap_open = True
            continue
        gap_open = False
        text = (text_of(row) or "").strip()
        note = notes.get(pos)
        if note and text:
            number = first_note + len(footnotes)
            footnotes.append((number, one_line(note["text"])))
            text = f"{text}[^{number}]"
        out.append((pos, text))
    return out


def footnote_lines(footnotes: list[tuple[int, str]]) -> str:
    """The Markdown footnote definitions, at the end of the article."""
    return "".join(f"[^{n}]: {text}\n" for n, text in footnotes)
