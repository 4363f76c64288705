"""The click option types for dates, times of day with a date, and months.

Every command option that takes a date (`new log/weekly/minutes --date`,
`new notice --posted`, `check --date`), a moment (`new slip --opened`) or a
month (`calendar --month`) uses one of these, so the accepted forms and the
range of years (dates.py: 2000–2099) are the same everywhere, and a bad value
is one Chinese line naming the option and the fix, with exit status 1, instead
of a traceback (9999-12-31 overflowed the next-day arithmetic) or a record
written under records/logs/1/.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import click

from ..core.dates import FIRST_YEAR, LAST_YEAR, RANGE_TEXT, Month, year_in_range


class _Refused(click.ClickException):
    """A bad option value: one line, exit status 1 (click's own usage errors exit 2)."""


class _Calendar(click.ParamType):
    pattern: re.Pattern
    form: str
    example: str
    parts: str  # what to check when the value does not exist

    def parse(self, match: re.Match) -> object:
        raise NotImplementedError

    def get_metavar(self, *args, **kwargs) -> str:  # the form in --help, e.g. --date YYYY-MM-DD
        return self.form.strip('"')

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value  # already converted (a default, or a caller passing a date)
        option = "/".join(param.opts) if param is not None else "值"
        text = str(value).strip()
        match = self.pattern.match(text)
        if not match:
            raise _Refused(f"{option} {value} 写法不对：应写成 {self.form}，例如 {self.example}")
        if not year_in_range(int(match.group(1))):
            raise _Refused(f"{option} {value} 的年份不在 {RANGE_TEXT} 之间：请写 {FIRST_YEAR} 至 {LAST_YEAR} 年的"
                           f"{self.name}，例如 {self.example}")
        try:
            return self.parse(match)
        except ValueError:
            raise _Refused(f"{option} {value} 不存在：请核对{self.parts}，例如 {self.example}") from None


class DayType(_Calendar):
    """YYYY-MM-DD -> date."""
    name = "日期"
    pattern = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    form, example, parts = "YYYY-MM-DD", "2026-11-26", "月份和日"

    def parse(self, match):
        """The matched YYYY-MM-DD as a date (ValueError for a day the month does not have)."""
        return date(*(int(g) for g in match.groups()))


class MomentType(_Calendar):
    """"YYYY-MM-DD HH:MM" -> datetime."""
    name = "日期时间"
    pattern = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")
    form, example, parts = "\"YYYY-MM-DD HH:MM\"", "\"2026-11-26 09:30\"", "月份、日和时刻"

    def parse(self, match):
        """The matched "YYYY-MM-DD HH:MM" as a datetime (ValueError for an impossible day or time)."""
        return datetime(*(int(g) for g in match.groups()))


class MonthType(_Calendar):
    """YYYY-MM (the month may be one digit: 2026-1) -> a Month."""
    name = "月份"
    pattern = re.compile(r"^(\d{4})-(\d{1,2})$")
    form, example, parts = "YYYY-MM", "2026-12", "月份（01–12）"

    def parse(self, match):
        """The matched YYYY-MM as a Month (ValueError for month 0 or 13)."""
        return Month(*(int(g) for g in match.groups()))


DAY, MOMENT, MONTH = DayType(), MomentType(), MonthType()
