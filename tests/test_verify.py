"""Checking a document from the store: the streamed check equals the whole-document one, and the
stored QA results (`workbench documents`) are checked again only when a text, the glossary or the
checks change."""

from __future__ import annotations

import pytest

from workbench import qa, review, risk, verdicts, verify
from workbench.errors import StoreError
from workbench.glossary import manage
from workbench.glossary.terms import Term
from workbench.risk import signals
from workbench.storage import alternatives as alt_store
from workbench.storage import documents as doc_store
from workbench.storage import drafts as draft_store
from workbench.storage import open_store
from workbench.storage import qa as qa_store
from workbench.storage import segments as seg_store

SOURCES = ["英伟达将向中国出口H200芯片。", "特朗普在12月8日宣布了这一决定。", "华为的芯片仍然落后。",
           "英伟达将向中国出口H200芯片。"]
DRAFTS = ["Nvidia will export H200 chips to China.", "Trump announced the decision on 8 December.",
          "Huawei's chips still lag.", "Nvidia is going to sell H200 chips to China."]  # 1 and 4: inconsistent


@pytest.fixture
def doc(store):
    doc_id, _ = doc_store.create(store, title="t", source_path=None, sha256="t", encoding="utf-8", fmt="txt",
                                 segments=[doc_store.NewSegment(1, s, list(s)) for s in SOURCES])
    for row, text in zip(seg_store.for_document(store, doc_id), DRAFTS):
        draft_store.add(store, row.id, engine="llm", model="m", text=text)
    return doc_id


def computed(store, doc_id) -> list[int]:
    """How often the checks ran for each segment (the stored rows' counter)."""
    return [r["computed"] for r in store.query(
        "SELECT q.computed FROM segments s JOIN qa_results q ON q.segment_id = s.id WHERE s.document_id = ?"
        " ORDER BY s.position", (doc_id,))]


def fresh_counts(store, doc_id) -> tuple[int, int]:
    """What running every check now finds, as `workbench check` shows it (the QA checks and the risk
    warnings, nothing read from the stored results): the figure the stored counts must equal."""
    found = qa.check_document(seg_store.for_document(store, doc_id), manage.matcher(store))
    warned = risk.risk_warnings(verify.document_views(store, doc_id, known={}))
    severities = [i.severity for issues in [*found.values(), *warned.values()] for i in issues]
    return severities.count("error"), severities.count("warning")


def fresh_found(store, doc_id) -> dict:
    """What `check` lists, computed afresh (nothing read from the stored results)."""
    found = qa.check_document(seg_store.for_document(store, doc_id), manage.matcher(store))
    warned = risk.risk_warnings(verify.document_views(store, doc_id, known={}))
    return {p: issues + warned.get(p, []) for p, issues in found.items()}


def test_the_streamed_check_equals_the_whole_document_check(store, doc, monkeypatch):
    monkeypatch.setattr(seg_store, "CHUNK", 1)
    whole = qa.check_document(seg_store.for_document(store, doc), manage.matcher(store))
    streamed = {row.position: issues for row, issues in verify.iter_check(store, doc)}
    assert streamed == whole and any(i.code == "inconsistent" for i in whole[1])


def test_stored_counts_follow_an_edited_target(store, doc):
    counts = verify.stored_counts(store)[doc]
    assert counts == fresh_counts(store, doc) and counts[1] >= 1  # the inconsistent pair is a warning
    assert computed(store, doc) == [1, 1, 1, 1]
    review.accept(store, doc, 4, text="Nvidia will export H200 chips to China.")  # now consistent
    assert verify.stored_counts(store)[doc] == fresh_counts(store, doc) != counts
    assert computed(store, doc) == [1, 1, 1, 2]  # only the edited segment was checked again


def test_stored_counts_follow_the_glossary(store, doc):
    before = verify.stored_counts(store)[doc]
    manage.add_term(store, Term("芯片", "semiconductor"))  # every draft says "chips": now an error each
    after = verify.stored_counts(store)[doc]
    assert after == fresh_counts(store, doc) and after[0] > before[0]
    assert computed(store, doc) == [2, 2, 2, 2]


def test_unchanged_results_are_not_computed_again(store, doc):
    first = verify.stored_counts(store)
    assert verify.refresh_stored_results(store) == []  # nothing stale
    assert verify.stored_counts(store) == first and computed(store, doc) == [1, 1, 1, 1]
    # A new draft with the same text: a new state, the same text hash — the stored row is kept.
    draft_store.add(store, seg_store.at(store, doc, 2).id, engine="llm", model="other", text=DRAFTS[1])
    assert verify.refresh_stored_results(store) == [doc]
    assert computed(store, doc) == [1, 1, 1, 1] and verify.refresh_stored_results(store) == []


def test_a_new_checks_version_computes_everything_again(store, doc, monkeypatch):
    verify.stored_counts(store)
    monkeypatch.setattr(qa, "CHECKS_VERSION", qa.CHECKS_VERSION + 1)
    verify.stored_counts(store)
    assert computed(store, doc) == [2, 2, 2, 2]


def test_every_glossary_change_bumps_its_version(store):
    start = qa_store.glossary_version(store)
    manage.add_term(store, Term("芯片", "chip"))
    manage.import_terms(store, [Term("华为", "Huawei"), Term("英伟达", "Nvidia")])
    after_import = qa_store.glossary_version(store)
    assert start < qa_store.glossary_version(store) and after_import > start + 1
    with store.transaction():
        store.execute("DELETE FROM terms WHERE source = ?", ("华为",))  # however a term goes
    assert qa_store.glossary_version(store) > after_import


# ---------------------------------------------------------------------------------------------
# The stored findings read by check, segments --json and the report (issue 16)


def test_check_and_segments_print_the_same_from_the_stored_results(run_cli, store, doc):
    store.close()
    alternative = alt_store.NewAlternative(seg_store.at(open_store(store.path), doc, 2).id, "llm", "other",
                                           "Completely different words about the weather.")
    alt_store.add(open_store(store.path), [alternative])
    outputs = []
    for _ in range(2):  # the first computes and stores every pair, the second reads them
        outputs.append((run_cli("check", doc, "--json").stdout, run_cli("check", doc).stdout,
                        run_cli("segments", doc, "--json").stdout, run_cli("check", doc, "--positions", "4", "--json").stdout))
    again = open_store(store.path)
    assert computed(again, doc) == [1, 1, 1, 1]  # computed once, read after
    with again.transaction():
        again.execute("DELETE FROM qa_results")  # nothing stored: everything computed afresh
        again.execute("DELETE FROM qa_documents")
    fresh = (run_cli("check", doc, "--json").stdout, run_cli("check", doc).stdout, run_cli("segments", doc, "--json").stdout,
             run_cli("check", doc, "--positions", "4", "--json").stdout)
    assert outputs[0] == outputs[1] == fresh
    assert '"inconsistent"' in fresh[0] and '"models-disagree"' in fresh[0] and '"inconsistent"' in fresh[3]


def test_check_recomputes_only_the_edited_segment(store, doc):
    before = verify.check_document(store, doc, risk_warnings=True).found
    assert computed(store, doc) == [1, 1, 1, 1]
    assert before == fresh_found(store, doc)
    review.accept(store, doc, 4, text="Nvidia will export H200 chips to China.")  # now consistent: new norms
    after = verify.check_document(store, doc, risk_warnings=True).found
    assert computed(store, doc) == [1, 1, 1, 2] and after == fresh_found(store, doc) != before
    assert verify.check_document(store, doc, positions=[4], risk_warnings=True).found == {4: after[4]}
    assert verify.stored_counts(store)[doc] == fresh_counts(store, doc)


def test_check_recomputes_after_a_glossary_change(store, doc):
    before = verify.check_document(store, doc).errors
    manage.add_term(store, Term("芯片", "semiconductor"))
    assert verify.check_document(store, doc).errors > before
    assert computed(store, doc) == [2, 2, 2, 2]


def test_check_recomputes_under_a_new_pair_version(store, doc, monkeypatch):
    verify.check_document(store, doc, risk_warnings=True)
    monkeypatch.setattr(verify, "PAIR_VERSION", verify.PAIR_VERSION + 1)
    verify.check_document(store, doc, risk_warnings=True)
    assert computed(store, doc) == [2, 2, 2, 2]


def test_a_database_that_cannot_be_written_is_checked_without_storing(store, doc, monkeypatch):
    stored = verify.check_document(store, doc, risk_warnings=True).found
    with store.transaction():
        store.execute("DELETE FROM qa_results")

    def refused(*args, **kwargs):
        raise StoreError("the database is read-only")

    monkeypatch.setattr(qa_store, "save_results", refused)
    assert verify.check_document(store, doc, risk_warnings=True).found == stored and computed(store, doc) == []
    assert verify.stored_counts(store)[doc] == fresh_counts(store, doc)


def test_a_changed_alternative_or_span_changes_the_stored_path_result(store, doc):
    first = verify.document_risk(store, doc)
    alt_store.add(store, [alt_store.NewAlternative(seg_store.at(store, doc, 2).id, "llm", "other",
                                                   "Completely different words about the weather.")])
    second = verify.document_risk(store, doc)
    assert second[2].risk != first[2].risk and second[2].finding("disagreement").score > 0
    verdicts.annotate(store, doc, 3, span="lag", category="accuracy/mistranslation", severity="major")
    third = verify.document_risk(store, doc)
    assert third[3].risk > second[3].risk and computed(store, doc) == [1, 1, 1, 1]


def test_documents_counts_agree_with_check_after_a_dismissal_and_a_span(run_cli, store, doc):
    verify.stored_counts(store)
    found = verify.check_document(store, doc, risk_warnings=True).found
    code = next(i.code for issues in found.values() for i in issues)
    position = next(p for p, issues in found.items() if any(i.code == code for i in issues))
    verdicts.dismiss_finding(store, doc, position, code)
    verdicts.annotate(store, doc, 3, span="lag", category="accuracy/mistranslation", severity="major")

    def check_counts() -> tuple[int, int]:
        severities = [i.severity for issues in verify.check_document(store, doc, risk_warnings=True).found.values()
                      for i in issues]
        return severities.count("error"), severities.count("warning")

    assert verify.stored_counts(store)[doc] == check_counts()
    assert check_counts()[0] >= 1  # the major span is an error


def test_a_left_out_segments_risk_is_kept_but_never_counted(run_cli, store, doc, monkeypatch):
    """A segment left out of the excerpt is not checked or counted, but `segments --json` (and the
    review's order) still show its risk: it is computed once and read after, like the others."""
    from workbench import excerpts  # noqa: PLC0415
    from workbench.positions import Positions  # noqa: PLC0415

    excerpts.set_excluded(store, doc, True, positions=Positions.parse("3"), reviewer="alice")
    store.close()
    first = run_cli("segments", doc, "--json").stdout
    again = open_store(store.path)
    assert computed(again, doc) == [1, 1, 1, 1]
    second = run_cli("segments", doc, "--json").stdout
    assert second == first and computed(open_store(store.path), doc) == [1, 1, 1, 1]  # read, not computed
    calls = []
    coverage = signals.SIGNALS["coverage"]
    monkeypatch.setitem(signals.SIGNALS, "coverage", lambda seg, document: calls.append(seg.position) or coverage(seg, document))
    verify.document_risk(open_store(store.path), doc)
    assert calls == []  # every segment's coverage read back, the left-out one's too
    left_out = open_store(store.path).one(
        "SELECT q.errors, q.warnings FROM qa_results q JOIN segments s ON s.id = q.segment_id"
        " WHERE s.document_id = ? AND s.position = 3", (doc,))
    assert (left_out["errors"], left_out["warnings"]) == (0, 0)
    with again.transaction():
        again.execute("DELETE FROM qa_results")
        again.execute("DELETE FROM qa_documents")
    assert run_cli("segments", doc, "--json").stdout == first  # the same as computed afresh
    excerpts.set_excluded(open_store(store.path), doc, False, positions=Positions.parse("3"), reviewer="alice")
    back = open_store(store.path)  # taken back: checked and counted again, as `check` counts it
    assert verify.stored_counts(back)[doc] == fresh_counts(back, doc)
