"""The published excerpt of a document: its block structure with the left-out text cut, each run of
left-out paragraphs shown as one ellipsis paragraph ("[…]" by default, configurable, or nothing), a
left-out run inside a kept paragraph as an inline ellipsis, and the editor's notes as numbered
footnote references after their sentences. The md export and the compiled post both build on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench import config
from workbench.errors import WorkbenchError
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


def cut(paragraphs: list[dict], rows: list[dict], texts: dict[int, str], notes: dict[int, dict], *,
        ellipsis: str = DEFAULT_ELLIPSIS, first_note: int = 1) -> Excerpt:
    """Cut the left-out text from a document (see the module docstring). `texts`: the English of the
    included segments by position; `notes`: the editor's notes by position (those on left-out segments
    are not published); footnotes are numbered from `first_note` (a compiled post counts on)."""
    by_paragraph: dict[int, list[dict]] = {}
    for row in rows:
        by_paragraph.setdefault(row["paragraph"], []).append(row)
    if not paragraphs:  # stored without its block structure (a CAT import): one block per paragraph
        paragraphs = [{"position": n, "kind": "paragraph", "prefix": "", "gap": "\n\n" if i else "", "raw": None}
                      for i, n in enumerate(sorted(by_paragraph))]
    out = Excerpt([], {}, [], [r["position"] for r in rows if not included(r)])
    run_gap: str | None = None  # the gap before the left-out run being read, if one is open
    held: list[dict] = []  # raw blocks (code, images) after a left-out paragraph: the run's, if it goes on
    for para in paragraphs:
        members = by_paragraph.get(para["position"], [])
        kept = [r for r in members if included(r)]
        if members and not kept:
            run_gap = para["gap"] if run_gap is None else run_gap
            held = []  # raw blocks between two left-out paragraphs go with them
            continue
        if run_gap is not None and not members:
            held.append(para)
            continue
        if run_gap is not None:
            run_gap = _close_run(out, run_gap, ellipsis, held)
            held = []
        _keep(out, para)
        _sentences(out, members, texts, notes, ellipsis, first_note)
    if run_gap is not None:
        _close_run(out, run_gap, ellipsis, held)
    return out


def _keep(out: Excerpt, para: dict) -> None:
    out.paragraphs.append(dict(para, gap=para["gap"] if out.paragraphs else ""))


def _close_run(out: Excerpt, gap: str, ellipsis: str, held: list[dict]) -> None:
    """The ellipsis paragraph for a left-out run (none when `ellipsis` is ""), then the raw blocks
    that followed the run."""
    if ellipsis:
        _keep(out, {"position": None, "kind": "ellipsis", "prefix": "", "gap": gap, "raw": ellipsis})
    for para in held:
        _keep(out, para)


def _sentences(out: Excerpt, members: list[dict], texts: dict[int, str], notes: dict[int, dict], ellipsis: str,
               first_note: int) -> None:
    gap_open = False
    for row in members:
        pos = row["position"]
        if not included(row):
            if not gap_open and ellipsis:
                out.texts[pos] = ellipsis  # one inline ellipsis for a left-out run inside a kept paragraph
            gap_open = True
            continue
        gap_open = False
        text = (texts.get(pos) or "").strip()
        note = notes.get(pos)
        if note and text:
            number = first_note + len(out.footnotes)
            out.footnotes.append((number, one_line(note["text"])))
            text = f"{text}[^{number}]"
        out.texts[pos] = text


def footnote_lines(footnotes: list[tuple[int, str]]) -> str:
    """The Markdown footnote definitions, at the end of the article."""
    return "".join(f"[^{n}]: {text}\n" for n, text in footnotes)
