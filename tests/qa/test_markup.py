"""markup-lost / markup-altered: true and false positives, and `workbench check` on a reviewed correction."""

from __future__ import annotations

import pytest

from workbench import qa, review
from workbench.importing.paths import import_file
from workbench.qa.markup import check_markup
from workbench.storage import drafts, open_store
from workbench.storage import segments as seg_store

SOURCE = "心智观察所认为，这一决定**来得太晚**。详见[观察者网](https://www.guancha.cn/a.html)和`H200`。"


def _codes(source: str, target: str) -> list[str]:
    return [i.code for i in check_markup(source, target, [])]


@pytest.mark.parametrize("target, codes", [
    # true positives
    ("Xinzhi thinks the decision came too late. See [Guancha](https://www.guancha.cn/a.html) and `H200`.", ["markup-lost"]),
    ("Xinzhi thinks the decision **came too late**. See Guancha and `H200`.", ["markup-lost"]),
    ("Xinzhi thinks the decision **came too late**. See [Guancha](https://example.com/) and `H200`.", ["markup-altered"]),
    ("Xinzhi thinks the decision **came too late**. See [Guancha](https://www.guancha.cn/a.html) and `H100`.", ["markup-altered"]),
    ("Xinzhi thinks the decision came too late. See Guancha and H200.", ["markup-lost", "markup-lost", "markup-lost"]),
    ("Xinzhi thinks the decision **came too late. See [Guancha](https://www.guancha.cn/a.html) and `H200`.", ["markup-lost"]),
])
def test_markup_missing_or_changed_in_the_target_is_an_error(target, codes):
    issues = check_markup(SOURCE, target, [])
    assert sorted(i.code for i in issues) == sorted(codes)
    assert {i.severity for i in issues} == {"error"}


@pytest.mark.parametrize("target", [
    "Xinzhi thinks the decision **came too late**. See [Guancha](https://www.guancha.cn/a.html) and `H200`.",
    # another spelling of the same markup, other words inside it, another order
    "See `H200` and [the Guancha report](https://www.guancha.cn/a.html): the decision __came far too late__.",
    # markup only in the target (a link the editor added) is not reported
    "Xinzhi ([site](https://xz.cn)) thinks the decision **came too late**. See *[Guancha](https://www.guancha.cn/a.html)* and `H200`.",
])
def test_the_same_markup_in_other_words_is_clean(target):
    assert _codes(SOURCE, target) == []


def test_no_markup_in_the_source_nothing_to_compare():
    assert _codes("一句话。", "One sentence, with a [link](https://a.cn) added.") == []
    assert _codes("价格是 5*4*3。", "The price is 5*4*3.") == []


def test_the_check_is_registered_and_runs_on_reviewed_texts(tmp_path):
    store = open_store(tmp_path / "w.db")
    source = tmp_path / "a.md"
    source.write_text("详见[观察者网](https://www.guancha.cn/a.html)，这个**很重要**。\n", encoding="utf-8")
    doc = import_file(store, source).document_id
    row = seg_store.for_document(store, doc)[0]
    drafts.add(store, row["id"], engine="llm", model="m", text="See [Guancha](https://www.guancha.cn/a.html); this **matters**.")
    review.accept(store, doc, 1, text="See Guancha; this matters.", reviewer="alice", force=True)
    issues = qa.check_document(seg_store.for_document(store, doc), None)[1]
    assert [i.code for i in issues] == ["markup-lost", "markup-lost"]
    store.close()
