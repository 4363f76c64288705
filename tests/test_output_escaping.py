"""Outputs escape for where they go: record text is never a formula in Excel, never breaks the phone calendar.

A line of the supervisor's analysis or a staff name starting with "=" was written
into both workbooks as a live formula; a staff name with a line break ended
`wutong calendar --format ics` in a traceback. Here the workbooks are opened
with openpyxl and the calendar is read back with icalendar's parser, as a
spreadsheet program and a phone would read them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from conftest import SAMPLE, copy_fixture, wutong
from wutong_docs.reference.org import Org, load_org
from wutong_docs.outputs.report import xlsx
from wutong_docs.outputs.report.attendance import AttendanceSheet, Row
from wutong_docs.outputs.report.attendance import workbook as attendance_workbook

ORG = "records/org.yml"
LEADS = ("=", "+", "-", "@", "\t", "\r")


# --- the workbooks ----------------------------------------------------------------------------------------------

ANALYSIS_LINES = ['=HYPERLINK("http://x","y")', "+1+1 项已整改", "-2 户未回访", "@SUM(A1)", "#N/A",
                  "本月\x01平稳，字面上的 _x0041_ 照写。"]
# a formula-like line with a phone in it: the workbook's second masking pass rewrites it, and it stays text
MASKED_LINE = ('=HYPERLINK("tel:13912340012","回电")', '=HYPERLINK("tel:139****0012","回电")')
STAFF_NAMES = {"zhang-wei": "=1+1", "li-na": "+李娜", "chen-lei": "-陈磊", "liu-yang": "@刘洋"}
AREA_NAME = "=A区"


def _planted(tmp_path: Path) -> Path:
    """sample_desk with formula-like staff and area names in org.yml and a November analysis of such lines."""
    root = copy_fixture("sample_desk", tmp_path / "repo")
    org = (root / ORG).read_text(encoding="utf-8")
    for staff, name in STAFF_NAMES.items():
        org = re.sub(rf"(id: {staff}, name: )[^,]+", lambda m: f'{m.group(1)}"{name}"', org)
    org = org.replace("{id: A, name: A区,", f'{{id: A, name: "{AREA_NAME}",')
    (root / ORG).write_text(org, encoding="utf-8")
    (root / "records/reports").mkdir()
    body = "\n\n".join([*ANALYSIS_LINES, MASKED_LINE[0]])
    (root / "records/reports/2026-11.md").write_text(f"---\nmonth: 2026-11\nby: zhang-wei\n---\n{body}\n",
                                                     encoding="utf-8")
    return root


def _texts(book) -> dict[str, list]:
    """Every text of the workbook as Excel shows it (OOXML's _xHHHH_ escapes decoded) -> its cells."""
    texts: dict[str, list] = {}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts.setdefault(unescape(cell.value), []).append(cell)
    return texts


def _no_formula_or_error_cell(book) -> None:
    for ws in book:
        assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type in ("f", "e")] == [], ws.title


def test_both_workbooks_hold_formula_like_text_as_the_text_typed(tmp_path):
    root = _planted(tmp_path)
    assert wutong(root, "validate").exit_code == 0
    report_path, sheet_path = tmp_path / "月报.xlsx", tmp_path / "考勤表.xlsx"
    for args, path in ((("--month", "2026-11", "--format", "xlsx"), report_path),
                       (("attendance", "--month", "2026-11"), sheet_path)):
        result = wutong(root, "report", *args, "-o", str(path))
        assert (result.exit_code, result.stderr) == (0, f"{path}\n"), result.output
    report, sheet = load_workbook(report_path), load_workbook(sheet_path)
    for book in (report, sheet):
        _no_formula_or_error_cell(book)
    in_report, in_sheet = _texts(report), _texts(sheet)
    for text in [*ANALYSIS_LINES, *STAFF_NAMES.values(), AREA_NAME]:
        assert text in in_report, text
    for name in STAFF_NAMES.values():
        assert name in in_sheet, name
    # Excel's leading-apostrophe mark: editing such a cell keeps it text, too
    for text in [*ANALYSIS_LINES[:5], MASKED_LINE[1]]:
        assert all(c.quotePrefix for c in in_report[text]), text
    assert MASKED_LINE[0] not in in_report
    assert all(c.quotePrefix for c in in_sheet["=1+1"])
    assert not any(c.quotePrefix for c in in_report["本月\x01平稳，字面上的 _x0041_ 照写。"])


def test_text_starting_with_a_tab_or_cr_is_text_and_numbers_stay_numbers(tmp_path):
    typed = ["=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1", "=", "a\r\nb", "#REF!"]
    figures = {"month": "2026-11", "extra": {"values": typed, "amount": -12.5, "count": -3}}
    path = tmp_path / "月报.xlsx"
    path.write_bytes(xlsx.workbook(figures, Org(), "A&B 客服部 2026 年 11 月月报"))
    ws = load_workbook(path)["extra"]
    _no_formula_or_error_cell([ws])
    cells = {unescape(c.value): c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert [t for t in typed if t not in cells] == []
    assert all(cells[t].quotePrefix for t in typed if t.startswith(LEADS))
    numbers = {row[0].value: row[1] for row in ws.iter_rows() if row[0].value in ("amount", "count")}
    assert [(c.value, c.data_type) for c in numbers.values()] == [(-12.5, "n"), (-3, "n")]
    # "&" starts a code in Excel's page header: written as "&&", printed as "&"
    assert ws.oddHeader.center.text == "A&&B 客服部 2026 年 11 月月报 · extra"


def test_the_attendance_sheet_writes_every_text_through_the_same_guard(tmp_path):
    typed = ["=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1"]
    rows = tuple(Row(f"s{i}", name, "=岗位", (), 0, 0, 0, None) for i, name in enumerate(typed))
    sheet = AttendanceSheet("2026-11", "=标题", "@说明", (), rows)
    path = tmp_path / "考勤表.xlsx"
    path.write_bytes(attendance_workbook(sheet))
    book = load_workbook(path)
    _no_formula_or_error_cell(book)
    cells = _texts(book)
    assert [t for t in [*typed, "=岗位", "=标题", "@说明"] if t not in cells] == []
    assert all(c.quotePrefix for t in typed for c in cells[t])


# --- the phone calendar -----------------------------------------------------------------------------------------

def _with_li_na_named(tmp_path: Path, name: str) -> Path:
    """The sample with li-na's name written as `name` (a YAML scalar as it stands in the file)."""
    root = copy_fixture("sample", tmp_path / "repo")
    org = (root / ORG).read_text(encoding="utf-8")
    (root / ORG).write_text(org.replace("name: 李娜,", f"name: {name},", 1), encoding="utf-8")
    return root


def _ics(root: Path, path: Path):
    """`wutong calendar --format ics` of li-na's December into `path`: the file a phone is given."""
    return wutong(root, "calendar", "--staff", "li-na", "--month", "2026-12", "--format", "ics", "-o", str(path))


def test_a_line_break_in_a_staff_name_is_refused_with_its_code_not_a_traceback(tmp_path):
    root = _with_li_na_named(tmp_path, r'"李\r\n娜"')
    result = _ics(root, tmp_path / "李娜.ics")
    assert (result.exit_code, result.stdout, (tmp_path / "李娜.ics").exists()) == (1, "", False)
    assert result.stderr == (
        "records/org.yml:7: error WT206 员工 li-na 的姓名“李\\r\\n娜”里有看不见的控制字符（回车 \\r、换行 \\n）："
        "请删掉，写成一行\n"
        "错误：records/org.yml 缺失或有错误：请按上面的提示改正（wutong validate records/org.yml 可再次检查），再生成日历\n")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Calendar:
    path = tmp_path_factory.mktemp("ics") / "李娜.ics"
    result = _ics(SAMPLE, path)
    assert result.exit_code == 0, result.output
    return Calendar.from_ical(path.read_bytes())


AWKWARD = {   # the names themselves; written into org.yml as JSON strings (a YAML double-quoted scalar)
    "long": "欧阳" + "长名字" * 40,
    "punctuation": '李;娜,\\n\\某 "引号" :冒号',
    "emoji": "李娜👩‍👩‍👧‍👦🇨🇳✌🏽",
    "all": "张" * 30 + ";,\\;" + "👨‍💻" * 10 + "a\\\\" * 5,
}


@pytest.mark.parametrize("case", AWKWARD)
def test_awkward_but_legal_names_give_a_calendar_a_strict_parser_reads_whole(tmp_path, baseline, case):
    name = AWKWARD[case]
    root = _with_li_na_named(tmp_path, json.dumps(name, ensure_ascii=False))
    assert load_org(root)[0].staff["li-na"].name == name
    result = _ics(root, tmp_path / "李娜.ics")
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "李娜.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and [line for line in lines if b"\r" in line or b"\n" in line] == []
    assert max(len(line) for line in lines) <= 75          # octets, folded by icalendar
    cal = Calendar.from_ical(raw)
    events, expected = cal.walk("VEVENT"), baseline.walk("VEVENT")
    assert len(events) == len(expected) > 100
    assert [str(e["summary"]) for e in events] == [str(e["summary"]) for e in expected]
    # X-WR-CALNAME is TEXT: escaped on the way out, the name itself once unescaped as a phone does
    shown = _unescape_text(cal["X-WR-CALNAME"].to_ical().decode("utf-8"))
    assert shown == str(baseline["X-WR-CALNAME"]).replace("李娜", name)


def _unescape_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT, decoded in one pass (icalendar parses X-WR-CALNAME as an unknown value and leaves it
    escaped, and its own unescape_char reads an escaped backslash before "n" as a line break)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


# --- org.yml: what is refused and what is not ---------------------------------------------------------------------

def _org_problems(tmp_path: Path, name_yaml: str) -> list[str]:
    root = tmp_path / "org"
    (root / "records").mkdir(parents=True)
    (root / ORG).write_text("staff:\n  - {id: li-na, name: %s, role: front_desk}\n"
                            "departments: []\nareas: []\nbuildings: []\n" % name_yaml, encoding="utf-8")
    return [p.as_text() for p in load_org(root)[1]]


@pytest.mark.parametrize("written, shown, named", [
    (r'"李\t娜"', r"李\t娜", r"制表符 \t"),
    (r'"李\n娜"', r"李\n娜", r"换行 \n"),
    (r'"李\r娜"', r"李\r娜", r"回车 \r"),
    (r'"李\u2028娜"', r"李\u2028娜", r"行分隔符 \u2028"),
    (r'"李\u2029娜"', r"李\u2029娜", r"段分隔符 \u2029"),
    (r'"李\x7f娜"', r"李\x7f娜", "控制字符 U+007F"),
    (r'"李\x85娜"', r"李\x85娜", "控制字符 U+0085"),
    (r'"李\x1b[31m娜"', r"李\x1b[31m娜", "控制字符 U+001B"),
    (r'"\u202e娜李"', r"\u202e娜李", "文字方向控制符 U+202E"),
])
def test_an_invisible_character_in_a_name_is_refused_at_its_line(tmp_path, written, shown, named):
    assert _org_problems(tmp_path, written) == [
        f"{ORG}:2: error WT206 员工 li-na 的姓名“{shown}”里有看不见的控制字符（{named}）：请删掉，写成一行"]


@pytest.mark.parametrize("written", ['"  李娜\\n"', "李娜👩‍👩‍👧‍👦", '"李;娜,\\\\"', '"=1+1"', "Zoë"])
def test_legal_names_are_not_refused(tmp_path, written):
    assert _org_problems(tmp_path, written) == []



def test_a_cell_the_last_masking_pass_rewrites_stays_text():
    """A sheet may put a phone together from parts; the workbook's last masking pass (`xlsx.to_bytes`) rewrites
    that cell, and a text starting with "=" must not become a formula on the way."""
    from io import BytesIO

    from openpyxl import Workbook

    from wutong_docs.outputs.report.xlsx import text_cell, to_bytes

    book = Workbook()
    text_cell(book.active["A1"], '=HYPERLINK("tel:13912340012","回电")')
    saved = load_workbook(BytesIO(to_bytes(book)))
    cell = saved.active["A1"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("tel:139****0012","回电")')
