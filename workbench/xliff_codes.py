"""Inline codes of XLIFF files (1.2: <g>, <x/>, <bx/>, <ex/>, <ph>, <bpt>, <ept>, <it>, <mrk>; 2.0: <pc>,
<ph/>, <sc/>, <ec/>, <mrk>, <sm/>, <em/>) as placeholders in a segment's text, and back.

A code around text becomes `{n}…{/n}`, a code alone `{n/}` — the placeholder form of workbench.markup,
so drafting protects them, the markup check compares them, and the review editor keeps them. What each
placeholder stands for is kept as a small record (element name, attributes, the native code text of
<ph>/<bpt>/…), stored with the segment's origin; an XLIFF export writes the same elements back, so the
file merges into the tool it came from.
"""

from __future__ import annotations

import re

from lxml import etree

PAIRED = {"g", "mrk", "pc"}  # codes around text
ALONE = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em"}  # codes standing alone
_TOKEN = re.compile(r"\{(/?)(\d{1,4})(/?)\}")


def coded_text(el) -> tuple[str, dict[str, dict]]:
    """The element's content with inline codes as placeholders, and {placeholder number: code record}."""
    codes: dict[str, dict] = {}
    return _walk(el, codes), codes


def _walk(el, codes: dict[str, dict]) -> str:
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        attrs = {etree.QName(k).localname if not k.startswith("{http://www.w3.org/XML") else k: v
                 for k, v in child.attrib.items()}
        if name == "cp" and child.get("hex"):
            parts.append(code_point(child.get("hex")))
        elif name in PAIRED:
            n = str(len(codes) + 1)
            codes[n] = {"tag": name, "attrs": attrs}
            parts.append(f"{{{n}}}{_walk(child, codes)}{{/{n}}}")
        elif name in ALONE:
            n = str(len(codes) + 1)
            codes[n] = {"tag": name, "attrs": attrs, "text": "".join(child.itertext())}
            parts.append(f"{{{n}/}}")
        else:  # anything else: its text
            parts.append(_walk(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)


def code_point(hex_: str) -> str:
    """The character an XLIFF <cp hex> stands for ("" for a bad value)."""
    try:
        return chr(int(hex_, 16))
    except (ValueError, OverflowError):
        return ""


def fill(parent, text: str, codes: dict[str, dict], ns: str) -> None:
    """Write `text` into `parent` with each placeholder as the element it stands for (in namespace `ns`).
    A placeholder without a record, or a pair left open, is written as its text (nothing is lost)."""
    stack = [parent]
    numbers = [""]  # the placeholder number of each open pair on the stack
    last = None  # the element whose tail the next text goes to (None: the current parent's text)
    pos = 0

    def put(chunk: str) -> None:
        nonlocal last
        if not chunk:
            return
        if last is None:
            stack[-1].text = (stack[-1].text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for m in _TOKEN.finditer(text):
        put(text[pos:m.start()])
        pos = m.end()
        closing, n, alone = m.group(1), m.group(2), m.group(3)
        code = codes.get(n)
        if code is None or (closing and numbers[-1] != n):
            put(m.group(0))
            continue
        if closing:
            last = stack.pop()
            numbers.pop()
            continue
        el = etree.SubElement(stack[-1], f"{{{ns}}}{code['tag']}" if ns else code["tag"], _attrs(code))
        if alone:
            el.text = code.get("text") or None
            last = el
        else:
            stack.append(el)
            numbers.append(n)
            last = None
    put(text[pos:])  # a pair the text never closed simply ends with the text


def _attrs(code: dict) -> dict:
    return dict(code.get("attrs") or {})
