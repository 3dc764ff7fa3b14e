"""A Word file written in runs of whole Markdown blocks (bounded memory) is the Word file of the whole
text: cutting never falls inside a code fence, an HTML comment or a list item's indented continuation,
and a link's reference definition reaches the later runs."""

from __future__ import annotations

import io
import zipfile

import docx

from workbench.export.word import markdown_docx_chunks
from workbench.export.word_package import markdown_units

ARTICLE = """---
title: 长文
---

# The long article

[gc]: https://www.guancha.cn/ "Guancha"

A paragraph that links to [Guancha][gc] and to [the ministry](https://www.mfa.gov.cn/).

```python
x = 1


y = 2
```

<!-- a comment

over blank lines -->

- an item

  its second paragraph, indented

- another item

1. first
2. second

| word | count |
| --- | --- |
| 芯片 | 1,436 |

> a quote

Last words link to [Guancha][gc] again.
"""


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs]


def _links(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return sorted(r.target_ref for r in document.part.rels.values() if r.is_external)


def test_runs_of_blocks_give_the_same_word_file_as_the_whole_text():
    text = ARTICLE * 20
    whole = b"".join(markdown_docx_chunks([text], "t", unit=10 ** 9))
    # pieces of awkward sizes, runs of about one block: every possible cut is tried
    pieces = [text[i:i + 7] for i in range(0, len(text), 7)]
    cut = b"".join(markdown_docx_chunks(pieces, "t", unit=40))
    assert len(list(markdown_units(pieces, 40))) > 100
    assert _paragraphs(cut) == _paragraphs(whole)
    assert len(docx.Document(io.BytesIO(cut)).tables) == 20
    assert _links(cut) == _links(whole) and "https://www.guancha.cn/" in _links(cut)
    assert sum("x = 1\n\n\ny = 2" in t for _, t in _paragraphs(cut)) == 20  # the fence was never cut


def test_no_run_begins_inside_a_fence_or_an_indented_line():
    units = list(markdown_units([ARTICLE * 5], size=1))
    for unit in units[1:]:
        body = unit.split('"Guancha"\n\n', 1)[-1]  # after the repeated definition
        assert not body.startswith((" ", "\t", "y = 2", "over blank lines", "its second"))


def test_the_package_is_a_valid_word_file_with_one_body():
    data = b"".join(markdown_docx_chunks([ARTICLE], "长文"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        xml = package.read("word/document.xml").decode()
    assert xml.count("<w:body>") == 1 and xml.count("<w:sectPr") == 1 and xml.rstrip().endswith("</w:document>")
    assert docx.Document(io.BytesIO(data)).core_properties.title == "长文"
