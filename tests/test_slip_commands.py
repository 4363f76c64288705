"""`wutong slip ID dispatch|start|done|revisit|close|reopen|cancel`: one event appended, or nothing written at all.

Every step from every state: the legal ones append exactly one line and keep every other byte;
the illegal ones are refused with the code and message `wutong validate` gives for the same
event written by hand, and leave the file byte-identical. The slip under test is written into
a copy of tests/fixtures/sample by the test itself, so the sample's own slips may change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, REPO, wutong
from wutong_docs.authoring import record_lock

SLIP_ID = "S-20261128-li-na-05"
REL = f"records/slips/2026/11/{SLIP_ID}.md"
HEAD = """---
# 业主来电：厨房水龙头漏水（注释须原样保留）
id: S-20261128-li-na-05
opened: 2026-11-28 09:00
by: li-na
channel: 电话
category: repair
unit: "3-2-501"
contact: 陈先生 13812345678
to: engineering   # 工程部
due: 2026-11-30 18:00
"""
BODY = "---\n\n业主来电反映厨房水龙头漏水，滴水不止。\n"
LINES = {  # one hand-written event per status, in the order they can happen, 10 minutes apart
    "D": "  - {at: 2026-11-28 09:10, by: li-na, status: dispatched, note: 派工程部}   # 电话通知\n",
    "P": "  - {at: 2026-11-28 09:20, by: wang-fang, status: in_progress}\n",
    "F": "  - {at: 2026-11-28 09:30, by: wang-fang, status: done, note: 更换阀芯}\n",
    "R+": "  - {at: 2026-11-28 09:40, by: li-na, status: revisited, result: satisfied}\n",
    "R-": "  - {at: 2026-11-28 09:40, by: li-na, status: revisited, result: 不满意}\n",
    "O": "  - {at: 2026-11-28 09:50, by: li-na, status: reopened}\n",
    "C": "  - {at: 2026-11-28 09:50, by: li-na, status: closed}\n",
    "X": "  - {at: 2026-11-28 09:50, by: li-na, status: cancelled, note: 重复开单}\n",
}
STATES = {  # a slip standing at each status, as the events that bring it there
    "open": [], "dispatched": ["D"], "in_progress": ["D", "P"], "done": ["D", "P", "F"],
    "revisited": ["D", "P", "F", "R+"], "revisited-unsatisfied": ["D", "P", "F", "R-"],
    "reopened": ["D", "P", "F", "R-", "O"], "closed": ["D", "P", "F", "R+", "C"], "cancelled": ["D", "X"],
}
LEGAL = {  # the lifecycle as the handbook states it (records.md, 传递单)
    "open": ["dispatch", "start", "done", "cancel"],
    "dispatched": ["dispatch", "start", "done", "cancel"],
    "in_progress": ["start", "done", "cancel"],
    "done": ["revisit", "reopen"],
    "revisited": ["close", "reopen"],
    "revisited-unsatisfied": ["reopen"],
    "reopened": ["dispatch", "start", "done", "cancel"],
    "closed": [],
    "cancelled": [],
}
STEPS = ["dispatch", "start", "done", "revisit", "close", "reopen", "cancel"]
OPTIONS = {"dispatch": ["--to", "工程部"], "revisit": ["--result", "满意"]}
WRITTEN = {  # what each step appends, at 12:00 by li-na with --note 已处理
    "dispatch": "  - {at: 2026-11-28 12:00, by: li-na, status: dispatched, to: engineering, note: 已处理}\n",
    "start": "  - {at: 2026-11-28 12:00, by: li-na, status: in_progress, note: 已处理}\n",
    "done": "  - {at: 2026-11-28 12:00, by: li-na, status: done, note: 已处理}\n",
    "revisit": "  - {at: 2026-11-28 12:00, by: li-na, status: revisited, result: satisfied, note: 已处理}\n",
    "close": "  - {at: 2026-11-28 12:00, by: li-na, status: closed, note: 已处理}\n",
    "reopen": "  - {at: 2026-11-28 12:00, by: li-na, status: reopened, note: 已处理}\n",
    "cancel": "  - {at: 2026-11-28 12:00, by: li-na, status: cancelled, note: 已处理}\n",
}
SAID = {
    "dispatch": "派工给 工程部（11-28 12:00，李娜）；现在状态：已派工",
    "start": "开始处理（11-28 12:00，李娜）；现在状态：处理中",
    "done": "处理完成（11-28 12:00，李娜）；现在状态：已完成",
    "revisit": "回访，业主满意（11-28 12:00，李娜）；现在状态：已回访",
    "close": "关闭（11-28 12:00，李娜）；现在状态：已关闭",
    "reopen": "重新打开（11-28 12:00，李娜）；现在状态：重新打开",
    "cancel": "作废（11-28 12:00，李娜）；现在状态：已作废",
}
STAFF_LIST = ("zhang-wei（张伟）、li-na（李娜）、chen-lei（陈磊）、liu-yang（刘洋）、huang-jing（黄静）、"
              "wang-fang（王芳）、zhou-xue（周雪）、xu-ting（徐婷）")
BUSY = ("错误：{rel} 正在被另一条命令写入，等了 0.3 秒仍没有轮到，这次没有写入："
        "请稍等片刻，再运行一次同样的命令\n")


def text_of(events: list[str]) -> str:
    if not events:
        return HEAD + "events: []\n" + BODY
    return HEAD + "events:\n  # 处理经过，按时间先后追加\n" + "".join(LINES[e] for e in events) + BODY


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("WUTONG_STAFF", raising=False)
    return shutil.copytree(FIXTURES / "sample", tmp_path / "repo")


def at_state(repo, state: str) -> str:
    """The slip written standing at `state`; its text."""
    text = text_of(STATES[state])
    (repo / REL).write_text(text, encoding="utf-8")
    return text


def step(repo, name: str, *more: str):
    return wutong(repo, "slip", SLIP_ID, name, *OPTIONS.get(name, []), "--by", "li-na", "--at", "2026-11-28 12:00",
                  *more)


def refused(repo, *args, problems: str = "") -> str:
    """The command's error output; it exits 1, prints only validate's `problems` on stdout, and changes no record."""
    before = {p: p.read_bytes() for p in (repo / "records").rglob("*") if p.is_file()}
    result = wutong(repo, *args)
    assert (result.exit_code, result.stdout) == (1, problems), result.output
    assert {p: p.read_bytes() for p in (repo / "records").rglob("*") if p.is_file()} == before
    return result.stderr


def validate_errors(repo) -> list[str]:
    result = wutong(repo, "validate", str(repo / REL))
    return [line.split(": error ", 1)[1] for line in result.stdout.splitlines() if ": error " in line]


# --- every legal step ----------------------------------------------------------------------------
@pytest.mark.parametrize("state, name", [(s, n) for s, steps in LEGAL.items() for n in steps])
def test_every_legal_step_appends_its_one_event_and_keeps_every_other_byte(repo, state, name):
    before = at_state(repo, state)
    result = step(repo, name, "--note", "已处理")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"已记录：{SLIP_ID} {SAID[name]}\n", "")
    if STATES[state]:
        expected = before.replace(BODY, WRITTEN[name] + BODY)
    else:  # `events: []`, as `wutong new slip` writes it, becomes a list of one
        expected = before.replace("events: []\n", "events:\n" + WRITTEN[name])
    assert (repo / REL).read_text(encoding="utf-8") == expected
    assert validate_errors(repo) == []


def test_a_slip_walked_through_its_whole_life_reads_as_typed_by_hand(repo, monkeypatch):
    at_state(repo, "open")
    monkeypatch.setenv("WUTONG_STAFF", "wang-fang")  # --by defaults to WUTONG_STAFF
    walk = [("dispatch", "09:10", ["--to", "engineering"]), ("start", "09:20", []),
            ("done", "09:30", ["--note", "更换阀芯"]), ("revisit", "09:40", ["--result", "unsatisfied"]),
            ("reopen", "09:50", []), ("dispatch", "10:00", ["--to", "developer"]), ("done", "11:00", []),
            ("revisit", "11:30", ["--result", "satisfied", "--by", "li-na"]), ("close", "11:40", [])]
    outputs = []
    for name, hhmm, more in walk:
        result = wutong(repo, "slip", SLIP_ID, name, "--at", f"2026-11-28 {hhmm}", *more)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[5] == f"已记录：{SLIP_ID} 派工给 开发商工程部（11-28 10:00，王芳）；现在状态：已派工\n"
    assert outputs[3] == f"已记录：{SLIP_ID} 回访，业主不满意（11-28 09:40，王芳）；现在状态：已回访\n"
    assert (repo / REL).read_text(encoding="utf-8") == HEAD + "events:\n" + (
        "  - {at: 2026-11-28 09:10, by: wang-fang, status: dispatched, to: engineering}\n"
        "  - {at: 2026-11-28 09:20, by: wang-fang, status: in_progress}\n"
        "  - {at: 2026-11-28 09:30, by: wang-fang, status: done, note: 更换阀芯}\n"
        "  - {at: 2026-11-28 09:40, by: wang-fang, status: revisited, result: unsatisfied}\n"
        "  - {at: 2026-11-28 09:50, by: wang-fang, status: reopened}\n"
        "  - {at: 2026-11-28 10:00, by: wang-fang, status: dispatched, to: developer}\n"
        "  - {at: 2026-11-28 11:00, by: wang-fang, status: done}\n"
        "  - {at: 2026-11-28 11:30, by: li-na, status: revisited, result: satisfied}\n"
        "  - {at: 2026-11-28 11:40, by: wang-fang, status: closed}\n") + BODY
    result = wutong(repo, "validate", str(repo / REL))
    assert (result.stdout, result.stderr) == ("", "已校验 2 个文件：0 个错误，0 个警告\n")


def test_the_id_may_follow_the_step_as_the_usage_line_shows(repo):
    before = at_state(repo, "dispatched")
    result = wutong(repo, "slip", "start", SLIP_ID, "--by", "李娜", "--at", "2026-11-28 12:00")  # a name, once
    assert (result.exit_code, result.stdout) == (0, f"已记录：{SLIP_ID} 开始处理（11-28 12:00，李娜）；现在状态：处理中\n")
    assert (repo / REL).read_text(encoding="utf-8") == before.replace(
        BODY, "  - {at: 2026-11-28 12:00, by: li-na, status: in_progress}\n" + BODY)


def test_a_dispatch_without_to_goes_to_the_slips_own_department(repo):
    before = at_state(repo, "open")
    result = wutong(repo, "slip", SLIP_ID, "dispatch", "--by", "li-na", "--at", "2026-11-28 12:00")
    assert result.stdout == f"已记录：{SLIP_ID} 派工给 工程部（11-28 12:00，李娜）；现在状态：已派工\n"
    assert (repo / REL).read_text(encoding="utf-8") == before.replace(
        "events: []\n", "events:\n  - {at: 2026-11-28 12:00, by: li-na, status: dispatched}\n")


def test_the_time_defaults_to_now_in_beijing(repo, monkeypatch):
    from datetime import datetime

    from wutong_docs.core import dates

    at_state(repo, "dispatched")
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 11, 28, 13, 7))
    result = wutong(repo, "slip", SLIP_ID, "done", "--by", "li-na")
    assert result.stdout == f"已记录：{SLIP_ID} 处理完成（11-28 13:07，李娜）；现在状态：已完成\n"
    assert "  - {at: 2026-11-28 13:07, by: li-na, status: done}\n" in (repo / REL).read_text(encoding="utf-8")


def test_a_slip_made_by_wutong_new_keeps_its_template_comments(repo):
    made = wutong(repo, "new", "slip", "--staff", "li-na", "--opened", "2026-11-28 09:00", "--channel", "phone",
                  "--category", "repair", "--unit", "3-2-501", "--contact", "陈先生 13812345678", "--to", "工程部")
    rel = made.stdout.strip()
    path = repo / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n厨房水龙头漏水。\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    slip_id = rel.rsplit("/", 1)[1][:-3]
    assert wutong(repo, "slip", slip_id, "dispatch", "--by", "li-na", "--at", "2026-11-28 09:05").exit_code == 0
    assert path.read_text(encoding="utf-8") == before.replace(
        "events: []\n", "events:\n  - {at: 2026-11-28 09:05, by: li-na, status: dispatched}\n")


# --- every illegal step: validate's code and message, nothing written ------------------------------
ILLEGAL = [(s, n) for s in STATES for n in STEPS if n not in LEGAL[s]]


@pytest.mark.parametrize("state, name", ILLEGAL)
def test_every_illegal_step_is_refused_with_the_message_validate_gives(repo, state, name):
    at_state(repo, state)
    said = refused(repo, "slip", SLIP_ID, name, *OPTIONS.get(name, []), "--by", "li-na", "--at", "2026-11-28 12:00")
    # the same event typed by hand: validate's own words for it
    text = text_of(STATES[state]) if STATES[state] else HEAD + "events:\n" + BODY
    (repo / REL).write_text(text.replace(BODY, WRITTEN[name].replace(", note: 已处理", "") + BODY), encoding="utf-8")
    (found,) = validate_errors(repo)
    assert found.startswith("WT40")
    assert said.startswith(f"错误：未登记：{REL} 中要写入的这一行有错误：{found}；")
    assert said.endswith("；文件未改动\n")


@pytest.mark.parametrize("state, name, message", [
    ("closed", "reopen", "WT403 状态不能从 closed（已关闭）变为 reopened（重新打开）；此时可以是：（无：已是最终状态）；"
                         "这张单已关闭，不能再记处理经过"),
    ("cancelled", "dispatch", "WT403 状态不能从 cancelled（已作废）变为 dispatched（已派工）；此时可以是：（无：已是最终状态）；"
                              "这张单已作废，不能再记处理经过"),
    ("dispatched", "close", "WT404 未回访就关闭：在最后一次 done（完成）之后先记一条 revisited（回访），再 closed；"
                            "此时可用的命令：dispatch、start、done、cancel"),
    ("revisited-unsatisfied", "close", "WT405 上一次回访业主不满意，之后应为 reopened（重新打开），而不是 closed；"
                                       "此时可用的命令：reopen"),
    ("done", "start", "WT403 状态不能从 done（已完成）变为 in_progress（处理中）；此时可以是：reopened、revisited；"
                      "此时可用的命令：revisit、reopen"),
    ("open", "revisit", "WT403 状态不能从 open（待派工）变为 revisited（已回访）；此时可以是：cancelled、dispatched、done、"
                        "in_progress；此时可用的命令：dispatch、start、done、cancel"),
])
def test_an_illegal_step_says_what_validate_says_and_which_commands_fit(repo, state, name, message):
    at_state(repo, state)
    said = refused(repo, "slip", SLIP_ID, name, *OPTIONS.get(name, []), "--by", "li-na", "--at", "2026-11-28 12:00")
    assert said == f"错误：未登记：{REL} 中要写入的这一行有错误：{message}；文件未改动\n"


def test_a_step_dated_before_the_last_one_is_refused_with_validates_order_message(repo):
    at_state(repo, "in_progress")
    said = refused(repo, "slip", SLIP_ID, "done", "--by", "li-na", "--at", "2026-11-28 09:15")
    assert said == (f"错误：未登记：{REL} 中要写入的这一行有错误：WT402 处理时间 2026-11-28 09:15 早于上一条记录 "
                    "2026-11-28 09:20；请按发生先后排列；请核对后再登记，文件未改动\n")


# --- every other refusal ----------------------------------------------------------------------------
def test_an_unknown_id_is_refused_naming_the_closest_slip(repo):
    at_state(repo, "open")
    assert refused(repo, "slip", "S-20261128-li-na-5", "start", "--by", "li-na") == (
        f"错误：没有编号为 S-20261128-li-na-5 的传递单（是不是 {SLIP_ID}？）：请核对编号（形如 S-20261126-wang-fang-01，"
        "即 records/slips/YYYY/MM/ 下的文件名）\n")
    assert refused(repo, "slip", "S-20261399-li-na-01", "start", "--by", "li-na").startswith(
        "错误：没有编号为 S-20261399-li-na-01 的传递单")  # no such day: no such slip, no traceback


def test_without_by_or_wutong_staff_the_staff_ids_are_listed(repo):
    at_state(repo, "open")
    assert refused(repo, "slip", SLIP_ID, "start") == (
        "错误：请用 --by 给出记录人的员工编号（或设环境变量 WUTONG_STAFF）；"
        f"records/org.yml 中的员工：{STAFF_LIST}\n")


def test_an_unknown_recorder_is_refused_naming_the_closest_id(repo):
    at_state(repo, "open")
    assert refused(repo, "slip", SLIP_ID, "start", "--by", "li-nah") == (
        f"错误：员工 li-nah 不在 records/org.yml 中（是不是 li-na？）；已有：{STAFF_LIST}\n")


def test_a_department_not_in_org_yml_is_refused_with_the_closest_and_every_one(repo):
    at_state(repo, "open")
    assert refused(repo, "slip", SLIP_ID, "dispatch", "--to", "enginering", "--by", "li-na") == (
        "错误：--to enginering 不是可选的派往部门（是不是 engineering？）；可选：engineering（工程部）、maintenance（维护队）、"
        "cleaning（保洁部）、greening（绿化部）、finance（财务部）、office（办公室）、developer（开发商工程部）"
        "（写编号或中文名都可以）\n")


def test_a_result_other_than_satisfied_or_unsatisfied_is_refused(repo):
    at_state(repo, "done")
    assert refused(repo, "slip", SLIP_ID, "revisit", "--result", "satisfy", "--by", "li-na") == (
        "错误：--result satisfy 不是可选的回访结果（是不是 satisfied？）；可选：satisfied（满意）、unsatisfied（不满意）"
        "（写编号或中文名都可以）\n")


@pytest.mark.parametrize("value, message", [
    ("2026-11-31 10:00", "--at 2026-11-31 10:00 不存在：请核对月份、日和时刻，例如 \"2026-11-26 09:30\""),
    ("11-28 10:00", "--at 11-28 10:00 写法不对：应写成 \"YYYY-MM-DD HH:MM\"，例如 \"2026-11-26 09:30\""),
])
def test_a_bad_at_is_refused(repo, value, message):
    at_state(repo, "open")
    assert refused(repo, "slip", SLIP_ID, "start", "--by", "li-na", "--at", value) == f"错误：{message}\n"


def test_a_slip_that_is_invalid_already_is_not_added_to(repo):
    text = text_of(["D", "P", "F", "C"])  # closed without a return visit, typed by hand
    (repo / REL).write_text(text, encoding="utf-8")
    said = refused(repo, "slip", SLIP_ID, "revisit", "--result", "satisfied", "--by", "li-na", problems=(
        f"{REL}:17: error WT404 未回访就关闭：在最后一次 done（完成）之后先记一条 revisited（回访），再 closed\n"))
    assert said == f"错误：未登记：{REL} 有错误（见上），这次没有写入；请先按提示改正，再运行一次同样的命令\n"


def test_a_slip_that_cannot_be_read_is_refused_with_validates_problem(repo):
    (repo / REL).write_text(text_of(["D"]).replace("status: dispatched,", "status: dispatched，"), encoding="utf-8")
    said = refused(repo, "slip", SLIP_ID, "start", "--by", "li-na", problems=(
        f"{REL}:14: error WT021 note 前面用了中文逗号“，”；{{…}} 和 […] 中的各项要用英文逗号“,”分隔：请把“，”改成“,”\n"))
    assert said == f"错误：未登记：{REL} 有错误（见上），这次没有写入；请先按提示改正，再运行一次同样的命令\n"


STEP_LIST = "dispatch、start、done、revisit、close、reopen、cancel"


@pytest.mark.parametrize("args, message", [
    ([SLIP_ID], f"{SLIP_ID} 之后请写上要记的一步：{STEP_LIST}，例如 wutong slip {SLIP_ID} done"),
    ([SLIP_ID, "--by", "li-na"], f"{SLIP_ID} 之后请写上要记的一步：{STEP_LIST}，例如 wutong slip {SLIP_ID} done"),
    ([SLIP_ID, "dispach"], f"dispach 不是可记的一步（是不是 dispatch？）；可用：{STEP_LIST}"),
    (["finish", SLIP_ID], f"finish 不是可记的一步；可用：{STEP_LIST}"),
])
def test_an_id_without_a_step_or_with_an_unknown_one_names_the_steps(repo, args, message):
    at_state(repo, "open")
    result = wutong(repo, "slip", *args)
    assert result.exit_code == 2  # a usage error, as click's own
    assert result.stderr.endswith(f"\n错误：{message}\n")
    assert (repo / REL).read_text(encoding="utf-8") == text_of([])


def test_revisit_needs_a_result(repo):
    at_state(repo, "done")
    result = wutong(repo, "slip", SLIP_ID, "revisit", "--by", "li-na")
    assert result.exit_code == 2 and "缺少选项 --result" in result.stderr
    assert (repo / REL).read_text(encoding="utf-8") == text_of(STATES["done"])


# --- the lock --------------------------------------------------------------------------------------
def test_a_slip_being_written_by_another_command_is_waited_for_then_left_alone(repo, monkeypatch):
    monkeypatch.setenv("WUTONG_LOCK_WAIT", "0.3")
    at_state(repo, "dispatched")
    args = ["slip", SLIP_ID, "start", "--by", "li-na", "--at", "2026-11-28 12:00"]
    with record_lock.record_lock(repo, REL, wait=0):  # another command, busy with the same slip
        began = time.monotonic()
        said = refused(repo, *args)
        waited = time.monotonic() - began
    assert said == BUSY.format(rel=REL)
    assert waited >= 0.3
    assert wutong(repo, *args).exit_code == 0  # the lock let go: the same command again goes through


def test_four_steps_at_once_on_one_slip_are_all_kept(repo):
    """Real processes at once: each reads the slip only once the last one has written it, so none is lost."""
    before = at_state(repo, "in_progress")
    env = {**os.environ, "PYTHONPATH": str(REPO), "WUTONG_NO_CACHE": "1", "WUTONG_LOCK_WAIT": "60"}
    running = [subprocess.Popen([sys.executable, "-m", "wutong_docs", "--root", str(repo), "slip", SLIP_ID, "start",
                                 "--by", "li-na", "--at", "2026-11-28 12:00", "--note", f"第{n}次"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
               for n in range(4)]
    done = [proc.communicate(timeout=120) + (proc.returncode,) for proc in running]
    assert all(status == 0 and err == "" for _, err, status in done), done
    after = (repo / REL).read_text(encoding="utf-8")
    added = after[len(before) - len(BODY):-len(BODY)].splitlines()
    assert sorted(added) == [f"  - {{at: 2026-11-28 12:00, by: li-na, status: in_progress, note: 第{n}次}}"
                             for n in range(4)]
    assert after.startswith(before[:-len(BODY)]) and after.endswith(BODY)


# --- what validate reads in an event's `to` --------------------------------------------------------
def test_validate_reads_a_dispatch_to_by_id_or_name_and_refuses_an_unknown_one(repo):
    (repo / REL).write_text(text_of(["D"]).replace("note: 派工程部", "to: 工程部"), encoding="utf-8")
    assert validate_errors(repo) == []
    (repo / REL).write_text(text_of(["D"]).replace("note: 派工程部", "to: 保安部"), encoding="utf-8")
    assert validate_errors(repo) == [
        "WT110 部门 保安部 不在 records/org.yml 中；可选：engineering（工程部）、maintenance（维护队）、cleaning（保洁部）、"
        "greening（绿化部）、finance（财务部）、office（办公室）、developer（开发商工程部）"]
