"""The glossary cache next to the database: used by later processes for the state it was built from,
never after another process added, removed or imported a term, rebuilt (not a crash) when damaged."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import unwritable
from workbench.glossary import cache, manage
from workbench.glossary.terms import Matcher, Term
from workbench.storage import open_store
from workbench.storage import segments as seg_store
from workbench.storage import terms as term_store
from workbench.storage.glossary_version import GlossaryState, glossary_state

REPO = Path(__file__).resolve().parents[2]


def workbench(db: Path, *args: str) -> subprocess.CompletedProcess:
    """`workbench --db DB ARGS` in another process."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "WORKBENCH_CONFIG": str(db.parent / "none.toml")}
    result = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *args], capture_output=True, text=True,
                            env=env, cwd=db.parent)
    assert result.returncode == 0, result.stderr
    return result


def hits(db: Path, text: str) -> list[tuple[str, str]]:
    """The terms the matcher finds in TEXT, asked as a fresh process would (this one's memory cleared)."""
    cache._matchers.clear()
    store = open_store(db)
    try:
        return [(h.term.source, h.term.target) for h in manage.matcher(store).find(text)]
    finally:
        store.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "w.db"
    store = open_store(db)
    manage.import_terms(store, [Term("英伟达", "Nvidia"), Term("芯片", "chip")])
    store.close()
    return db


def files(db: Path, kind: str = "matcher") -> list[Path]:
    return sorted(Path(f"{db}.glossary-cache").glob(f"{kind}-*.pickle"))


def state_key(db: Path) -> str:
    store = open_store(db)
    try:
        return glossary_state(store).key
    finally:
        store.close()


def test_the_cache_file_is_named_for_the_glossary_state_and_used_by_a_later_process(db):
    assert hits(db, "英伟达的芯片") == [("英伟达", "Nvidia"), ("芯片", "chip")]
    assert [p.name for p in files(db)] == [f"matcher-{state_key(db)}.pickle"]
    # Plant a matcher with another rendering under the current state: a later process uses the file.
    store = open_store(db)
    cache._write(cache.folder(store), "matcher", glossary_state(store), Matcher([Term("英伟达", "NVIDIA planted")]).state())
    store.close()
    found = workbench(db, "segments", "--help")  # a process that starts and reads nothing: no rebuild
    assert found.returncode == 0
    code = ("import sys; from workbench.storage import open_store; from workbench.glossary import manage\n"
            "print([h.term.target for h in manage.matcher(open_store(sys.argv[1])).find('英伟达')])")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}).stdout
    assert out.strip() == "['NVIDIA planted']"


@pytest.mark.parametrize("change", ["add", "remove", "import", "edit"])
def test_a_change_by_another_process_is_seen_and_the_old_cache_never_used(db, tmp_path, change):
    hits(db, "英伟达的芯片")  # the cache of the first state exists
    store = open_store(db)
    before = glossary_state(store)
    store.close()
    if change == "add":
        workbench(db, "glossary", "add", "华为", "Huawei")
        expected = [("英伟达", "Nvidia"), ("芯片", "chip"), ("华为", "Huawei")]
    elif change == "remove":
        workbench(db, "glossary", "remove", "芯片")
        expected = [("英伟达", "Nvidia")]
    elif change == "import":
        (tmp_path / "more.tsv").write_text("华为\tHuawei\n", encoding="utf-8")
        workbench(db, "glossary", "import", str(tmp_path / "more.tsv"))
        expected = [("英伟达", "Nvidia"), ("芯片", "chip"), ("华为", "Huawei")]
    else:
        workbench(db, "glossary", "add", "芯片", "microchip", "--replace")
        expected = [("英伟达", "Nvidia"), ("芯片", "microchip")]
    assert state_key(db) != before.key
    assert [p.name for p in files(db)] == [f"matcher-{state_key(db)}.pickle"]  # carried over; the old one gone
    assert hits(db, "英伟达的芯片与华为") == expected
    # A file of the old state (here with a wrong rendering in it) is never used for the new one: rebuilt.
    for path in files(db):
        path.unlink()
    cache._write(Path(f"{db}.glossary-cache"), "matcher", before, Matcher([Term("英伟达", "stale")]).state())
    assert hits(db, "英伟达的芯片与华为") == expected
    assert [p.name for p in files(db)] == [f"matcher-{state_key(db)}.pickle"]


def test_a_change_outside_workbench_bumps_the_version_too(db):
    hits(db, "英伟达")
    before = state_key(db)
    code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE terms SET target = 'NV' WHERE source = '英伟达'\"); c.commit()"
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)
    assert state_key(db) != before
    assert hits(db, "英伟达") == [("英伟达", "NV")]


def test_an_incremental_update_matches_a_full_rebuild(db, tmp_path):
    hits(db, "英伟达")
    workbench(db, "glossary", "add", "华为", "Huawei", "--variant", "Huawei Technologies")
    workbench(db, "glossary", "add", "英伟达", "NVIDIA", "--replace")
    store = open_store(db)
    payload = cache._read(cache.folder(store), "matcher", glossary_state(store))
    assert payload is not None  # written by the adding process from the previous state's file
    text = "英伟达的芯片与华为，华为的芯片"
    incremental = [(h.start, h.end, h.term) for h in Matcher.from_state(payload).find(text)]
    full = [(h.start, h.end, h.term) for h in Matcher(term_store.all_terms(store)).find(text)]
    store.close()
    assert incremental == full and len(full) == 5


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "foreign class"])
def test_a_damaged_cache_file_is_rebuilt_not_a_crash(db, damage):
    hits(db, "英伟达")
    [path] = files(db)
    blob = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a well-formed file whose pickle names a class: refused even with a correct checksum
        import hashlib

        data = pickle.dumps({"format": cache.FORMAT, "kind": "matcher", "key": state_key(db), "payload": Path("x")})
        path.write_bytes(cache.MAGIC + hashlib.sha256(data).digest() + data)
    result = workbench(db, "check", "--help")
    assert result.returncode == 0
    assert hits(db, "英伟达的芯片") == [("英伟达", "Nvidia"), ("芯片", "chip")]
    assert cache._read(path.parent, "matcher", GlossaryState.from_key(state_key(db))) is not None  # rewritten whole


def test_an_unwritable_folder_leaves_the_cache_in_memory(db):
    folder = Path(f"{db}.glossary-cache")
    folder.mkdir()
    with unwritable(folder):
        assert hits(db, "英伟达") == [("英伟达", "Nvidia")]
        workbench(db, "glossary", "add", "华为", "Huawei")
        assert hits(db, "华为") == [("华为", "Huawei")]
    assert list(folder.iterdir()) == []


def _tokens_of(db: Path, position: int) -> list[str]:
    store = open_store(db)
    try:
        row = store.one("SELECT tokens FROM segments WHERE position = ?", (position,))
        return json.loads(row["tokens"])
    finally:
        store.close()


def test_jieba_words_follow_terms_another_process_added(db, tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("心智观察所评论英伟达芯片。\n", encoding="utf-8")
    workbench(db, "import", str(first))  # builds the jieba cache for this state
    assert sorted(p.name for p in files(db, "jieba")) == [f"jieba-base-{state_key(db)}.pickle", f"jieba-{state_key(db)}.pickle"]
    workbench(db, "glossary", "add", "评论英伟", "Ping Lun Ying Wei")  # a made-up word jieba would never keep whole
    second = tmp_path / "b.txt"
    second.write_text("他们评论英伟达。\n", encoding="utf-8")
    workbench(db, "import", str(second))
    store = open_store(db)
    rows = store.query("SELECT document_id, tokens FROM segments ORDER BY id")
    store.close()
    assert "评论英伟" in json.loads(rows[-1]["tokens"])  # the new term is one word in the later import
    assert "评论英伟" in json.loads(rows[0]["tokens"])  # and in the segment imported before it was added


def test_a_damaged_jieba_cache_is_rebuilt(db, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("我们评论新闻。\n", encoding="utf-8")
    workbench(db, "import", str(source))
    for path in files(db, "jieba"):
        path.write_bytes(b"not a cache")
    workbench(db, "glossary", "add", "评论新闻", "news commentary")  # in a segment: jieba is needed, its cache unreadable
    store = open_store(db)
    [segment] = seg_store.sources(store)
    tokens = json.loads(store.one("SELECT tokens FROM segments WHERE id = ?", (segment["id"],))["tokens"])
    store.close()
    assert "评论新闻" in tokens
    names = [p.name for p in files(db, "jieba")]  # rebuilt at the state before the add, carried over to after it
    assert f"jieba-{state_key(db)}.pickle" in names and len(names) == 2 and all(p.read_bytes() != b"not a cache" for p in files(db, "jieba"))


def _python(code: str, db: Path) -> str:
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, cwd=db.parent)
    return result.stdout


def test_adding_a_term_tokenizes_its_segments_as_the_whole_dictionary_would(db, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("心智观察所评论英伟达芯片。\n\n他们评论新闻，英伟达评论新闻。\n\n今天天气很好。\n", encoding="utf-8")
    workbench(db, "import", str(source))  # builds the jieba cache for this state
    workbench(db, "glossary", "add", "观察所评", "a made-up word")  # carried over: a word added since the base
    added = _python(
        "import sys\nfrom pathlib import Path\nfrom workbench import segment\nfrom workbench.glossary import manage\n"
        "from workbench.glossary.terms import Term\nfrom workbench.storage import open_store\n"
        "store = open_store(Path(sys.argv[1]))\nmanage.add_term(store, Term('评论新闻', 'news commentary'))\n"
        "print(segment.tokenizer_loaded())\n", db)
    assert added.split() == ["False"]  # the segments' part of the cached dictionary, not the whole of it
    whole = _python(
        "import json, sys\nfrom pathlib import Path\nfrom workbench import segment\nfrom workbench.glossary import manage\n"
        "from workbench.storage import open_store\nstore = open_store(Path(sys.argv[1]))\n"
        "manage.prepare_tokenizer(store)\nprint(segment.tokenizer_loaded())\n"
        "print(json.dumps([segment.tokens(r['source']) for r in store.query('SELECT source FROM segments ORDER BY id')],"
        " ensure_ascii=False))\n", db)
    loaded, expected = whole.splitlines()
    store = open_store(db)
    stored = [json.loads(r["tokens"]) for r in store.query("SELECT tokens FROM segments ORDER BY id")]
    store.close()
    assert loaded == "True"
    assert stored[1] == json.loads(expected)[1] and "评论新闻" in stored[1]
