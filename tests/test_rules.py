"""The rule registry: every code has exactly one registered function, and its docstring is the code's text."""

from __future__ import annotations

from collections import Counter

import pytest

from wutong_docs.core import problems as P
from wutong_docs.core import rules
from wutong_docs.records.slip import lifecycle


def test_every_code_has_exactly_one_registered_function_with_its_text():
    registered = Counter(code for r in rules.load_all() for code in r.codes)
    assert {code: n for code, n in registered.items() if n != 1} == {}
    assert sorted(registered) == sorted(P.CODES)
    texts = rules.documented()
    for code in P.CODES:
        summary, fix = texts[code]
        assert summary and fix, code
        assert rules.rule_for(code).func.__doc__.count(f"{code} ") == 1


def test_a_rule_is_found_by_its_code():
    assert rules.rule_for(P.CLOSED_WITHOUT_REVISIT).func is lifecycle
    assert rules.rule_for(P.NOT_UTF8).scope == rules.READ
    with pytest.raises(LookupError):
        rules.rule_for("WT999")


def test_the_code_list_is_generated_from_the_docstrings():
    text = rules.rule_for(P.CLOSED_WITHOUT_REVISIT).text(P.CLOSED_WITHOUT_REVISIT)
    assert text == ("传递单未回访就关闭", "在最后一次 done 之后、closed 之前加一条 revisited（回访）记录")
    assert "WT404  错误  传递单未回访就关闭。处理：在最后一次 done 之后、closed 之前加一条 revisited（回访）记录\n" \
        in P.format_codes()
    assert P.CODES["WT404"].summary == text[0]
