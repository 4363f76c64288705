"""Issue 23: the words staff say are accepted on the command line, and the CLI's messages for their mistakes.

Roles as staff say them (前台, 主管, 片管员, 片区管理员, 片管), months (2026年11月, 2026.11, 11月, 本月, 上月),
dates (今天, 昨天, 12月7日, 2026年12月7日); `wutong new` without --staff lists the ids; a new estate from
`wutong init` names neither the sample estate nor its staff. The clock is fixed at 2026-12-07 09:00 (Beijing),
so "this year", 今天 and 上月 have one meaning.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
import yaml

from conftest import SAMPLE, wutong
from wutong_docs.core import dates

STAFF_LISTED = "可用的员工编号：zhang-wei（张伟）、li-na（李娜）、wang-fang（王芳）"  # tests/fixtures/good's org.yml
ROLES_LISTED = "可选：supervisor（主管）、area_manager（片区管理员、片管员、片管）、front_desk（服务中心前台、前台）"
MONTH_FORMS = "也可写 2026年12月、2026.12、12月（今年）、本月、上月"
DAY_FORMS = "也可写 2026年11月26日、11月26日（今年）、今天、昨天"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Now is Monday 2026-12-07 09:00 in Beijing, for every form that leaves out the year or says 今天."""
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 12, 7, 9, 0))
    monkeypatch.delenv("WUTONG_STAFF", raising=False)


def calendar_title(*args: str) -> tuple[int, str]:
    result = wutong(SAMPLE, "calendar", *args, "--format", "md")
    return result.exit_code, result.stdout.splitlines()[0] if result.stdout else result.stderr


# --- roles -------------------------------------------------------------------------------

@pytest.mark.parametrize("said, label", [
    ("前台", "服务中心前台"), ("服务中心前台", "服务中心前台"), ("front_desk", "服务中心前台"),
    ("主管", "主管"), ("supervisor", "主管"),
    ("片管员", "片区管理员"), ("片区管理员", "片区管理员"), ("片管", "片区管理员"), ("area_manager", "片区管理员"),
    (" 前台 ", "服务中心前台"),
])
def test_a_role_as_staff_say_it_is_accepted(said, label):
    assert calendar_title("--role", said, "--month", "2026-11") == (0, f"# 2026年11月 {label} 工作日历")


def test_check_takes_the_everyday_role_too():
    result = wutong(SAMPLE, "check", "--role", "片管", "--date", "2026-11-30", "--since", "2026-11-30",
                    "--format", "json")
    assert result.exit_code in (0, 1) and "不是可选的值" not in result.stderr
    people = {item["staff"] for item in json.loads(result.stdout)["people"] if item.get("staff")}
    area_managers = {s["id"] for s in yaml.safe_load((SAMPLE / "records/org.yml").read_text(encoding="utf-8"))["staff"]
                     if s["role"] == "area_manager"}
    assert people and people <= area_managers


@pytest.mark.parametrize("said, hint", [("前", "（是不是 前台？）"), ("片管理", "（是不是 片管？）"), ("clerk", "")])
def test_a_wrong_role_lists_every_accepted_word(said, hint):
    result = wutong(SAMPLE, "calendar", "--role", said, "--month", "2026-11")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("用法：")  # click's usage lines, then the one line that matters
    assert result.stderr.splitlines()[-1] == f"错误：'--role' 的值不对：{said} 不是可选的值{hint}；{ROLES_LISTED}"


# --- months ------------------------------------------------------------------------------

@pytest.mark.parametrize("said, title", [
    ("2026-11", "2026年11月"), ("2026-1", "2026年1月"), ("2026年11月", "2026年11月"), ("2026.11", "2026年11月"),
    ("11月", "2026年11月"), ("1月", "2026年1月"), ("2026 年 11 月", "2026年11月"), ("２０２６年１１月", "2026年11月"),
    ("本月", "2026年12月"), ("这个月", "2026年12月"), ("上月", "2026年11月"), ("上个月", "2026年11月"),
    ("下月", "2027年1月"),
])
def test_a_month_as_staff_write_it_is_accepted(said, title):
    assert calendar_title("--role", "前台", "--month", said) == (0, f"# {title} 服务中心前台 工作日历")


@pytest.mark.parametrize("said, message", [
    ("2026/11", f"--month 2026/11 写法不对：应写成 YYYY-MM，例如 2026-12；{MONTH_FORMS}"),
    ("十一月", f"--month 十一月 写法不对：应写成 YYYY-MM，例如 2026-12；{MONTH_FORMS}"),
    ("2026年11", f"--month 2026年11 写法不对：应写成 YYYY-MM，例如 2026-12；{MONTH_FORMS}"),
    ("13月", "--month 13月 不存在：请核对月份（01–12），例如 2026-12"),
    ("2026.0", "--month 2026.0 不存在：请核对月份（01–12），例如 2026-12"),
    ("1999年12月", "--month 1999年12月 的年份不在 2000–2099 之间：请写 2000 至 2099 年的月份，例如 2026-12"),
])
def test_a_wrong_month_lists_the_accepted_forms(said, message):
    result = wutong(SAMPLE, "calendar", "--role", "前台", "--month", said)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"错误：{message}\n")


def test_report_takes_the_everyday_month():
    result = wutong(SAMPLE, "report", "--month", "上月", "--format", "md")
    assert result.exit_code == 0 and result.stdout == wutong(SAMPLE, "report", "--month", "2026-11",
                                                               "--format", "md").stdout


# --- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("said, day", [
    ("今天", "2026-12-07"), ("昨天", "2026-12-06"), ("前天", "2026-12-05"), ("明天", "2026-12-08"),
    ("12月7日", "2026-12-07"), ("12月7号", "2026-12-07"), ("2026年12月7日", "2026-12-07"),
    ("2026年1月5日", "2026-01-05"), ("11月26日", "2026-11-26"), ("2026-12-7", "2026-12-07"), ("2026-12-07", "2026-12-07"),
    ("12 月 7 日", "2026-12-07"),
])
def test_a_date_as_staff_say_it_is_accepted(good_repo, said, day):
    result = wutong(good_repo, "new", "log", "--staff", "zhang-wei", "--date", said)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, f"records/logs/{day[:4]}/{day[5:7]}/{day}-zhang-wei.md\n", "")


@pytest.mark.parametrize("said, message", [
    ("12/7", f"--date 12/7 写法不对：应写成 YYYY-MM-DD，例如 2026-11-26；{DAY_FORMS}"),
    ("大前天", f"--date 大前天 写法不对：应写成 YYYY-MM-DD，例如 2026-11-26；{DAY_FORMS}"),
    ("12月7", f"--date 12月7 写法不对：应写成 YYYY-MM-DD，例如 2026-11-26；{DAY_FORMS}"),
    ("2月30日", "--date 2月30日 不存在：请核对月份和日，例如 2026-11-26"),
    ("2026年13月1日", "--date 2026年13月1日 不存在：请核对月份和日，例如 2026-11-26"),
    ("1999年12月31日", "--date 1999年12月31日 的年份不在 2000–2099 之间：请写 2000 至 2099 年的日期，例如 2026-11-26"),
])
def test_a_wrong_date_lists_the_accepted_forms_and_writes_nothing(good_repo, said, message):
    result = wutong(good_repo, "new", "log", "--staff", "li-na", "--date", said)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"错误：{message}\n")
    assert not (good_repo / "records/logs/2026/12").exists()


def test_check_takes_the_everyday_date():
    said = wutong(SAMPLE, "check", "--date", "11月30日", "--since", "11月28日", "--format", "json")
    written = wutong(SAMPLE, "check", "--date", "2026-11-30", "--since", "2026-11-28", "--format", "json")
    assert (said.exit_code, said.stdout, said.stderr) == (written.exit_code, written.stdout, written.stderr)


# --- help --------------------------------------------------------------------------------

@pytest.mark.parametrize("args, shown", [
    (["calendar"], ["--month YYYY-MM", "月份，例如 2026-12 或 2026年12月、12月、本月",
                    "front_desk 服务中心前台（前台）", "area_manager 片区管理员（片管员、片管）"]),
    (["check"], ["例如 2026-11-26 或 今天、11月26日", "front_desk 服务中心前台（前台）"]),
    (["report"], ["月份，例如 2026-11 或 2026年11月、11月、上月（必填）"]),
    (["new", "log"], ["日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）"]),
    (["new", "roster"], ["月份，例如 2026-12 或 2026年12月、12月"]),
])
def test_help_shows_the_everyday_forms(args, shown):
    result = wutong(SAMPLE, *args, "--help")
    flat = re.sub(r"\s+", " ", result.stdout)
    assert result.exit_code == 0
    for text in shown:
        assert text in flat, text


# --- new without --staff ------------------------------------------------------------------

@pytest.mark.parametrize("args, asked", [
    (["new", "log"], "请用 --staff 指明员工编号"),
    (["new", "weekly"], "请用 --staff 指明员工编号"),
    (["new", "slip"], "请用 --staff 指明员工编号"),
    (["new", "desk"], "请用 --staff 指明员工编号"),
    (["new", "inspection", "--kind", "monthly", "--area", "A"], "请用 --by 指明检查人的员工编号"),
    (["new", "workorder", "--to", "engineering", "--subject", "3-2-501 外墙渗水"], "请用 --by 指明发送人的员工编号"),
])
def test_new_without_staff_lists_the_ids(good_repo, args, asked):
    before = sorted(p for p in (good_repo / "records").rglob("*"))
    result = wutong(good_repo, *args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"错误：{asked}（或设置环境变量 WUTONG_STAFF）；{STAFF_LISTED}\n"
    assert sorted(p for p in (good_repo / "records").rglob("*")) == before


def test_a_misspelt_id_lists_them_the_same_way(good_repo):
    result = wutong(good_repo, "new", "log", "--staff", "lina")
    assert (result.exit_code, result.stderr) == (
        1, "错误：员工 lina 不在 records/org.yml 中（是不是 li-na？）；已有：zhang-wei（张伟）、li-na（李娜）、wang-fang（王芳）\n")


# --- init leaves no trace of the sample estate ---------------------------------------------

def sample_traces() -> list[str]:
    """What names the sample estate: 梧桐墅, and its staff's ids and names (tests/fixtures/sample's org.yml)."""
    org = yaml.safe_load((SAMPLE / "records/org.yml").read_text(encoding="utf-8"))
    return ["梧桐墅", *(s["id"] for s in org["staff"]), *(s["name"] for s in org["staff"])]


def traces_in(text: str) -> list[str]:
    """The traces in `text`: a Chinese name anywhere, an id as a whole id (li-na, not xli-na or li-na-2)."""
    return [t for t in sample_traces()
            if re.search(rf"(?<![a-z0-9-]){re.escape(t)}(?![a-z0-9-])" if t.isascii() else re.escape(t), text)]


def test_init_and_the_new_estates_first_drafts_name_neither_the_sample_estate_nor_its_staff(tmp_path):
    root = tmp_path / "银杏苑"
    made = wutong(tmp_path, "init", str(root))  # --root is ignored by init
    assert made.exit_code == 0, made.output
    assert traces_in(made.output) == []
    for args in (["new", "log", "--staff", "qian-li"], ["new", "weekly", "--staff", "qian-li"],
                 ["new", "desk", "--staff", "sun-yu"], ["new", "roster", "--month", "12月"],
                 ["new", "minutes", "--kind", "weekly"], ["new", "notice", "--kind", "general"],
                 ["new", "slip", "--staff", "sun-yu", "--channel", "phone", "--category", "repair",
                  "--unit", "1-1-101", "--contact", "陈先生 13812345678", "--to", "engineering"]):
        drafted = wutong(root, *args)
        assert drafted.exit_code == 0, (args, drafted.output)
    written = sorted(p for p in root.rglob("*") if p.is_file() and ".wutong-cache" not in p.parts)
    assert len(written) == 12 + 7
    found = {p.relative_to(root).as_posix(): traces_in(p.read_text(encoding="utf-8")) for p in written}
    assert {rel: names for rel, names in found.items() if names} == {}
    roster = (root / "records/roster/2026-12.yml").read_text(encoding="utf-8")  # its examples: this estate's people
    assert "#   - {staff: sun-yu, days: [tue, wed, thu, fri, sat]}\n" in roster
    assert "#   - {staff: qian-li, from: 2026-12-16, to: 2026-12-17, kind: leave, note: 事假}\n" in roster
    assert traces_in(wutong(root, "init", "--help").stdout) == []


def test_the_trace_search_finds_a_trace():
    assert traces_in("approved_by: zhang-wei, 李娜, 梧桐墅物业") == ["梧桐墅", "zhang-wei", "李娜"]
    assert traces_in("zhang-wei-2 and xli-na") == []


def test_no_help_names_the_sample_estate_or_its_staff():
    """Issue 23: a new estate's `--help` (and so the handbook's command reference) names no sample person;
    the examples write 员工编号 and 传递单编号 where an id of the estate's own goes (CONTRIBUTING.md)."""
    from wutong_docs.cli.main import cli
    from wutong_docs.outputs.site.commands_page import leaf_commands

    paths = [(), *(path for path, _ in leaf_commands(cli))]
    found = {" ".join(path): traces_in(wutong(SAMPLE, *path, "--help").stdout) for path in paths}
    assert {path: names for path, names in found.items() if names} == {}
    assert "--staff 员工编号" in wutong(SAMPLE, "new", "log", "--help").stdout
    assert "wutong slip 传递单编号 dispatch --to engineering --by 员工编号" in wutong(SAMPLE, "slip", "--help").stdout
