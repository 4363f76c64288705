"""`wutong check`: the duty book's requirements against the records, as the supervisor reads them each morning."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, SAMPLE, wutong

LOG = """---
date: 2026-11-02
staff: {staff}
{patrols}---
## 今日完成情况

1. 完成。

## 次日工作计划

1. 计划。
"""
TWO_PATROLS = 'patrols:\n  - {time: "09:30", note: 巡查正常}\n  - {time: "15:30", note: 巡查正常}\n'


def repo_with_duties(good_repo):
    shutil.copyfile(SAMPLE / "records/duties.yml", good_repo / "records/duties.yml")
    return good_repo


def write_log(repo, staff, patrols=""):
    path = repo / f"records/logs/2026/11/2026-11-02-{staff}.md"
    path.write_text(LOG.format(staff=staff, patrols=patrols), encoding="utf-8")


def test_the_sample_month_shows_exactly_the_expected_gaps():
    result = wutong(SAMPLE, "check", "--date", "2026-11-26")
    assert result.stdout == (FIXTURES / "check/sample-2026-11-26.txt").read_text(encoding="utf-8")
    assert result.stderr == "检查 2026-11-01 至 2026-11-26：16 项缺失\n"
    assert result.exit_code == 1


def test_nothing_missing_exits_zero(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", TWO_PATROLS)
    write_log(repo, "wang-fang")
    result = wutong(repo, "check", "--date", "2026-11-02")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "检查 2026-11-01 至 2026-11-02：全部齐全\n")


def test_a_missing_log_and_a_single_patrol_are_reported(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", 'patrols:\n  - {time: "09:30", note: 巡查正常}\n')
    result = wutong(repo, "check", "--date", "2026-11-02")
    assert result.stdout.splitlines() == [
        "[巡查] 2026-11-02 李娜（li-na）：工作日志只记了 1 次巡查，职责要求每日 2 次（职责：巡视片区内清洁、绿化、治安、"
        "车辆停放情况、设施设备是否有问题及各种通知的发放及回收,负责片区空置房、杂物间、车库的巡查,装修巡查；"
        "应有：records/logs/2026/11/2026-11-02-li-na.md 中 2 次巡查）",
        "[日志] 2026-11-02 王芳（wang-fang）：没有工作日志（职责：提交工作日志；应有：records/logs/2026/11/2026-11-02-wang-fang.md）",
    ]
    assert result.exit_code == 1


def gaps(repo, day, category):
    result = wutong(repo, "check", "--date", day, "--format", "json")
    return [g for g in json.loads(result.stdout) if g["category"] == category]


def test_slips_are_judged_as_they_stood_on_the_checked_day(good_repo):
    repo = repo_with_duties(good_repo)
    done = gaps(repo, "2026-11-26", "传递单")
    assert [g["message"] for g in done] == ["S-20261126-wang-fang-01 已于 11-26 15:00 完成，尚未回访"]
    assert done[0]["expected"] == "records/slips/2026/11/S-20261126-wang-fang-01.md 中的 revisited（回访）记录"
    assert gaps(repo, "2026-11-27", "传递单") == []  # revisited and closed on the 27th


def test_overdue_and_unsatisfied_slips(good_repo):
    repo = repo_with_duties(good_repo)
    path = repo / "records/slips/2026/11/S-20261126-wang-fang-01.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("result: satisfied, note: 电话回访，业主满意", "result: unsatisfied, note: 仍漏水")
                    .replace("  - {at: 2026-11-27 10:05, by: wang-fang, status: closed}\n", ""), encoding="utf-8")
    assert [g["message"] for g in gaps(repo, "2026-11-27", "传递单")] == [
        "S-20261126-wang-fang-01 回访业主不满意，尚未重新打开处理"]
    path.write_text(text.split("events:")[0] + "---\n漏水。\n", encoding="utf-8")
    assert [g["message"] for g in gaps(repo, "2026-11-26", "传递单")] == []  # not due until 18:00 on the 27th
    assert [g["message"] for g in gaps(repo, "2026-11-27", "传递单")] == [
        "S-20261126-wang-fang-01 已过期限 11-27 18:00，仍为待派工"]


def test_a_late_weekly_report_and_a_missing_meeting(good_repo):
    repo = repo_with_duties(good_repo)
    report = repo / "records/weekly/2026/2026-W48-li-na.md"
    report.write_text(report.read_text(encoding="utf-8").replace("2026-11-27 13:40", "2026-11-27 15:10"),
                      encoding="utf-8")
    assert [g["message"] for g in gaps(repo, "2026-11-29", "周报")][-1] == \
        "2026-W48 的周报 11-27 15:10 才提交，晚于 11-27 14:00"
    meetings = gaps(repo, "2026-11-30", "会议")
    assert "20日—30日没有部门月度例会记录" in [g["message"] for g in meetings]
    assert "该周没有部门周例会记录" not in [g["message"] for g in meetings if g["date"].startswith("2026-W48")]


def test_records_with_errors_stop_the_check(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", "patrols: 两次\n")
    result = wutong(repo, "check", "--date", "2026-11-02")
    assert result.exit_code == 1
    assert result.stdout.startswith("records/logs/2026/11/2026-11-02-li-na.md:4: error WT103 ")
    assert result.stderr == "错误：记录有错误，请先按上面的提示改正（wutong validate），再运行检查\n"
