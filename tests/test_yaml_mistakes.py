"""YAML syntax errors from a Chinese keyboard (issue 10): the exact input, the exact Chinese line, exit 1.

Each mistake is reported on the line where it IS (libyaml often names the next one), with its
own code and the corrected text.
"""

from __future__ import annotations

import pytest

from conftest import wutong

LOG = "records/logs/2026/11/2026-11-28-li-na.md"
LOG_TEXT = """---
date: 2026-11-28
staff: li-na
slips: []
---
## 今日完成情况

1. 巡查A区两次。

## 次日工作计划

1. 跟进装修垃圾清运。
"""
SLIP = "records/slips/2026/11/S-20261126-wang-fang-01.md"
EVENT = "  - {at: 2026-11-26 09:35, by: wang-fang, status: dispatched, note: 派工程部}"
FIX = "请改成英文冒号加一个空格："


def validate(repo, rel: str, text: str):
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text(text, encoding="utf-8")
    result = wutong(repo, "validate", str(repo / rel))
    return result.exit_code, result.stdout


@pytest.mark.parametrize("typed, expected", [
    ("staff： li-na", f"{LOG}:3: error WT020 字段名 staff 后面用了中文冒号“：”；{FIX}staff: li-na\n"),
    ("staff：li-na", f"{LOG}:3: error WT020 字段名 staff 后面用了中文冒号“：”；{FIX}staff: li-na\n"),
])
def test_a_fullwidth_colon_after_a_key_on_line_3(good_repo, typed, expected):
    assert validate(good_repo, LOG, LOG_TEXT.replace("staff: li-na", typed)) == (1, expected)


def test_a_fullwidth_colon_without_a_space_on_line_2(good_repo):
    assert validate(good_repo, LOG, LOG_TEXT.replace("date: 2026-11-28", "date：2026-11-28")) == (
        1, f"{LOG}:2: error WT020 字段名 date 后面用了中文冒号“：”；{FIX}date: 2026-11-28\n")


def test_a_tab_before_a_list_item(good_repo):
    text = LOG_TEXT.replace("slips: []\n", 'patrols:\n\t- time: "09:40"\n    note: 巡查正常\nslips: []\n')
    assert validate(good_repo, LOG, text) == (
        1, f"{LOG}:5: error WT022 这一行用了 Tab 键缩进，YAML 只认空格：请把行首的 Tab 换成空格，与同一层的字段对齐\n")


def slip_with(good_repo, event: str):
    text = (good_repo / SLIP).read_text(encoding="utf-8")
    assert EVENT in text
    return validate(good_repo, SLIP, text.replace(EVENT, event))


def test_a_fullwidth_comma_in_a_slip_event(good_repo):
    assert slip_with(good_repo, EVENT.replace("09:35, by", "09:35， by")) == (
        1, f"{SLIP}:12: error WT021 by 前面用了中文逗号“，”；{{…}} 和 […] 中的各项要用英文逗号“,”分隔：请把“，”改成“,”\n")


def test_an_unquoted_note_holding_a_colon(good_repo):
    assert slip_with(good_repo, EVENT.replace("note: 派工程部}", "note: 派工程部: 张师傅}")) == (
        1, f"{SLIP}:12: error WT023 note 的值“派工程部: 张师傅”中有“: ”，会被当成新的字段；"
           "请给整个值加上引号：note: \"派工程部: 张师傅\"\n")


def test_the_same_unquoted_colon_outside_braces(good_repo):
    text = LOG_TEXT.replace("slips: []\n", "slips: []\nnote: 派工程部: 张师傅\n")
    code, out = validate(good_repo, LOG, text)
    assert (code, out) == (1, f"{LOG}:5: error WT023 note 的值“派工程部: 张师傅”中有“: ”，会被当成新的字段；"
                              "请给整个值加上引号：note: \"派工程部: 张师傅\"\n")


def test_a_fullwidth_colon_inside_braces_is_named_once_not_as_unknown_and_missing(good_repo):
    assert slip_with(good_repo, EVENT.replace("by: wang-fang", "by： wang-fang")) == (
        1, f"{SLIP}:12: error WT020 字段名 by 后面用了中文冒号“：”；{FIX}by: wang-fang\n")


@pytest.mark.parametrize("typed, line, expected", [
    ('note: "派工程部', 12, 'WT024 这一行的引号 " 没有配对：请在值的末尾补上 "'),
    ("slips: [S-20261126-wang-fang-01", 4, "WT024 这一行的 [ 没有配对的 ]：请在末尾补上 ]"),
])
def test_an_unclosed_quote_or_bracket_is_named_on_its_own_line(good_repo, typed, line, expected):
    if typed.startswith("note"):
        code, out = slip_with(good_repo, "  - {at: 2026-11-26 09:35, by: wang-fang, status: dispatched, "
                                         f"{typed}}}")
        assert (code, out) == (1, f"{SLIP}:{line}: error {expected}\n")
    else:
        assert validate(good_repo, LOG, LOG_TEXT.replace("slips: []", typed)) == (
            1, f"{LOG}:{line}: error {expected}\n")
