"""The supervisor's monthly analysis 月度分析与整改: `records/reports/YYYY-MM.md`, in the supervisor's own words.

The duty book gives the supervisor the 1st–10th of each month for statistics and
analysis. The statistics are computed (`wutong report`); the analysis is not: it
is what the supervisor writes about them (what went wrong, what will change).
The monthly report includes this body as written, as its section 分析与整改, so
the file's front matter is minimal: the month, who wrote it, and when (optional).
`wutong new report --month YYYY-MM` drafts it with the month's figures pre-filled
in the phrasing the reconciliation reads (`report/reconcile.py`), so the figures
it quotes are checked against the records like those of the monthly minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import problems as P
from ..core.dates import RANGE_TEXT, Month, year_in_range
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_date, optional, text
from .common import STAFF, Ref, Source, source_of
from .kind import WROTE, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/reports/[^/]+\.md$")
EXAMPLE = "records/reports/2026-11.md"


@dataclass(frozen=True)
class MonthlyAnalysis:
    """The supervisor's analysis of one month (分析与整改): who wrote it, when, and the text."""
    month: str            # YYYY-MM
    by: str
    date: date | None     # when it was written (optional)
    body: str
    source: Source
    lines: dict           # field -> line; "body": the line of the body's first non-blank line

    @property
    def first_day(self) -> date:
        """The month's first day: where the site files the analysis."""
        return Month.parse(self.month).first

    def references(self):
        """The author, for the cross-reference check."""
        if self.by:
            yield Ref(STAFF, self.by, self.lines["by"])


@rule(P.BAD_REPORT_MONTH, scope=READ)
def a_month(value: Any) -> str:
    """WT970 月度分析的月份写法不对
    处理：month 写成 YYYY-MM，例如 2026-11（文件名 records/reports/2026-11.md 与之相同）
    """
    try:
        month = Month.parse(value)
    except ValueError:
        raise Invalid(P.BAD_REPORT_MONTH, f"月份 {value} 写法不对，应写成 YYYY-MM，例如 2026-11") from None
    if not year_in_range(month.year):
        raise Invalid(P.BAD_REPORT_MONTH, f"月份 {value} 的年份不在 {RANGE_TEXT} 之间：请核对年份，例如 2026-11")
    return value


SCHEMA = {"month": Field(a_month), "by": Field(text), "date": optional(a_date)}


def path_for(month: str) -> str:
    """Where the analysis of `month` (YYYY-MM) lives; validate and `wutong new report` agree on it."""
    return f"records/reports/{month}.md"


def _build(read: Read) -> MonthlyAnalysis:
    doc, v, lines = read.doc, read.values, read.lines
    lead = doc.body[:len(doc.body) - len(doc.body.lstrip())]
    lines["body"] = doc.body_line + lead.count("\n")
    return MonthlyAnalysis(v["month"], v["by"], v["date"], doc.body.strip(), source_of(doc), lines)


@rule(P.REPORT_NOT_BY_SUPERVISOR, on=MonthlyAnalysis)
def written_by_the_supervisor(a: MonthlyAnalysis, context) -> list[Problem]:
    """The analysis is the supervisor's duty (职责说明：每月 1—10 日统计分析), so `by` names a supervisor.

    WT971 月度分析的撰写人不是主管
    处理：by 写主管的员工编号（org.yml 中 role: supervisor 的人）；代写的请在正文里注明
    """
    org = context.org
    if not a.by or org is None or a.by not in org.staff or org.staff[a.by].role == "supervisor":
        return []   # an unknown id is WT109's
    names = "、".join(f"{s.id}（{s.name}）" for s in org.by_role("supervisor")) or "（org.yml 中没有主管）"
    return [problem(P.REPORT_NOT_BY_SUPERVISOR, a.source.path, a.lines["by"],
                    f"by 写的是 {a.by}（{org.staff[a.by].name}），月度分析由主管撰写：改为 {names}")]


@rule(P.REPORT_BEFORE_MONTH, on=MonthlyAnalysis)
def written_after_the_month_began(a: MonthlyAnalysis, context) -> list[Problem]:
    """An analysis of a month cannot be written before that month began: the date or the month is mistyped.

    WT972 月度分析的日期早于该月
    处理：核对 date 和 month：分析写于该月之中或之后（通常是下月 1—10 日）
    """
    if a.month and a.date and a.date < a.first_day:
        return [problem(P.REPORT_BEFORE_MONTH, a.source.path, a.lines["date"],
                        f"date 写的是 {a.date}，早于所分析的月份 {a.month}：请核对 date 或 month")]
    return []


KIND = Kind(
    "reports", "月度分析", PATTERN, EXAMPLE, MonthlyAnalysis, _build, SCHEMA, body="本月的分析与整改措施",
    expected_path=lambda v, doc: (path_for(v["month"]), "month") if v["month"] else None,
    path_for=path_for,
    site_view=SiteView(lambda r: r.first_day if r.month else None, lambda r: relations((WROTE, [r.by])),
                       lambda r: (r.month or "",), short=lambda r, day: "月度分析"))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
