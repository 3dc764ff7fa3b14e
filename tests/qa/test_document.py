"""Document-level checks: consistency (once per group, variants listed) and the length ratio."""

from __future__ import annotations

from workbench.glossary.terms import Matcher
from workbench.qa import check_document


def row(position, source, draft=None, target=None, status=None):
    return {"position": position, "source": source, "draft": draft, "target": target,
            "status": status or ("translated" if draft else "initial")}


def test_check_document_uses_the_reviewed_target_over_the_draft():
    rows = [row(1, "他说了。", draft="He 说了.", target="He said so.", status="reviewed"),
            row(2, "他走了。", draft="He left 了."),
            row(3, "他来了。")]
    found = check_document(rows, Matcher([]))
    assert found[1] == [] and [i.code for i in found[2]] == ["untranslated"] and 3 not in found


def test_same_source_translated_differently_is_reported_once_with_the_variants():
    rows = [row(1, "谢谢大家。", "Thank you all."), row(2, "今天开会。", "Meeting today."),
            row(3, "谢谢大家。", "Thanks, everyone."), row(4, "谢谢大家。", "Thank you all.")]
    found = check_document(rows, Matcher([]))
    issues = [(p, i) for p, items in found.items() for i in items if i.code == "inconsistent"]
    assert len(issues) == 1
    position, issue = issues[0]
    assert position == 1 and "'Thank you all.'" in issue.message and "'Thanks, everyone.'" in issue.message
    assert "1, 4" in issue.message and issue.severity == "warning"


def test_same_translation_with_different_spacing_is_consistent():
    rows = [row(1, "谢谢大家。", "Thank you all."), row(2, "谢谢大家。", "Thank  you all. ")]
    assert not any(i.code == "inconsistent" for items in check_document(rows, Matcher([])).values() for i in items)


def test_corpus_rows_from_other_documents_join_the_group():
    rows = [row(1, "谢谢大家。", "Thank you all.")]
    corpus = [{"document_id": 7, "position": 3, "source": "谢谢大家。", "text": "Thanks, everyone."}]
    issue = next(i for i in check_document(rows, Matcher([]), corpus=corpus)[1] if i.code == "inconsistent")
    assert "7:3" in issue.message


SOURCES = [f"这是第{n}个关于芯片出口管制和国产替代的句子。" for n in range(20)]


def test_a_target_far_shorter_than_the_document_norm_is_flagged():
    rows = [row(n + 1, s, f"This is sentence {n} about chip export controls and domestic substitution.")
            for n, s in enumerate(SOURCES)]
    rows[5]["draft"] = "Chips."
    found = check_document(rows, Matcher([]))
    flagged = [p for p, items in found.items() if any(i.code == "length" for i in items)]
    assert flagged == [6]
    assert "shorter" in next(i for i in found[6] if i.code == "length").message


def test_normal_variation_in_length_is_not_flagged():
    rows = [row(n + 1, s, "This is sentence about chip export controls." + " Really." * (n % 4))
            for n, s in enumerate(SOURCES)]
    assert not any(i.code == "length" for items in check_document(rows, Matcher([])).values() for i in items)


def test_too_few_segments_to_judge_length():
    rows = [row(n + 1, s, "x" if n == 0 else "A normal sentence about chips and controls.") for n, s in enumerate(SOURCES[:5])]
    assert not any(i.code == "length" for items in check_document(rows, Matcher([])).values() for i in items)


def test_names_and_dates_copied_in_latin_script_do_not_skew_the_ratio():
    # WMT21: datelines and names in Latin script weigh the same on both sides.
    rows = [row(n + 1, s, f"This is sentence {n} about chip export controls and domestic substitution.")
            for n, s in enumerate(SOURCES)]
    rows.append(row(21, "2020-07-26 05:03:17 来源：北京青年报 作者：王思硕 责任编辑：王思硕",
                    "2020-07-26 05:03:17 Source: Beijing Youth Daily Author: Wang Sishuo Editor: Wang Sishuo"))
    rows.append(row(22, "周日，刘易斯的遗体将经过塞尔玛的埃德蒙·佩特斯桥（Edmund Pettus Bridge） 。",
                    "On Sunday, Lewis’s remains will be carried across Edmund Pettus Bridge in Selma."))
    found = check_document(rows, Matcher([]))
    assert not any(i.code == "length" for items in found.values() for i in items)
