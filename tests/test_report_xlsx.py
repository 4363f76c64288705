"""The monthly report as Excel and the attendance sheet (issue 12): files opened with openpyxl, cells read as numbers.

On the frozen sample with a November 2026 roster (tests/fixtures/sample_desk). The
report's cells are compared with the JSON the same command prints; the attendance
marks are worked out again here from the roster YAML, the duty book and the log
files themselves (PyYAML and file names, not wutong's code).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import FIXTURES, copy_fixture, wutong
from wutong_docs.outputs.report.xlsx import PERCENT, Ctx, section_sheets, workbook

SAMPLE_DESK = FIXTURES / "sample_desk"
NUMBER = (int, float)


def _xlsx(root: Path, path: Path, *args: str):
    result = wutong(root, "report", *args, "-o", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"{path}\n"), result.output
    return load_workbook(path)


def _rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows()]


def _find(ws, label: str):
    """The row (cells) whose first cell is `label`."""
    return next(row for row in ws.iter_rows() if row[0].value == label)


@pytest.fixture(scope="module")
def report_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "月报.xlsx"
    book = _xlsx(SAMPLE_DESK, path, "--month", "2026-11", "--format", "xlsx")
    figures = json.loads(wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "json").stdout)
    return book, figures


def test_one_sheet_per_section_with_a_frozen_chinese_header(report_book):
    book, _ = report_book
    assert book.sheetnames == ["传递单", "趋势", "欠费", "工程质量", "人员", "前台", "满意度调查", "检查与整改",
                               "欠费案件", "历史遗留问题", "车位租用", "对外工作单", "分析与整改"]   # issue 22's registers
    for ws in book:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.b for cell in ws[1] if cell.value is not None)
    assert [c.value for c in book["人员"][1]][:4] == ["员工", "编号", "岗位", "在岗天数"]


def test_slip_cells_are_the_json_numbers(report_book):
    book, figures = report_book
    ws, slips = book["传递单"], figures["slips"]
    for label, key in (("开单", "opened"), ("已完成", "done"), ("按时完成", "done_on_time"), ("已回访", "revisited"),
                       ("满意", "satisfied"), ("重新打开", "reopened"), ("月末未关闭", "open_at_end"),
                       ("月末逾期", "overdue_at_end"), ("已作废", "cancelled")):
        now = _find(ws, label)[1]   # the previous month (October, nothing recorded): see the test below
        assert type(now.value) is int and now.value == slips[key], label
    rate = _find(ws, "按时完成率（按时 ÷ 已完成）")[1]
    assert rate.number_format == PERCENT and rate.value == round(slips["done_on_time"] / slips["done"], 4)
    assert _find(ws, "完成用时中位数（小时）")[1].value == slips["median_hours_to_done"]
    assert _find(ws, "完成率（已完成 ÷ 开单）")[2].value == "—"   # October: no slip, no rate
    area_a = [c.value for c in _find(ws, "A区")]
    assert area_a[1:7] == [*slips["by_area"]["A"].values(), sum(slips["by_area"]["A"].values())]
    assert [c.value for c in _find(ws, "合计")][1:7] == [*slips["by_category"].values(), slips["opened"]]


def test_arrears_cells_are_numbers_with_formats(report_book):
    book, figures = report_book
    ws, arrears = book["欠费"], figures["arrears"]
    for name, row in (("A区", arrears["by_area"]["A"]), ("D区", arrears["by_area"]["D"]), ("合计", arrears)):
        cells = _find(ws, name)
        assert [c.value for c in cells[1:7]] == [row["homes"], row["households_start"], row["households_end"],
                                                  row["amount_start"], row["amount_end"], row["collection_rate_end"]]
        assert all(isinstance(c.value, NUMBER) for c in cells[1:7])
        assert cells[4].number_format == "#,##0.00" and cells[6].number_format == PERCENT
    assert (_find(ws, "A区")[3].value, _find(ws, "合计")[1].value) == (16, 1301)


def test_people_and_desk_cells_are_the_json_numbers(report_book):
    book, figures = report_book
    ws = book["人员"]
    keys = ["duty_days", "log_days", "duty_days_without_log", "patrol_days", "weekly_on_time", "weekly_late",
            "weekly_missing", "meetings", "training"]
    for person in figures["people"]:
        cells = next(r for r in ws.iter_rows() if r[1].value == person["staff"])
        assert cells[0].value == person["name"]
        assert [c.value for c in cells[3:12]] == [person[k] if person[k] is not None else "—" for k in keys]
    li_na = next(r for r in ws.iter_rows() if r[1].value == "li-na")
    assert all(type(c.value) is int for c in li_na[3:12])
    desk = book["前台"]
    for fee in figures["desk"]["fees"]:
        assert [c.value for c in _find(desk, fee["label"])] == [fee["label"], fee["count"], fee["charged"], fee["total"]]
    assert _find(desk, "合计")[3].value == sum(f["total"] for f in figures["desk"]["fees"]) == 780


def test_column_widths_fit_the_chinese_text(report_book):
    book, _ = report_book
    people = book["人员"]
    assert people.column_dimensions["C"].width >= 2 * len("服务中心前台")   # a Chinese character is two columns wide
    assert people.column_dimensions["B"].width >= len("huang-jing")
    assert book["传递单"].column_dimensions["A"].width >= 2 * len("按时完成率（按时") + len(" ÷ ")


def test_a_section_without_a_sheet_function_still_gets_a_sheet(tmp_path):
    """A key added to the figures later (`extra` here) reaches the workbook before anyone lays it out."""
    from wutong_docs.reference.org import load_org

    org, _ = load_org(SAMPLE_DESK)
    figures = json.loads(wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "json").stdout)
    figures["extra"] = {"responses": 12, "satisfaction_rate": 0.9167,
                        "by_area": {"A": {"responses": 5, "satisfaction_rate": 0.8}},
                        "items": [{"item": "cleaning", "mean": 4.5}]}
    sheets = dict(section_sheets(figures, Ctx(org, "2026-11")))
    assert list(sheets)[-1] == "extra"
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook(figures, org, "月报"))
    ws = load_workbook(path)["extra"]
    assert [c.value for c in _find(ws, "responses")][:2] == ["responses", 12]
    rate = _find(ws, "satisfaction_rate")[1]
    assert (rate.value, rate.number_format) == (0.9167, PERCENT)
    assert [c.value for c in _find(ws, "A")][:3] == ["A", 5, 0.8]
    assert [c.value for c in _find(ws, "cleaning")][:2] == ["cleaning", 4.5]


def test_the_analysis_sheet_has_the_supervisors_paragraphs_or_says_it_is_missing(report_book, tmp_path):
    book, _ = report_book
    assert "主管尚未填写本月分析（wutong new report --month 2026-11）。" in [c.value for c in book["分析与整改"]["A"]]
    root = copy_fixture("sample_desk", tmp_path / "repo")
    (root / "records/reports").mkdir()
    (root / "records/reports/2026-11.md").write_text(
        "---\nmonth: 2026-11\nby: zhang-wei\n---\n## 一、本月概况\n\n报修集中在 3 栋，业主陈建国 13812345678 来电两次。\n",
        encoding="utf-8")
    ws = _xlsx(root, tmp_path / "月报.xlsx", "--month", "2026-11", "--format", "xlsx")["分析与整改"]
    cells = [c.value for c in ws["A"] if c.value]
    assert "## 一、本月概况" in cells and "13812345678" not in "".join(cells)
    assert any(c.startswith("报修集中在 3 栋") and "138****5678" in c for c in cells)


def test_the_survey_sheet_holds_the_json_rates_as_numbers(tmp_path):
    root = copy_fixture("sample_desk", tmp_path / "repo")   # with the survey test's surveys and items
    copy_fixture("report_survey/records", root / "records")
    with (root / "records/duties.yml").open("a", encoding="utf-8") as f:
        f.write((FIXTURES / "report_survey/survey_block.yml").read_text(encoding="utf-8"))
    book = _xlsx(root, tmp_path / "月报.xlsx", "--month", "2026-11", "--format", "xlsx")
    survey = json.loads(wutong(root, "report", "--month", "2026-11", "--format", "json").stdout)["survey"]
    ws = book["满意度调查"]
    assert survey["responses"] and len(survey["items"]) > 1
    for item in survey["items"]:
        row = _find(ws, item["label"])
        assert [c.value for c in row[1:5]] == [item["responses"], item["satisfied"], item["rate"], item["mean"]]
        assert row[3].number_format == PERCENT
    total = _find(ws, "合计")
    assert [c.value for c in total[1:4]] == [survey["responses"],
                                            sum(a["satisfied"] for a in survey["by_area"].values()), survey["rate"]]


def test_no_owner_name_or_phone_in_either_workbook(report_book, tmp_path):
    from test_report import _owners_and_phones

    attendance = _attendance(SAMPLE_DESK, tmp_path / "考勤表.xlsx", "2026-11").parent
    text = "\n".join(str(c.value) for book in (report_book[0], attendance) for ws in book for row in ws.iter_rows()
                     for c in row if c.value is not None)
    leaks = _owners_and_phones(SAMPLE_DESK)
    assert len(leaks) > 40 and "李娜" in text
    assert [x for x in leaks if x in text] == []


# --- the attendance sheet -----------------------------------------------------------------------------------------

def _log_roles(root: Path) -> set[str]:
    """The roles the duty book asks a daily log of (a duty anywhere under the role with record: log)."""
    def asks(node) -> bool:
        if isinstance(node, dict):
            return node.get("record") == "log" or any(asks(v) for v in node.values())
        return isinstance(node, list) and any(asks(v) for v in node)

    book = yaml.safe_load((root / "records/duties.yml").read_text(encoding="utf-8"))
    return {role["id"] for role in book["roles"] if asks(role)}


def expected_marks(root: Path, year: int, month: int, workdays) -> dict[str, list[str]]:
    """Each person's mark per day, from org.yml, the roster YAML (if any), the duty book and the log files."""
    org = yaml.safe_load((root / "records/org.yml").read_text(encoding="utf-8"))
    roster_path = root / f"records/roster/{year}-{month:02d}.yml"
    roster = yaml.safe_load(roster_path.read_text(encoding="utf-8")) if roster_path.exists() else {}
    turns = {(t["date"], who) for t in roster.get("turns") or [] for who in t["staff"]}
    leave = {}
    for item in roster.get("leave") or []:
        day = item["from"]
        while day <= item.get("to", item["from"]):
            leave[(day, item["staff"])] = {"leave": "请假", "comp": "调休"}[item.get("kind", "leave")]
            day += timedelta(days=1)
    loggers = _log_roles(root)
    first = date(year, month, 1)
    days = [first + timedelta(days=i) for i in range(31) if (first + timedelta(days=i)).month == month]
    marks = {}
    for person in org["staff"]:
        row = []
        for day in days:
            would_work = day in workdays or (day, person["id"]) in turns
            if not would_work:
                row.append("休")
            elif (day, person["id"]) in leave:
                row.append(leave[(day, person["id"])])
            else:
                log = root / f"records/logs/{day:%Y/%m/%Y-%m-%d}-{person['id']}.md"
                row.append("出勤△" if person["role"] in loggers and not log.exists() else "出勤")
        marks[person["id"]] = row
    return marks


NOVEMBER_WORKDAYS = {date(2026, 11, d) for d in range(1, 31) if date(2026, 11, d).weekday() < 5}  # no holiday
# 国务院办公厅 2026 年安排：10 月 1—7 日国庆放假，10 月 10 日（周六）调休上班
OCTOBER_WORKDAYS = ({date(2026, 10, d) for d in range(1, 32) if date(2026, 10, d).weekday() < 5}
                    - {date(2026, 10, d) for d in range(1, 8)}) | {date(2026, 10, 10)}


def _attendance(root: Path, path: Path, month: str):
    result = wutong(root, "report", "attendance", "--month", month, "-o", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"{path}\n"), result.output
    return load_workbook(path)["考勤表"]


def _grid(ws) -> dict[str, list]:
    """staff id -> the cells of the day columns and the four totals, from row 5 on."""
    return {row[1].value: row for row in ws.iter_rows(min_row=5) if row[1].value and row[2].value}


@pytest.fixture
def november(tmp_path) -> Path:
    """sample_desk with two more leaves: li-na Fri–Mon over a weekend she has no turn on, zhou-xue a 调休."""
    root = copy_fixture("sample_desk", tmp_path / "repo")
    roster = root / "records/roster/2026-11.yml"
    roster.write_text(roster.read_text(encoding="utf-8")
                      + "  - {staff: li-na, from: 2026-11-20, to: 2026-11-23, kind: leave, note: 年假}\n"
                      + "  - {staff: zhou-xue, from: 2026-11-09, kind: comp, note: 11-07 周六值班}\n", encoding="utf-8")
    return root


def test_attendance_marks_are_the_roster_and_the_logs(november, tmp_path):
    ws = _attendance(november, tmp_path / "考勤表.xlsx", "2026-11")
    expected = expected_marks(november, 2026, 11, NOVEMBER_WORKDAYS)
    grid = _grid(ws)
    assert list(grid) == list(expected)          # org.yml order
    for staff, marks in expected.items():
        row = grid[staff]
        assert [c.value for c in row[3:33]] == marks, staff
        totals = [c.value for c in row[33:37]]
        assert totals[:3] == [sum(m.startswith("出勤") for m in marks), marks.count("请假"), marks.count("调休")]
        assert all(type(v) is int for v in totals[:3])
    li_na = [c.value for c in grid["li-na"][3:33]]
    assert li_na[19:23] == ["请假", "休", "休", "请假"]      # the weekend inside her leave stays 休
    assert grid["zhou-xue"][3 + 8].value == "调休" and grid["liu-yang"][3 + 16].value == "请假"
    assert grid["li-na"][3].value == "出勤"                  # Sunday 11-01: her turn
    no_log = grid["li-na"][3 + 26]                           # 11-27: on duty, no log file
    assert no_log.value == "出勤△" and no_log.fill.fgColor.rgb.endswith("F4B6B6")
    assert [c.value for c in grid["li-na"][33:37]] == [22, 2, 0, expected["li-na"].count("出勤△")]
    assert [c.value for c in grid["zhang-wei"][33:37]] == [21, 0, 0, "—"]   # the supervisor writes no log


def test_attendance_header_title_and_shading(november, tmp_path):
    ws = _attendance(november, tmp_path / "考勤表.xlsx", "2026-11")
    assert ws["A1"].value == "梧桐墅客服部 2026 年 11 月考勤表"
    assert ws["A2"].value == "按排班表 records/roster/2026-11.yml（值班、请假、调休）"
    header, weekdays = [c.value for c in ws[3]], [c.value for c in ws[4]]
    assert header[:5] == ["姓名", "编号", "岗位", 1, 2] and header[32:] == [30, "出勤天数", "请假", "调休", "无日志"]
    assert "".join(weekdays[3:10]) == "日一二三四五六"
    assert ws.cell(row=3, column=4).fill.fgColor.rgb.endswith("D9D9D9")     # 11-01, a Sunday
    assert ws.cell(row=3, column=5).fill.fgColor.rgb.endswith("E7E6E6")     # 11-02, a Monday
    assert ws.freeze_panes == "D5"
    assert any(str(c.value).startswith("出勤△（红底）") for c in ws["A"])
    assert ws.column_dimensions["C"].width >= 2 * len("服务中心前台")


def test_attendance_agrees_with_the_reports_people_section(november, tmp_path):
    grid = _grid(_attendance(november, tmp_path / "考勤表.xlsx", "2026-11"))
    people = json.loads(wutong(november, "report", "--month", "2026-11", "--format", "json").stdout)["people"]
    for p in people:
        present, _, _, no_log = (c.value for c in grid[p["staff"]][33:37])
        assert (present, no_log) == (p["duty_days"], p["duty_days_without_log"] or "—")


def test_a_month_without_a_roster_is_the_working_days_and_says_so(tmp_path):
    ws = _attendance(SAMPLE_DESK, tmp_path / "十月.xlsx", "2026-10")
    assert ws["A2"].value == "本月没有排班表（records/roster/2026-10.yml）：按法定工作日（含调休上班日）记出勤，其余记休"
    expected = expected_marks(SAMPLE_DESK, 2026, 10, OCTOBER_WORKDAYS)
    grid = _grid(ws)
    for staff, marks in expected.items():
        assert [c.value for c in grid[staff][3:34]] == marks, staff
    assert [c.value for c in grid["li-na"][34:38]] == [18, 0, 0, 18]   # no October log in the sample
    assert [c.value for c in grid["zhang-wei"][3:13]] == ["休"] * 7 + ["出勤", "出勤", "出勤"]
    assert ws.cell(row=3, column=3 + 10).fill.fgColor.rgb.endswith("E7E6E6")  # 10-10, a make-up Saturday: not shaded


def test_report_options_before_attendance_are_taken(tmp_path):
    path = tmp_path / "a.xlsx"
    result = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "attendance", "-o", str(path))
    assert result.exit_code == 0 and load_workbook(path)["考勤表"]["A1"].value.endswith("11 月考勤表")


# --- bad input -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("--month", "2026-11", "--format", "xlsx"),
     "错误：xlsx 月报是 Excel 文件，不能输出到屏幕：请用 -o 写入文件，例如 -o 11月月报.xlsx\n"),
    (("attendance", "--month", "2026-11"),
     "错误：考勤表是 Excel 文件，不能输出到屏幕：请用 -o 写入文件，例如 -o 11月考勤表.xlsx\n"),
    (("--format", "md", "attendance", "--month", "2026-11", "-o", "x.xlsx"),
     "错误：考勤表只有 Excel（xlsx）一种格式：请去掉 --format\n"),
])
def test_excel_needs_a_file(args, message, monkeypatch):
    # the month's workbook is refused on a terminal only (click's runner is none, so one is stood in);
    # the attendance sheet always needs -o
    monkeypatch.setattr("wutong_docs.cli.report.stdout_is_terminal", lambda: True)
    result = wutong(SAMPLE_DESK, "report", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


@pytest.mark.parametrize("args", [("--format", "xlsx", "-o", "x.xlsx"), ("attendance", "-o", "x.xlsx")])
def test_a_missing_month(args):
    result = wutong(SAMPLE_DESK, "report", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("错误：缺少选项 --month：请加上 --month YYYY-MM\n")


@pytest.mark.parametrize("args", [("--format", "xlsx"), ("attendance",)])
def test_no_excel_file_is_written_into_records(tmp_path, args):
    root = copy_fixture("sample_desk", tmp_path / "repo")
    target = root / "records" / "考勤表.xlsx"
    result = wutong(root, "report", *args, "--month", "2026-11", "-o", str(target))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"错误：不能把输出写到 records/ 里（{target}）：这里是部门的记录；"
                             "请写到别处，例如仓库根目录下的新文件或仓库外的文件夹\n")
    assert not target.exists()


def test_an_existing_sheet_is_replaced_only_with_force(tmp_path):
    target = tmp_path / "考勤表.xlsx"
    target.write_bytes(b"old")
    result = wutong(SAMPLE_DESK, "report", "attendance", "--month", "2026-11", "-o", str(target))
    assert (result.exit_code, result.stderr) == (1, f"错误：{target} 已存在，未覆盖：要替换它请加 --force，或换一个文件名\n")
    assert target.read_bytes() == b"old"
    assert wutong(SAMPLE_DESK, "report", "attendance", "--month", "2026-11", "-o", str(target), "--force").exit_code == 0
    assert load_workbook(target)["考勤表"]["A1"].value == "梧桐墅客服部 2026 年 11 月考勤表"


@pytest.mark.parametrize("args, what", [(("attendance",), "考勤表：改正后再运行 wutong report attendance"),
                                        (("--format", "xlsx"), "月报：改正后再运行 wutong report")])
def test_invalid_records_stop_the_sheet(tmp_path, args, what):
    root = copy_fixture("sample_desk", tmp_path / "repo")
    slip = root / "records/slips/2026/11/S-20261102-li-na-01.md"
    slip.write_text(slip.read_text(encoding="utf-8").replace("category: ", "category: 天气 #", 1), encoding="utf-8")
    target = tmp_path / "out.xlsx"
    result = wutong(root, "report", *args, "--month", "2026-11", "-o", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("records/slips/2026/11/S-20261102-li-na-01.md:")
    assert " error " in result.stderr.splitlines()[0]
    assert result.stderr.endswith(f"错误：记录有 1 个错误，未生成{what}（wutong validate 可查看全部）\n")
    assert not target.exists()


@pytest.mark.parametrize("path", [("report",), ("report", "attendance")])
def test_help_is_chinese_with_examples(path):
    result = wutong(SAMPLE_DESK, *path, "--help")
    assert result.exit_code == 0
    assert "例：" in result.stdout and "wutong report attendance --month 2026-11 -o 11月考勤表.xlsx" in result.stdout
    assert "Usage" not in result.stdout and "Options" not in result.stdout


def test_a_previous_month_without_records_says_so_not_zero(report_book):
    book, figures = report_book
    assert figures["slips"]["previous"]["recorded"] is False   # the frozen sample has nothing in October
    ws = book["传递单"]
    assert [c.value for c in _find(ws, "开单")][:3] == ["开单", figures["slips"]["opened"], "无记录"]
    assert _find(ws, "已完成")[2].value == "—"
