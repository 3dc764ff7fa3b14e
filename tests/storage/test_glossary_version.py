"""The glossary version: every change to a term bumps it (and renews the stamp), nothing else does."""

from __future__ import annotations

from workbench.glossary import manage
from workbench.glossary.terms import Term
from workbench.storage import open_store
from workbench.storage.glossary_version import GlossaryState, glossary_state, glossary_version


def test_every_change_to_a_term_bumps_the_version_and_renews_the_stamp(tmp_path):
    store = open_store(tmp_path / "w.db")
    states = [glossary_state(store)]
    manage.add_term(store, Term("英伟达", "Nvidia"))
    states.append(glossary_state(store))
    manage.import_terms(store, [Term("芯片", "chip"), Term("华为", "Huawei")])
    states.append(glossary_state(store))
    manage.add_term(store, Term("芯片", "microchip"), replace=True)
    states.append(glossary_state(store))
    manage.remove_term(store, "华为")
    states.append(glossary_state(store))
    versions = [s.version for s in states]
    assert versions == sorted(versions) and len(set(versions)) == 5
    assert len({s.stamp for s in states}) == 5
    assert glossary_version(store) == versions[-1]
    manage.import_terms(store, [Term("芯片", "microchip")])  # unchanged: nothing written, no bump
    assert glossary_state(store) == states[-1]
    assert GlossaryState.from_key(states[-1].key) == states[-1]


def test_removing_a_missing_term_is_one_clear_error_and_changes_nothing(tmp_path):
    import pytest

    from workbench.errors import WorkbenchError

    store = open_store(tmp_path / "w.db")
    manage.add_term(store, Term("英伟达", "Nvidia"))
    before = glossary_state(store)
    with pytest.raises(WorkbenchError, match="not in the glossary"):
        manage.remove_term(store, "华为")
    assert glossary_state(store) == before
