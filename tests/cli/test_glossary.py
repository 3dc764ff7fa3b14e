"""`workbench glossary remove`: one term out, a missing one is one line and changes nothing."""

from __future__ import annotations

from workbench.storage import open_store
from workbench.storage import terms as term_store


def test_remove_takes_one_term_out(run_cli, db_path):
    assert run_cli("glossary", "add", "英伟达", "Nvidia").exit_code == 0
    assert run_cli("glossary", "add", "华为", "Huawei").exit_code == 0
    result = run_cli("glossary", "remove", "英伟达")
    assert result.exit_code == 0 and "removed" in result.output
    store = open_store(db_path)
    assert [t.source for t in term_store.all_terms(store)] == ["华为"]
    store.close()


def test_removing_a_term_not_in_the_glossary_is_one_line(run_cli, db_path, db_state):
    assert run_cli("glossary", "add", "华为", "Huawei").exit_code == 0
    before = db_state(db_path)
    result = run_cli("glossary", "remove", "英伟达")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: 英伟达 is not in the glossary 'default'; nothing removed"]
    assert db_state(db_path)[0] == before[0]


def test_remove_without_a_database_creates_none(run_cli, db_path):
    result = run_cli("glossary", "remove", "英伟达")
    assert result.exit_code == 1 and not db_path.exists()
