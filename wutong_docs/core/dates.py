"""The years wutong accepts: 2000–2099, in records and on the command line alike.

Python's dates end at 9999-12-31, so a record or an option dated near the end
(or the start, 0001) makes the arithmetic every command does (the next day, the
slip's due date, the month's last day) overflow. No department record is older
than 2000 or later than 2099, and a date outside that span is a typing mistake
(0206 for 2026, 9999 as "never"), so one range is checked at every door: the
field converters of `fields.py`, `calendar.yml`'s `year`, and the click option
types of `cli_dates.py`. Inside that span every computation stays far from the
edges of `datetime`.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

FIRST_YEAR = 2000
LAST_YEAR = 2099
RANGE_TEXT = f"{FIRST_YEAR}–{LAST_YEAR}"


def year_in_range(year: int) -> bool:
    """Whether a year is one the records may carry (2000–2099): beyond it, a date is a typo, and date arithmetic stays
    safe.
    """
    return FIRST_YEAR <= year <= LAST_YEAR


CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")  # China has no daylight saving time


def now() -> datetime:
    """Now in Beijing, to the minute, without a time zone: the clock every record is written in."""
    return datetime.now(CHINA).replace(tzinfo=None, second=0, microsecond=0)


def days_in_month(year: int, month: int) -> int:
    """How many days a month has (leap years included): the one place month lengths come from."""
    return calendar.monthrange(year, month)[1]


def month_end(day: date) -> date:
    """The last day of `day`'s month (short months and leap years included)."""
    return day.replace(day=days_in_month(day.year, day.month))


def shift_month(month: str, months: int) -> str:
    """The month `months` after `month` (YYYY-MM; negative: before): the report's previous month and 12-month trend."""
    year, mon = (int(p) for p in month.split("-"))
    index = year * 12 + mon - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}"
