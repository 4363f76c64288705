"""Reading files as staff save them: BOM, CRLF, GBK, unquoted times, YAML's types, line numbers of every value."""

from __future__ import annotations

from datetime import time

import pytest

from conftest import wutong
from wutong_docs.records.log import parse
from wutong_docs.read.files import read_text
from wutong_docs.read.front_matter import parse_markdown
from wutong_docs.read.yaml_lines import parse_yaml

LOG = "records/logs/2026/11/2026-11-25-li-na.md"
TEXT = ("---\ndate: 2026-11-25\nstaff: li-na\npatrols:\n  - time: 9:40\n    note: 巡查正常\n"
        "  - time: \"16:10\"\n    note: 巡查正常\n---\n## 今日完成情况\n\n巡查。\n\n## 次日工作计划\n\n跟进。\n")


def test_bom_and_crlf_are_accepted_and_the_file_is_left_untouched(good_repo):
    raw = ("\ufeff" + TEXT.replace("time: 9:40", 'time: "09:40"')).replace("\n", "\r\n").encode("utf-8")
    (good_repo / LOG).write_bytes(raw)
    result = wutong(good_repo, "validate")
    assert result.stdout == ""
    assert result.exit_code == 0
    assert (good_repo / LOG).read_bytes() == raw


def test_unquoted_time_is_read_as_the_time_meant_never_as_a_number():
    doc, problems = parse_markdown(TEXT, LOG)
    assert problems == []
    log, problems = parse(doc)
    assert [p.time for p in log.patrols] == [time(9, 40), time(16, 10)]
    assert [(p.code, p.line) for p in problems] == [("WT107", 5)]


def test_nested_values_carry_their_own_line():
    doc, _ = parse_markdown(TEXT, LOG)
    assert doc.line("patrols", 1, "note") == 8
    assert doc.line("patrols", 1, "time") == 7
    assert doc.body_line == 10


def test_all_problems_of_all_files_in_one_run(good_repo):
    (good_repo / LOG).write_text(TEXT.replace("date: 2026-11-25", "date: 2026/11/25"), encoding="utf-8")
    (good_repo / "records/minutes/2026/11/2026-11-23-weekly.md").write_text(
        "---\nkind: weekly\ndate: 2026-11-23\ntime: \"16:00\"\nchair: zhang-wie\nattendees: []\n---\n会议。\n",
        encoding="utf-8")
    result = wutong(good_repo, "validate")
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "records/logs/2026/11/2026-11-25-li-na.md:2",
        "records/logs/2026/11/2026-11-25-li-na.md:5",
        "records/minutes/2026/11/2026-11-23-weekly.md:5",
    ]
    assert result.exit_code == 1


def texts(found) -> list[str]:
    return [p.as_text() for p in found]


def test_a_gbk_file_is_named_as_such_at_the_line_of_its_first_non_utf8_byte(tmp_path):
    path = tmp_path / "log.md"
    path.write_bytes("---\ndate: 2026-11-25\n备注: 好\n".encode("gbk"))
    content, found = read_text(path, LOG)
    assert content is None
    assert texts(found) == [f"{LOG}:3: error WT001 文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）："
                            "第 22 个字节无法按 UTF-8 读取；请用编辑器“另存为 UTF-8”后再提交"]


def test_values_keep_yaml_types_but_dates_times_and_homes_stay_text():
    doc, found = parse_yaml("date: 2026-11-26\nt1: 16:10\nt2: \"16:10\"\nt3: 09:40\nunit: 3-2-501\n"
                            "floor: 12\nrate: 1.5\nreturned: yes\nnote: ~\n", "records/x.yml")
    assert found == []
    assert doc.data == {"date": "2026-11-26", "t1": "16:10", "t2": "16:10", "t3": "09:40", "unit": "3-2-501",
                        "floor": 12, "rate": 1.5, "returned": True, "note": None}
    assert doc.unquoted_times == {("t1",)}   # 16:10 unquoted is YAML's number 970; 09:40 never was one


def test_a_key_written_twice_is_an_error_naming_the_first_line():
    doc, found = parse_yaml("staff: li-na\ndate: 2026-11-25\nstaff: wang-fang\n", "records/x.yml")
    assert texts(found) == ["records/x.yml:3: error WT004 字段 staff 写了两次（第一次在第 1 行）；"
                            "YAML 只会保留后一个，请删去多余的一个"]


@pytest.mark.parametrize("front, line, said", [
    ("date: 2026-11-25\nstaff: li-na\n  note: 缩进错了\n", 4,
     "WT003 YAML 语法错误：这里不能出现“: ”：检查这一行是否比上一行多缩进了；值中有冒号时请给整个值加上引号"),
    ("date: 2026-11-25\n\tstaff: li-na\n", 3,
     "WT022 这一行用了 Tab 键缩进，YAML 只认空格：请把行首的 Tab 换成空格，与同一层的字段对齐"),
])
def test_a_yaml_syntax_error_is_reported_at_the_line_of_the_file_not_of_the_front_matter(front, line, said):
    doc, found = parse_markdown(f"---\n{front}---\n正文\n", LOG)
    assert doc is None
    assert texts(found) == [f"{LOG}:{line}: error {said}"]


@pytest.mark.parametrize("text_, message", [
    ("date: 2026-11-25\n", "文件开头没有头信息：第一行应为 ---，接着写字段，再用一行 --- 结束（可用 wutong new 生成模板）"),
    ("---\ndate: 2026-11-25\n## 今日完成情况\n", "头信息没有结束：在字段之后加一行 --- 再写正文"),
])
def test_a_missing_or_unclosed_front_matter_says_how_to_write_it(text_, message):
    doc, found = parse_markdown(text_, LOG)
    assert doc is None
    assert texts(found) == [f"{LOG}:1: error WT002 {message}"]


def test_an_empty_front_matter_is_an_empty_mapping_and_the_body_keeps_its_line():
    doc, found = parse_markdown("---\n---\n正文\n", LOG)
    assert (found, doc.data, doc.body, doc.body_line) == ([], {}, "正文\n", 3)


def test_a_missing_value_is_placed_at_the_line_of_what_encloses_it():
    doc, _ = parse_markdown(TEXT, LOG)
    assert doc.line("patrols", 1, "photo") == 7     # the second patrol begins on line 7
    assert doc.line("weather") == doc.line() == 2   # not written at all: the front matter's first line
