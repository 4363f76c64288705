"""The weekly report 周报: area managers hand it in every Friday by 14:00.

The duty book: 每周五周报下午14点上交 (area managers), 周报的收齐及审核 (the
supervisor). One file per person per ISO week, with the time it was handed in,
so `wutong check` can tell a late report from a missing one.
Path: records/weekly/YYYY/YYYY-Www-<staff>.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..core import problems as P
from ..core.dates import RANGE_TEXT, year_in_range
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_datetime, text
from .common import STAFF, Ref, Source, sections, source_of
from .kind import WROTE, Kind, Read, SiteView, as_date, relations

PATTERN = re.compile(r"^records/weekly/\d{4}/[^/]+\.md$")
EXAMPLE = "records/weekly/2026/2026-W48-li-na.md"
SECTIONS = ("本周工作", "下周重点")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class WeeklyReport:
    """A staff member's weekly report (周报) for one ISO week."""
    week: str
    staff: str
    submitted: datetime | None
    sections: dict[str, str]
    source: Source
    lines: dict

    @property
    def monday(self) -> date:
        """The Monday of its week: the day the site files it under."""
        return week_monday(self.week)

    def references(self):
        """The author, for the cross-reference check."""
        if self.staff:
            yield Ref(STAFF, self.staff, self.lines["staff"])


def week_monday(week: str) -> date:
    """The Monday of an ISO week written 2026-W48."""
    year, number = WEEK.match(week).groups()
    return date.fromisocalendar(int(year), int(number), 1)


def week_of(day: date) -> str:
    """The ISO week of a day, written as weekly reports name it (2026-W48)."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


@rule(P.BAD_WEEK, scope=READ)
def a_week(value) -> str:
    """WT701 周报的周次写法不对
    处理：写成 ISO 周次 YYYY-Www，例如 2026-W48
    """
    m = WEEK.match(value) if isinstance(value, str) else None
    if m:
        if not year_in_range(int(m.group(1))):
            raise Invalid(P.DATE_OUT_OF_RANGE, f"周次 {value} 的年份不在 {RANGE_TEXT} 之间：请核对年份（例如 2026-W48）")
        try:
            week_monday(value)
            return value
        except ValueError:
            pass
    raise Invalid(P.BAD_WEEK, f"周次 {value} 写法不对，应写成 ISO 周次 YYYY-Www，例如 2026-W48")


SCHEMA = {"week": Field(a_week), "staff": Field(text), "submitted": Field(a_datetime)}


def path_for(week: str, staff: str) -> str:
    """Where the report of `staff` for `week` lives; validate and `wutong new weekly` agree on it."""
    return f"records/weekly/{week[:4]}/{week}-{staff}.md"


def _build(read: Read) -> WeeklyReport:
    doc, v = read.doc, read.values
    body = {name: text_ for name, (_, text_) in sections(doc.body).items()}
    return WeeklyReport(v["week"], v["staff"], v["submitted"], body, source_of(doc), read.lines)


@rule(P.SUBMITTED_BEFORE_WEEK, on=WeeklyReport)
def submitted_in_its_week(report: WeeklyReport, context) -> list[Problem]:
    """A weekly report is handed in during its week, not before it starts.

    WT702 周报的提交时间早于该周开始
    处理：核对 week 和 submitted：周报在本周内（周五 14:00 前）提交
    """
    if report.week and report.submitted and report.submitted.date() < report.monday:
        return [problem(P.SUBMITTED_BEFORE_WEEK, report.source.path, report.lines["submitted"],
                        f"提交时间 {report.submitted:%Y-%m-%d %H:%M} 早于 {report.week} 的第一天 "
                        f"{report.monday}：请核对周次或提交时间")]
    return []


KIND = Kind(
    "weekly", "周报", PATTERN, EXAMPLE, WeeklyReport, _build, SCHEMA, sections=SECTIONS, what="周报",
    expected_path=lambda v, doc: (path_for(v["week"], v["staff"]), "week") if v["week"] and v["staff"] else None,
    path_for=path_for, card="record_weekly.html.j2",
    site_view=SiteView(lambda r: r.monday if r.week else as_date(r.submitted),
                       lambda r: relations((WROTE, [r.staff])), lambda r: (r.week or "", r.staff or ""),
                       short=lambda r, day: r.week.split("-")[-1]))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
