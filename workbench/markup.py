"""Inline Markdown markup inside one text: where it is (markdown-it-py's inline parser, aligned back to
the source), numbered placeholders for the model (`protect` / `restore`), and the markup a check
compares (`inventory`).

The placeholder form (README, "Wire protocol"): a pair of markup around words — a link, emphasis,
strikethrough — becomes `{n}…{/n}`; a piece that stands alone — inline code, an inline HTML tag,
an image, an autolink, or text that already looks like a placeholder — becomes `{n/}`. Numbers count
from 1 in source order. The words inside a pair stay visible to the model and get translated;
everything else is restored verbatim from the source.

markdown-it-py does not report source offsets for inline tokens, so `spans` walks its token stream
and finds each token's source text in order (escapes and entities arrive as `text_special` tokens
carrying their source form, because the `text_join` rule is turned off).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

PLACEHOLDER = re.compile(r"\{(/?)(\d{1,4})(/?)\}")

PAIRED = {"strong_open": "strong", "em_open": "em", "s_open": "s", "link_open": "link"}
CLOSING = {"strong_close", "em_close", "s_close", "link_close"}


class MarkupError(ValueError):
    """A reply or an edit whose placeholders do not match the source's (one line, for the user)."""


_FULL_REFERENCE = re.compile(r"\]\[([^\[\]]+)\]")


def _references(text: str) -> dict:
    """Reference-style links `[text][label]` inside one sentence: the definition lives elsewhere in the
    document, so a label used in the full form counts as defined (the link is markup to keep, whatever
    it points to). A bare `[text]` stays text — brackets in prose, `[1]`, `[bold]` are not links."""
    from markdown_it.common.utils import normalizeReference  # noqa: PLC0415 - markdown-it loads at the first parse: `workbench documents` starts fast

    return {normalizeReference(label): {"href": "", "title": ""} for label in _FULL_REFERENCE.findall(text)}


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one Markdown configuration: CommonMark with GFM tables and strikethrough."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - as in _references

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")
    return md


@lru_cache(maxsize=1)
def document_parser() -> MarkdownIt:
    """The same configuration for whole documents: front matter recognised (mdit-py-plugins)."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - as in _references
    from mdit_py_plugins.front_matter import front_matter_plugin  # noqa: PLC0415 - as in _references

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


@dataclass(frozen=True)
class Span:
    """One piece of markup: [start, end) in the text; `pair` links an opening piece to its closing one."""

    start: int
    end: int
    kind: str  # strong, em, s, link, tag (pairs); code, html, image, autolink, tag (alone: an XLIFF code)
    role: str  # "open", "close" or "alone"
    key: str = ""  # what must survive: a link's href, the code, the tag, the image's src
    pair: int = -1  # index of the matching span (open ↔ close)


def spans(text: str) -> list[Span]:
    """Every markup piece of `text` in source order; [] when the text cannot be aligned (kept as plain)."""
    if not any(c in text for c in "*_`[]<>~!{\\&"):
        return []
    tokens = parser().parseInline(text, {"references": _references(text)})[0].children or []
    try:
        found = _align(text, tokens, 0)[1]
    except _Misaligned:
        return []
    found += _literals(text, found)
    found.sort(key=lambda s: s.start)
    return _paired(found)


class _Misaligned(Exception):
    pass


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _expect(text: str, pos: int, what: str) -> int:
    pos = _skip_space(text, pos) if not text.startswith(what, pos) else pos
    if not text.startswith(what, pos):
        raise _Misaligned(what)
    return pos


def _align(text: str, tokens: list, pos: int) -> tuple[int, list[Span]]:
    """Walk the tokens, finding each in `text` from `pos`; return the end position and the markup."""
    walk = _Walk(text, pos)
    for tok in tokens:
        if walk.stack and walk.stack[-1][0] == "autolink" and tok.type != "link_close":
            continue  # the address inside <…> was taken with the opening bracket
        handler = _HANDLERS.get(tok.type)
        if handler is None and tok.type in PAIRED:
            handler = _Walk.opening
        elif handler is None and tok.type in CLOSING:
            handler = _Walk.closing
        if handler is not None:
            handler(walk, tok)
    return walk.pos, walk.out


class _Walk:
    """The position reached in the text, the markup found so far, and the pairs still open."""

    def __init__(self, text: str, pos: int):
        self.text, self.pos = text, pos
        self.out: list[Span] = []
        self.stack: list[tuple[str, int]] = []

    def plain(self, tok) -> None:
        src = tok.markup if tok.type == "text_special" else tok.content
        start = _expect(self.text, self.pos, src)
        self.pos = start + len(src)
        if tok.type == "html_inline":
            self.out.append(Span(start, self.pos, "html", "alone", src))

    def softbreak(self, tok) -> None:
        self.pos = _expect(self.text, self.pos, "\n") + 1

    def hardbreak(self, tok) -> None:
        self.pos = _hardbreak_end(self.text, self.pos)

    def code(self, tok) -> None:
        start = _expect(self.text, self.pos, tok.markup)
        m = re.compile(r"(?<!`)" + tok.markup + r"(?!`)").search(self.text, start + len(tok.markup))
        if m is None:
            raise _Misaligned("code")
        self.pos = m.end()
        self.out.append(Span(start, self.pos, "code", "alone", self.text[start:self.pos]))

    def image(self, tok) -> None:
        start = _expect(self.text, self.pos, "![")
        inner_end, _ = _align(self.text, tok.children or [], start + 2)
        close = _expect(self.text, inner_end, "]")
        self.pos = _link_tail(self.text, close + 1)
        self.out.append(Span(start, self.pos, "image", "alone", tok.attrs.get("src", "")))

    def opening(self, tok) -> None:
        href = str(tok.attrs.get("href", ""))
        if tok.type == "link_open" and tok.markup == "autolink":
            start = _expect(self.text, self.pos, "<")
            close = self.text.find(">", start)
            if close < 0:
                raise _Misaligned("autolink")
            self.stack.append(("autolink", -1))
            self.pos = close + 1
            self.out.append(Span(start, self.pos, "autolink", "alone", href))
            return
        opener = "[" if tok.type == "link_open" else tok.markup
        start = _expect(self.text, self.pos, opener)
        self.pos = start + len(opener)
        self.stack.append((PAIRED[tok.type], len(self.out)))
        self.out.append(Span(start, self.pos, PAIRED[tok.type], "open", href if tok.type == "link_open" else ""))

    def closing(self, tok) -> None:
        if not self.stack:
            raise _Misaligned(tok.type)
        name, index = self.stack.pop()
        if name == "autolink":
            return  # its text and closing bracket were taken with the opening
        closer = "]" if name == "link" else tok.markup
        start = _expect(self.text, self.pos, closer)
        self.pos = _link_tail(self.text, start + 1) if name == "link" else start + len(closer)
        self.out.append(Span(start, self.pos, name, "close", self.out[index].key))


_HANDLERS = {"text": _Walk.plain, "text_special": _Walk.plain, "html_inline": _Walk.plain,
             "softbreak": _Walk.softbreak, "hardbreak": _Walk.hardbreak, "code_inline": _Walk.code,
             "image": _Walk.image}


def _hardbreak_end(text: str, pos: int) -> int:
    m = re.compile(r"(?: {2,}|\\)\n").search(text, pos)
    if m is None:
        raise _Misaligned("hardbreak")
    return m.end()


def _link_tail(text: str, pos: int) -> int:
    """After a link's `]`: its `(destination "title")` or `[label]`, if any; the position after it."""
    if text.startswith("(", pos):
        from markdown_it.helpers import parseLinkDestination, parseLinkTitle  # noqa: PLC0415 - as in _references

        at = _skip_space(text, pos + 1)
        dest = parseLinkDestination(text, at, len(text))
        if dest.ok:
            at = _skip_space(text, dest.pos)
            title = parseLinkTitle(text, at, len(text))
            if title.ok:
                at = _skip_space(text, title.pos)
        if text.startswith(")", at):
            return at + 1
        return pos
    if text.startswith("[", pos):
        close = text.find("]", pos)
        return close + 1 if close >= 0 else pos
    return pos


def _literals(text: str, found: list[Span]) -> list[Span]:
    """Text that already is a placeholder — an inline code of an imported XLIFF file, `{1}…{/1}` or
    `{2/}` — is protected as the pair or piece it stands for (kind "tag"), so it keeps its place."""
    out = []
    for m in PLACEHOLDER.finditer(text):
        if not any(s.start <= m.start() < s.end for s in found):
            role = "close" if m.group(1) else "alone" if m.group(3) else "open"
            out.append(Span(m.start(), m.end(), "tag", role, m.group(0) if role == "alone" else m.group(2)))
    opened = {s.key for s in out if s.role == "open"}
    closed = {s.key for s in out if s.role == "close"}
    return [s if s.role == "alone" or (s.key in opened and s.key in closed) else Span(s.start, s.end, "tag", "alone", s.key)
            for s in out]


def _paired(found: list[Span]) -> list[Span]:
    """Set `pair` on each open/close span (the close follows its open, properly nested)."""
    out = list(found)
    stack: list[int] = []
    for i, s in enumerate(found):
        if s.role == "open":
            stack.append(i)
        elif s.role == "close" and stack:
            j = stack.pop()
            out[j] = Span(**{**out[j].__dict__, "pair": i})
            out[i] = Span(**{**s.__dict__, "pair": j})
    return out


# ---------------------------------------------------------------------------------------------
# Placeholders


@dataclass(frozen=True)
class Protected:
    """A text with its markup replaced by placeholders, and what each placeholder stands for."""

    wire: str
    codes: dict[str, str]  # "{1}" / "{/1}" / "{2/}" → the source markup it stands for

    @property
    def order(self) -> list[str]:
        return PLACEHOLDER_TOKENS(self.wire)


def PLACEHOLDER_TOKENS(text: str) -> list[str]:  # noqa: N802 - reads like the constant it stands next to
    return [m.group(0) for m in PLACEHOLDER.finditer(text)]


def protect(text: str) -> Protected:
    """`text` with every markup piece replaced by a numbered placeholder (unchanged when there is none)."""
    found = spans(text)
    if not found:
        return Protected(text, {})
    numbers: dict[int, int] = {}
    parts, codes, pos = [], {}, 0
    for i, s in enumerate(found):
        parts.append(text[pos:s.start])
        if s.role == "close":
            n = numbers.get(s.pair)
            token = f"{{/{n}}}"
        else:
            n = len(numbers) + 1
            numbers[i] = n
            token = f"{{{n}}}" if s.role == "open" else f"{{{n}/}}"
        codes[token] = text[s.start:s.end]
        parts.append(token)
        pos = s.end
    parts.append(text[pos:])
    return Protected("".join(parts), codes)


def check_placeholders(wanted: list[str], got: list[str]) -> str | None:
    """Why `got` (the placeholders of a reply or an edit, in order) does not fit `wanted`; None if it does.

    Each placeholder must appear exactly once; a pair must open before it closes and pairs must nest
    as in the source (a pair may move in the sentence, since English word order differs, but it may
    not swallow or leave another pair)."""
    missing = [t for t in wanted if t not in got]
    extra = [t for t in got if t not in wanted]
    twice = sorted({t for t in got if got.count(t) > 1})
    if missing:
        return f"placeholder {' '.join(missing[:3])} missing"
    if extra:
        return f"placeholder {' '.join(extra[:3])} not in the source"
    if twice:
        return f"placeholder {' '.join(twice[:3])} duplicated"
    if _nesting(got) != _nesting(wanted):
        return "placeholders reordered (a pair closed before it opened, or nested differently)"
    return None


def _nesting(order: list[str]) -> dict[str, str] | None:
    """Each placeholder's enclosing pair; None when a pair closes before it opens or pairs cross."""
    stack: list[str] = []
    parent: dict[str, str] = {}
    for token in order:
        m = PLACEHOLDER.fullmatch(token)
        closing, n, alone = m.group(1), m.group(2), m.group(3)
        if closing:
            if not stack or stack[-1] != n:
                return None
            stack.pop()
            continue
        parent[token] = stack[-1] if stack else ""
        if not alone:
            stack.append(n)
    return parent if not stack else None


def restore(reply: str, prot: Protected, *, may_drop: bool = False) -> str:
    """The reply with each placeholder replaced by its markup; MarkupError when they do not fit.
    `may_drop`: a whole piece of markup may be left out (an editor removing a link on purpose: the
    markup check then reports it), but never half a pair."""
    if not prot.codes:
        if PLACEHOLDER.search(reply):
            raise MarkupError(f"placeholder {PLACEHOLDER.search(reply).group(0)} not in the source")
        return reply
    got = PLACEHOLDER_TOKENS(reply)
    wanted = prot.order
    if may_drop:
        kept = {PLACEHOLDER.fullmatch(t).group(2) for t in got}
        wanted = [t for t in wanted if PLACEHOLDER.fullmatch(t).group(2) in kept]
    problem = check_placeholders(wanted, got)
    if problem:
        raise MarkupError(problem)
    return PLACEHOLDER.sub(lambda m: prot.codes[m.group(0)], reply)


# ---------------------------------------------------------------------------------------------
# What the checks compare


def inventory(text: str) -> list[tuple[str, str]]:
    """The markup of a text as (kind, key) in order: one entry per pair or standalone piece."""
    return [(s.kind, s.key) for s in spans(text) if s.role != "close"]


def compact(text: str) -> str:
    """The text as a reader sees it: a link as its words, emphasis and code marks dropped (for
    display where markup would be noise)."""
    found = spans(text)
    if not found:
        return text
    parts, pos = [], 0
    for s in found:
        parts.append(text[pos:s.start])
        if s.kind == "code":
            parts.append(text[s.start:s.end].strip("`").strip())
        elif s.kind in ("autolink",):
            parts.append(s.key)
        elif s.kind == "tag":
            parts.append(text[s.start:s.end])
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


def keep_whole(text: str, sentences: list[str]) -> list[str]:
    """Sentences of `text` merged where a split fell inside markup (a link, emphasis or code spanning
    a sentence end), so each sentence carries whole markup pieces."""
    found = spans(text)
    if len(sentences) < 2 or not found:
        return sentences
    ranges = [(s.start, found[s.pair].end if s.role == "open" and s.pair >= 0 else s.end)
              for s in found if s.role != "close"]
    starts, at = [], 0
    for sentence in sentences:
        at = text.find(sentence, at)
        if at < 0:
            return sentences  # not slices of the text: leave them as they are
        starts.append(at)
        at += len(sentence)
    out: list[str] = [sentences[0]]
    first = starts[0]
    for sentence, start in zip(sentences[1:], starts[1:]):
        if any(a < start < b for a, b in ranges):
            out[-1] = text[first:start + len(sentence)]
        else:
            out.append(sentence)
            first = start
    return out
