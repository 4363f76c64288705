"""`wutong check`: what the duty book required by a date and the records do not show.

The supervisor's first duty each working morning is 检查客服部前一天工作完成情况.
This module compares the duty book (`records/duties.yml`) with the records, as
they stood at the end of the checked day, from the first day of that month:
daily logs and patrols, weekly reports, slips (overdue, not revisited, an
unsatisfied return visit not reopened), the department's meetings, and action
items whose slip is not done. Every expectation comes from a duty in the book;
each gap names the staff, the duty and the record it expected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .dates import month_end
from .duties import END, Duty, DutyBook
from .errors import WutongError
from .org import Org
from .records.log import DailyLog, path_for as log_path
from .records.minutes import KINDS as MEETING_KINDS, Minutes, path_for as minutes_path
from .records.slip import STATUSES, UNFINISHED, Slip, status_of
from .records.weekly import WeeklyReport, path_for as weekly_path, week_of
from .workdays import Overrides, day_info



class CheckError(WutongError):
    """The check cannot run; the message says what to do."""


@dataclass(frozen=True)
class Gap:
    category: str      # 日志 | 巡查 | 周报 | 传递单 | 会议 | 待办
    date: str          # the day (or week, or month) the gap belongs to
    staff: str         # staff id, or "" for the department
    name: str          # the staff's or department's name
    duty: str          # the duty book's wording
    expected: str      # the record that would show it
    message: str

    def as_text(self) -> str:
        return f"[{self.category}] {self.date} {self.name}：{self.message}（职责：{self.duty}；应有：{self.expected}）"

    def as_dict(self) -> dict:
        return asdict(self)


def _duties_with(book: DutyBook, *records: str) -> list[tuple[str, Duty]]:
    """(role id, duty) for every duty whose proof is one of `records`."""
    return [(role.id, duty) for role in book.roles.values() for duty in role.duties if duty.record in records]


def _days(since: date, until: date):
    day = since
    while day <= until:
        yield day
        day += timedelta(days=1)


def check(book: DutyBook, org: Org, records: list, on: date, overrides: Overrides) -> list[Gap]:
    since = on.replace(day=1)
    end_of_day = datetime.combine(on, time(23, 59))
    logs = {(r.date, r.staff): r for r in records if isinstance(r, DailyLog)}
    weekly = {(r.week, r.staff): r for r in records if isinstance(r, WeeklyReport)}
    minutes = [r for r in records if isinstance(r, Minutes)]
    slips = {r.id: r for r in records if isinstance(r, Slip)}
    workdays = [d for d in _days(since, on) if day_info(d, overrides).workday]
    gaps = (_logs(book, org, logs, workdays) + _weekly_reports(book, org, weekly, since, on)
            + _slips(book, org, slips.values(), end_of_day) + _meetings(book, minutes, since, on)
            + _actions(book, org, minutes, slips, on, end_of_day) + _desk(book, org, records, on, overrides))
    return sorted(gaps, key=lambda g: (g.category != "日志" and g.category != "巡查", g.date, g.category, g.staff))


def _desk(book: DutyBook, org: Org, records: list, on: date, overrides: Overrides) -> list[Gap]:
    from .check_desk import desk_gaps  # its own module (front-desk registers, renovations); it imports Gap from here
    return desk_gaps(book, org, records, on, overrides)


def _name(org: Org, staff_id: str) -> str:
    person = org.staff.get(staff_id)
    return f"{person.name}（{staff_id}）" if person else staff_id


def _logs(book: DutyBook, org: Org, logs: dict, workdays: list[date]) -> list[Gap]:
    gaps = []
    for role, duty in _duties_with(book, "log"):
        if duty.cadence.every != "workday":
            continue  # the duty checked is the working-day submission (提交工作日志)
        patrol_duty = next((d for d in book.roles[role].duties if d.cadence.times and d.cadence.every == "day"), None)
        for person in org.by_role(role):
            for day in workdays:
                log = logs.get((day, person.id))
                if log is None:
                    gaps.append(Gap("日志", day.isoformat(), person.id, _name(org, person.id), duty.text,
                                    log_path(day, person.id), "没有工作日志"))
                elif patrol_duty and len(log.patrols) < patrol_duty.cadence.times:
                    gaps.append(Gap("巡查", day.isoformat(), person.id, _name(org, person.id), patrol_duty.text,
                                    f"{log.source.path} 中 {patrol_duty.cadence.times} 次巡查",
                                    f"工作日志只记了 {len(log.patrols)} 次巡查，职责要求每日 {patrol_duty.cadence.times} 次"))
    return gaps


def _weekly_reports(book: DutyBook, org: Org, weekly: dict, since: date, on: date) -> list[Gap]:
    gaps = []
    for role, duty in _duties_with(book, "weekly"):
        c = duty.cadence
        if c.every != "week" or not c.weekdays:
            continue
        deadline_time = c.at or time(23, 59)
        for day in _days(since, on):
            if day.weekday() != c.weekdays[0]:
                continue
            deadline = datetime.combine(day, deadline_time)
            week = week_of(day)
            for person in org.by_role(role):
                report = weekly.get((week, person.id))
                expected = weekly_path(week, person.id)
                if report is None and (day < on or deadline <= datetime.combine(on, time(23, 59))):
                    gaps.append(Gap("周报", week, person.id, _name(org, person.id), duty.text, expected,
                                    f"没有 {week} 的周报（应在 {deadline:%m-%d %H:%M} 前提交）"))
                elif report is not None and report.submitted and report.submitted > deadline:
                    gaps.append(Gap("周报", week, person.id, _name(org, person.id), duty.text, expected,
                                    f"{week} 的周报 {report.submitted:%m-%d %H:%M} 才提交，晚于 {deadline:%m-%d %H:%M}"))
    return gaps


def _slips(book: DutyBook, org: Org, slips, moment: datetime) -> list[Gap]:
    duty = next((d.text for _, d in _duties_with(book, "slip")), "跟进内部工作信息传递单")
    gaps = []
    for slip in sorted(slips, key=lambda s: s.id):
        if slip.opened is None or slip.opened > moment:
            continue
        events = slip.events_until(moment)
        status = status_of(events)
        who, name = slip.by, _name(org, slip.by)
        where = slip.source.path
        if status in UNFINISHED and slip.due and slip.due < moment:
            gaps.append(Gap("传递单", f"{slip.due:%Y-%m-%d}", who, name, duty, f"{where} 中的 done（完成）记录",
                            f"{slip.id} 已过期限 {slip.due:%m-%d %H:%M}，仍为{STATUSES[status]}"))
        elif status == "done":
            done = events[-1]
            gaps.append(Gap("传递单", f"{done.at:%Y-%m-%d}", who, name, duty, f"{where} 中的 revisited（回访）记录",
                            f"{slip.id} 已于 {done.at:%m-%d %H:%M} 完成，尚未回访"))
        elif status == "revisited" and events[-1].result == "unsatisfied":
            gaps.append(Gap("传递单", f"{events[-1].at:%Y-%m-%d}", who, name, duty,
                            f"{where} 中的 reopened（重新打开）记录",
                            f"{slip.id} 回访业主不满意，尚未重新打开处理"))
    return gaps


def _meetings(book: DutyBook, minutes: list[Minutes], since: date, on: date) -> list[Gap]:
    held = {(m.kind, m.date) for m in minutes}
    gaps, seen = [], set()
    for _, duty in _duties_with(book, *(f"minutes:{kind}" for kind in MEETING_KINDS)):
        kind = duty.record.split(":", 1)[1]
        c = duty.cadence
        for first, last, label, span in _meeting_windows(c, since, on):
            if (kind, first) in seen:
                continue
            seen.add((kind, first))
            if not any(k == kind and first <= d <= last for k, d in held):
                gaps.append(Gap("会议", label, "", "客服部", duty.text, f"{minutes_path(first, kind)} 等（{first}—{last} 内）",
                                f"{span}没有{MEETING_KINDS[kind]}记录"))
    return gaps


def _meeting_windows(c, since: date, on: date):
    """The whole weeks or month windows, inside the checked span, that ended by `on`."""
    if c.every == "week" and not c.weekdays:
        monday = since + timedelta(days=(7 - since.weekday()) % 7)
        while monday + timedelta(days=6) <= on:
            yield monday, monday + timedelta(days=6), f"{week_of(monday)}（{monday:%m-%d} 起）", "该周"
            monday += timedelta(days=7)
    elif c.every == "month" and c.days:
        last_day = month_end(since)
        first = since.replace(day=min(c.days[0], last_day.day))  # as the calendar: clamped to a short month
        last = last_day if c.days[1] == END else since.replace(day=min(c.days[1], last_day.day))
        if last <= on:
            yield first, last, f"{since:%Y-%m}", f"{first.day}日—{last.day}日"


def _actions(book: DutyBook, org: Org, minutes: list[Minutes], slips: dict, on: date, moment: datetime) -> list[Gap]:
    gaps = []
    for m in sorted(minutes, key=lambda m: m.date):
        for action in m.actions:
            if not action.slip or action.due >= on + timedelta(days=1) or action.slip not in slips:
                continue
            status = status_of(slips[action.slip].events_until(moment))
            if status in UNFINISHED:
                gaps.append(Gap("待办", action.due.isoformat(), action.owner, _name(org, action.owner),
                                f"{MEETING_KINDS[m.kind]}（{m.date}）待办：{action.task}",
                                f"{slips[action.slip].source.path} 中的 done（完成）记录",
                                f"待办已过期限 {action.due:%m-%d}，传递单 {action.slip} 仍为{STATUSES[status]}"))
    return gaps


def run_check(root: Path, on: date) -> list[Gap]:
    """Validate, then check: the gaps, or ProblemsError when the records are invalid (gaps need valid records)."""
    from .validate import validated

    report = validated(root, summary="记录有错误，请先按上面的提示改正（wutong validate），再运行检查")
    if report.duties is None:
        raise CheckError("找不到 records/duties.yml：wutong check 按职责说明检查，请先建立该文件")
    return check(report.duties, report.org, report.records, on, report.overrides)
