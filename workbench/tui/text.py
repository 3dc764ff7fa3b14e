"""Turning data into display text safely: never markup strings, control characters made visible.

Source, draft and target come from files and from an LLM; they may contain Rich markup (`[bold]`) or
ANSI escape sequences. Everything is built as rich.text.Text (markup is never parsed) and C0/C1 control
characters are shown as the Unicode control pictures (ESC → ␛), so nothing reaches the terminal raw.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from workbench import markup
from workbench.display import visible
from workbench.glossary.terms import Hit

GLYPHS = {
    "initial": ("·", "dim"),
    "translated": ("○", "yellow"),
    "reviewed": ("✓", "bold green"),
    "final": ("✔", "bold reverse green"),  # a filled badge: told apart from ✓ reviewed without colour too
    "flagged": ("⚑", "bold magenta"),
    "failed": ("✗", "bold red"),
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` terminal cells (CJK characters take two), with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - 1 - used)


def status_key(row: dict) -> str:
    if row["status"] == "initial" and row.get("draft_error"):
        return "failed"
    return row["status"]


def glyph(row: dict) -> tuple[str, str]:
    return GLYPHS[status_key(row)]


def source_text(source: str, hits: list[Hit]) -> Text:
    """The Chinese source with glossary terms highlighted."""
    text = Text(visible(source))
    for hit in hits:
        text.stylize("bold underline cyan", hit.start, hit.end)
    return text


def terms_text(hits: list[Hit]) -> Text:
    """One line per distinct term of the segment: source → English (variants) — note."""
    text = Text("Glossary: ", "bold")
    seen = set()
    for hit in hits:
        term = hit.term
        if term.source in seen:
            continue
        if seen:
            text.append("\n")
        seen.add(term.source)
        text.append(visible(term.source), "bold cyan")
        text.append(" → ")
        text.append(visible(term.target), "bold")
        if term.variants:
            text.append(" (also " + ", ".join(visible(v) for v in term.variants) + ")", "dim")
        if term.forbidden:
            text.append(" not: " + ", ".join(visible(v) for v in term.forbidden), "red")
        if term.note:
            text.append(" — " + visible(term.note), "italic")
    return text


def issues_text(issues: list) -> Text:
    if not issues:
        return Text("QA: no issues", "green")
    text = Text()
    for n, issue in enumerate(issues):
        if n:
            text.append("\n")
        text.append(f"{issue.severity}: ", SEVERITY_STYLE.get(issue.severity, ""))
        text.append(visible(issue.message))
    return text


def qa_marker(issues: list | None) -> tuple[str, str]:
    if not issues:
        return (" ", "")
    severities = {i.severity for i in issues}
    if "error" in severities:
        return ("!", "bold red")
    if "warning" in severities:
        return ("?", "yellow")
    return ("i", "cyan")


# How inline Markdown shows: the words styled, the marks and addresses out of sight.
MARKUP_STYLE = {"strong": "bold", "em": "italic", "s": "strike", "link": "underline bright_blue",
                "code": "reverse", "autolink": "underline bright_blue", "image": "dim", "html": "dim", "tag": "dim"}


def markup_text(text: Text, raw: str) -> Text:
    """`text` (the display of `raw`, styles already on it) with inline markup shown compactly: a link as
    its words styled as a link, emphasis as bold or italics, code without backticks; HTML tags and images
    dimmed. Offsets of `raw` and `text` must agree (visible() keeps one character per character)."""
    found = markup.spans(raw)
    if not found or len(text) != len(raw):
        return text
    hidden = []
    for s in found:
        if s.role == "open" and s.pair >= 0:
            text.stylize(MARKUP_STYLE[s.kind], s.end, found[s.pair].start)
            hidden += [(s.start, s.end), (found[s.pair].start, found[s.pair].end)]
        elif s.kind == "code":
            ticks = len(raw[s.start:s.end]) - len(raw[s.start:s.end].lstrip("`"))
            text.stylize(MARKUP_STYLE["code"], s.start + ticks, s.end - ticks)
            hidden += [(s.start, s.start + ticks), (s.end - ticks, s.end)]
        elif s.kind in MARKUP_STYLE:
            text.stylize(MARKUP_STYLE[s.kind], s.start, s.end)
    out, pos = [], 0
    for start, end in sorted(hidden):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return Text("").join(out)
