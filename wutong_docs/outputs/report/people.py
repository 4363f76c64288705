"""The people section 人员: what the office needs for 考勤/绩效, one row per person in org.yml order.

Duty days come from the month's roster (`records/roster/YYYY-MM.yml`) where one
exists, else China's working days; the same answer `wutong check` uses to expect
a log (`check.expected_at_work`), so the report and the daily check never
disagree about who should have been at work. Patrols and weekly reports are
counted against the duty book, as the check counts them.
"""

from __future__ import annotations

from datetime import date, datetime, time

from ...check.duty_gaps import expected_at_work
from ...core.dates import Month
from ...records.log import DailyLog
from ...records.minutes import Minutes
from ...records.roster import Roster
from ...records.weekly import WeeklyReport, week_of
from ...reference.due import occurrences
from ...reference.duty_book import DutyBook
from ...reference.org import Org
from ...reference.workdays import Overrides

TRAINING = "training"


def _patrols_required(book: DutyBook | None, role: str) -> int | None:
    """How many patrols a day the duty book asks of `role` (area managers: 2), or None for a role without patrols."""
    if book is None or role not in book.roles:
        return None
    duty = next((d for d in book.roles[role].duties if d.cadence.times and d.cadence.every == "day"), None)
    return duty.cadence.times if duty else None


def writes_logs(book: DutyBook | None, role: str) -> bool:
    """Whether the duty book asks `role` for a daily log (the supervisor's duties do not)."""
    return book is not None and role in book.roles and any(d.record == "log" for d in book.roles[role].duties)


def _weekly_deadlines(book: DutyBook | None, role: str, days: list[date], overrides: Overrides):
    """(ISO week, deadline) of every weekly report of `role` due in the month, moved off rest days as the check does."""
    if book is None or role not in book.roles:
        return []
    found = []
    for duty in book.roles[role].duties:
        if duty.record != "weekly":
            continue
        for due in occurrences(duty.cadence, days[0], days[-1], overrides):
            found.append((week_of(due.nominal), datetime.combine(due.day, duty.cadence.at or time(23, 59))))
    return found


def people_section(records: list, org: Org, book: DutyBook | None, overrides: Overrides, month: Month) -> list[dict]:
    """One row per person: duty days, log days, days with every patrol, weekly reports, meetings and training."""
    days = month.days()
    rosters = {r.month: r for r in records if isinstance(r, Roster)}
    logs = {(r.staff, r.date): r for r in records if isinstance(r, DailyLog) and r.date in days}
    weekly = {(r.staff, r.week): r for r in records if isinstance(r, WeeklyReport)}
    minutes = [m for m in records if isinstance(m, Minutes) and m.date in days]
    rows = []
    for person in org.staff.values():
        duty_days = [d for d in days if expected_at_work(person.id, d, rosters, overrides)]
        own_logs = [log for (staff, _), log in logs.items() if staff == person.id]
        patrols = _patrols_required(book, person.role)
        on_time = late = missing = 0
        for week, deadline in _weekly_deadlines(book, person.role, days, overrides):
            report = weekly.get((person.id, week))
            if report is None:
                missing += 1
            elif report.submitted and report.submitted > deadline:
                late += 1
            else:
                on_time += 1
        attended = [m for m in minutes if person.id in m.attendees or m.chair == person.id]
        rows.append({
            "staff": person.id, "name": person.name, "role": person.role,
            "duty_basis": "roster" if str(month) in rosters else "workdays",
            "duty_days": len(duty_days), "log_days": len(own_logs),
            "duty_days_without_log": sum(1 for d in duty_days if (person.id, d) not in logs)
            if writes_logs(book, person.role) else None,
            "patrol_days": None if patrols is None else sum(1 for log in own_logs if len(log.patrols) >= patrols),
            "weekly_on_time": on_time, "weekly_late": late, "weekly_missing": missing,
            "meetings": sum(1 for m in attended if m.kind != TRAINING),
            "training": sum(1 for m in attended if m.kind == TRAINING),
        })
    return rows
