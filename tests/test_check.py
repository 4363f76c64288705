"""`wutong check`: the duty book's requirements against the records, as the supervisor reads them each morning."""

from __future__ import annotations

import json
import re

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
NO_ROSTER = ("没有 {months} 的排班表（{files}）：这段时间按法定工作日检查日志，周末和节假日值班的人不查；"
             "用 wutong new roster --month 月份 建立\n")
TWO_PATROLS = 'patrols:\n  - {time: "09:30", note: 巡查正常}\n  - {time: "15:30", note: 巡查正常}\n'


# The duties these tests are about are proven by logs, patrols, weekly reports, slips and meetings. The duties a
# log proves by citing them (【简称】), the month's analysis and the morning meetings are checked in their windows
# since issue 21, by tests/test_check_duties.py; here they are `record: none`, so each test's gaps stay its own.
_WINDOWED = re.compile(r"^( +)record: (cite|report|minutes:morning)\b.*$", re.M)


def logs_and_registers_only(duties: str) -> str:
    """The duty book with every duty checked in its windows (duty_windows.py) made `record: none`."""
    return _WINDOWED.sub(lambda m: f"{m.group(1)}record: none\n{m.group(1)}reason: 本测试只查日志、周报、传递单和会议", duties)


def repo_with_duties(good_repo):
    duties = (SAMPLE / "records/duties.yml").read_text(encoding="utf-8")
    (good_repo / "records/duties.yml").write_text(logs_and_registers_only(duties), encoding="utf-8")
    return good_repo


def write_log(repo, staff, patrols=""):
    path = repo / f"records/logs/2026/11/2026-11-02-{staff}.md"
    path.write_text(LOG.format(staff=staff, patrols=patrols), encoding="utf-8")


def test_the_sample_month_shows_exactly_the_expected_gaps():
    # --since keeps the span this golden file was made for (the default is now the last 31 days); since issue 21 the
    # golden file holds the duties proven by citations too: the sample's logs cite most, the few they miss are listed
    result = wutong(SAMPLE, "check", "--date", "2026-11-26", "--since", "2026-11-01")
    assert result.stdout == (FIXTURES / "check/sample-2026-11-26.txt").read_text(encoding="utf-8")
    assert result.stderr == (NO_ROSTER.format(months="2026-11", files="records/roster/2026-11.yml")
                             + "检查 2026-11-01 至 2026-11-26：17 项缺失（张伟 3、李娜 1、陈磊 2、刘洋 4、黄静 1、王芳 2、徐婷 2、客服部 2）\n")
    assert result.exit_code == 1


def test_the_sample_month_in_json_has_the_same_gaps_as_the_text():
    result = wutong(SAMPLE, "check", "--date", "2026-11-26", "--since", "2026-11-01", "--format", "json")
    data = json.loads(result.stdout)
    # since issue 21 every duty proven by a citation is checked too; the few the sample's logs miss, folded per window
    assert (data["since"], data["until"], data["count"], len(data["gaps"])) == ("2026-11-01", "2026-11-26", 17, 23)
    assert [(p["name"], p["count"]) for p in data["people"]] == [
        ("张伟（zhang-wei）", 3), ("李娜（li-na）", 1), ("陈磊（chen-lei）", 2), ("刘洋（liu-yang）", 4),
        ("黄静（huang-jing）", 1), ("王芳（wang-fang）", 2), ("徐婷（xu-ting）", 2)]   # 周雪 has nothing missing
    assert len(data["department"]) == 2 and data["legend"]["3"] == "提交工作日志"  # a 【简称】 line needs no legend entry
    assert result.exit_code == 1


def test_nothing_missing_exits_zero(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", TWO_PATROLS)
    write_log(repo, "wang-fang")
    result = wutong(repo, "check", "--date", "2026-11-02", "--since", "2026-11-01")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", NO_ROSTER.format(months="2026-11", files="records/roster/2026-11.yml")
        + "检查 2026-11-01 至 2026-11-02：全部齐全\n")


def test_a_missing_log_and_a_single_patrol_are_reported(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", 'patrols:\n  - {time: "09:30", note: 巡查正常}\n')
    result = wutong(repo, "check", "--date", "2026-11-02", "--since", "2026-11-02")
    assert result.stdout.splitlines() == [
        "李娜（li-na）：1 项",
        "  11-02 工作日志只记了 1 次巡查，职责要求每日 2 次：在 records/logs/2026/11/2026-11-02-li-na.md 补记巡查 [1]",
        "",
        "王芳（wang-fang）：1 项",
        "  11-02 没有工作日志：补写 records/logs/2026/11/2026-11-02-wang-fang.md [2]",
        "",
        "职责（行末方括号中的编号）：",
        "  [1] 巡视片区内清洁、绿化、治安、车辆停放情况、设施设备是否有问题及各种通知的发放及回收,"
        "负责片区空置房、杂物间、车库的巡查,装修巡查",
        "  [2] 提交工作日志",
    ]
    assert result.stderr == (NO_ROSTER.format(months="2026-11", files="records/roster/2026-11.yml")
                             + "检查 2026-11-02 至 2026-11-02：2 项缺失（李娜 1、王芳 1）\n")
    assert result.exit_code == 1


def gaps(repo, day, category, *since):
    result = wutong(repo, "check", "--date", day, *since, "--format", "json")
    return [g for g in json.loads(result.stdout)["gaps"] if g["category"] == category]


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
    # the fixture's records start 11-23, after the window 11-20..30 began: the default span starts at them (span.py)
    meetings = gaps(repo, "2026-11-30", "会议", "--since", "2026-10-31")
    assert "20日—30日没有部门月度例会记录" in [g["message"] for g in meetings]
    assert "该周没有部门周例会记录" not in [g["message"] for g in meetings if g["date"].startswith("2026-W48")]


DRAFT_HEADING = [
    "以下记录有错误，未参加检查：",
    "records/logs/2026/11/2026-11-02-li-na.md:4: error WT103 patrols: 这里应是一个列表，每项以“- ”开头",
    "  处理：WT103 按模板的写法改正",
    "改正后运行 wutong validate 确认，再运行 wutong check。",
    "",
]


def test_a_record_with_errors_is_listed_first_and_the_others_are_still_checked(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", "patrols: 两次\n")
    result = wutong(repo, "check", "--date", "2026-11-02", "--since", "2026-11-01")
    assert result.stdout.splitlines() == DRAFT_HEADING + [
        "李娜（li-na）：1 项",
        "  11-02 没有工作日志（该文件有错误，见上）：改正 records/logs/2026/11/2026-11-02-li-na.md 中的错误 [1]",
        "",
        "王芳（wang-fang）：1 项",
        "  11-02 没有工作日志：补写 records/logs/2026/11/2026-11-02-wang-fang.md [1]",
        "",
        "职责（行末方括号中的编号）：",
        "  [1] 提交工作日志",
    ]
    assert result.stderr == NO_ROSTER.format(months="2026-11", files="records/roster/2026-11.yml") + "检查 2026-11-01 至 2026-11-02：2 项缺失（李娜 1、王芳 1）；1 份记录有错误，未参加检查\n"
    assert result.exit_code == 1


def test_an_unfinished_draft_alone_fails_the_check_and_says_the_rest_is_complete(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", TWO_PATROLS)
    write_log(repo, "wang-fang")
    draft = wutong(repo, "new", "minutes", "--kind", "weekly", "--date", "2026-11-02").stdout.strip()
    result = wutong(repo, "check", "--date", "2026-11-02", "--since", "2026-11-01")
    assert result.stdout.splitlines() == [
        "以下记录有错误，未参加检查：",
        f"{draft}:6: error WT113 time: 值是空的，这是必填字段：请填写内容",
        f"{draft}:17: error WT409 正文是空的：请在头信息之后写明会议内容",
        "  处理：WT113 填写内容，或删去这个可选字段；WT409 在头信息之后写明问题或会议内容",
        "改正后运行 wutong validate 确认，再运行 wutong check。",
        "",
    ]
    assert result.stderr == NO_ROSTER.format(months="2026-11", files="records/roster/2026-11.yml") + "检查 2026-11-01 至 2026-11-02：其余记录全部齐全；1 份记录有错误，未参加检查\n"
    assert result.exit_code == 1


def test_the_json_report_lists_the_invalid_records_and_groups_the_gaps(good_repo):
    repo = repo_with_duties(good_repo)
    write_log(repo, "li-na", "patrols: 两次\n")
    result = wutong(repo, "check", "--date", "2026-11-02", "--since", "2026-11-01", "--format", "json")
    data = json.loads(result.stdout)
    assert data["invalid"] == [{
        "path": "records/logs/2026/11/2026-11-02-li-na.md", "line": 4, "severity": "error", "code": "WT103",
        "message": "patrols: 这里应是一个列表，每项以“- ”开头", "fix": "按模板的写法改正"}]
    assert {k: v for k, v in data.items() if k not in ("invalid", "gaps")} == {
        "since": "2026-11-01", "until": "2026-11-02", "count": 2,
        "people": [
            {"staff": "li-na", "name": "李娜（li-na）", "count": 1, "items": [{
                "date": "2026-11-02", "category": "日志", "text": "没有工作日志（该文件有错误，见上）",
                "action": "改正 records/logs/2026/11/2026-11-02-li-na.md 中的错误", "slip": "", "refs": [1]}]},
            {"staff": "wang-fang", "name": "王芳（wang-fang）", "count": 1, "items": [{
                "date": "2026-11-02", "category": "日志", "text": "没有工作日志",
                "action": "补写 records/logs/2026/11/2026-11-02-wang-fang.md", "slip": "", "refs": [1]}]}],
        "department": [],
        "legend": {"1": "提交工作日志"},
    }
    assert data["gaps"][1] == {
        "category": "日志", "date": "2026-11-02", "staff": "wang-fang", "name": "王芳（wang-fang）",
        "duty": "提交工作日志", "expected": "records/logs/2026/11/2026-11-02-wang-fang.md", "message": "没有工作日志",
        "action": "补写 records/logs/2026/11/2026-11-02-wang-fang.md", "duty_id": "front_desk/submit-log", "slip": "", "due": "2026-11-02"}
    assert result.exit_code == 1


def test_a_slip_with_errors_is_left_out_and_the_minutes_citing_it_are_still_checked(good_repo):
    repo = repo_with_duties(good_repo)
    assert [g["message"] for g in gaps(repo, "2026-11-26", "传递单")] == ["S-20261126-wang-fang-01 已于 11-26 15:00 完成，尚未回访"]
    slip = repo / "records/slips/2026/11/S-20261126-wang-fang-01.md"
    slip.write_text(slip.read_text(encoding="utf-8").replace("unit: 3-2-501", "unit: 9-9-999"), encoding="utf-8")
    result = wutong(repo, "check", "--date", "2026-11-26", "--since", "2026-11-01", "--format", "json")
    data = json.loads(result.stdout)
    assert [(p["path"], p["code"]) for p in data["invalid"]] == [("records/slips/2026/11/S-20261126-wang-fang-01.md", "WT111")]
    assert [g for g in data["gaps"] if g["category"] in ("传递单", "待办")] == []
    assert result.stderr.endswith("；1 份记录有错误，未参加检查\n") and result.exit_code == 1


def test_errors_in_a_reference_file_stop_the_check(good_repo):
    repo = repo_with_duties(good_repo)
    org = repo / "records/org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("zhang-wei, name: 张伟", "li-na, name: 张伟"), encoding="utf-8")
    write_log(repo, "li-na", "patrols: 两次\n")
    result = wutong(repo, "check", "--date", "2026-11-02")
    assert result.stdout == "records/org.yml:4: error WT201 staff 的 id li-na 重复（第一次在第 3 行）\n"
    assert result.stderr == "错误：records/org.yml 有错误，无法检查：请按上面的提示改正，再运行 wutong check\n"
    assert result.exit_code == 1


def gap(category, day, staff, slip="", duty="职责", message="缺", action="做"):
    from wutong_docs.check.gap import Gap
    return Gap(category, day, staff, f"{staff}名", duty, "x.md", message, action, "", slip)


def test_the_gaps_of_one_slip_are_one_line_under_its_author_naming_other_owners():
    from datetime import date

    from wutong_docs.check.duty_gaps import Checked
    from wutong_docs.check.listing import build, format_text

    checked = Checked([gap("待办", "2026-11-13", "a", "S-1", "待办一", "待办已过期限 11-13，传递单 S-1 仍为处理中"),
                       gap("传递单", "2026-11-19", "b", "S-1", "跟进传递单", "S-1 已过期限 11-19 18:00，仍为处理中"),
                       gap("待办", "2026-11-20", "b", "S-1", "待办二"),
                       gap("待办", "2026-11-21", "a", "S-2", "待办一", "待办已过期限 11-21，传递单 S-2 仍为处理中"),
                       gap("待办", "2026-11-22", "a", "S-3", "待办一"), gap("待办", "2026-11-23", "b", "S-3", "待办二")],
                      [], ["a", "b"], date(2026, 11, 1), date(2026, 11, 26), [])
    assert format_text(build(checked, date(2026, 11, 1), date(2026, 11, 26))) == (
        "a名：2 项\n"
        "  11-21 待办已过期限 11-21，传递单 S-2 仍为处理中：做 [1]\n"
        "  11-22 传递单 S-3 未完成，2 项会议待办已过期限（11-22、11-23）（待办负责人：b名）：做 [1][2]\n"
        "\n"
        "b名：1 项\n"
        "  11-19 S-1 已过期限 11-19 18:00，仍为处理中；另有 2 项会议待办已过期限（11-13、11-20）（待办负责人：a名）：做 [1][2][3]\n"
        "\n"
        "职责（行末方括号中的编号）：\n"
        "  [1] 待办一\n"
        "  [2] 待办二\n"
        "  [3] 跟进传递单\n")


def test_an_action_item_quoting_an_owners_phone_is_masked_in_text_and_json(good_repo):
    repo = repo_with_duties(good_repo)
    minutes = repo / "records/minutes/2026/11/2026-11-23-weekly.md"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace(
        "跟进3栋漏水", "回电业主 13812345678 约上门时间"), encoding="utf-8")
    slip = repo / "records/slips/2026/11/S-20261126-wang-fang-01.md"   # still open: the action item is overdue
    slip.write_text("".join(line for line in slip.read_text(encoding="utf-8").splitlines(keepends=True)
                            if "status: dispatched" in line or "at:" not in line), encoding="utf-8")
    text = wutong(repo, "check", "--date", "2026-12-02").stdout
    as_json = wutong(repo, "check", "--date", "2026-12-02", "--format", "json").stdout
    assert "回电业主 138****5678 约上门时间" in text
    assert "13812345678" not in text + as_json
    assert "138****5678" in as_json
