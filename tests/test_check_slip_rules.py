"""Issue 21, item 6: one overdue rule everywhere, a revisited slip left unclosed, and every gap's duty_id.

The expected numbers are counted here from the slip files themselves (PyYAML, their events up to the
moment), never taken from the code under test: a slip is overdue when it is past `due` and, as it stood
then, unfinished (待派工、已派工、处理中、重新打开): a slip reopened after a done counts.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, copy_fixture, wutong
from test_check import repo_with_duties
from wutong_docs.outputs.site import board_page
from wutong_docs.outputs.site.data import collect
from wutong_docs.records.slip import Slip, is_overdue
from wutong_docs.validate.pipeline import validate

UNFINISHED = ("open", "dispatched", "in_progress", "reopened")
NOVEMBER_END = datetime(2026, 11, 30, 23, 59, 59)
REOPENED = "S-20261124-wang-fang-01"   # done 11-25, reopened 11-26, due 11-27: the slip the report used to leave out


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.strptime(str(value), "%Y-%m-%d %H:%M")


def overdue_from_files(root: Path, moment: datetime) -> set[str]:
    """The ids of the slips overdue at `moment`, from each file's due and its events up to then."""
    found = set()
    for path in (root / "records/slips").rglob("*.md"):
        slip = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        events = [e for e in slip.get("events") or [] if _moment(e["at"]) <= moment]
        status = events[-1]["status"] if events else "open"
        if _moment(slip["opened"]) <= moment and status in UNFINISHED and _moment(slip["due"]) < moment:
            found.add(slip["id"])
    return found


# --- 一条逾期规则 ---------------------------------------------------------------------------

def test_the_sample_november_counts_nine_overdue_slips_reopened_one_included():
    expected = overdue_from_files(SAMPLE, NOVEMBER_END)
    assert len(expected) == 9 and REOPENED in expected   # all 9 opened in November: the report's cohort


def test_the_report_in_json_md_and_html_and_its_trend_say_nine():
    expected = len(overdue_from_files(SAMPLE, NOVEMBER_END))
    data = json.loads(wutong(SAMPLE, "report", "--month", "2026-11", "--format", "json").stdout)
    assert data["slips"]["overdue_at_end"] == expected == 9
    assert data["trend"][-1] == {**data["trend"][-1], "month": "2026-11", "overdue_at_end": expected}
    assert f"| 月末逾期 | {expected} | 无记录 |" in wutong(SAMPLE, "report", "--month", "2026-11", "--format", "md").stdout
    html = wutong(SAMPLE, "report", "--month", "2026-11").stdout   # the PDF is printed from this HTML
    assert f'<td>月末逾期</td>\n<td style="text-align:right">{expected}</td>' in html


def test_the_workbook_says_nine(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "月报.xlsx"
    assert wutong(SAMPLE, "report", "--month", "2026-11", "--format", "xlsx", "-o", str(path)).exit_code == 0
    rows = {r[0]: r[1:] for r in openpyxl.load_workbook(path)["传递单"].iter_rows(values_only=True) if r[0]}
    assert rows["月末逾期"][0] == len(overdue_from_files(SAMPLE, NOVEMBER_END))


def test_the_check_lists_the_same_slips_as_overdue():
    result = wutong(SAMPLE, "check", "--date", "2026-11-30", "--format", "json")
    listed = {g["slip"] for g in json.loads(result.stdout)["gaps"] if "已过期限" in g["message"]}
    assert listed == overdue_from_files(SAMPLE, NOVEMBER_END)
    reopened = next(g for g in json.loads(result.stdout)["gaps"] if g["slip"] == REOPENED)
    assert reopened["message"] == f"{REOPENED} 已过期限 11-27 18:00，仍为重新打开"
    assert result.exit_code == 1


def test_the_board_marks_the_same_slips_as_overdue():
    data = collect(SAMPLE, validate(SAMPLE), NOVEMBER_END)
    marked = {p.record.id for p in data.placed if data.overdue(p.record)}
    assert marked == overdue_from_files(SAMPLE, NOVEMBER_END)
    template, summary = board_page.page(data).blocks[0]
    assert template == "board_summary.html.j2" and summary["overdue"] == 9


@pytest.mark.parametrize("moment, overdue", [
    ("2026-11-25 12:00", False),   # done: not overdue, whatever the time
    ("2026-11-27 17:59", False),   # reopened, but not yet due
    ("2026-11-27 18:01", True),    # reopened and past due, though done once
])
def test_is_overdue_judges_the_slip_as_it_stood(moment, overdue):
    slip = next(r for r in validate(SAMPLE).records if isinstance(r, Slip) and r.id == REOPENED)
    assert is_overdue(slip, _moment(moment)) is overdue
    assert (REOPENED in overdue_from_files(SAMPLE, _moment(moment))) is overdue


# --- 回访后 3 个工作日内未关闭 -------------------------------------------------------------------

REVISITED = "S-20261119-wang-fang-01"
SLIP = """---
id: S-20261119-wang-fang-01
opened: 2026-11-19 09:00
by: wang-fang
channel: phone
category: repair
unit: 3-2-501
to: engineering
due: 2026-11-20 18:00
events:
  - {{at: 2026-11-19 09:05, by: wang-fang, status: dispatched}}
  - {{at: 2026-11-19 16:00, by: wang-fang, status: done, note: 已修好}}
  - {{at: 2026-11-20 10:00, by: wang-fang, status: revisited, result: {result}, note: 电话回访}}
{more}---
门铃不响。
"""
GAP = {"category": "传递单", "date": "2026-11-25", "staff": "wang-fang", "slip": REVISITED, "due": "2026-11-25",
       "expected": f"records/slips/2026/11/{REVISITED}.md 中的 closed（关闭）记录",
       "message": f"{REVISITED} 已于 11-20 回访，3 个工作日内未关闭",
       "action": f"确认无误后在 records/slips/2026/11/{REVISITED}.md 记 closed（关闭）"}


def _slip_gaps(repo: Path, day: str) -> tuple[list[dict], int]:
    result = wutong(repo, "check", "--date", day, "--format", "json")
    gaps = [g for g in json.loads(result.stdout)["gaps"] if g["slip"] == REVISITED]
    return [{k: g[k] for k in GAP} for g in gaps], result.exit_code


@pytest.fixture
def revisited(good_repo) -> Path:
    """The good repository plus a slip revisited (satisfied) on Friday 2026-11-20 and not closed."""
    repo = repo_with_duties(good_repo)
    (repo / f"records/slips/2026/11/{REVISITED}.md").write_text(SLIP.format(result="satisfied", more=""),
                                                                   encoding="utf-8")
    return repo


def test_a_revisit_not_closed_by_the_third_working_day_is_a_gap_from_the_fourth(revisited):
    """Revisited Friday 11-20: Mon 23, Tue 24, Wed 25 are its 3 working days (the weekend does not count)."""
    assert _slip_gaps(revisited, "2026-11-25")[0] == []
    gaps, status = _slip_gaps(revisited, "2026-11-26")
    assert gaps == [GAP] and status == 1
    text = wutong(revisited, "check", "--date", "2026-11-26").stdout
    assert f"  11-25 {GAP['message']}：{GAP['action']} [" in text


def test_an_adjusted_working_day_counts(revisited):
    """Saturday 11-21 made a working day (calendar.yml): the 3 working days end on Tuesday 11-24."""
    (revisited / "records/calendar.yml").write_text(
        "years:\n  - year: 2026\n    workdays:\n      - {date: 2026-11-21, name: 调休上班}\n", encoding="utf-8")
    assert _slip_gaps(revisited, "2026-11-24")[0] == []
    gaps, _ = _slip_gaps(revisited, "2026-11-25")
    assert gaps == [{**GAP, "date": "2026-11-24", "due": "2026-11-24"}]


def test_closed_on_the_third_working_day_is_no_gap(revisited):
    (revisited / f"records/slips/2026/11/{REVISITED}.md").write_text(SLIP.format(
        result="satisfied", more="  - {at: 2026-11-25 17:00, by: wang-fang, status: closed}\n"), encoding="utf-8")
    assert _slip_gaps(revisited, "2026-11-26")[0] == []


def test_an_unsatisfied_revisit_asks_to_reopen_not_to_close(revisited):
    (revisited / f"records/slips/2026/11/{REVISITED}.md").write_text(SLIP.format(result="unsatisfied", more=""),
                                                                     encoding="utf-8")
    gaps, _ = _slip_gaps(revisited, "2026-11-30")
    assert [g["message"] for g in gaps] == [f"{REVISITED} 回访业主不满意，尚未重新打开处理"]


def test_the_sample_slip_revisited_on_thursday_is_listed_from_the_next_wednesday():
    """S-20261119-zhou-xue-01, revisited Thursday 11-26: Fri 27, Mon 30, Tue 12-01; listed from Wednesday 12-02."""
    def messages(day):
        gaps = json.loads(wutong(SAMPLE, "check", "--date", day, "--format", "json").stdout)["gaps"]
        return [g["message"] for g in gaps if g["slip"] == "S-20261119-zhou-xue-01"]
    assert messages("2026-12-01") == []
    assert messages("2026-12-02") == ["S-20261119-zhou-xue-01 已于 11-26 回访，3 个工作日内未关闭"]


# --- 每条缺失都有 duty_id ---------------------------------------------------------------------

def _duty_ids(root: Path) -> set[str]:
    """Every role/duty id of the duty book, read with PyYAML."""
    book = yaml.safe_load((root / "records/duties.yml").read_text(encoding="utf-8"))
    return {f"{role['id']}/{duty['id']}" for role in book["roles"] for period in role["periods"]
            for duty in period.get("duties") or []}


def test_every_gap_names_a_duty_of_the_duty_book(tmp_path):
    """The desk sample with one register removed, checked on 12-02: every kind of gap, each with its duty."""
    repo = copy_fixture("sample_desk", tmp_path / "repo")
    (repo / "records/desk/2026/11/2026-11-24.md").unlink()
    result = wutong(repo, "check", "--date", "2026-12-02", "--since", "2026-11-01", "--format", "json")
    gaps = json.loads(result.stdout)["gaps"]
    assert {g["category"] for g in gaps} == {"日志", "巡查", "周报", "传递单", "会议", "待办", "前台登记", "钥匙",
                                             "包裹", "业主卡", "装修垃圾", "出入证", "押金", "职责"}   # 职责: 【简称】 not cited
    known = _duty_ids(repo)
    assert [g for g in gaps if g["duty_id"] not in known] == []
    by_category = {g["category"]: g["duty_id"] for g in gaps}
    assert {k: by_category[k] for k in ("前台登记", "钥匙", "包裹", "业主卡", "装修垃圾", "出入证", "押金", "待办")} == {
        "前台登记": "supervisor/check-logs-and-desk-records", "钥匙": "front_desk/key-custody",
        "包裹": "front_desk/parcels", "业主卡": "area_manager/owner-cards", "装修垃圾": "area_manager/area-patrol",
        "出入证": "front_desk/assist-renovation", "押金": "area_manager/move-in-renovation",
        "待办": "front_desk/reception"}   # the action item's owner, xu-ting, is at the front desk


@pytest.mark.parametrize("owner, duty_id", [
    ("wang-fang", "front_desk/reception"),           # the front desk's own slip duty (跟进处理结果)
    ("li-na", "area_manager/follow-up-slips"),       # the area manager's (落实传递单)
    ("zhang-wei", "area_manager/follow-up-slips"),   # the supervisor's role has none: the book's first slip duty
])
def test_an_action_item_names_its_owners_slip_duty(good_repo, owner, duty_id):
    repo = repo_with_duties(good_repo)
    minutes = repo / "records/minutes/2026/11/2026-11-23-weekly.md"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace(
        "owner: wang-fang, due: 2026-11-25", f"owner: {owner}, due: 2026-11-25"), encoding="utf-8")
    slip = repo / "records/slips/2026/11/S-20261126-wang-fang-01.md"   # only dispatched: the action item is late
    slip.write_text("".join(line for line in slip.read_text(encoding="utf-8").splitlines(keepends=True)
                            if "status: dispatched" in line or "at:" not in line), encoding="utf-8")
    result = wutong(repo, "check", "--date", "2026-11-26", "--format", "json")
    actions = [g for g in json.loads(result.stdout)["gaps"] if g["category"] == "待办"]
    assert [(g["staff"], g["duty_id"]) for g in actions] == [(owner, duty_id)]
    assert duty_id in _duty_ids(repo) and result.exit_code == 1
