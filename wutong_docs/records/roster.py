"""The duty roster 排班表, one YAML file a month: who is on duty each day, and who is on leave.

The duty book has the front desk and the area managers work 周一至周末 in turns,
and the supervisor submits the roster every month (提交排班表) and the attendance
by the 2nd (考勤表). `wutong check` asks this file who should have written a log
on a given day, weekends included, and never expects one from someone on leave.

Short to type: everyone works China's working days unless the file says
otherwise; `weekly` gives a person a different fixed week, `turns` lists who
covers each rest day, `leave` lists 请假 and 调休. The format is
handbook/reference/roster.md. Path: records/roster/YYYY-MM.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..core import problems as P
from ..core.dates import Month
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_date, choice, list_of, mappings, optional, read_fields, text
from ..read.yaml_lines import parse_yaml
from .common import STAFF, Ref, Source, check_path, source_of
from .kind import Kind

PATTERN = re.compile(r"^records/roster/[^/]+\.yml$")
EXAMPLE = "records/roster/2026-12.yml"
ABSENCES = {"leave": "请假", "comp": "调休"}
# as duties.yml writes weekdays (not imported: duties.py imports this package)
WEEKDAYS = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"}


@dataclass(frozen=True)
class Absence:
    """One leave (请假) or 调休 of one person, first to last day inclusive."""
    staff: str
    first: date
    last: date
    kind: str            # ABSENCES key
    note: str
    line: int


@dataclass(frozen=True)
class Roster:
    """One month's duty roster: who works which day, weekends and leave included."""
    month: str                                   # YYYY-MM
    weekly: dict[str, tuple[int, ...]]           # staff -> weekdays (0 = Monday), for those not on working days
    turns: dict[date, tuple[str, ...]]           # a rest day -> who is on duty
    absences: tuple[Absence, ...]
    source: Source
    refs: tuple[Ref, ...]

    def references(self):
        """The staff the roster names, for the cross-reference check."""
        yield from self.refs

    def absence(self, staff: str, day: date) -> Absence | None:
        """The leave that keeps `staff` away on `day`, if any."""
        return next((a for a in self.absences if a.staff == staff and a.first <= day <= a.last), None)

    def on_duty(self, staff: str, day: date, workday: bool, holiday: bool) -> bool:
        """Whether `staff` works on `day` (a working day? a statutory holiday?) by this roster."""
        if self.absence(staff, day):
            return False
        if staff in self.turns.get(day, ()):
            return True
        if staff in self.weekly:
            return day.weekday() in self.weekly[staff] and not holiday
        return workday


def path_for(month: str) -> str:
    """Where the roster of `month` (YYYY-MM) lives."""
    return f"records/roster/{month}.yml"


def _month(value: Any) -> str:
    try:
        Month.parse(value)
    except ValueError:
        raise Invalid(P.BAD_DATE, f"月份 {value} 写法不对，应写成 YYYY-MM，例如 2026-12") from None
    return value


def _weekdays(value: Any) -> tuple[int, ...]:
    names = list(WEEKDAYS)
    return tuple(names.index(d) for d in list_of(choice(WEEKDAYS))(value))


_TOP = {"month": Field(_month), "weekly": optional(mappings), "turns": optional(mappings), "leave": optional(mappings)}
_WEEKLY = {"staff": Field(text), "days": Field(_weekdays)}
_TURN = {"date": Field(a_date), "staff": Field(list_of(text))}
_LEAVE = {"staff": Field(text), "from": Field(a_date), "to": optional(a_date), "kind": optional(choice(ABSENCES)),
          "note": optional(text)}


@rule(P.ROSTER_OUTSIDE_MONTH, P.ROSTER_RANGE_REVERSED, P.ROSTER_ON_LEAVE, scope=READ)
def parse_text(content: str, rel: str) -> tuple[Roster | None, list[Problem]]:
    """Read one month's roster; every day outside the month, reversed range or clash is a problem on its line.

    WT941 排班表中的日期不在该月内
    处理：把这一天写到它所在月份的排班表（records/roster/YYYY-MM.yml）里；跨月的假期在两个月各写一段

    WT942 排班表中请假（或调休）的起日晚于止日
    处理：from 写第一天，to 写最后一天；只休一天不写 to

    WT943 同一个人同一天既排了值班又请假（或调休）
    处理：删去值班或请假中写错的一处；请假的人不能同时排班
    """
    doc, found = parse_yaml(content, rel)
    if doc is None:
        return None, found
    top = read_fields(doc, (), doc.data, _TOP, found, "排班表")
    if top is None or top["month"] is None:
        return None, found
    month = top["month"]
    found += check_path(doc, path_for(month), doc.line("month"))
    span = Month.parse(month)
    first, last = span.first, span.last
    refs: list[Ref] = []

    def outside(day: date, key: tuple, spans: bool = False) -> bool:
        if first <= day <= last:
            return False
        where = path_for(f"{day:%Y-%m}")
        fix = (f"跨月的请假或调休在两个月的排班表里各写一段，{month} 的写到 {(first if day < first else last):%m-%d}，"
               f"其余写到 {where}") if spans else f"写到 {where} 里"
        found.append(problem(P.ROSTER_OUTSIDE_MONTH, doc.path, doc.line(*key), f"{day} 不在 {month} 内：{fix}"))
        return True

    weekly = {}
    for i, item in enumerate(top["weekly"] or []):
        w = read_fields(doc, ("weekly", i), item, _WEEKLY, found, "每人的固定排法")
        if w and w["staff"] and w["days"] is not None:
            weekly[w["staff"]] = w["days"]
            refs.append(Ref(STAFF, w["staff"], doc.line("weekly", i, "staff")))
    turns: dict[date, tuple[str, ...]] = {}
    turn_lines: dict[tuple[date, str], int] = {}
    for i, item in enumerate(top["turns"] or []):
        t = read_fields(doc, ("turns", i), item, _TURN, found, "每个值班日")
        if not t or t["date"] is None or t["staff"] is None or outside(t["date"], ("turns", i, "date")):
            continue
        turns[t["date"]] = turns.get(t["date"], ()) + tuple(t["staff"])
        for j, who in enumerate(t["staff"]):
            refs.append(Ref(STAFF, who, doc.line("turns", i, "staff", j)))
            turn_lines[(t["date"], who)] = doc.line("turns", i, "staff", j)
    absences = []
    for i, item in enumerate(top["leave"] or []):
        key = ("leave", i)
        a = read_fields(doc, key, item, _LEAVE, found, "每段请假或调休")
        if not a or a["staff"] is None or a["from"] is None:
            continue
        refs.append(Ref(STAFF, a["staff"], doc.line(*key, "staff")))
        until = a["to"] or a["from"]
        if until < a["from"]:
            found.append(problem(P.ROSTER_RANGE_REVERSED, doc.path, doc.line(*key, "to"),
                                 f"from: {a['from']} 晚于 to: {until}：from 写第一天，to 写最后一天（只休一天不写 to）"))
            continue
        if outside(a["from"], key + ("from",), True) | outside(until, key + ("to",) if a["to"] else key + ("from",), True):
            continue
        absence = Absence(a["staff"], a["from"], until, a["kind"] or "leave", a["note"] or "", doc.line(*key))
        absences.append(absence)
        day = absence.first
        while day <= absence.last:
            if (day, absence.staff) in turn_lines:
                found.append(problem(P.ROSTER_ON_LEAVE, doc.path, turn_lines[(day, absence.staff)],
                                     f"{absence.staff} 在 {day} 排了值班，又在第 {absence.line} 行"
                                     f"{ABSENCES[absence.kind]}：删去写错的一处"))
            day += timedelta(days=1)
    return Roster(month, weekly, turns, tuple(absences), source_of(doc), tuple(refs)), found


KIND = Kind("roster", "排班表", PATTERN, EXAMPLE, Roster, parse_text=parse_text, path_for=path_for,
            published=False)
