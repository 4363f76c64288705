"""The duty roster (records/roster/YYYY-MM.yml): who `wutong check` expects a log from, weekends included."""

from __future__ import annotations

import json
import re

from conftest import wutong
from test_check import NO_ROSTER, repo_with_duties

ROSTER = """month: 2026-11
turns:
  - {date: 2026-11-07, staff: [li-na, wang-fang]}
leave:
  - {staff: wang-fang, from: 2026-11-05, to: 2026-11-06, kind: comp}
"""
LOG = "---\ndate: {day}\nstaff: {staff}\n{patrols}---\n## 今日完成情况\n\n1. 完成。\n\n## 次日工作计划\n\n1. 计划。\n"
TWO = 'patrols:\n  - {time: "09:30", note: 正常}\n  - {time: "15:30", note: 正常}\n'


def write(repo, rel, text):
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def logs(repo, days, staff):
    for day in days:
        write(repo, f"records/logs/{day[:4]}/{day[5:7]}/{day}-{staff}.md",
              LOG.format(day=day, staff=staff, patrols=TWO if staff == "li-na" else ""))


def test_the_roster_says_who_writes_a_log_weekends_included_and_never_someone_on_leave(good_repo):
    repo = repo_with_duties(good_repo)
    write(repo, "records/roster/2026-11.yml", ROSTER)
    logs(repo, ["2026-11-05", "2026-11-06"], "li-na")
    logs(repo, ["2026-11-07"], "wang-fang")
    on_leave = wutong(repo, "check", "--date", "2026-11-05", "--since", "2026-11-05", "--format", "json")
    assert (on_leave.exit_code, json.loads(on_leave.stdout)["gaps"]) == (0, [])  # wang-fang: 调休 11-05..06, no log expected
    result = wutong(repo, "check", "--date", "2026-11-08", "--since", "2026-11-07")
    assert result.stdout == (
        "李娜（li-na）：1 项\n"
        "  11-07 没有工作日志：补写 records/logs/2026/11/2026-11-07-li-na.md [1]\n"
        "\n"
        "职责（行末方括号中的编号）：\n"
        "  [1] 完成工作日志\n")
    assert result.stderr == "检查 2026-11-07 至 2026-11-08：1 项缺失（李娜 1）\n"  # a roster: no note
    assert result.exit_code == 1


def test_without_a_roster_the_check_says_so_once_and_expects_working_days(good_repo):
    repo = repo_with_duties(good_repo)
    logs(repo, ["2026-11-02"], "li-na")
    logs(repo, ["2026-11-02"], "wang-fang")
    result = wutong(repo, "check", "--date", "2026-11-02", "--since", "2026-10-31")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (NO_ROSTER.format(months="2026-10、2026-11",
                                              files="records/roster/2026-10.yml、records/roster/2026-11.yml")
                             + "检查 2026-10-31 至 2026-11-02：全部齐全\n")  # the weekend: no log expected


def test_an_unknown_person_in_the_roster_is_named_with_a_suggestion(good_repo):
    write(good_repo, "records/roster/2026-11.yml",
          "month: 2026-11\nturns:\n  - {date: 2026-11-07, staff: [li-na, wang-fan]}\n"
          "leave:\n  - {staff: li-nna, from: 2026-11-05}\n")
    result = wutong(good_repo, "validate")
    assert result.stdout.splitlines() == [
        "records/roster/2026-11.yml:3: error WT109 员工 wang-fan 不在 records/org.yml 中（是不是 wang-fang？）",
        "records/roster/2026-11.yml:5: error WT109 员工 li-nna 不在 records/org.yml 中（是不是 li-na？）",
    ]
    assert result.exit_code == 1


def test_the_month_must_match_the_file_name(good_repo):
    write(good_repo, "records/roster/2026-11.yml", "month: 2026-12\n")
    result = wutong(good_repo, "validate")
    assert result.stdout == ("records/roster/2026-11.yml:1: error WT007 文件路径与内容不一致：按内容这个文件应为 "
                             "records/roster/2026-12.yml；请改文件名（或改正字段），使两者一致\n")


def test_a_month_of_year_zero_is_a_wrong_month_not_a_crash(good_repo):
    write(good_repo, "records/roster/2026-11.yml", "month: 0000-01\n")
    result = wutong(good_repo, "validate")
    assert result.exit_code == 1
    # the example is this month, whatever day the suite runs
    assert re.fullmatch(r"records/roster/2026-11\.yml:1: error WT104 month: 月份 0000-01 写法不对，"
                        r"应写成 YYYY-MM，例如 \d{4}-\d{2}\n", result.stdout)


DRAFT = """# 2026年12月 客服部排班表（格式见手册“参考 → 排班表”）
# 未另写的人按法定工作日上班（含调休上班日）；wutong check 按本表查谁当天应交工作日志。
month: 2026-12

# 固定排法与法定工作日不同的人，例如：
#   - {staff: wang-fang, days: [tue, wed, thu, fri, sat]}
weekly: []

# 休息日（周末、节假日）值班：前台和片区管理员轮流，已按 org.yml 的顺序排好，按实际改
turns:
  - {date: 2026-12-05, staff: [wang-fang, li-na]}   # 周六
  - {date: 2026-12-06, staff: [wang-fang, li-na]}   # 周日
"""


def test_new_roster_drafts_the_month_and_never_overwrites(good_repo):
    result = wutong(good_repo, "new", "roster", "--month", "2026-12")
    assert (result.exit_code, result.stdout) == (0, "records/roster/2026-12.yml\n")
    text = (good_repo / "records/roster/2026-12.yml").read_text(encoding="utf-8")
    assert text.startswith(DRAFT)
    assert text.count("staff: [wang-fang, li-na]") == 8  # the 8 weekend days of December 2026
    assert text.endswith("leave: []\n")
    assert wutong(good_repo, "validate").exit_code == 0
    again = wutong(good_repo, "new", "roster", "--month", "2026-12")
    assert again.exit_code == 1
    assert again.stderr == "错误：records/roster/2026-12.yml 已存在，未做任何改动；请直接编辑该文件\n"
    bad = wutong(good_repo, "new", "roster", "--month", "2026-13")
    assert (bad.exit_code, bad.stderr) == (1, "错误：--month 2026-13 不存在：请核对月份（01–12），例如 2026-12\n")
