"""The monthly report 月报: the supervisor's 1st–10th statistics, computed from the records.

Read top to bottom: `slips.py`, `arrears.py`, `people.py` are pure functions from
the validated records to one section's figures each (`quality.py` the engineering
quality, `dunning.py` the dunning letters by the 20th, `trend.py` the 12-month
trend, `recorded.py` which months have any record: 无记录); `figures.py` gathers them
into the one dict the pinned JSON is (handbook 参考 › 月报); `render.py` turns that dict
into JSON, Markdown or HTML, `xlsx.py` into an Excel workbook (one sheet per
section). `attendance.py` makes the attendance sheet 考勤表 (one row per person, one
column per day). Nothing here writes a file: the CLI does, through
`output.write_file` (bytes for the Excel files).
"""

from __future__ import annotations

from pathlib import Path

from ...core.dates import Month, as_month

SUMMARY = "记录有 {{errors}} 个错误，未生成{what}：改正后再运行 {command}（wutong validate 可查看全部）"


def make_report(root: Path, month: Month | str, fmt: str) -> str | bytes:
    """The report of `month` (a Month, or "YYYY-MM") in `fmt` (json, md, html: text; xlsx, pdf: the file's bytes),
    from the whole repository once validated.

    Invalid records stop it (ProblemsError, every problem listed): a figure counted
    over a half-written slip would be a wrong figure sent to the office.
    """
    from ...validate.pipeline import validated
    from .figures import figures
    from .render import render

    month = as_month(month)
    report = validated(root, summary=SUMMARY.format(what="月报", command="wutong report"))
    if fmt == "xlsx":
        from .render import masked, title
        from .xlsx import workbook
        return workbook(masked(figures(report, month), report.known_names), report.org, title(report.org, month))
    return render(figures(report, month), report.org, report.known_names, fmt, root)


def make_attendance(root: Path, month: Month | str) -> bytes:
    """The attendance sheet 考勤表 of `month` as an .xlsx file, from the whole repository once validated."""
    from ...validate.pipeline import validated
    from .attendance import attendance, workbook

    report = validated(root, summary=SUMMARY.format(what="考勤表", command="wutong report attendance"))
    return workbook(attendance(report, month))
