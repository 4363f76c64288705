"""Reading files as staff save them: BOM, CRLF, unquoted times, nested line numbers."""

from __future__ import annotations

from datetime import time

from conftest import wutong
from wutong_docs.records.log import parse
from wutong_docs.source import parse_markdown

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
