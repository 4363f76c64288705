"""Front-matter fields: what each converter accepts, the exact words of what it refuses, and `read_fields`' one loop.

Every record kind, org.yml, duties.yml and calendar.yml read their fields
through these converters, so their messages are the ones staff see most.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from wutong_docs.read.fields import (Field, Invalid, a_date, a_datetime, a_time, an_int, choice, list_of, mappings,
    optional, read_fields, text)
from wutong_docs.read.yaml_lines import parse_yaml

CHANNEL = choice({"phone": "电话", "visit": "来访"})
EXAMPLE = "应写成 YYYY-MM-DD，例如 2026-11-26"


@pytest.mark.parametrize("convert, value, expected", [
    (a_date, "2026-11-26", date(2026, 11, 26)),
    (a_datetime, "2026-11-26 09:30", datetime(2026, 11, 26, 9, 30)),
    (a_datetime, "2026-11-26T9:30", datetime(2026, 11, 26, 9, 30)),   # as a spreadsheet exports it
    (a_time, "9:40", time(9, 40)),
    (text, "  巡查正常 ", "巡查正常"),
    (text, 12, "12"),                       # a building written without quotes is still its number
    (an_int, 3, 3),
    (CHANNEL, "visit", "visit"),
    (list_of(text), None, []),
    (list_of(a_date), ["2026-11-26"], [date(2026, 11, 26)]),
    (mappings, None, []),
])
def test_what_each_converter_accepts(convert, value, expected):
    assert convert(value) == expected


@pytest.mark.parametrize("convert, value, code, message", [
    (a_date, "2026/11/26", "WT104", f"日期 2026/11/26 格式不对，{EXAMPLE}（是不是 2026-11-26？）"),
    (a_date, "2026年11月5日", "WT104", f"日期 2026年11月5日 格式不对，{EXAMPLE}（是不是 2026-11-05？）"),
    (a_date, "next monday", "WT104", f"日期 next monday 格式不对，{EXAMPLE}"),
    (a_date, 20261126, "WT104", f"日期 20261126 格式不对，{EXAMPLE}"),
    (a_date, "2026-02-30", "WT104", "日期 2026-02-30 不存在，请核对月份和日"),
    (a_date, "1999-12-31", "WT804", "1999-12-31 的年份不在 2000–2099 之间：请核对年份（例如 2026）"),
    (a_datetime, "2026-11-26", "WT105", "日期时间 2026-11-26 格式不对，应写成 YYYY-MM-DD HH:MM，例如 2026-11-26 09:30"),
    (a_datetime, "2026-11-26 25:00", "WT105", "时刻 25:00 不存在：小时为 00–23，分钟为 00–59"),
    (a_datetime, "2026-11-31 09:00", "WT105", "日期 2026-11-31 不存在，请核对月份和日"),
    (a_datetime, "2100-01-01 09:00", "WT804", "2100-01-01 09:00 的年份不在 2000–2099 之间：请核对年份（例如 2026）"),
    (a_time, "24:00", "WT106", "时间 24:00 格式不对，应写成带引号的 \"HH:MM\"，例如 \"09:30\""),
    (a_time, 570, "WT106", "时间 570 格式不对，应写成带引号的 \"HH:MM\"，例如 \"09:30\""),
    (text, True, "WT103", "这里应写一段文字，而不是 True"),
    (text, ["a"], "WT103", "这里应写一段文字，而不是 列表"),
    (text, {"a": 1}, "WT103", "这里应写一段文字，而不是 “字段: 值”的组合"),
    (text, "  ", "WT113", "值是空的：请填写内容，或删去这个可选字段"),
    (an_int, True, "WT103", "这里应写一个整数，而不是 True"),
    (an_int, "3", "WT103", "这里应写一个整数，而不是 3"),
    (CHANNEL, "phon", "WT108", "phon 不是允许的取值（是不是 phone？）；可选：phone（电话）、visit（来访）"),
    (CHANNEL, 5, "WT108", "5 不是允许的取值；可选：phone（电话）、visit（来访）"),
    (list_of(text), "a", "WT103", "这里应是一个列表，例如 [a, b]，而不是 a"),
    (list_of(a_date), ["2026-11-26", "x"], "WT104", f"日期 x 格式不对，{EXAMPLE}"),
    (mappings, {"a": 1}, "WT103", "这里应是一个列表，每项以“- ”开头"),
])
def test_what_each_converter_refuses_and_how_it_says_so(convert, value, code, message):
    with pytest.raises(Invalid) as refused:
        convert(value)
    assert (refused.value.code, refused.value.message) == (code, message)


SCHEMA = {"date": Field(a_date), "time": optional(a_time), "channel": Field(CHANNEL), "note": optional(text)}


def read(yaml_text: str, key=(), what="头信息"):
    """read_fields of SCHEMA over the value at `key` of a parsed document: (values, problems as text)."""
    doc, found = parse_yaml(yaml_text, "records/x.yml")
    assert found == []
    value = doc.data
    for part in key:
        value = value[part]
    values = read_fields(doc, key, value, SCHEMA, found, what)
    return values, [p.as_text() for p in found]


def test_every_problem_of_a_mapping_is_collected_and_the_rest_still_read():
    values, found = read('date: 2026-11-26\ntime: 9:40\nchanel: phone\nnote: ""\n')
    assert values == {"date": date(2026, 11, 26), "time": time(9, 40), "channel": None, "note": None}
    assert found == [
        "records/x.yml:3: error WT114 字段 chanel 拼错了，应为 channel：请改成 channel（写错的字段不会被读取，它的内容会丢失）",
        "records/x.yml:2: warning WT107 time: 9:40 没有加引号；已按时间 9:40 读取，"
        "请写成 \"9:40\"（别的 YAML 工具会把它读成数字）",
    ]


def test_a_nested_mapping_reports_at_the_line_of_its_own_fields():
    text_ = 'items:\n  - date: 2026-11-26\n    channel: phone\n  - channel: visit\n    date: 2026-11-31\n'
    values, found = read(text_, ("items", 1), "每一项")
    assert values == {"date": None, "time": None, "channel": "visit", "note": None}
    assert found == ["records/x.yml:5: error WT104 date: 日期 2026-11-31 不存在，请核对月份和日"]
    _, found = read('items:\n  - {channel: visit}\n', ("items", 0), "每一项")
    assert found == ["records/x.yml:2: error WT101 缺少必填字段 date"]


def test_a_value_that_is_not_a_mapping_is_named_with_what_was_expected():
    values, found = read("items:\n  - 2026-11-26\n", ("items",), "每一项")
    assert values is None
    assert found == ["records/x.yml:1: error WT005 每一项应写成“字段: 值”的形式，而不是 列表"]
