"""The attendance sheet 考勤表 the office wants by the 2nd: one row per person, one column per day of the month.

Two steps. `attendance(report, month)` computes the sheet as plain values (who,
which mark on which day, the totals), so a test can check it without Excel;
`workbook(sheet)` lays it out with openpyxl and returns the .xlsx file's bytes.

Each day's mark comes from the same answer the daily check and the report's
people section use (`check.expected_at_work`: the month's roster where there is
one, else China's working days), so the sheet, `wutong check` and the report never
disagree about who was at work:
- 出勤: on duty that day;
- 请假 / 调休: a day the person would have worked, taken off by the roster's `leave`
  (a leave that runs over a rest day marks that day 休: it is no working day lost);
- 休: not on duty (a rest day, or not on that person's fixed week).
A duty day without a daily log, for the roles the duty book asks a log of
(`people.writes_logs`), reads 出勤△ on a red fill: still 出勤 for the office (the
person was there), with a mark the supervisor sees that survives a black-and-white
printout and an Excel filter, and short enough for 31 day columns on one A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ...check.duty_gaps import expected_at_work
from ...core.dates import Month, as_month
from ...core.privacy import mask
from ...records.log import DailyLog
from ...records.roster import ABSENCES, Roster, path_for
from ...reference.org import ROLES
from ...reference.workdays import day_info
from .people import writes_logs

PRESENT, REST = "出勤", "休"
NO_LOG = "△"                       # appended to 出勤: on duty, no daily log
WEEKDAYS = "一二三四五六日"
TOTALS = ("出勤天数", "请假", "调休", "无日志")
NOT_ASKED = "—"                    # 无日志 of a role the duty book asks no log of


@dataclass(frozen=True)
class Day:
    """One column: the date, its weekday (一…日), and whether it is a rest day (weekend or holiday, shaded)."""
    date: date
    weekday: str
    rest: bool


@dataclass(frozen=True)
class Row:
    """One person: the mark of every day, and the totals at the right."""
    staff: str
    name: str
    role: str                      # the Chinese role name
    marks: tuple[str, ...]         # one per day: 出勤, 出勤△, 休, 请假, 调休
    present: int
    leave: int
    comp: int
    no_log: int | None             # None: the role writes no daily log


@dataclass(frozen=True)
class AttendanceSheet:
    """The month's attendance, ready to lay out: title, the basis it was computed on, days and rows."""
    month: str                     # YYYY-MM
    title: str
    basis: str                     # the note row: roster or working days
    days: tuple[Day, ...]
    rows: tuple[Row, ...]


def legend() -> list[str]:
    """What the marks mean, printed under the table."""
    return [f"{PRESENT}：当天在岗；{REST}：休息日或按排班不上班；{ABSENCES['leave']}、{ABSENCES['comp']}："
            "排班表 leave 中记的、本应上班的日子（跨过休息日的，休息日仍记“休”）。",
            f"{PRESENT}{NO_LOG}（红底）：在岗但当天没有工作日志，只查职责说明要求写日志的岗位；"
            f"出勤天数照常计入。“{NOT_ASKED}”表示该岗位不写工作日志。灰底列为休息日（周末和法定节假日）。"]


def _mark(person: str, day: date, roster: Roster | None, rosters: dict, plan: dict, overrides) -> str:
    if expected_at_work(person, day, rosters, overrides):
        return PRESENT
    absence = roster.absence(person, day) if roster else None
    if absence and expected_at_work(person, day, plan, overrides):
        return ABSENCES[absence.kind]
    return REST


def attendance(report, month: Month | str) -> AttendanceSheet:
    """The attendance of `month` (a Month or "YYYY-MM") from validated records (`validate.validated`'s report)."""
    org, book, overrides = report.org, report.duties, report.overrides
    known = report.known_names
    month = as_month(month)
    days, text = month.days(), str(month)   # the roster names its month as text
    roster = next((r for r in report.records if isinstance(r, Roster) and r.month == text), None)
    rosters = {text: roster} if roster else {}
    plan = {text: replace(roster, absences=())} if roster else {}   # the roster as if nobody took leave
    logs = {(r.staff, r.date) for r in report.records if isinstance(r, DailyLog) and r.date in days}
    rows = []
    for person in org.staff.values():
        asked = writes_logs(book, person.role)
        marks = []
        for day in days:
            mark = _mark(person.id, day, roster, rosters, plan, overrides)
            if mark == PRESENT and asked and (person.id, day) not in logs:
                mark += NO_LOG
            marks.append(mark)
        rows.append(Row(person.id, mask(person.name, known), ROLES.get(person.role, person.role), tuple(marks),
                        present=sum(m.startswith(PRESENT) for m in marks),
                        leave=marks.count(ABSENCES["leave"]), comp=marks.count(ABSENCES["comp"]),
                        no_log=sum(m.endswith(NO_LOG) for m in marks) if asked else None))
    basis = (f"按排班表 {path_for(text)}（值班、请假、调休）" if roster
             else f"本月没有排班表（{path_for(text)}）：按法定工作日（含调休上班日）记出勤，其余记休")
    title = f"{mask(org.estate or '', known)}客服部 {month.label(spaced=True)}考勤表"
    return AttendanceSheet(text, title, basis,
                           tuple(Day(d, WEEKDAYS[d.weekday()], not day_info(d, overrides).workday) for d in days),
                           tuple(rows))


# -- the workbook ---------------------------------------------------------------------------------------------
FIRST_DAY_COLUMN = 4               # 姓名, 编号, 岗位, then the days
HEADER_ROW = 3                     # title, note, then day numbers; weekdays below them


def workbook(sheet: AttendanceSheet) -> bytes:
    """The sheet as an .xlsx file: title and note rows, two header rows (day, weekday), names and headers frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from .xlsx import display_width, fit_widths, print_setup, put, styles, to_bytes, write

    style = styles()
    rest_fill, red_fill = PatternFill("solid", fgColor="D9D9D9"), PatternFill("solid", fgColor="F4B6B6")
    wb = Workbook()
    ws = wb.active
    ws.title = "考勤表"
    wb.properties.title, wb.properties.creator = sheet.title, "wutong"
    last = FIRST_DAY_COLUMN + len(sheet.days) + len(TOTALS) - 1
    write(ws, 1, 1, sheet.title).font = style["title"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(row=1, column=1).alignment = style["center"]
    write(ws, 2, 1, sheet.basis).font = style["note"]
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)

    widths: dict[int, int] = {}

    def header(row: int, column: int, value, fill=None):
        cell = put(ws, row, column, value, style)
        cell.font, cell.alignment, cell.fill = style["header_font"], style["center"], fill or style["header_fill"]
        widths[column] = max(widths.get(column, 0), display_width(value))

    for column, text in enumerate(("姓名", "编号", "岗位"), 1):
        header(HEADER_ROW, column, text)
        header(HEADER_ROW + 1, column, "")
        ws.merge_cells(start_row=HEADER_ROW, start_column=column, end_row=HEADER_ROW + 1, end_column=column)
    for i, day in enumerate(sheet.days):
        fill = rest_fill if day.rest else None
        header(HEADER_ROW, FIRST_DAY_COLUMN + i, day.date.day, fill)
        header(HEADER_ROW + 1, FIRST_DAY_COLUMN + i, day.weekday, fill)
    totals_at = FIRST_DAY_COLUMN + len(sheet.days)
    for j, text in enumerate(TOTALS):
        header(HEADER_ROW, totals_at + j, text)
        header(HEADER_ROW + 1, totals_at + j, "")
        ws.merge_cells(start_row=HEADER_ROW, start_column=totals_at + j, end_row=HEADER_ROW + 1,
                       end_column=totals_at + j)

    row = HEADER_ROW + 2
    for person in sheet.rows:
        for column, value in enumerate((person.name, person.staff, person.role), 1):
            put(ws, row, column, value, style)
            widths[column] = max(widths.get(column, 0), display_width(value))
        for i, (day, mark) in enumerate(zip(sheet.days, person.marks)):
            cell = put(ws, row, FIRST_DAY_COLUMN + i, mark, style)
            cell.alignment = style["center"]
            if mark.endswith(NO_LOG):
                cell.fill, cell.font = red_fill, Font(color="9C0006", bold=True)
            elif day.rest:
                cell.fill = rest_fill
            widths[FIRST_DAY_COLUMN + i] = max(widths.get(FIRST_DAY_COLUMN + i, 0), display_width(mark))
        for j, value in enumerate((person.present, person.leave, person.comp,
                                   NOT_ASKED if person.no_log is None else person.no_log)):
            put(ws, row, totals_at + j, value, style).alignment = style["center"]
        row += 1
    row += 1
    for line in legend():
        write(ws, row, 1, line).font = style["note"]
        row += 1
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 2, column=FIRST_DAY_COLUMN)
    days = range(FIRST_DAY_COLUMN, totals_at)
    fit_widths(ws, {c: w for c, w in widths.items() if c not in days})
    fit_widths(ws, {c: w for c, w in widths.items() if c in days}, least=4, pad=1)  # 31 columns on one page
    print_setup(ws, sheet.title, landscape=True)
    return to_bytes(wb)
