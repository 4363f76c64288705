"""Dates in wutong: the years it accepts (2000–2099), Beijing's clock, and the `Month` value.

Python's dates end at 9999-12-31, so a record or an option dated near the end
(or the start, 0001) makes the arithmetic every command does (the next day, the
slip's due date, the month's last day) overflow. No department record is older
than 2000 or later than 2099, and a date outside that span is a typing mistake
(0206 for 2026, 9999 as "never"), so one range is checked at every door: the
field converters of `read/fields.py`, `calendar.yml`'s `year`, and the click option
types of `cli/dates.py`. Inside that span every computation stays far from the
edges of `datetime`.

A month (the report's, the roster's, the analysis's, the calendar's) is a `Month`,
not "YYYY-MM" text cut apart where it is needed: it is read once, and its first and
last day, the month before and its Chinese name come from one place.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
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


# \d, as the month fields and --month always read: digits typed full-width (２０２６-１１) are digits too
_MONTH_TEXT = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """One calendar month, written 2026-11: the unit the report, the roster, the analysis and the calendar work in.

    A value (frozen, hashable, ordered by year then month), so a month is a dict key and
    `a < b` means "earlier". It is read from text once (`Month.parse`) or taken from a date
    (`Month.of`); everything else (first and last day, the month before, its Chinese name,
    its records folder) is asked of it rather than cut out of the "YYYY-MM" text.
    Whether the year is one the records may carry (2000–2099) is the caller's question
    (`year_in_range`), asked right after parsing: a Month holds any four-digit year, so
    0000-01 is read and then refused for its year, not for its form; its days need a
    year a `date` can hold (1–9999).
    """
    year: int
    month: int   # 1–12

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} of {self.year} is not a month: it must be 1–12")
        if not 0 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is not a four-digit year (0000–9999)")

    @classmethod
    def parse(cls, text: str) -> Month:
        """ "2026-11" as a Month; ValueError (saying what is wrong, in English) for any other text.

        Only the written form the records and file names use is read: four digits, a hyphen,
        two digits. Callers turn the ValueError into their own Chinese message.
        """
        found = _MONTH_TEXT.fullmatch(text) if isinstance(text, str) else None
        if found is None:
            raise ValueError(f"{text!r} is not a month: write it YYYY-MM, e.g. 2026-11")
        year, month = int(found.group(1)), int(found.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a month: the month must be 01–12")
        if year < 1:   # date() has no year 0: 0000-01 is a typo, not a month
            raise ValueError(f"{text!r} is not a month: the year must be 0001 or later")
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Month:
        """The month `day` (a date or a datetime) falls in."""
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __format__(self, spec: str) -> str:
        """f"{month}" is 2026-11; with a date format, its first day's: f"{month:%Y/%m}" is 2026/11, as for a date."""
        return self.first.__format__(spec) if spec else str(self)

    def label(self, *, year: bool = True, spaced: bool = False) -> str:
        """The month as Chinese text says it: 2026年11月; without the year 11月.

        `spaced` puts a space between figures and characters (2026 年 11 月, 11 月), as the report's prose does.
        """
        gap = " " if spaced else ""
        number = f"{self.month}{gap}月"
        return f"{self.year}{gap}年{gap}{number}" if year else number

    @property
    def folder(self) -> str:
        """2026/11: how records filed by month are foldered (records/slips/2026/11/…)."""
        return f"{self.year:04d}/{self.month:02d}"

    @property
    def first(self) -> date:
        """The month's first day."""
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """The month's last day (30 or 31; February 28 or 29)."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def days(self) -> list[date]:
        """Every day of the month, the first to the last."""
        first = self.first
        return [first + timedelta(days=i) for i in range(self.last.day)]

    def __contains__(self, day: date) -> bool:
        """Whether `day` (a date or a datetime) falls in this month."""
        return day.month == self.month and day.year == self.year

    def shift(self, months: int) -> Month:
        """The month `months` later (negative: earlier), across year ends: 2026-01 shifted by -1 is 2025-12."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        return self.shift(months)

    def __sub__(self, other):
        """`month - 1` is the month before; `month - other` the number of months from `other` to `month`."""
        if isinstance(other, Month):
            return (self.year - other.year) * 12 + self.month - other.month
        if isinstance(other, int):
            return self.shift(-other)
        return NotImplemented


def as_month(value: Month | str) -> Month:
    """A Month from a Month or from "YYYY-MM" text (what the command line and the tests pass): read once, at the
    door.
    """
    return value if isinstance(value, Month) else Month.parse(value)


def shift_month(month: str, months: int) -> str:
    """`Month.shift` for "YYYY-MM" text, as text (kept for the callers that hold text; the package uses `Month`)."""
    return str(Month.parse(month).shift(months))
