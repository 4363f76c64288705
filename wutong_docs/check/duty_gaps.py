"""`wutong check`: what the duty book required by a date and the records do not show.

The supervisor's first duty each working morning is 检查客服部前一天工作完成情况.
This module compares the duty book (`records/duties.yml`) with the records, as
they stood at the end of the checked day, over the last 31 days (or from `since`):
daily logs and patrols, weekly reports, slips (overdue by `slip.is_overdue`, the
rule the board and the report use too; not revisited; an unsatisfied return visit
not reopened; revisited and not closed within 3 working days), the department's meetings, and action
items whose slip is not done. Every expectation comes from a duty in the book;
each gap names the staff, the duty, the record it expected and what to do.
Records with errors (drafts) are left out and reported, not a reason to stop;
how the gaps read is `listing.py`'s job.

An expectation belongs to the window when it fell due inside it, so a gap stays
listed for 31 days and does not vanish on the 1st of a month. The day a weekly
report falls due is `due.occurrences`, the function the calendar uses too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..core.dates import Month
from ..core.errors import ProblemsError, WutongError
from ..core.problems import Problem
from ..records.log import DailyLog
from ..records.log import path_for as log_path
from ..records.minutes import KINDS as MEETING_KINDS
from ..records.minutes import Minutes
from ..records.minutes import path_for as minutes_path
from ..records.roster import Roster
from ..records.roster import path_for as roster_path
from ..records.slip import STATUSES, UNFINISHED, Slip, is_overdue, status_of
from ..records.weekly import WeeklyReport
from ..records.weekly import path_for as weekly_path
from ..records.weekly import week_of
from ..reference.due import occurrences
from ..reference.duty_book import END, DutyBook
from ..reference.org import Org
from ..reference.workdays import Overrides, day_info, workday_after
from .case import case_gaps
from .desk import desk_gaps
from .duty_windows import duty_window_gaps
from .inspection import inspection_gaps
from .gap import Gap, duties_with, masked, staff_label
from .legacy import legacy_gaps
from .lease import lease_gaps
from .workorder import workorder_gaps
from .span import estate_start, span_start


class CheckError(WutongError):
    """The check cannot run; the message says what to do."""


def _days(since: date, until: date):
    day = since
    while day <= until:
        yield day
        day += timedelta(days=1)


WINDOW_DAYS = 31  # the default span: the checked day and the 30 before it


def default_since(on: date) -> date:
    """The first day of the default span: gaps stay listed for 31 days instead of vanishing on the 1st."""
    return on - timedelta(days=WINDOW_DAYS - 1)


def check(book: DutyBook, org: Org, records: list, on: date, overrides: Overrides,
          since: date | None = None) -> list[Gap]:
    """Every gap between the duty book and the records from `since` (default: 31 days) up to `on`, logs first.

    Pure: the caller passes validated records, so a gap is never a symptom of an invalid file.
    """
    since = since or default_since(on)
    end_of_day = datetime.combine(on, time(23, 59))
    logs = {(r.date, r.staff): r for r in records if isinstance(r, DailyLog)}
    weekly = {(r.week, r.staff): r for r in records if isinstance(r, WeeklyReport)}
    minutes = [r for r in records if isinstance(r, Minutes)]
    slips = {r.id: r for r in records if isinstance(r, Slip)}
    rosters = {r.month: r for r in records if isinstance(r, Roster)}
    gaps = (_logs(book, org, logs, rosters, since, on, overrides) + _weekly_reports(book, org, weekly, since, on, overrides)
            + _slips(book, org, slips.values(), end_of_day, overrides) + _meetings(book, minutes, since, on)
            + _actions(book, org, minutes, slips, on, end_of_day) + desk_gaps(book, org, records, since, on, overrides)
            + duty_window_gaps(book, org, records, since, on, overrides, expected_at_work)
            + case_gaps(book, org, records, on) + legacy_gaps(book, org, records, on)
            + lease_gaps(book, org, records, on) + workorder_gaps(book, org, records, on, overrides)
            + inspection_gaps(book, org, records, on))
    return sorted(gaps, key=lambda g: (g.category != "日志" and g.category != "巡查", g.date, g.category, g.staff))


def expected_at_work(person: str, day: date, rosters: dict, overrides: Overrides) -> bool:
    """Whether `person` was at work on `day`: by that month's roster, else on China's working days."""
    info = day_info(day, overrides)
    roster = rosters.get(f"{day:%Y-%m}")
    if roster is None:
        return info.workday
    return roster.on_duty(person, day, info.workday, holiday=not info.workday and info.holiday is not None)


def _logs(book: DutyBook, org: Org, logs: dict, rosters: dict, since: date, on: date,
          overrides: Overrides) -> list[Gap]:
    """A log (and its patrols) from everyone at work each day: the roster says who, weekends included."""
    gaps = []
    for role, duty in duties_with(book, "log"):
        if duty.cadence.every != "workday":
            continue  # the duty checked is the working-day submission (提交工作日志)
        duties = book.roles[role].duties
        patrol_duty = next((d for d in duties if d.cadence.times and d.cadence.every == "day"), None)
        rest_day_duty = next((d for d in duties if d.record == "log" and d.cadence.every == "day"
                              and not d.cadence.times), duty)   # not the patrols, also proven by the log
        for person in org.by_role(role):
            for day in _days(since, on):
                if not expected_at_work(person.id, day, rosters, overrides):
                    continue
                text = duty.text if day_info(day, overrides).workday else rest_day_duty.text
                log = logs.get((day, person.id))
                if log is None:
                    gaps.append(Gap("日志", day.isoformat(), person.id, staff_label(org, person.id), text,
                                    log_path(day, person.id), "没有工作日志",
                                    f"补写 {log_path(day, person.id)}", f"{role}/{duty.id}", due=day.isoformat()))
                elif patrol_duty and len(log.patrols) < patrol_duty.cadence.times:
                    gaps.append(Gap("巡查", day.isoformat(), person.id, staff_label(org, person.id), patrol_duty.text,
                                    f"{log.source.path} 中 {patrol_duty.cadence.times} 次巡查",
                                    f"工作日志只记了 {len(log.patrols)} 次巡查，职责要求每日 {patrol_duty.cadence.times} 次",
                                    f"在 {log.source.path} 补记巡查", f"{role}/{patrol_duty.id}",
                                    due=day.isoformat()))
    return gaps


def unrostered(records: list, since: date, on: date) -> list[str]:
    """The months (YYYY-MM) of the span that have no roster: their logs are expected on working days only."""
    have = {r.month for r in records if isinstance(r, Roster)}
    months = dict.fromkeys(f"{day:%Y-%m}" for day in _days(since, on))
    return [m for m in months if m not in have]


def roster_note(months: list[str]) -> str:
    """The one line that says the check fell back to working days, or "" when every month has a roster."""
    if not months:
        return ""
    files = "、".join(roster_path(m) for m in months)
    return (f"没有 {'、'.join(months)} 的排班表（{files}）：这段时间按法定工作日检查日志，"
            "周末和节假日值班的人不查；用 wutong new roster --month 月份 建立")


def _weekly_reports(book: DutyBook, org: Org, weekly: dict, since: date, on: date, overrides: Overrides) -> list[Gap]:
    gaps = []
    for role, duty in duties_with(book, "weekly"):
        c = duty.cadence
        deadline_time = c.at or time(23, 59)
        for due in occurrences(c, since, on, overrides):
            deadline = datetime.combine(due.day, deadline_time)
            week = week_of(due.nominal)
            moved = f"，{due.note}" if due.note else ""
            for person in org.by_role(role):
                report = weekly.get((week, person.id))
                expected = weekly_path(week, person.id)
                if report is None:
                    gaps.append(Gap("周报", week, person.id, staff_label(org, person.id), duty.text, expected,
                                    f"没有 {week} 的周报（应在 {deadline:%m-%d %H:%M} 前提交{moved}）",
                                    f"补交 {expected}", f"{role}/{duty.id}", due=due.day.isoformat()))
                elif report.submitted and report.submitted > deadline:
                    gaps.append(Gap("周报", week, person.id, staff_label(org, person.id), duty.text, expected,
                                    f"{week} 的周报 {report.submitted:%m-%d %H:%M} 才提交，晚于 {deadline:%m-%d %H:%M}{moved}",
                                    "已迟交，提醒以后按时提交", f"{role}/{duty.id}", due=due.day.isoformat()))
    return gaps


CLOSE_WITHIN = 3  # working days from a return visit to closing the slip (issue 21); not a duty-book standard yet


def _close_by(revisited: date, overrides: Overrides) -> date:
    """The last day to close a slip revisited on `revisited`: its CLOSE_WITHIN-th working day after (adjusted days count)."""
    return workday_after(revisited, CLOSE_WITHIN, overrides)


def _slips(book: DutyBook, org: Org, slips, moment: datetime, overrides: Overrides) -> list[Gap]:
    """Overdue (`is_overdue`, the report's and the board's rule too), done but not revisited, revisited unsatisfied
    but not reopened, revisited but not closed within CLOSE_WITHIN working days."""
    role, found = next(iter(duties_with(book, "slip")), ("", None))
    duty = found.text if found else "跟进内部工作信息传递单"
    duty_id = f"{role}/{found.id}" if found else ""
    gaps = []
    for slip in sorted(slips, key=lambda s: s.id):
        if slip.opened is None or slip.opened > moment:
            continue
        events = slip.events_until(moment)
        status = status_of(events)
        who, name = slip.by, staff_label(org, slip.by)
        where = slip.source.path
        if is_overdue(slip, moment):
            gaps.append(Gap("传递单", f"{slip.due:%Y-%m-%d}", who, name, duty, f"{where} 中的 done（完成）记录",
                            f"{slip.id} 已过期限 {slip.due:%m-%d %H:%M}，仍为{STATUSES[status]}",
                            f"催办，办完在 {where} 记 done（完成）", duty_id, slip.id))
        elif status == "done":
            done = events[-1]
            gaps.append(Gap("传递单", f"{done.at:%Y-%m-%d}", who, name, duty, f"{where} 中的 revisited（回访）记录",
                            f"{slip.id} 已于 {done.at:%m-%d %H:%M} 完成，尚未回访",
                            f"回访业主，在 {where} 记 revisited（回访）", duty_id, slip.id))
        elif status == "revisited" and events[-1].result == "unsatisfied":
            gaps.append(Gap("传递单", f"{events[-1].at:%Y-%m-%d}", who, name, duty,
                            f"{where} 中的 reopened（重新打开）记录",
                            f"{slip.id} 回访业主不满意，尚未重新打开处理",
                            f"重新打开处理，在 {where} 记 reopened（重新打开）", duty_id, slip.id))
        elif status == "revisited" and moment.date() > (close_by := _close_by(events[-1].at.date(), overrides)):
            gaps.append(Gap("传递单", close_by.isoformat(), who, name, duty, f"{where} 中的 closed（关闭）记录",
                            f"{slip.id} 已于 {events[-1].at:%m-%d} 回访，{CLOSE_WITHIN} 个工作日内未关闭",
                            f"确认无误后在 {where} 记 closed（关闭）", duty_id, slip.id, due=close_by.isoformat()))
    return gaps


def _meetings(book: DutyBook, minutes: list[Minutes], since: date, on: date) -> list[Gap]:
    held = {(m.kind, m.date) for m in minutes}
    gaps, seen = [], set()
    for role, duty in duties_with(book, *(f"minutes:{kind}" for kind in MEETING_KINDS)):
        kind = duty.record.split(":", 1)[1]
        c = duty.cadence
        for first, last, label, span in _meeting_windows(c, since, on):
            if (kind, first) in seen:
                continue
            seen.add((kind, first))
            if not any(k == kind and first <= d <= last for k, d in held):
                gaps.append(Gap("会议", label, "", "客服部", duty.text, f"{minutes_path(first, kind)} 等（{first}—{last} 内）",
                                f"{span}没有{MEETING_KINDS[kind]}记录",
                                f"补写 {minutes_path(first, kind)}（日期可为 {first:%m-%d}—{last:%m-%d} 内任一天）",
                                f"{role}/{duty.id}"))
    return gaps


def _meeting_windows(c, since: date, on: date):
    """The whole weeks or month windows, inside the checked span, that ended by `on`."""
    if c.every == "week" and not c.weekdays:
        monday = since + timedelta(days=(7 - since.weekday()) % 7)
        while monday + timedelta(days=6) <= on:
            yield monday, monday + timedelta(days=6), f"{week_of(monday)}（{monday:%m-%d} 起）", "该周"
            monday += timedelta(days=7)
    elif c.every == "month" and c.days:
        month = Month.of(since)
        while month.first <= on:
            end = month.last
            first = month.first.replace(day=min(c.days[0], end.day))  # as the calendar: clamped to a short month
            last = end if c.days[1] == END else month.first.replace(day=min(c.days[1], end.day))
            if since <= first and last <= on:
                yield first, last, str(month), f"{first.day}日—{last.day}日"
            month += 1


def _action_duty(book: DutyBook, org: Org, owner: str) -> str:
    """The duty an action item on a slip answers to: the owner's role's slip duty (`record: slip`), else the first one.

    An action item is a meeting's decision to get a slip done by a day, and its gap asks for the
    slip's done record: that is the slip duty's "负责处理结果的跟进" (the same duty the slip's own
    gaps name, so `listing` merges them honestly), not the meeting duty, which asks only that the
    meeting is held. A supervisor's role has no slip duty in the seed: the first one stands in.
    """
    duties = duties_with(book, "slip")
    person = org.staff.get(owner)
    role, duty = next((d for d in duties if person and d[0] == person.role), duties[0] if duties else ("", None))
    return f"{role}/{duty.id}" if duty else ""


def _actions(book: DutyBook, org: Org, minutes: list[Minutes], slips: dict, on: date, moment: datetime) -> list[Gap]:
    """The action items on a slip whose day has passed while the slip is still unfinished."""
    gaps = []
    for m in sorted(minutes, key=lambda m: m.date):
        for action in m.actions:
            if not action.slip or action.due >= on + timedelta(days=1) or action.slip not in slips:
                continue
            status = status_of(slips[action.slip].events_until(moment))
            if status in UNFINISHED:
                gaps.append(Gap("待办", action.due.isoformat(), action.owner, staff_label(org, action.owner),
                                f"{MEETING_KINDS[m.kind]}（{m.date}）待办：{action.task}",
                                f"{slips[action.slip].source.path} 中的 done（完成）记录",
                                f"待办已过期限 {action.due:%m-%d}，传递单 {action.slip} 仍为{STATUSES[status]}",
                                f"催办，办完在 {slips[action.slip].source.path} 记 done（完成）",
                                _action_duty(book, org, action.owner), action.slip))
    return gaps


@dataclass(frozen=True)
class Checked:
    """What `wutong check` found over `since`..`on`: the gaps, the files left out for their errors, the notes to say once."""
    gaps: list[Gap]
    invalid: list[Problem]   # the errors of the records left out, as `wutong validate` reports them
    staff: list[str]         # staff ids in org.yml's order: the order the report lists people in
    since: date
    on: date
    notes: list[str]         # said once on stderr (a month without a roster)
    known: frozenset = frozenset()   # the owners' names to mask in what is printed (`privacy.known_names`)
    roles: dict = field(default_factory=dict)   # staff id -> role: --staff and --role pick their department items
    start: date | None = None        # the estate's first day (span.py): `since` is never before it


def run_check(root: Path, on: date, since: date | None = None) -> Checked:
    """Validate, then check every valid record from the later of `since` and the estate's start (span.py).

    Raises ProblemsError only when a reference file has errors.
    """
    from ..validate.pipeline import partition, reference_errors, validate

    report = validate(root)
    records, invalid = partition(report)
    reference, files = reference_errors(invalid)
    if reference:
        raise ProblemsError(reference, f"{files} 有错误，无法检查：请按上面的提示改正，再运行 wutong check")
    if report.duties is None:
        raise CheckError("找不到 records/duties.yml：wutong check 按职责说明检查，请先建立该文件")
    if since and since > on:
        raise CheckError(f"--since {since} 晚于 --date {on}：检查从 --since 那天查到 --date 那天，请把 --since 改早")
    start = estate_start(report.org, records, invalid)
    since, moved = span_start(since, on, start)
    roles = {s.id: s.role for s in report.org.staff.values()}
    if since > on:  # the estate began after the checked day: nothing was due yet
        return Checked([], invalid, list(report.org.staff), since, on, [moved] if moved else [], report.known_names,
                       roles, start.day if start else None)
    notes = [n for n in (moved, roster_note(unrostered(records, since, on))) if n]
    # a duty's window that began before the estate's first record is not asked about either (duty_windows.py
    # reads the start from org.since): a check from 11-01 does not want W44's weekly duties, begun 10-26
    org = replace(report.org, since=start.day) if start and not report.org.since else report.org
    gaps = check(report.duties, org, records, on, report.overrides, since)
    gaps = [masked(gap, report.known_names) for gap in gaps]
    return Checked(gaps, invalid, list(report.org.staff), since, on, notes, report.known_names,
                   roles, start.day if start else None)
