"""Every duty in its window: was it cited in a log, is the month's analysis written, were the minutes kept?

Why: the duty book names, for every duty, the record that proves it (`record:`), but the
check used to look only at logs, weekly reports, slips, two cadences of meetings and the
desk's registers; the other duties (the key audit, the quarterly owner forum …) were never
checked. This module gives each of them its windows inside the checked span and asks the
records for evidence in each:

- daily (`every: workday` or `day`): each day the person is at work by the roster;
- weekly: the ISO week, or up to its weekday (`due.occurrences`, rest days moved as the calendar moves them);
- monthly: `by_day: N` from the 1st to the N-th (after the rest-day rule), `days: [a, b]` from a to b, else the month;
- quarterly: the quarter, closed on its last working day; yearly: the year, or up to `by: "MM-DD"`.

A window is a gap only once it has closed (its last day is on or before the checked day)
and only when it closed inside the checked span; a window that began before the estate
(org.yml `since`) is not asked about. The evidence: for `cite`, a log line beginning
`【short】` by the responsible person dated inside the window; for `report`, the analysis of
the month before the window's month (the 1–10 duties analyse 上月); for `notice`, a notice or
dunning letter posted inside the window (notices name no author); for `inspection:<kind>`, an
inspection record of that kind dated inside the window by anyone of the role (one serves the
role, as a notice does); for meetings, minutes of that kind inside the window. The responsible people are those of the duty's role on the
roster at least one day of the window; when there is no one, the duty is the department's
item (staff "") and anyone's citation counts, so it is never lost. A `shared: true` duty is done once
for the whole role (the front desk's weekly summary): anyone's citation counts and a gap is the role's item. Standing rules and
`record: none` have no windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..core.dates import Month
from ..records.analysis import MonthlyAnalysis
from ..records.analysis import path_for as analysis_path
from ..records.inspection import Inspection
from ..records.log import DailyLog
from ..records.minutes import KINDS as MEETING_KINDS
from ..records.minutes import Minutes
from ..records.minutes import path_for as minutes_path
from ..records.notice import Notice
from ..records.roster import Roster
from ..records.weekly import week_of
from ..reference.checklists import record_name
from ..reference.due import occurrences
from ..reference.duty_book import END, Cadence, DutyBook
from ..reference.evidence import how_proven
from ..reference.org import ROLES, Org
from ..reference.workdays import Overrides, day_info
from .gap import Gap, staff_label

DEPARTMENT = "客服部"
CHECKED = ("cite", "report", "notice")
INSPECTION = "inspection:"   # inspection:<kind>: a record of that kind of inspection (records/inspection.py)


@dataclass(frozen=True)
class Window:
    """One span a duty must be done in: evidence counts from `first` to `last`; a gap once `due` has passed."""
    first: date
    last: date
    due: date
    label: str     # the gap's date: 2026-11-02, 2026-W45, 2026-11, 2026-11（1—10日）, 2026-Q4, 2026


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _last_workday(first: date, last: date, overrides: Overrides) -> date:
    """The last working day of first..last (its last day when it has none)."""
    day = last
    while day > first and not day_info(day, overrides).workday:
        day -= timedelta(days=1)
    return day


def _months(since: date, on: date):
    month = Month.of(since - timedelta(days=62))  # a window due in the span may have begun two months earlier
    while month.first <= on:
        yield month
        month += 1


def _weekly(c: Cadence, since: date, on: date, overrides: Overrides):
    if c.weekdays:
        for due in occurrences(c, since, on, overrides):
            monday = due.nominal - timedelta(days=due.nominal.weekday())
            yield Window(min(monday, due.day), due.day, due.day, week_of(due.nominal))
        return
    monday = since - timedelta(days=since.weekday())
    while monday + timedelta(days=6) <= on:
        yield Window(monday, monday + timedelta(days=6), monday + timedelta(days=6), week_of(monday))
        monday += timedelta(days=7)


def _monthly(c: Cadence, since: date, on: date, overrides: Overrides):
    if c.by_day is not None:
        for due in occurrences(c, since, on, overrides):
            month = Month.of(due.nominal)
            yield Window(min(month.first, due.day), due.day, due.day, f"{month}（{c.by_day}日前）")
        return
    for month in _months(since, on):
        if c.days:
            first = month.first.replace(day=min(c.days[0], month.last.day))  # clamped to a short month, as the calendar
            last = month.last if c.days[1] == END else month.first.replace(day=min(c.days[1], month.last.day))
            end = "月末" if c.days[1] == END else f"{c.days[1]}日"
            yield Window(first, last, last, f"{month}（{c.days[0]}日—{end}）")
        else:
            yield Window(month.first, month.last, month.last, str(month))


def _quarterly(since: date, on: date, overrides: Overrides):
    for month in _months(since, on):
        if month.month % 3 == 1:
            last = (month + 2).last
            yield Window(month.first, last, _last_workday(month.first, last, overrides),
                         f"{month.year}-Q{month.month // 3 + 1}")


def _yearly(c: Cadence, since: date, on: date, overrides: Overrides):
    for year in range(since.year - 1, on.year + 1):
        first = date(year, 1, 1)
        if c.by:
            month, day = c.by
            nominal = date(year, month, min(day, Month(year, month).last.day))  # 02-29 in a common year: the 28th
            yield Window(first, nominal, _last_workday(first, nominal, overrides), f"{year}（{month:02d}-{day:02d}前）")
        else:
            last = date(year, 12, 31)
            yield Window(first, last, _last_workday(first, last, overrides), str(year))


def windows(c: Cadence, since: date, on: date, overrides: Overrides, floor: date | None = None) -> list[Window]:
    """The windows of cadence `c` that closed inside since..on and did not begin before `floor` (the estate's start)."""
    if c.every in ("workday", "day"):
        found = (Window(d, d, d, d.isoformat()) for d in _days(since, on))
    elif c.every == "week":
        found = _weekly(c, since, on, overrides)
    elif c.every == "month":
        found = _monthly(c, since, on, overrides)
    elif c.every == "quarter":
        found = _quarterly(since, on, overrides)
    elif c.every == "year":
        found = _yearly(c, since, on, overrides)
    else:  # a standing rule: always in force, never a window
        return []
    return [w for w in found if since <= w.due <= on and (floor is None or w.first >= floor)]


def covered_by_meetings(c: Cadence) -> bool:
    """Whether duty_gaps.py's meeting check already looks at minutes of this cadence (whole weeks, month day ranges)."""
    return (c.every == "week" and not c.weekdays) or (c.every == "month" and bool(c.days))


@dataclass
class _Evidence:
    """What the records show, indexed for the windows' questions."""
    cited: dict          # (staff, label) -> days; ("", label) -> days cited by anyone
    analysed: set        # months (YYYY-MM) with an analysis
    held: dict           # meeting kind -> days
    posted: set          # the days a notice or dunning letter went up
    logs: set            # (staff, YYYY-MM-DD) of every log written
    inspected: dict      # inspection kind -> (day, inspector) of each inspection record

    @classmethod
    def of(cls, records: list, on: date) -> _Evidence:
        cited: dict = {}
        for log in (r for r in records if isinstance(r, DailyLog) and r.date <= on):
            for c in getattr(log, "citations", ()):
                cited.setdefault((log.staff, c.label), set()).add(log.date)
                cited.setdefault(("", c.label), set()).add(log.date)
        held: dict = {}
        for m in (r for r in records if isinstance(r, Minutes) and r.date <= on):
            held.setdefault(m.kind, set()).add(m.date)
        posted = {r.posted for r in records if isinstance(r, Notice) and r.posted and r.posted <= on}
        logs = {(r.staff, r.date.isoformat()) for r in records if isinstance(r, DailyLog)}
        inspected: dict = {}
        for r in (r for r in records if isinstance(r, Inspection) and r.date <= on):
            inspected.setdefault(r.kind, []).append((r.date, r.by))
        return cls(cited, {r.month for r in records if isinstance(r, MonthlyAnalysis)}, held, posted, logs, inspected)

    def cites(self, staff: str, label: str, w: Window, on: date) -> bool:
        days = self.cited.get((staff, label), ())
        return any(w.first <= d <= min(w.last, on) for d in days)


def duty_window_gaps(book: DutyBook, org: Org, records: list, since: date, on: date, overrides: Overrides,
                     at_work) -> list[Gap]:
    """The gaps of every duty proven by a citation, the month's analysis, or minutes duty_gaps.py does not look at.

    `at_work(person, day, rosters, overrides)` says who is on duty (duty_gaps.expected_at_work, passed in so the
    two modules do not import each other).
    """
    evidence = _Evidence.of(records, on)
    rosters = {r.month: r for r in records if isinstance(r, Roster)}
    on_duty = _OnDuty(at_work, rosters, overrides, on)
    gaps = []
    for role in book.roles.values():
        for duty in role.duties:
            record = duty.record or ""
            if record.startswith("minutes:") and not covered_by_meetings(duty.cadence):
                gaps += _meeting_gaps(role.id, duty, evidence, since, on, overrides, org.since)
            elif record in CHECKED or record.startswith(INSPECTION):
                for w in windows(duty.cadence, since, on, overrides, org.since):
                    gaps += _duty_gaps(role.id, duty, w, org, evidence, on_duty, on)
    return [g for g in gaps if not _log_missing_says_it(g, book, org, evidence)]


def _log_missing_says_it(gap: Gap, book: DutyBook, org: Org, evidence: _Evidence) -> bool:
    """A day's citation gap of someone whose role owes a log and who wrote none that day: the missing log's own gap
    (duty_gaps._logs, "补写 … 的工作日志") already asks for that day, and the citation goes in the log it asks for.
    A shared duty's gap (the role's item) is left to the missing logs when no one of the role wrote one that day.
    """
    if gap.category != "职责" or len(gap.date) != 10 or "【" not in gap.message:
        return False
    role = gap.duty_id.split("/", 1)[0]
    if not any(d.record == "log" for d in book.roles[role].duties):
        return False
    writers = [gap.staff] if gap.staff else [s.id for s in org.by_role(role)]
    return bool(writers) and not any((w, gap.date) in evidence.logs for w in writers)


@dataclass
class _OnDuty:
    """Who of a role was at work in a window, by the roster (cached: a quarter's window asks 90 days)."""
    at_work: object
    rosters: dict
    overrides: Overrides
    on: date

    def __post_init__(self):
        self.cache: dict = {}

    def people(self, org: Org, role: str, w: Window) -> list:
        key = (role, w.first, w.last)
        if key not in self.cache:
            days = list(_days(w.first, min(w.last, self.on)))
            self.cache[key] = [s for s in org.by_role(role)
                               if any(self.at_work(s.id, d, self.rosters, self.overrides) for d in days)]
        return self.cache[key]


def _where(w: Window) -> str:
    """Which logs count, as the action says it: 11-02 的日志 / 11-01—11-30 任一天的日志."""
    if w.first == w.last:
        return f"{w.first:%m-%d} 的日志"
    return f"{w.first:%m-%d}—{w.last:%m-%d} 任一天的日志"


def _duty_gaps(role: str, duty, w: Window, org: Org, evidence: _Evidence, on_duty: _OnDuty, on: date) -> list[Gap]:
    """The gaps of one duty in one window: one per responsible person without evidence, or the department's."""
    people = on_duty.people(org, role, w)
    if not people and org.by_role(role) and duty.cadence.every in ("workday", "day"):
        return []  # a day no one of the role works (a weekend without a turn): nothing was due that day
    # a shared duty (前台周汇总) is done once for the role: one gap, as the role's department item
    owners = [("", DEPARTMENT)] if duty.shared else [(s.id, staff_label(org, s.id)) for s in people] or [("", DEPARTMENT)]
    duty_id, due = f"{role}/{duty.id}", w.due.isoformat()
    if duty.record == "report":
        month = Month.of(w.first) - 1   # the 1–10 duties analyse the month before (统计上月…)
        if str(month) in evidence.analysed or (org.since and month.last < org.since):
            return []   # written, or a month from before the estate's records: nothing here to analyse
        path = analysis_path(str(month))
        return [Gap("职责", w.label, staff, name, duty.text, path, f"没有 {month.label()}的月度分析",
                    f"写 {path}（wutong new report --month {month}）", duty_id, due=due) for staff, name in owners]
    if duty.record == "notice":   # a notice names no author: one posted in the window serves the whole role
        if any(w.first <= d <= min(w.last, on) for d in evidence.posted):
            return []
        folder = f"records/notices/{w.first:%Y/%m}/"
        return [Gap("职责", w.label, staff, name, duty.text, f"{folder} 中 {w.first:%m-%d}—{w.last:%m-%d} 张贴的公示",
                    f"{w.first:%m-%d}—{w.last:%m-%d} 没有张贴公示或催缴函",
                    f"{how_proven(duty)}：wutong new notice 新建，张贴日期在这段时间内", duty_id, due=due)
                for staff, name in owners]
    if duty.record.startswith(INSPECTION):
        return _inspection_gaps(role, duty, w, org, evidence, owners, on)
    label = duty.short
    if not people:
        whose = f"；{ROLES.get(role, role)}无人在岗，任何人的日志都算"
    else:
        whose = f"，{ROLES.get(role, role)}任何一人写的都算" if duty.shared else ""
    return [Gap("职责", w.label, staff, name, duty.text, f"工作日志中以【{label}】开头的一行",
                f"没有【{label}】", f"{how_proven(duty)}（{_where(w)}都算{whose}）", duty_id, due=due)
            for staff, name in owners if not evidence.cites(staff, label, w, on)]


def _inspection_gaps(role: str, duty, w: Window, org: Org, evidence: _Evidence, owners: list, on: date) -> list[Gap]:
    """An inspection of the duty's kind inside the window, by anyone of the role, serves the whole role."""
    kind = duty.record[len(INSPECTION):]
    anyone = not org.by_role(role)   # no one of the role in org.yml: anyone's inspection counts
    if any(w.first <= day <= min(w.last, on) and (anyone or getattr(org.staff.get(by), "role", None) == role)
           for day, by in evidence.inspected.get(kind, ())):
        return []
    name = record_name(kind)
    when = "" if w.first == w.last else f"（日期可为 {w.first:%m-%d}—{w.last:%m-%d} 内任一天）"
    area = "center" if kind == "cleanliness" else "片区编号"
    return [Gap("职责", w.label, staff, label, duty.text, f"records/inspections/{w.first:%Y/%m}/ 中的{name}",
                f"没有{name}",
                f"写一份{name}：wutong new inspection --kind {kind} --area {area}"
                f" --by {staff or '员工编号'} --date {w.first}{when}", f"{role}/{duty.id}", due=w.due.isoformat())
            for staff, label in owners]


def _meeting_gaps(role: str, duty, evidence: _Evidence, since: date, on: date, overrides: Overrides,
                  floor: date | None) -> list[Gap]:
    """Minutes of a kind duty_gaps.py does not look at (a morning meeting each working day, the quarterly forum).

    Each duty the minutes prove gets its gap (five duties are done in the morning meeting); fold.py prints them as one line.
    """
    kind = duty.record.split(":", 1)[1]
    name = MEETING_KINDS.get(kind, kind)
    gaps = []
    for w in windows(duty.cadence, since, on, overrides, floor):
        if duty.cadence.every == "workday" and not day_info(w.first, overrides).workday:
            continue  # a morning meeting on a working day: none on a rest day
        if any(w.first <= d <= min(w.last, on) for d in evidence.held.get(kind, ())):
            continue
        path = minutes_path(w.first, kind)
        span = f"{w.first:%m-%d}" if w.first == w.last else f"{w.first:%m-%d}—{w.last:%m-%d}"
        gaps.append(Gap("会议", w.label, "", DEPARTMENT, duty.text, f"{path} 等（{w.first}—{w.last} 内）",
                        f"没有{name}记录",
                        f"补写 {path}" + ("" if w.first == w.last else f"（日期可为 {span} 内任一天）"),
                        f"{role}/{duty.id}", due=w.due.isoformat()))
    return gaps
