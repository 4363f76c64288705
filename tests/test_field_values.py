"""Field values as staff write them (issue 10, "Field values"): the exact input, the exact output, the exit status."""

from __future__ import annotations

import pytest

from conftest import wutong

LOG = "records/logs/2026/11/2026-11-26-li-na.md"
SLIP = "records/slips/2026/11/S-20261126-wang-fang-01.md"


def edit(repo, rel: str, old: str, new: str):
    """`wutong validate` of `rel` with `old` replaced by `new`: (exit status, output)."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = wutong(repo, "validate", str(path))
    return result.exit_code, result.stdout


def test_an_empty_time_is_empty_not_missing(good_repo):
    assert edit(good_repo, LOG, 'time: "09:40"', 'time: ""') == (
        1, f"{LOG}:5: error WT113 time: 值是空的，这是必填字段：请填写内容\n")


def test_a_time_9_5_gets_one_message(good_repo):
    assert edit(good_repo, LOG, 'time: "09:40"', "time: 9:5") == (
        1, f'{LOG}:5: error WT106 time: 时间 9:5 格式不对，应写成带引号的 "HH:MM"，例如 "09:30"\n')


def test_an_event_on_a_day_that_does_not_exist(good_repo):
    assert edit(good_repo, SLIP, "at: 2026-11-26 15:00", "at: 2026-11-31 09:00") == (
        1, f"{SLIP}:13: error WT105 at: 日期 2026-11-31 不存在，请核对月份和日\n"
           f"{SLIP}:14: error WT403 状态不能从 dispatched（已派工）变为 revisited（已回访）；"
           "此时可以是：cancelled、dispatched、done、in_progress\n")


def test_a_number_is_echoed_as_written(good_repo):
    assert edit(good_repo, LOG, 'time: "09:40"', "time: 9.40") == (
        1, f'{LOG}:5: error WT106 time: 时间 9.40 格式不对，应写成带引号的 "HH:MM"，例如 "09:30"\n')


@pytest.mark.parametrize("old, new", [
    ("result: satisfied", "result: 满意"),
    ("channel: phone", "channel: 电话"),
    ("to: engineering", "to: 工程部"),
    ("category: repair", "category: 报修"),
    ("status: done", "status: 已完成"),
])
def test_a_chinese_label_is_taken_as_its_id(good_repo, old, new):
    assert edit(good_repo, SLIP, old, new) == (0, "")


def test_the_site_and_the_check_see_the_department_id(good_repo):
    from wutong_docs.validate.pipeline import validate

    edit(good_repo, SLIP, "to: engineering", "to: 工程部")
    slip, = [r for r in validate(good_repo).records if getattr(r, "id", "") == "S-20261126-wang-fang-01"]
    assert slip.to == "engineering"


def test_a_staff_name_suggests_the_id(good_repo):
    # issue 23: no advice to rename the file after the name (WT007), and the line to write
    assert edit(good_repo, LOG, "staff: li-na", "staff: 李娜") == (
        1, f"{LOG}:3: error WT109 员工 李娜 不在 records/org.yml 中（李娜 是 li-na 的姓名：写 staff: li-na）\n")


def test_a_field_one_letter_off_is_an_error(good_repo):
    assert edit(good_repo, LOG, "patrols:", "patrol:") == (
        1, f"{LOG}:4: error WT114 字段 patrol 拼错了，应为 patrols：请改成 patrols（写错的字段不会被读取，它的内容会丢失）\n")


def test_new_slip_takes_chinese_labels_and_writes_ids(good_repo):
    result = wutong(good_repo, "new", "slip", "--staff", "王芳", "--opened", "2026-11-28 09:00", "--channel", "电话",
                    "--category", "报修", "--to", "工程部", "--unit", "3-2-501")
    assert (result.exit_code, result.stdout) == (0, "records/slips/2026/11/S-20261128-wang-fang-01.md\n")
    text = (good_repo / result.stdout.strip()).read_text(encoding="utf-8")
    assert 'channel: "phone"\n' in text and 'category: "repair"\n' in text and 'to: "engineering"\n' in text


@pytest.mark.parametrize("option, value, message", [
    ("--channel", "微信", "--channel 微信 不是可选的来源；可选：phone（电话）、visit（来访）、patrol（巡查）、internal（内部）"),
    ("--category", "维修", "--category 维修 不是可选的类别；可选：repair（报修）、complaint（投诉）、inquiry（咨询）、"
                           "quality（房屋质量）、other（其他）"),
    ("--to", "保安部", "--to 保安部 不是可选的派往部门；可选：engineering（工程部）、maintenance（维护队）"),
    ("--to", "engineerin", "--to engineerin 不是可选的派往部门（是不是 engineering？）；"
                           "可选：engineering（工程部）、maintenance（维护队）"),
])
def test_new_slip_refuses_an_unknown_value_at_once(good_repo, option, value, message):
    before = sorted((good_repo / "records").rglob("*"))
    result = wutong(good_repo, "new", "slip", "--staff", "wang-fang", option, value)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"错误：{message}（写编号或中文名都可以）\n"
    assert sorted((good_repo / "records").rglob("*")) == before


def test_new_slip_refuses_an_unknown_staff_listing_them(good_repo):
    result = wutong(good_repo, "new", "slip", "--staff", "li-nа", "--channel", "phone")
    assert result.exit_code == 1
    assert result.stderr == ("错误：员工 li-nа 不在 records/org.yml 中（是不是 li-na？）；"
                             "已有：zhang-wei（张伟）、li-na（李娜）、wang-fang（王芳）\n")
