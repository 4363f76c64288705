"""Arrears cases (records/cases/) and legacy problems (records/legacy/): `wutong new`, the check, the report, privacy.

The records are the frozen overlays tests/fixtures/registers/case and …/legacy laid over a copy of
sample_desk (the pattern of test_report_reconcile.py). Their duty book is switched to `record: case` /
`record: legacy` for the three duties these registers prove, as records/duties.yml is. Expected figures
are counted here from the fixture files' YAML, not copied from the report.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES, copy_fixture, wutong
from wutong_docs.check.case import case_gaps
from wutong_docs.check.legacy import legacy_gaps
from wutong_docs.validate.pipeline import partition, validate

OVERLAY = FIXTURES / "registers"
SWITCHED = {"legacy-issue-plan": "legacy", "arrears-lawsuits": "case", "legacy-issues": "legacy"}
NOV = date(2026, 11, 30)


def repo(tmp_path: Path, *overlays: str) -> Path:
    root = copy_fixture("sample_desk", tmp_path / "repo")
    for name in overlays:
        shutil.copytree(OVERLAY / name, root, dirs_exist_ok=True)
    duties = root / "records" / "duties.yml"
    text = duties.read_text(encoding="utf-8")
    for duty_id, record in SWITCHED.items():
        text, n = re.subn(rf"(- id: {duty_id}\n(?:            .*\n)*?            record: )cite\n", rf"\g<1>{record}\n", text)
        assert n == 1, duty_id
    duties.write_text(text, encoding="utf-8")
    return root


def loaded(root: Path):
    report = validate(root)
    records, invalid = partition(report)
    assert invalid == [], invalid
    return report, records


def front(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8").split("---")[1])


# -- wutong new ------------------------------------------------------------------------------------------------
def test_new_case_takes_the_next_number_for_the_home_and_validates(tmp_path):
    root = repo(tmp_path)
    first = wutong(root, "new", "case", "--home", "3-2-501", "--amount", "5230.00", "--opened", "2026-11-12")
    second = wutong(root, "new", "case", "--home", "3-2-501", "--amount", "5230", "--by", "zhang-wei")
    assert (first.exit_code, first.stdout) == (0, "records/cases/3-2-501-1.md\n")
    assert (second.exit_code, second.stdout) == (0, "records/cases/3-2-501-2.md\n")
    data = front(root / "records/cases/3-2-501-1.md")
    assert (str(data["amount"]), data["by"], data["events"]) == ("5230.0", "zhang-wei", [])
    assert "amount: 5230.00 " in (root / "records/cases/3-2-501-2.md").read_text(encoding="utf-8")
    result = wutong(root, "validate", str(root / "records/cases"))
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("args, message", [
    (["--home", "33-2-501", "--amount", "1"],
     "房号 33-2-501：33 栋不在 records/org.yml 中（是不是 3？）；已有楼栋：1、2、3、4、5、6、7、8、9、10、11、12、13、14、15、16"),
    (["--home", "3-9-501", "--amount", "1"], "房号 3-9-501：3 栋没有 9 单元；3 栋的单元：1、2"),
    (["--home", "3-2", "--amount", "1"], "房号 3-2 写法不对：应为 楼栋-单元-房号，例如 3-2-501"),
    (["--home", "3-2-501", "--amount", "12.345"], "--amount 12.345 不是金额：写大于 0 的元数，最多两位小数，例如 5230.00"),
    (["--home", "3-2-501", "--amount", "0"], "--amount 0 不是金额：金额要大于 0；没有追回款项的阶段不写 amount"),
    (["--home", "3-2-501", "--amount", "1", "--by", "li-nn"],
     "员工 li-nn 不在 records/org.yml 中（是不是 li-na？）；已有：zhang-wei（张伟）、li-na（李娜）、chen-lei（陈磊）、"
     "liu-yang（刘洋）、huang-jing（黄静）、wang-fang（王芳）、zhou-xue（周雪）、xu-ting（徐婷）"),
])
def test_new_case_refuses_a_wrong_home_amount_or_staff_listing_the_valid_ones(tmp_path, args, message):
    root = repo(tmp_path)
    result = wutong(root, "new", "case", *args)
    assert (result.exit_code, result.stderr) == (1, f"错误：{message}\n")
    assert not (root / "records" / "cases").exists()


def test_new_legacy_numbers_by_year_takes_an_area_name_and_refuses_an_unknown_area(tmp_path):
    root = repo(tmp_path, "legacy")
    made = wutong(root, "new", "legacy", "--title", "9栋地下室积水", "--area", "C区", "--opened", "2026-12-01")
    assert (made.exit_code, made.stdout) == (0, "records/legacy/L-2026-04.md\n")
    data = front(root / "records/legacy/L-2026-04.md")
    assert (data["title"], data["area"], data["by"], data["plan"]) == ("9栋地下室积水", "C", "zhang-wei", [])
    bad = wutong(root, "new", "legacy", "--title", "x", "--area", "E")
    assert (bad.exit_code, bad.stderr) == (1, "错误：片区 E 不在 records/org.yml 中；可选：A（A区）、B（B区）、C（C区）、D（D区）\n")
    # a new problem is a form to fill in: its history is still to be written
    result = wutong(root, "validate", str(root / "records/legacy/L-2026-04.md"))
    assert result.exit_code == 1
    assert "WT409 正文是空的：请在头信息之后写明问题的来由和处理经过" in result.stdout


# -- the check -------------------------------------------------------------------------------------------------
def case_check(root: Path, on: date):
    report, records = loaded(root)
    return case_gaps(report.duties, report.org, records, on)


def test_a_case_is_stalled_from_the_61st_day_after_its_last_event(tmp_path):
    root = repo(tmp_path, "case")
    last = date(2026, 8, 28)                      # 7-2-202-1: 律师函, nothing since
    assert [g for g in case_check(root, last + timedelta(days=60)) if "7-2-202-1" in g.message] == []
    gaps = [g for g in case_check(root, last + timedelta(days=61)) if "7-2-202-1" in g.message]
    assert [(g.category, g.date, g.staff, g.duty_id, g.message) for g in gaps] == [
        ("欠费案件", "2026-10-28", "zhang-wei", "supervisor/arrears-lawsuits",
         "案件 7-2-202-1 已 60 天没有进展（最后一次：2026-08-28，律师函）")]


def test_a_closed_case_is_never_stalled_and_a_later_event_resets_the_days(tmp_path):
    root = repo(tmp_path, "case")
    names = {re.search(r"案件 (\S+) ", g.message).group(1) for g in case_check(root, date(2027, 3, 1))}
    assert names == {"7-2-202-1", "3-1-602-1", "14-2-2202-1"}    # 4-2-202-1 settled on 11-24
    assert {g.date for g in case_check(root, date(2027, 3, 1)) if "3-1-602-1" in g.message} == {"2027-01-27"}


@pytest.fixture
def november(tmp_path):
    root = repo(tmp_path, "case")
    return root, (root / "records/arrears/2026/11/2026-11-10.csv").read_bytes()


def file_lists(root: Path, text: bytes, months: list[str]) -> None:
    """Finance's November list again, filed on the 20th of each of `months` (the month's latest list)."""
    for month in months:
        folder = root / "records/arrears" / month.replace("-", "/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{month}-20.csv").write_bytes(text)


def asked(root: Path) -> set[str]:
    return {g.message.split(" ")[0] for g in case_check(root, NOV) if g.message.endswith("是否起诉")}


def test_three_monthly_lists_in_a_row_without_a_case_ask_whether_to_sue(november):
    root, text = november
    homes = {line.split(",")[0] for line in text.decode("utf-8").splitlines()[1:]}
    file_lists(root, text, ["2026-10"])
    assert asked(root) == set()                            # two lists (October's, November's): not yet
    file_lists(root, text, ["2026-09"])
    with_case = {"3-1-602", "4-2-202", "7-2-202", "14-2-2202"}
    assert asked(root) == homes - with_case                # three: every home on all three, but those with a case
    gap = next(g for g in case_check(root, NOV) if g.message.startswith("1-1-501 "))
    assert (gap.category, gap.date, gap.staff, gap.duty_id, gap.expected) == (
        "欠费案件", "2026-11", "zhang-wei", "supervisor/arrears-lawsuits", "records/cases/1-1-501-1.md")
    assert gap.message == ("1-1-501 连续 3 个月在欠费名单上（2026-09—2026-11，最近一份 records/arrears/2026/11/2026-11-10.csv），"
                           "还没有欠费案件：是否起诉")


def test_lists_with_a_month_missing_between_them_are_not_three_in_a_row(november):
    root, text = november
    file_lists(root, text, ["2026-08", "2026-10"])
    assert asked(root) == set()                            # September missing


def test_a_case_settled_before_the_three_months_does_not_cover_new_arrears(november):
    root, text = november
    file_lists(root, text, ["2026-12", "2027-01", "2027-02"])   # December's 20th list is that month's latest
    report, records = loaded(root)
    gaps = case_gaps(report.duties, report.org, records, date(2027, 2, 28))
    sue = {g.message.split(" ")[0] for g in gaps if g.message.endswith("是否起诉")}
    assert "4-2-202" in sue                 # settled 2026-11-24, before December
    assert "7-2-202" not in sue             # still open


def legacy_check(root: Path, on: date):
    report, records = loaded(root)
    return legacy_gaps(report.duties, report.org, records, on)


def test_a_step_is_overdue_from_the_day_after_its_by_day_for_its_owner(tmp_path):
    root = repo(tmp_path, "legacy")
    assert [g for g in legacy_check(root, date(2026, 11, 20)) if "L-2026-01" in g.message] == []
    gaps = legacy_check(root, date(2026, 11, 21))
    assert [(g.category, g.date, g.staff, g.name, g.duty_id, g.message) for g in gaps] == [
        ("遗留问题", "2026-11-21", "", "开发商工程部", "supervisor/legacy-issue-plan",
         "遗留问题 L-2026-01（7栋屋面防水渗漏（开发商遗留））的“开发商出具屋面翻修方案和工期”已过期限 2026-11-20，尚未完成")]


def test_an_area_managers_step_names_the_follow_up_duty_and_a_done_step_is_no_gap(tmp_path):
    root = repo(tmp_path, "legacy")
    late = [g for g in legacy_check(root, date(2027, 1, 1)) if g.staff == "chen-lei"]
    assert [(g.date, g.duty_id) for g in late] == [("2027-01-01", "area_manager/legacy-issues")]
    path = root / "records/legacy/L-2026-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("by: 2026-12-31}", "by: 2026-12-31, done: 2026-12-31}"),
                    encoding="utf-8")
    assert [g for g in legacy_check(root, date(2027, 1, 1)) if g.staff == "chen-lei"] == []


def test_a_problem_without_a_plan_asks_the_supervisor_for_one_and_a_closed_one_asks_nothing(tmp_path):
    root = repo(tmp_path, "legacy")
    path = root / "records/legacy/L-2026-03.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"plan:\n(  - .*\n)+", "plan: []\n", text), encoding="utf-8")
    gaps = [g for g in legacy_check(root, NOV) if "L-2026-03" in g.message]
    assert [(g.date, g.staff, g.duty_id, g.message, g.action) for g in gaps] == [
        ("2026-11-18", "zhang-wei", "supervisor/legacy-issue-plan", "遗留问题 L-2026-03（4栋部分住户未办理房产证）还没有处理计划",
         "制定处理计划：在 records/legacy/L-2026-03.md 的 plan 下写明每一步、负责人和期限")]
    path.write_text(re.sub(r"plan:\n(  - .*\n)+", "plan: []\nclosed: 2026-11-29\n", text), encoding="utf-8")
    assert [g for g in legacy_check(root, NOV) if "L-2026-03" in g.message] == []


def test_wutong_check_lists_both_registers_gaps(tmp_path):
    root = repo(tmp_path, "case", "legacy")
    result = wutong(root, "check", "--date", "2026-11-30", "--format", "json")
    gaps = json.loads(result.stdout)["gaps"]
    assert {g["duty_id"] for g in gaps if g["category"] in ("欠费案件", "遗留问题")} == {
        "supervisor/arrears-lawsuits", "supervisor/legacy-issue-plan"}


# -- the report ------------------------------------------------------------------------------------------------
def counted(root: Path, first: date, last: date) -> dict:
    """The cases section counted from the files' YAML alone."""
    closing = {"结案", "撤诉", "和解", "closed", "withdrawn", "settled"}
    opened = closed = open_end = 0
    month = total = Decimal(0)
    states: dict[str, int] = {}
    for path in sorted((root / "records/cases").glob("*.md")):
        data = front(path)
        events = [e for e in data.get("events") or [] if e["date"] <= last]
        end = next((e["date"] for e in events if e["stage"] in closing), None)
        opened += first <= data["opened"] <= last
        closed += end is not None and end >= first
        if end is None:
            open_end += 1
            state = events[-1]["stage"] if events else "已建档"
            states[state] = states.get(state, 0) + 1
        for e in events:
            if "amount" in e:
                total += Decimal(str(e["amount"]))
                month += Decimal(str(e["amount"])) if e["date"] >= first else 0
    return {"opened": opened, "closed": closed, "open": open_end, "states": states,
            "recovered_month": float(month), "recovered_total": float(total)}


def report_json(root: Path, month: str = "2026-11") -> dict:
    result = wutong(root, "report", "--month", month, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_cases_section_matches_a_count_of_the_files(tmp_path):
    root = repo(tmp_path, "case")
    cases = report_json(root)["cases"]
    expected = counted(root, date(2026, 11, 1), NOV)
    from wutong_docs.records.case import STATES
    got_states = {STATES[s]: n for s, n in cases["by_state"].items() if n}
    assert {k: cases[k] for k in ("opened", "closed", "open", "recovered_month", "recovered_total")} == {
        k: expected[k] for k in ("opened", "closed", "open", "recovered_month", "recovered_total")}
    assert got_states == expected["states"]
    assert (cases["open_start"], cases["closed_by_stage"]["settled"], cases["stalled"]) == (3, 1, 1)
    assert (cases["opened"], cases["closed"], cases["open"], cases["recovered_month"]) == (1, 1, 3, 2217.6)


def test_the_legacy_section_matches_a_count_of_the_files(tmp_path):
    root = repo(tmp_path, "legacy")
    legacy = report_json(root)["legacy"]
    first, steps, problems = date(2026, 11, 1), [], []
    for path in sorted((root / "records/legacy").glob("*.md")):
        data = front(path)
        problems.append(data)
        steps += data["plan"]
    assert legacy["open"] == sum(1 for p in problems if p["opened"] <= NOV and not p.get("closed"))
    assert legacy["opened"] == sum(1 for p in problems if first <= p["opened"] <= NOV)
    assert legacy["steps_due"] == sum(1 for s in steps if first <= s["by"] <= NOV)
    assert legacy["steps_done"] == sum(1 for s in steps if s.get("done") and first <= s["done"] <= NOV)
    assert legacy["steps_overdue"] == sum(1 for s in steps if s["by"] < NOV and not s.get("done"))
    assert [p["id"] for p in legacy["problems"]] == ["L-2026-01", "L-2026-02", "L-2026-03"]
    assert (legacy["open"], legacy["steps_due"], legacy["steps_done"], legacy["steps_overdue"]) == (3, 3, 2, 1)


def test_the_xlsx_sheets_hold_the_json_figures(tmp_path):
    root = repo(tmp_path, "case", "legacy")
    figures = report_json(root)
    out = tmp_path / "r.xlsx"
    assert wutong(root, "report", "--month", "2026-11", "--format", "xlsx", "-o", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    cells = {ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    cases = {row[0]: row[1] for row in cells["欠费案件"] if row and row[0]}
    c = figures["cases"]
    assert (cases["月初在办"], cases["本月新建"], cases["本月结案（含撤诉、和解）"], cases["月末在办"],
            cases["本月追回（元）"], cases["累计追回（元）"]) == (c["open_start"], c["opened"], c["closed"], c["open"],
                                                       c["recovered_month"], c["recovered_total"])
    legacy = {row[0]: row[1] for row in cells["历史遗留问题"] if row and row[0]}
    g = figures["legacy"]
    assert (legacy["月末未结"], legacy["本月到期的步骤"], legacy["本月完成的步骤"], legacy["月末逾期未完成的步骤"]) == (
        g["open"], g["steps_due"], g["steps_done"], g["steps_overdue"])
    ids = [row[0] for row in cells["历史遗留问题"] if row and isinstance(row[0], str) and row[0].startswith("L-")]
    assert ids == [p["id"] for p in g["problems"]]


# -- privacy ---------------------------------------------------------------------------------------------------
OWNER, PHONE = "孙淑珍", "13912345678"   # an owner of sample_desk's arrears list, and a mobile number
CASE_NAMES = ("3-1-602-1", "4-2-202-1", "7-2-202-1", "14-2-2202-1")   # the cases' file names: never on the site


def planted(tmp_path: Path) -> Path:
    root = repo(tmp_path, "case", "legacy")
    case = root / "records/cases/3-1-602-1.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "note: 法院已立案，等待开庭通知}", f"note: 法院已立案，{OWNER}电话{PHONE}}}") + f"业主{OWNER}，电话 {PHONE}。\n",
        encoding="utf-8")
    problem = root / "records/legacy/L-2026-01.md"
    problem.write_text(problem.read_text(encoding="utf-8").replace(
        "title: 7栋屋面防水渗漏（开发商遗留）", f"title: 7栋屋面防水渗漏（{OWNER}反映）").replace(
        "汇总7栋顶层渗漏住户", f"联系{OWNER}（{PHONE}）汇总7栋顶层渗漏住户") + f"顶层业主{OWNER}电话{PHONE}。\n",
        encoding="utf-8")
    return root


def test_no_planted_name_or_phone_reaches_the_report_or_the_check(tmp_path):
    root = planted(tmp_path)
    for fmt in ("json", "md", "html"):
        result = wutong(root, "report", "--month", "2026-11", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert OWNER not in result.stdout and PHONE not in result.stdout, fmt
    out = tmp_path / "r.xlsx"
    assert wutong(root, "report", "--month", "2026-11", "--format", "xlsx", "-o", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    text = " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert OWNER not in text and PHONE not in text
    for fmt in ("text", "json"):
        result = wutong(root, "check", "--date", "2027-01-01", "--format", fmt)
        assert OWNER not in result.stdout + result.stderr and PHONE not in result.stdout + result.stderr


def test_no_planted_name_phone_or_case_home_reaches_the_site(tmp_path):
    root = planted(tmp_path)
    site = tmp_path / "site"
    result = wutong(root, "build", "-d", str(site))
    assert result.exit_code == 0, result.stdout + result.stderr
    register = (site / "records/case/register.html").read_text(encoding="utf-8")
    assert "在办 3 件" in register and "立案阶段 1 件" in register
    assert (site / "records/legacy/L-2026-01.html").exists() and (site / "records/legacy/register.html").exists()
    leaks = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".md", ".ics"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [(path.name, s) for s in (OWNER, PHONE, *CASE_NAMES) if s in text]
    assert leaks == []
    assert "14-2-2202" not in register and "7-2-202" not in register
