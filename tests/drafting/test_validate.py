"""The reply checks on their own (the fault tests drive them through the SDK and the server)."""

from __future__ import annotations

import json

from workbench.drafting.validate import check_reply
from workbench.glossary.terms import Matcher, Term

SEGMENTS = [{"id": 7, "source": "新华社报道。"}, {"id": 9, "source": "他的户口在北京。"}]


def _reply(items, **kw):
    return {"content": json.dumps({"translations": items}, ensure_ascii=False), "finish_reason": "stop", **kw}


def test_quoted_ids_are_the_same_ids_and_a_fence_is_tolerated():
    items = [{"id": "7", "text": "Xinhua reported."}, {"id": "9", "text": "His hukou is in Beijing."}]
    v = check_reply(_reply(items), SEGMENTS)
    assert v.error is None and v.accepted == {7: "Xinhua reported.", 9: "His hukou is in Beijing."}
    fenced = {"content": "```json\n" + _reply(items)["content"] + "\n```", "finish_reason": "stop"}
    assert check_reply(fenced, SEGMENTS).accepted == v.accepted


def test_each_text_is_judged_alone_once_the_ids_line_up():
    matcher = Matcher([Term("户口", "hukou (户口)")])
    items = [{"id": 7, "text": "新华社报道。"}, {"id": 9, "text": "His hukou (户口) is in Beijing."}]
    v = check_reply(_reply(items), SEGMENTS, matcher)
    assert v.accepted == {9: "His hukou (户口) is in Beijing."}
    assert "copied back" in v.rejected[7]
    v = check_reply(_reply([{"id": 7, "text": " "}, {"id": 9, "text": "His 户口 is in 北京."}]), SEGMENTS, matcher)
    assert v.rejected[7] == "empty translation" and "北京" in v.rejected[9]


def test_reply_level_problems():
    assert "missing ids [9]" in check_reply(_reply([{"id": 7, "text": "A."}]), SEGMENTS).error
    swapped = [{"id": 9, "text": "A."}, {"id": 7, "text": "B."}]
    assert "out of order" in check_reply(_reply(swapped), SEGMENTS).error
    assert "refused" in check_reply({"content": "I'm sorry, I can't help with that.", "finish_reason": "stop"},
                                    SEGMENTS).error
    assert "cut off" in check_reply({"content": '{"translations": [', "finish_reason": "length"}, SEGMENTS).error
    assert "prose" in check_reply({"content": 'Sure! {"translations": []}', "finish_reason": "stop"}, SEGMENTS).error
    assert "translations" in check_reply({"content": '{"result": []}', "finish_reason": "stop"}, SEGMENTS).error
