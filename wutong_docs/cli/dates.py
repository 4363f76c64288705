"""The click option types for dates, times of day with a date, and months.

Every command option that takes a date (`new log/weekly/minutes --date`,
`new notice --posted`, `check --date`), a moment (`new slip --opened`) or a
month (`calendar --month`, `report --month`) uses one of these, so the accepted forms and the
range of years (dates.py: 2000–2099) are the same everywhere, and a bad value
is one Chinese line naming the option and the fix, with exit status 1, instead
of a traceback (9999-12-31 overflowed the next-day arithmetic) or a record
written under records/logs/1/.

Staff type dates and months the way they say them (issue 23): `2026年11月`,
`2026.11`, `11月`, `今天`, `昨天`, `12月7日`. Each type is a short table of
written forms, each form a pattern and what its groups mean; a form without a year
means this year, and 今天/昨天 count from today, both by Beijing's clock
(`core.dates.now`, asked at conversion time so a test can fix the clock).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import click

from ..core import dates as clock
from ..core.dates import FIRST_YEAR, LAST_YEAR, RANGE_TEXT, Month, year_in_range


class _Refused(click.ClickException):
    """A bad option value: one line, exit status 1 (click's own usage errors exit 2)."""


# 今天 and its neighbours: how many days before today each word means; the same for 本月 and 上月
RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "明天": -1}
RELATIVE_MONTHS = {"本月": 0, "这个月": 0, "上月": 1, "上个月": 1, "下月": -1, "下个月": -1}


def _numbers(match: re.Match) -> list[int | None]:
    return [int(g) if g else None for g in match.groups()]


class _Calendar(click.ParamType):
    forms: list[re.Pattern]  # each form's groups are (year, month[, day…]); a year group may be None: this year
    form: str                # the standard form, the placeholder in --help
    others: str              # the everyday forms, as the error lists them
    example: str
    parts: str  # what to check when the value does not exist
    spaced = False  # whether a space is part of the form (a moment's); elsewhere "2026 年 11 月" reads as 2026年11月

    def build(self, numbers: list[int]) -> object:
        raise NotImplementedError

    def get_metavar(self, *args, **kwargs) -> str:  # the form in --help, e.g. --date YYYY-MM-DD
        return self.form.strip('"')

    def words(self, text: str) -> object | None:
        """A day or month said in words (今天, 本月) as its value; None for any other text."""
        return None

    def convert(self, value, param, ctx):
        if isinstance(value, (date, Month)):
            return value  # already converted (a default, or a caller passing a date)
        option = "/".join(param.opts) if param is not None else "值"
        text = str(value).strip() if self.spaced else re.sub(r"\s+", "", str(value))
        said = self.words(text)
        if said is not None:
            return said
        numbers = next((_numbers(m) for form in self.forms if (m := form.fullmatch(text))), None)
        if numbers is None:
            also = f"；也可写 {self.others}" if self.others else ""
            raise _Refused(f"{option} {value} 写法不对：应写成 {self.form}，例如 {self.example}{also}")
        if numbers[0] is None:
            numbers[0] = clock.now().year
        if not year_in_range(numbers[0]):
            raise _Refused(f"{option} {value} 的年份不在 {RANGE_TEXT} 之间：请写 {FIRST_YEAR} 至 {LAST_YEAR} 年的"
                           f"{self.name}，例如 {self.example}")
        try:
            return self.build(numbers)
        except ValueError:
            raise _Refused(f"{option} {value} 不存在：请核对{self.parts}，例如 {self.example}") from None


class DayType(_Calendar):
    """YYYY-MM-DD, 2026年12月7日, 12月7日 (this year), 今天, 昨天 -> date."""
    name = "日期"
    forms = [re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
             re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]"),
             re.compile(r"()(\d{1,2})月(\d{1,2})[日号]")]
    form, example, parts = "YYYY-MM-DD", "2026-11-26", "月份和日"
    others = "2026年11月26日、11月26日（今年）、今天、昨天"

    def words(self, text):
        """今天, 昨天, 前天, 明天: that day by Beijing's clock."""
        back = RELATIVE_DAYS.get(text)
        return None if back is None else clock.now().date() - timedelta(days=back)

    def build(self, numbers):
        """The year, month and day as a date (ValueError for a day the month does not have)."""
        return date(*numbers)


class MomentType(_Calendar):
    """"YYYY-MM-DD HH:MM" -> datetime."""
    name = "日期时间"
    forms = [re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})")]
    form, example, parts = "\"YYYY-MM-DD HH:MM\"", "\"2026-11-26 09:30\"", "月份、日和时刻"
    others, spaced = "", True

    def build(self, numbers):
        """The year, month, day, hour and minute as a datetime (ValueError for an impossible day or time)."""
        return datetime(*numbers)


class MonthType(_Calendar):
    """YYYY-MM (the month may be one digit: 2026-1), 2026年11月, 2026.11, 11月 (this year) -> a Month."""
    name = "月份"
    forms = [re.compile(r"(\d{4})-(\d{1,2})"),
             re.compile(r"(\d{4})年(\d{1,2})月"),
             re.compile(r"(\d{4})\.(\d{1,2})"),
             re.compile(r"()(\d{1,2})月")]
    form, example, parts = "YYYY-MM", "2026-12", "月份（01–12）"
    others = "2026年12月、2026.12、12月（今年）、本月、上月"

    def words(self, text):
        """本月, 上月, 下月 (and 这个月, 上个月, 下个月): that month by Beijing's clock."""
        back = RELATIVE_MONTHS.get(text)
        return None if back is None else Month.of(clock.now().date()) - back

    def build(self, numbers):
        """The year and month as a Month (ValueError for month 0 or 13)."""
        return Month(*numbers)


DAY, MOMENT, MONTH = DayType(), MomentType(), MonthType()
