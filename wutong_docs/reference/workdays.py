"""China's working days: statutory holidays off, make-up working days (调休) on.

The duty book's 周一至周五 means China's working days. Three sources, in order:
1. `records/calendar.yml`: days the supervisor copied from the State Council's
   notice (国务院办公厅关于某年部分节假日安排的通知). A year listed there is
   taken entirely from it, and it always wins.
2. `chinesecalendar`: the official calendar of every year it knows (it knows only
   announced years; 1.11.0 knows 2004-2026).
3. An estimate for any other year: weekends off, and the statutory holidays the
   `holidays` package computes (lunar dates included), without make-up days.
   Every calendar that uses an estimated day says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import chinese_calendar
from chinese_calendar.constants import Holiday

from ..core import problems as P
from ..core.dates import RANGE_TEXT, year_in_range
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, a_date, an_int, mappings, optional, read_fields, text
from ..read.files import read_text
from ..read.yaml_lines import parse_yaml

CALENDAR_PATH = "records/calendar.yml"

OFFICIAL, RECORDS, ESTIMATE = "official", "records", "estimate"

_CHINESE_NAMES = {h.value: h.chinese for h in Holiday}
_ESTIMATE_NAMES = {
    "New Year's Day": "元旦", "Chinese New Year's Eve": "春节", "Chinese New Year (Spring Festival)": "春节",
    "Tomb-Sweeping Day": "清明节", "Labor Day": "劳动节", "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节", "National Day": "国庆节",
}


@dataclass(frozen=True)
class Day:
    """Whether a day is a working day, why (holiday, make-up day) and how sure we are (official, records, estimate)."""
    date: date
    workday: bool
    holiday: str | None      # the holiday's Chinese name, on a day off or a make-up working day
    makeup: bool             # a weekend day that is a working day (调休上班)
    source: str              # OFFICIAL | RECORDS | ESTIMATE

    @property
    def estimated(self) -> bool:
        """Whether the status is only estimated (no calendar.yml entry for the year yet)."""
        return self.source == ESTIMATE


@dataclass(frozen=True)
class Overrides:
    """The days of `records/calendar.yml`, by year."""
    off: dict[date, str]
    on: dict[date, str]
    years: frozenset[int]


NO_OVERRIDES = Overrides({}, {}, frozenset())

_RANGE = {"from": Field(a_date), "to": optional(a_date), "name": Field(text)}
_WORKDAY = {"date": Field(a_date), "name": optional(text)}
_YEAR = {"year": Field(an_int), "source": optional(text), "holidays": optional(mappings), "workdays": optional(mappings)}


@rule(P.CALENDAR_OUTSIDE_YEAR, P.CALENDAR_DAY_BOTH, P.CALENDAR_RANGE_REVERSED, P.CALENDAR_YEAR_TWICE, scope=READ)
def load_overrides(root: Path) -> tuple[Overrides, list[Problem]]:
    """WT803 records/calendar.yml 中的日期不在所写的年份内
    处理：把该日期移到对应年份（year）下

    WT805 records/calendar.yml 中同一天既是放假日又是调休上班日
    处理：对照国务院通知，从 holidays 的日期段或 workdays 中删去写错的一处

    WT806 records/calendar.yml 中假期的 from 晚于 to
    处理：把 from 改成假期第一天、to 改成最后一天（只放一天可不写 to）

    WT807 records/calendar.yml 中同一年份写了两次
    处理：把两处的 holidays 和 workdays 合并到一个 year 下，删去另一处
    """
    path = root / CALENDAR_PATH
    if not os.path.lexists(path):  # a link or a pipe is there: read_text says why it is not read
        return NO_OVERRIDES, []
    content, found = read_text(path, CALENDAR_PATH)
    doc, more = parse_yaml(content, CALENDAR_PATH) if content is not None else (None, [])
    found += more
    if doc is None:
        return NO_OVERRIDES, found
    top = read_fields(doc, (), doc.data, {"years": optional(mappings)}, found, "calendar.yml")
    off, on, years = {}, {}, {}
    off_lines: dict[date, int] = {}

    def in_year(day: date | None, year: int, *key) -> bool:
        if day is not None and day.year != year:
            found.append(problem(P.CALENDAR_OUTSIDE_YEAR, doc.path, doc.line(*key),
                                 f"{day} 不在 {year} 年内：请把它写到 year: {day.year} 下"))
            return False
        return day is not None

    for y, item in enumerate((top or {}).get("years") or []):
        entry = read_fields(doc, ("years", y), item, _YEAR, found, "每一年")
        if not entry or entry["year"] is None:
            continue
        year, year_line = entry["year"], doc.line("years", y, "year")
        if not year_in_range(year):
            found.append(problem(P.DATE_OUT_OF_RANGE, doc.path, year_line,
                                 f"year: {year} 不在 {RANGE_TEXT} 之间：写公历四位年份，例如 year: 2027"))
            continue
        if year in years:
            found.append(problem(P.CALENDAR_YEAR_TWICE, doc.path, year_line,
                                 f"year: {year} 写了两次（第一次在第 {years[year]} 行）："
                                 "把这一处的 holidays 和 workdays 合并到第一处，删去这一处"))
            continue
        years[year] = year_line
        for i, h in enumerate(entry["holidays"] or []):
            key = ("years", y, "holidays", i)
            r = read_fields(doc, key, h, _RANGE, found, "每段假期")
            if not (r and in_year(r["from"], year, *key) and in_year(r["to"] or r["from"], year, *key)):
                continue
            last = r["to"] or r["from"]
            if last < r["from"]:
                found.append(problem(P.CALENDAR_RANGE_REVERSED, doc.path, doc.line(*key, "to"),
                                     f"{r['name']}的 from: {r['from']} 晚于 to: {last}，这段假期会整段丢失："
                                     "from 写第一天，to 写最后一天"))
                continue
            for ordinal in range(r["from"].toordinal(), last.toordinal() + 1):
                off[date.fromordinal(ordinal)] = r["name"]
                off_lines[date.fromordinal(ordinal)] = doc.line(*key)
        for i, w in enumerate(entry["workdays"] or []):
            key = ("years", y, "workdays", i)
            r = read_fields(doc, key, w, _WORKDAY, found, "每个调休上班日")
            if not (r and in_year(r["date"], year, *key)):
                continue
            if r["date"] in off:
                found.append(problem(P.CALENDAR_DAY_BOTH, doc.path, doc.line(*key, "date"),
                                     f"{r['date']} 既写在第 {off_lines[r['date']]} 行的放假日期（{off[r['date']]}）里，"
                                     "又写成调休上班日：对照国务院通知删去写错的一处"))
                continue
            on[r["date"]] = r["name"] or "调休上班"
    return Overrides(off, on, frozenset(years)), found


@lru_cache(maxsize=None)
def _estimated_holidays(year: int) -> dict[date, str]:
    import holidays as holiday_rules  # here, not at the top: it takes longer to import than a warm validation's checks

    return {d: _ESTIMATE_NAMES.get(name.replace(" (observed)", ""), name)
            for d, name in holiday_rules.China(years=year).items()}


@lru_cache(maxsize=None)
def _official_known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def day_info(day: date, overrides: Overrides = NO_OVERRIDES) -> Day:
    """A day's working status: calendar.yml when it lists the year, else chinese_calendar's official days, else an estimate."""
    weekend = day.weekday() >= 5
    if day.year in overrides.years:
        if day in overrides.on:
            return Day(day, True, overrides.on[day], weekend, RECORDS)
        if day in overrides.off:
            return Day(day, False, overrides.off[day], False, RECORDS)
        return Day(day, not weekend, None, False, RECORDS)
    if _official_known(day.year):
        return _official_day(day)
    name = _estimated_holidays(day.year).get(day)
    return Day(day, not weekend and name is None, name, False, ESTIMATE)


def workday_after(day: date, count: int, overrides: Overrides = NO_OVERRIDES) -> date:
    """The `count`-th working day after `day` (adjusted working days count, rest days do not): a deadline given in
    working days, as a slip's close after its return visit or a work order's answer."""
    left = count
    while left:
        day += timedelta(days=1)
        left -= day_info(day, overrides).workday
    return day


@lru_cache(maxsize=8192)
def _official_day(day: date) -> Day:
    """chinese_calendar's word on one day, kept: each of its lookups scans its whole table of holidays (about 25 µs),
    and a check over five years of slips asks for the same working days thousands of times."""
    _, name = chinese_calendar.get_holiday_detail(day)
    workday = chinese_calendar.is_workday(day)
    chinese = _CHINESE_NAMES.get(name) if name else None
    return Day(day, workday, chinese, workday and day.weekday() >= 5, OFFICIAL)
