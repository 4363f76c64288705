"""When a dated duty falls due: the one rule the calendar and `wutong check` share.

The duty book names a day ("每周五", "2日前", "每月28号前"); China's calendar
decides whether that day is worked. Before this module the calendar dropped a
Friday that was a holiday while the check still expected a report that day,
and a deadline on a Sunday stayed on the Sunday. Now both ask `occurrences`:

- a weekly duty on a working weekday (周五周报) whose day is a rest day moves
  to the last working day of that week (Monday..Sunday), or lapses when the
  week has none (the Spring Festival week);
- a monthly deadline (`by_day`) on a rest day moves to the previous working
  day, even into the month before (2日前 on 1–7 October → 30 September);
- a weekend duty (周末顶岗, `weekday: [sat, sun]`) is done on those days when
  they are rest days, never moved: it exists because they are rest days.

A cadence may say otherwise with `on_rest_day` (duties.yml): `week` (the
weekly default), `previous`, `next`, `keep` or `lapse`. Every moved
occurrence carries its reason ("提前自 10-02（国庆节）"), which the calendar
prints beside the day and the check in its message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..core.dates import Month
from .workdays import Overrides, day_info

if TYPE_CHECKING:  # duties.py reads `on_rest_day` with the values below
    from .duty_book import Cadence

WEEK, PREVIOUS, NEXT, KEEP, LAPSE = "week", "previous", "next", "keep", "lapse"
ON_REST_DAY = {
    WEEK: "改到本周最后一个工作日，本周没有工作日则免",
    PREVIOUS: "提前到前一个工作日",
    NEXT: "顺延到后一个工作日",
    KEEP: "仍在原日",
    LAPSE: "当次免做",
}
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_SEARCH = 40  # days looked at around a rest day: longer than any holiday (Spring Festival: 9 days)


@dataclass(frozen=True)
class Due:
    """One occurrence of a dated duty: the day the duty book names, the day it is due, and why they differ."""
    nominal: date
    day: date
    note: str = ""          # "" when not moved; else "提前自 10-02（国庆节）" / "顺延自 12-20（周日）"


def dated(c: Cadence) -> bool:
    """A cadence with days of its own that the rest-day rule applies to."""
    return (c.every == "week" and bool(c.weekdays)) or (c.every == "month" and c.by_day is not None)


def rest_reason(day: date, overrides: Overrides) -> str:
    """Why `day` is not worked, as staff say it: the holiday's name, else the weekday (周日)."""
    info = day_info(day, overrides)
    return info.holiday if info.holiday and not info.workday else WEEKDAY_NAMES[day.weekday()]


def _workday(day: date, overrides: Overrides) -> bool:
    return day_info(day, overrides).workday


def _moved(nominal: date, rule: str, overrides: Overrides) -> date | None:
    """The day a duty named for the rest day `nominal` is due under `rule`, or None when it lapses."""
    if rule == KEEP:
        return nominal
    if rule == WEEK:
        monday = nominal - timedelta(days=nominal.weekday())
        worked = [monday + timedelta(days=i) for i in range(7) if _workday(monday + timedelta(days=i), overrides)]
        return worked[-1] if worked else None
    if rule in (PREVIOUS, NEXT):
        step = timedelta(days=-1 if rule == PREVIOUS else 1)
        day = nominal
        for _ in range(_SEARCH):
            day += step
            if _workday(day, overrides):
                return day
    return None


def _note(nominal: date, day: date, overrides: Overrides) -> str:
    how = "提前自" if day < nominal else "顺延自"
    return f"{how} {nominal:%m-%d}（{rest_reason(nominal, overrides)}）"


def _nominal_days(c: Cadence, first: date, last: date):
    """The days the duty book names between `first` and `last`, as (day, a rest-day duty?)."""
    day = first
    while day <= last:
        if c.every == "week" and day.weekday() in c.weekdays:
            yield day, day.weekday() >= 5
        elif c.every == "month" and day.day == min(c.by_day, Month.of(day).last.day):
            yield day, False
        day += timedelta(days=1)


def occurrences(c: Cadence, first: date, last: date, overrides: Overrides) -> list[Due]:
    """Every occurrence of the dated cadence `c` that is due between `first` and `last` (inclusive).

    Nominal days a little outside the span are looked at too, because a rest day
    just after `last` can move into it (30 September holds October's 2日前).
    """
    if not dated(c):
        return []
    rule = c.on_rest_day or (WEEK if c.every == "week" else PREVIOUS)
    found = []
    for nominal, weekend_duty in _nominal_days(c, first - timedelta(days=_SEARCH), last + timedelta(days=_SEARCH)):
        if weekend_duty:  # 周末顶岗: on the weekend days that are rest days, as they are
            day = None if _workday(nominal, overrides) else nominal
        elif _workday(nominal, overrides):
            day = nominal
        else:
            day = _moved(nominal, rule, overrides)
        if day is not None and first <= day <= last:
            found.append(Due(nominal, day, _note(nominal, day, overrides) if day != nominal else ""))
    return found
