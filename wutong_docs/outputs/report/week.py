"""The front desk's weekly summary 前台周汇总: the duty 汇总本周前台各项工作信息, counted from the records.

One ISO week, Monday 00:00 to Sunday 23:59 (Beijing time, as every record is
written), written as the weekly reports name it: 2026-W47. Every figure is read
from what `validate` returned, nothing from a file, and each one reuses the code
that already answers it elsewhere, so the summary never disagrees with them:

- registers kept and card fees: the monthly report's desk section (`figures.desk_section`,
  `records/desk.py card_fees`), over the week's days instead of a month's;
- keys kept overnight, owner cards not announced by the deadline, keys lent on an expired
  worker's pass: the daily check's own gaps (`check/desk.py desk_gaps`) over the week, so
  "overdue" means what `wutong check` says, with the limits of the duty book;
- parcels: received in the week, picked up in the week, and still waiting at the week's
  last moment (waiting at the end = waiting at the start + received - picked up);
- slips opened and closed at the desk: slips whose `by` is front-desk staff (org.yml role
  front_desk), opened in the week / closed in the week;
- renovation events (case files' `events`) dated in the week.

`week_figures` returns plain data (the pinned JSON of handbook 参考 › 月报与周汇总);
`week_render.py` turns it into JSON, Markdown or HTML (`make_week_report`: the command's one call).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ...check.desk import CARDS, KEYS, PASSES, REGISTER, desk_duty, desk_gaps, limit_days
from ...records.desk import DeskRegister
from ...records.renovation import EVENT_TYPES, Renovation
from ...records.slip import Slip
from ...records.weekly import WEEK, week_monday
from ...reference.workdays import NO_OVERRIDES
from .figures import desk_section

FRONT_DESK = "front_desk"   # org.yml's role of the desk staff: their slips are the desk's
# the daily check's gap categories (check/desk.py) the summary counts
REGISTER_GAP, KEY_GAP, CARD_GAP, PASS_GAP = "前台登记", "钥匙", "业主卡", "出入证"


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week, Monday to Sunday, written 2026-W47 (records/weekly.py's form): a span of days like `Month`."""
    year: int
    number: int   # 1–52, or 53 in a long year

    @classmethod
    def parse(cls, text: str) -> Week:
        """ "2026-W47" as a Week; ValueError for any other text or a week the year does not have."""
        found = WEEK.match(text) if isinstance(text, str) else None
        if found is None:
            raise ValueError(f"{text!r} is not an ISO week: write it YYYY-Www, e.g. 2026-W47")
        week = cls(int(found.group(1)), int(found.group(2)))
        week_monday(str(week))   # ValueError for W00, or W53 of a 52-week year
        return week

    @classmethod
    def of(cls, day: date) -> Week:
        """The ISO week `day` (a date or a datetime) falls in; early January may be the last week of the year before."""
        year, number, _ = day.isocalendar()
        return cls(year, number)

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.number:02d}"

    @property
    def first(self) -> date:
        """Its Monday."""
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def last(self) -> date:
        """Its Sunday."""
        return self.first + timedelta(days=6)

    @property
    def end(self) -> datetime:
        """Sunday 23:59:59: the moment "at the week's end" is judged at."""
        return datetime.combine(self.last, time(23, 59, 59))

    def days(self) -> list[date]:
        """Monday to Sunday."""
        return [self.first + timedelta(days=i) for i in range(7)]

    def __contains__(self, day: date) -> bool:
        """Whether `day` (a date or a datetime) falls in this week: what `card_fees` and `desk_section` ask."""
        year, number, _ = day.isocalendar()
        return (year, number) == (self.year, self.number)

    def shift(self, weeks: int) -> Week:
        """The week `weeks` later (negative: earlier), across year ends."""
        return Week.of(self.first + timedelta(weeks=weeks))

    def label(self) -> str:
        """2026 年第 47 周（11 月 16 日—11 月 22 日）: how the summary's title names it."""
        first, last = self.first, self.last
        return (f"{self.year} 年第 {self.number} 周（{first.month} 月 {first.day} 日—"
                f"{last.month} 月 {last.day} 日）")


def last_complete_week(today: date) -> Week:
    """The last ISO week that ended before `today`: the default of `wutong report week` (on a Sunday, the week before)."""
    return Week.of(today - timedelta(days=7))


def first_register(records: list) -> date | None:
    """The day of the repository's first desk register: no day before it lacks one (the desk had no ledger yet)."""
    return min((r.date for r in records if isinstance(r, DeskRegister)), default=None)


def week_figures(report, week: Week, *, since: date | None = None, today: date | None = None) -> dict:
    """The week's summary as plain data (numbers, ids, "YYYY-MM-DD" days), ready for json.dumps; unmasked.

    The daily check's gaps are looked for from `since` (default: the first register of `report`; the
    site passes the first of all records when it hands each week only its own) to `today`, inside the week.
    """
    records = report.records
    registers = [r for r in records if isinstance(r, DeskRegister) and r.date <= week.last]
    desk = desk_section(records, week)
    since = max(week.first, since or first_register(records) or week.first)
    gaps = _week_gaps(report, since, min(week.last, today or week.last))
    return {
        "week": str(week),
        "first": week.first.isoformat(),
        "last": week.last.isoformat(),
        "registers": desk["registers"],
        "registers_missing": ([g["date"] for g in gaps.get(REGISTER_GAP, [])]
                              if _checked(report.duties, REGISTER) else None),
        "parcels": parcels_section(registers, week),
        "keys": keys_section(registers, week, report.duties, gaps),
        "cards": cards_section(registers, week, report.duties, gaps, desk["fees"]),
        "passes": passes_section(registers, records, week, report.duties, gaps),
        "slips": slips_section(records, report.org, week),
        "renovations": renovations_section(records, week),
    }


def _week_gaps(report, since: date, on: date) -> dict[str, list[dict]]:
    """The daily check's desk gaps of the days `since`–`on`, by category, as {date, staff, message} (masked later)."""
    if report.duties is None or since > on:
        return {}
    found: dict[str, list[dict]] = {}
    overrides = report.overrides or NO_OVERRIDES
    for gap in desk_gaps(report.duties, report.org, report.records, since, on, overrides):
        found.setdefault(gap.category, []).append({"date": gap.date, "staff": gap.staff, "message": gap.message})
    return found


def _checked(book, record: str, needs_days: bool = False) -> bool:
    """Whether the duty book links the duty the check needs (and gives its days): else that figure is None."""
    duty = desk_duty(book, record) if book is not None else None
    return duty is not None and (not needs_days or limit_days(duty) is not None)


def parcels_section(registers: list[DeskRegister], week: Week) -> dict:
    """Received (arrived in the week), picked up (in the week, whenever they arrived), waiting at the week's end."""
    received = picked = waiting = 0
    start = datetime.combine(week.first, time())
    for register in registers:
        for row in register.parcels:
            taken = register.at(row.picked)
            received += register.date in week
            picked += taken is not None and start <= taken <= week.end
            waiting += taken is None or taken > week.end
    return {"received": received, "picked": picked, "waiting_at_end": waiting}


def keys_section(registers: list[DeskRegister], week: Week, book, gaps: dict) -> dict:
    """Keys lent in the week, and those the daily check calls kept overnight (None when the duty book has no rule)."""
    lent = sum(len(r.keys) for r in registers if r.date in week)
    checked = _checked(book, KEYS, needs_days=True)
    overdue = gaps.get(KEY_GAP, []) if checked else []
    return {"lent": lent, "overdue": len(overdue) if checked else None,
            "limit_days": limit_days(desk_duty(book, KEYS)) if checked else None, "overdue_list": overdue}


def cards_section(registers: list[DeskRegister], week: Week, book, gaps: dict, fees: list[dict]) -> dict:
    """Cards issued in the week (by kind, with fees: the monthly report's lines), owner cards announced on time."""
    owner = sum(1 for r in registers if r.date in week for row in r.cards if row.kind == "owner_card")
    checked = _checked(book, CARDS)
    late = gaps.get(CARD_GAP, []) if checked else []
    return {"issued": sum(f["count"] for f in fees), "owner_cards": owner,
            "notified_on_time": owner - len(late) if checked else None,
            "notified_late": len(late) if checked else None, "late_list": late, "fees": fees}


def passes_section(registers: list[DeskRegister], records: list, week: Week, book, gaps: dict) -> dict:
    """Release passes (放行条) issued in the week; workers' passes (出入证) that expire in it or were used expired.

    A case file records each worker's pass with the day it is valid `until`, not the day it was
    issued, so the week's figure for workers' passes is the ones ending in it (to renew or take back).
    """
    cases = [r for r in records if isinstance(r, Renovation)]
    expiring = sum(1 for case in cases for worker in case.passes if worker.until in week)
    checked = _checked(book, PASSES)
    misused = gaps.get(PASS_GAP, []) if checked else []
    return {"release": sum(len(r.passes) for r in registers if r.date in week), "workers_expiring": expiring,
            "used_expired": len(misused) if checked else None, "used_expired_list": misused}


def slips_section(records: list, org, week: Week) -> dict:
    """Slips whose `by` is front-desk staff: opened in the week, and closed in the week (whenever opened)."""
    staff = [s.id for s in org.by_role(FRONT_DESK)]
    desk = [s for s in records if isinstance(s, Slip) and s.by in staff]
    opened = sorted(s.id for s in desk if s.opened in week)
    closed = sorted(s.id for s in desk if any(e.status == "closed" and e.at in week for e in s.events))
    return {"staff": staff, "opened": len(opened), "closed": len(closed), "opened_ids": opened, "closed_ids": closed}


def renovations_section(records: list, week: Week) -> dict:
    """Every event of every renovation case dated in the week, in time order, and how many of each type."""
    events = sorted(((e.at, case.case, case.home, e) for case in records if isinstance(case, Renovation)
                     for e in case.events if e.at in week), key=lambda item: item[:2])
    by_type = dict.fromkeys(EVENT_TYPES, 0)
    listed = []
    for at, case, home, e in events:
        by_type[e.type] += 1
        listed.append({"at": f"{at:%Y-%m-%d %H:%M}", "case": case, "home": home, "type": e.type,
                       "label": EVENT_TYPES[e.type], "by": e.by, "note": e.note, "slip": e.slip})
    return {"events": len(listed), "by_type": by_type, "list": listed}


def by_week(records: list, weeks: list[Week]) -> dict[Week, list]:
    """Week -> the records its figures read, for a summary of every week at once (the site's week pages).

    The same figures as `week_figures` over every record, without reading five years of records
    for each week: a register counts in its own week and, while one of its parcels waits, in each
    week until that parcel is picked up; a slip in the week it was opened and the weeks it was
    closed in; renovation cases in every week (a handful, and an expired pass looks at any of them).
    Logs, minutes and the other kinds are read by no figure.
    """
    wanted = set(weeks)
    out: dict[Week, list] = {week: [] for week in weeks}
    last = max(weeks) if weeks else None
    for record in records:
        if isinstance(record, Renovation):
            touched = wanted
        elif isinstance(record, DeskRegister):
            touched = _register_weeks(record, last)
        elif isinstance(record, Slip):
            touched = {Week.of(record.opened), *(Week.of(e.at) for e in record.events if e.status == "closed")}
        else:
            continue
        for week in touched & wanted:
            out[week].append(record)
    return out


def _register_weeks(register: DeskRegister, last: Week | None) -> set[Week]:
    """The weeks a register's rows count in: its own, and each week a parcel of it waits through or is picked up in."""
    first = Week.of(register.date)
    touched = {first}
    for row in register.parcels:
        taken = register.at(row.picked)
        until = Week.of(taken) if taken is not None else last
        week = first
        while until is not None and week < until:
            week = week.shift(1)
            touched.add(week)
    return touched
