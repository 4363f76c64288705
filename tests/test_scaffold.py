"""`wutong new`: prefilled scaffolds that validate once filled in, and never overwrite."""

from __future__ import annotations

import re

from conftest import wutong


def fill(path, *replacements):
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_new_log_prints_its_path_and_fails_validation_until_filled_in(good_repo):
    result = wutong(good_repo, "new", "log", "--staff", "li-na", "--date", "2026-11-25")
    assert (result.exit_code, result.stdout) == (0, "records/logs/2026/11/2026-11-25-li-na.md\n")
    path = good_repo / result.stdout.strip()
    untouched = wutong(good_repo, "validate", str(path))
    assert untouched.exit_code == 1
    assert [line.split()[2] for line in untouched.stdout.splitlines()] == [
        "WT113", "WT113", "WT113", "WT113", "WT302", "WT302"]
    fill(path, ('time: ""', 'time: "09:40"'), ('note: ""', "note: 巡查正常"),
         ('time: ""', 'time: "15:50"'), ('note: ""', "note: 3栋门口有装修垃圾，已通知业主"),
         ("<!-- 李娜：", "1. 巡查A区两次。\n<!-- "), ("<!-- 逐条写明天", "1. 跟进装修垃圾。\n<!-- "))
    assert wutong(good_repo, "validate").exit_code == 0


def test_front_desk_log_has_no_patrols(good_repo):
    result = wutong(good_repo, "new", "log", "--staff", "wang-fang", "--date", "2026-11-25")
    assert "patrols" not in (good_repo / result.stdout.strip()).read_text(encoding="utf-8")


def test_new_slip_takes_the_next_free_number_and_round_trips(good_repo):
    args = ["new", "slip", "--staff", "wang-fang", "--opened", "2026-11-26 14:05", "--channel", "visit",
            "--category", "complaint", "--unit", "2-1-302", "--contact", "刘女士 13900001111", "--to", "maintenance"]
    result = wutong(good_repo, *args)
    assert result.stdout == "records/slips/2026/11/S-20261126-wang-fang-02.md\n"
    path = good_repo / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert 'contact: "刘女士 13900001111"' in text and "due: 2026-11-27 18:00" in text
    fill(path, ("<!-- 写明", "楼上深夜噪音扰民，请维护队上门劝导。\n<!-- "))
    assert wutong(good_repo, "validate").exit_code == 0
    again = wutong(good_repo, *args)
    assert again.stdout == "records/slips/2026/11/S-20261126-wang-fang-03.md\n"


def test_text_given_on_the_command_line_cannot_break_the_yaml(good_repo):
    result = wutong(good_repo, "new", "slip", "--staff", "wang-fang", "--opened", "2026-11-26 14:05",
                    "--channel", "phone", "--category", "repair", "--unit", "1-1-101", "--to", "engineering",
                    "--contact", 'x"\nevents: [boom]')
    path = good_repo / result.stdout.strip()
    fill(path, ("<!-- 写明", "漏水。\n<!-- "))
    validated = wutong(good_repo, "validate", str(path))
    assert validated.exit_code == 0, validated.stdout


def test_new_minutes_prefills_chair_and_attendees(good_repo):
    result = wutong(good_repo, "new", "minutes", "--kind", "morning", "--date", "2026-11-25")
    path = good_repo / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert "chair: zhang-wei" in text and "attendees: [li-na, wang-fang]" in text
    assert 'time: "08:25"' in text
    fill(path, ("<!-- 会议内容", "1. 各片区汇报昨日工作。\n<!-- "))
    assert wutong(good_repo, "validate").exit_code == 0


def test_training_scaffold_needs_a_topic(good_repo):
    result = wutong(good_repo, "new", "minutes", "--kind", "training", "--date", "2026-11-25")
    path = good_repo / result.stdout.strip()
    fill(path, ('time: ""', 'time: "15:00"'), ("<!-- 会议内容", "1. 消防器材使用。\n<!-- "))
    validated = wutong(good_repo, "validate", str(path))
    assert re.search(r":3: error WT501 ", validated.stdout)
    fill(path, ('topic: ""', "topic: 冬季消防安全"))
    assert wutong(good_repo, "validate", str(path)).exit_code == 0


def test_an_existing_record_is_never_overwritten(good_repo):
    path = good_repo / "records/logs/2026/11/2026-11-26-li-na.md"
    before = path.read_bytes()
    result = wutong(good_repo, "new", "log", "--staff", "li-na", "--date", "2026-11-26")
    assert result.exit_code == 1
    assert result.stderr == ("错误：records/logs/2026/11/2026-11-26-li-na.md 已存在，未做任何改动；"
                             "请直接编辑该文件\n")
    assert path.read_bytes() == before


def test_unknown_staff_is_refused_and_nothing_is_written(good_repo):
    result = wutong(good_repo, "new", "log", "--staff", "../../etc", "--date", "2026-11-25")
    assert result.exit_code == 1
    assert result.stderr == "错误：员工 ../../etc 不在 records/org.yml 中；已有：zhang-wei（张伟）、li-na（李娜）、wang-fang（王芳）\n"
    assert not list(good_repo.glob("records/logs/2026/11/2026-11-25-*"))


def test_unknown_meeting_kind_is_refused(good_repo):
    result = wutong(good_repo, "new", "minutes", "--kind", "party")
    assert result.exit_code == 1
    assert "会议类型 party 不存在" in result.stderr


def test_staff_may_come_from_the_environment(good_repo, monkeypatch):
    monkeypatch.setenv("WUTONG_STAFF", "wang-fang")
    result = wutong(good_repo, "new", "log", "--date", "2026-11-24")
    assert result.stdout == "records/logs/2026/11/2026-11-24-wang-fang.md\n"


def test_new_weekly_names_the_iso_week_and_round_trips(good_repo):
    result = wutong(good_repo, "new", "weekly", "--staff", "li-na", "--date", "2026-11-18")
    assert result.stdout == "records/weekly/2026/2026-W47-li-na.md\n"
    path = good_repo / result.stdout.strip()
    assert "submitted: 2026-11-18 14:00" in path.read_text(encoding="utf-8")
    fill(path, ("<!-- 逐条写本周", "1. 巡查A区。\n<!-- "), ("<!-- 逐条写下周", "1. 催缴。\n<!-- "))
    assert wutong(good_repo, "validate").exit_code == 0
