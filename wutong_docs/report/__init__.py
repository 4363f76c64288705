"""The monthly report 月报: the supervisor's 1st–10th statistics, computed from the records.

Read top to bottom: `slips.py`, `arrears.py`, `people.py` are pure functions from
the validated records to one section's figures each (`quality.py` the engineering
quality, `dunning.py` the dunning letters by the 20th, `trend.py` the 12-month
trend, `recorded.py` which months have any record: 无记录); `figures.py` gathers them
into the one dict the pinned JSON is (README "月报"); `render.py` turns that dict
into JSON, Markdown or HTML. Nothing here writes a file: the CLI does, through
`output.write_file`.
"""

from __future__ import annotations

from pathlib import Path


def make_report(root: Path, month: str, fmt: str) -> str:
    """The report of `month` (YYYY-MM) in `fmt` (json, md, html), from the whole repository once validated.

    Invalid records stop it (ProblemsError, every problem listed): a figure counted
    over a half-written slip would be a wrong figure sent to the office.
    """
    from ..validate import validated
    from .figures import figures
    from .render import render

    report = validated(root, summary="记录有 {errors} 个错误，未生成月报：改正后再运行 wutong report（wutong validate 可查看全部）")
    return render(figures(report, month), report.org, report.known_names, fmt, root)
