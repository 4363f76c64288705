"""A role's month, worked out from the duty book and China's working days.

`month_plan` turns every duty (and every standard with a timing of its own)
into dated `Item`s: what falls on a given day goes into that day; what has no
day of its own (every day of the week alike, "each week" without a weekday,
each quarter or year, standing rules) goes into the plan's notes, so a printed month
stays readable. The renderers (html, md, ics) only lay this out.

Which day a weekly duty or a monthly deadline lands on is `due.occurrences`,
the same function `wutong check` asks; a moved item's label says why.
"""

from __future__ import annotations

import calendar as month_grid
from dataclasses import dataclass, field, replace
from datetime import date, time

from ...core.dates import Month
from ...reference.due import Due, occurrences
from ...reference.duty_book import END, Cadence, DutyBook, Role
from ...reference.evidence import proof_line
from ...reference.org import Org, Staff
from ...reference.workdays import Day, Overrides, day_info

DAY_ITEM, DEADLINE, RANGE_START, RANGE_END, WEEKLY = "day", "deadline", "range-start", "range-end", "weekly"
EVERY_DAY = "每天（周一至周末）"   # the notes' group of what is done every day, working or not


@dataclass(frozen=True)
class Item:
    """One thing to do on one day."""
    kind: str                       # DAY_ITEM | DEADLINE | RANGE_START | RANGE_END | WEEKLY
    text: str
    start: time | None = None
    end: time | None = None
    label: str = ""                 # the time as staff say it: "08:25–09:00", "18:00 前", "每日2次"
    duty: str = ""                  # the duty's id
    moved_from: date | None = None  # the day the duty book names, when a rest day moved it here (due.py)
    short: str = ""                 # the duty book's short name, for a cell or a phone event
    proof: str = ""                 # "记录：…" (evidence.proof_line, no folders); "" for a period's standard

    @property
    def name(self) -> str:
        """What a cell or a phone event shows: the short name, else the duty's text."""
        return self.short or self.text


@dataclass(frozen=True)
class Note:
    """A duty with no day of its own, listed once under the grid."""
    group: str                      # "每天（周一至周末）", "每周", "每季度", "每年", "常设规定", or a day range
    label: str
    text: str
    duty: str = ""
    days: tuple[int, int] | None = None   # for a day range: its first and last day this month
    cadence: Cadence | None = None        # for an every-day duty: its times, for the iCalendar events
    short: str = ""
    proof: str = ""                       # "记录：…" (evidence.proof_line, no folders)

    @property
    def name(self) -> str:
        """What a list line or a phone event shows: the short name, else the duty's text."""
        return self.short or self.text


@dataclass
class DayPlan:
    """One day of a month plan: whether it is a working day (`Day`) and the duties that fall on it, in time order."""
    day: Day
    items: list[Item] = field(default_factory=list)

    @property
    def date(self) -> date:
        """The calendar date, so templates need not reach into `day`."""
        return self.day.date


@dataclass
class MonthPlan:
    """Everything a month calendar shows, worked out once and laid out by `render` as HTML, Markdown or iCalendar."""
    role: Role
    year: int
    month: int
    days: list[DayPlan]
    notes: list[Note]
    staff: Staff | None = None
    area: str | None = None         # "A区（1、2、3栋）" for an area manager's own calendar
    overrides: Overrides | None = None  # the working-day calendar, for days just outside the month

    @property
    def label(self) -> str:
        """The month as the calendar's title names it: 2026年11月."""
        return Month(self.year, self.month).label()

    @property
    def estimated_days(self) -> list[DayPlan]:
        """Days whose holiday status is only estimated (no calendar.yml entry yet): the calendar warns about them."""
        return [d for d in self.days if d.day.estimated]

    def weeks(self) -> list[list[DayPlan | None]]:
        """The month as weeks Monday..Sunday, None outside the month."""
        by_date = {d.date: d for d in self.days}
        return [[by_date.get(day) if day.month == self.month else None for day in week]
                for week in month_grid.Calendar().monthdatescalendar(self.year, self.month)]


def _clock(t: time) -> str:
    return f"{t:%H:%M}"


def time_label(c: Cadence) -> str:
    """A cadence's time of day as the calendar prints it (08:25–09:00, 14:00 前); empty when it has none."""
    if c.windows:
        return "、".join(f"{_clock(a)}–{_clock(b)}" for a, b in c.windows)
    if c.start:
        return f"{_clock(c.start)}–{_clock(c.end)}"
    if c.at:
        return _clock(c.at)
    if c.before:
        return f"{_clock(c.before)} 前"
    if c.times:
        return f"每日{c.times}次"
    return ""


def _day_item(kind: str, text: str, c: Cadence, duty: str, short: str = "") -> Item:
    start = c.start or c.at or c.before or (c.windows[0][0] if c.windows else None)
    end = c.end or (c.windows[-1][1] if c.windows else None)
    return Item(kind, text, start, end, time_label(c), duty, short=short)


def _proven(found: list, since: int, proof: str) -> None:
    """Give what `_timed` just added (found[since:]) the duty's proof."""
    found[since:] = [replace(x, proof=proof) for x in found[since:]]


def _moved(item: Item, due: Due) -> Item:
    """The item on the day it is due; when a rest day moved it, its label says from where and why."""
    if not due.note:
        return item
    return replace(item, label=f"{item.label}，{due.note}" if item.label else due.note, moved_from=due.nominal)


def _timed(c: Cadence, text: str, duty: str, days: list[DayPlan], notes: list[Note], month: Month,
           overrides: Overrides, short: str = ""):
    """Place one cadence of one duty on the month's days, or in the notes."""
    if c.is_rule:
        limit = "不得过夜" if c.limit_days == 0 else f"不超过 {c.limit_days} 天"
        notes.append(Note("常设规定", limit, text, duty, short=short))
    elif c.every == "workday":
        for d in days:
            if d.day.workday:
                d.items.append(_day_item(DAY_ITEM, text, c, duty, short))
    elif c.every == "day":
        notes.append(Note(EVERY_DAY, time_label(c), text, duty, cadence=c, short=short))
    elif c.every == "week":
        if not c.weekdays:
            notes.append(Note("每周（职责说明未定星期几）", "每周", text, duty, short=short))
            return
        for due in occurrences(c, days[0].date, days[-1].date, overrides):
            days[due.day.day - 1].items.append(_moved(_day_item(WEEKLY, text, c, duty, short), due))
    elif c.every == "month":
        last = month.last.day
        if c.by_day:
            for due in occurrences(c, days[0].date, days[-1].date, overrides):
                days[due.day.day - 1].items.append(
                    _moved(Item(DEADLINE, text, label=f"{c.by_day}日前", duty=duty, short=short), due))
        elif c.days:
            # a range starting after a short month's end (31 in November) starts on its last day
            first, final = min(c.days[0], last), min(c.days[1], last)
            span = f"{first}日–{'月末' if c.days[1] == END else f'{final}日'}"
            notes.append(Note(span, span, text, duty, (first, final), short=short))
    elif c.every == "quarter":
        notes.append(Note("每季度", "每季度一次", text, duty, short=short))
    elif c.every == "year":  # like a quarter's: listed under the grid, its deadline (by) in the label
        label = f"每年 {c.by[0]}月{c.by[1]}日前" if c.by else "每年一次"
        notes.append(Note("每年", label, text, duty, short=short))


def month_plan(book: DutyBook, role_id: str, year: int, month: int, overrides: Overrides,
               org: Org | None = None, staff: Staff | None = None) -> MonthPlan:
    """Lay every duty of a role over one month: working days from calendar.yml, items per day, notes for what has no
    day.
    """
    role = book.roles[role_id]
    whole = Month(year, month)
    days = [DayPlan(day_info(day, overrides)) for day in whole.days()]
    notes: list[Note] = []
    for duty in role.duties:
        before = (len(notes), [len(d.items) for d in days])
        _timed(duty.cadence, duty.text, duty.id, days, notes, whole, overrides, duty.short or "")
        for standard in duty.standards:
            if standard.cadence:
                _timed(standard.cadence, standard.text, duty.id, days, notes, whole, overrides,
                       standard.short or duty.short or "")
        proof = proof_line(duty, folders=False)
        _proven(notes, before[0], proof)
        for d, count in zip(days, before[1]):
            _proven(d.items, count, proof)
    for period in role.periods:
        for standard in period.standards:
            if standard.cadence:
                _timed(standard.cadence, standard.text, period.id, days, notes, whole, overrides,
                       standard.short or "")
    _mark_ranges(days, notes)
    for d in days:
        d.items.sort(key=lambda item: (item.start or time(23, 59), item.kind != DEADLINE, item.label))
    area = None
    if staff and org and staff.area in org.areas:
        a = org.areas[staff.area]
        area = f"{a.name}（{'、'.join(a.buildings)}栋）"
    return MonthPlan(role, year, month, days, notes, staff, area, overrides)


def _mark_ranges(days: list[DayPlan], notes: list[Note]) -> None:
    """Mark where each day range of the month starts and ends, once per range."""
    counts: dict[tuple[str, tuple[int, int]], int] = {}
    for note in notes:
        if note.days:
            counts[(note.group, note.days)] = counts.get((note.group, note.days), 0) + 1
    for (span, (first, last)), count in counts.items():
        days[first - 1].items.insert(0, Item(RANGE_START, f"{count} 项工作开始（见下方）", label=span))
        days[last - 1].items.append(Item(RANGE_END, "的工作截止", label=span))
