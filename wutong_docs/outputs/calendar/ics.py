"""A person's months for a phone's calendar app (RFC 5545, built with `icalendar`).

Why not one event per duty and window: a phone shows every event as a block,
and the duty book's continuous duties (reception 08:00–12:00, patrols, cover)
would fill each day with parallel four-hour blocks nobody keeps. So a day
becomes what a person acts on:

- one event per time slot of the day's timed duties (the morning meeting and
  what is done in it, the Friday 14:00 report, and the every-day hand-overs due
  at the end of a work window, "12:00 前 / 18:00 前 通知业主领卡"), named by
  the duty book's short names, the full text and how each is proven ("记录：…")
  in the description;
- one all-day "今日职责" event listing the continuous duties with their times,
  what is due within the week, the month's day ranges and the standing rules;
- on a deadline's day that event is named after the deadline too ("今日职责 ·
  截止：…") and carries an alarm at 09:00 on the working day before. The
  deadline and the day's duties share one all-day banner, so a deadline day
  never gets a sixth event.

Every text is Chinese, the time zone's name included (`_beijing_time`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ...reference.workdays import NO_OVERRIDES, day_info
from .plan import DAY_ITEM, DEADLINE, RANGE_END, WEEKLY, DayPlan, MonthPlan, Note

SHANGHAI = ZoneInfo("Asia/Shanghai")
SLOT = timedelta(minutes=30)        # the length of an event whose duty gives a moment, not a span
ALARM_AT = time(9, 0)               # the deadline alarm: 09:00 on the working day before
DAILY = "每天（周一至周末）"


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, SHANGHAI)


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))


def _window_ends(plan: MonthPlan) -> set[time]:
    """When the role's every-day work windows end (12:00, 18:00): the hand-overs due then are events."""
    return {end for note in plan.notes if note.cadence for _, end in note.cadence.windows}


def _timed_slots(day: DayPlan, daily: list[Note], ends: set[time]) -> dict[time, list]:
    """start -> [(name, text, end, proof)] of everything on `day` a person does at a set time."""
    slots: dict[time, list] = defaultdict(list)
    for item in day.items:
        if item.kind in (DAY_ITEM, WEEKLY) and item.start:
            slots[item.start].append((item.name, item.text, item.end, item.proof))
    for note in daily:
        before = note.cadence.before
        if before in ends:
            start = (datetime.combine(day.date, before) - SLOT).time()
            slots[start].append((note.name, note.text, before, note.proof))
    return slots


def _banner_lines(plan: MonthPlan, day: DayPlan, daily: list[Note], ends: set[time]) -> list[str]:
    """The all-day event's description: what goes on all day, and what is due within a longer span."""
    by_time: dict[str, list[str]] = defaultdict(list)   # one line per time, e.g. "15:30：前台顶岗、更新业主档案"
    for item in day.items:
        if item.kind in (DAY_ITEM, WEEKLY) and not item.start:
            by_time[item.label if item.kind == DAY_ITEM else "今天"].append(item.name)
    for note in daily:
        if note.cadence.before not in ends:
            by_time[note.label].append(note.name)
    lines = [f"{label}：{'、'.join(_unique(names))}" for label, names in by_time.items()]
    spans = defaultdict(list)
    for note in plan.notes:
        if note.days and note.days[0] <= day.date.day <= note.days[1]:
            spans[f"本月{note.label}内"].append(note.name)
        elif note.group.startswith("每周"):
            spans["本周内"].append(note.name)
        elif note.group == "每季度":
            spans["本季度内"].append(note.name)
        elif note.group == "每年":
            spans["本年内"].append(note.name)
        elif note.group == "常设规定":
            spans["常设规定"].append(note.name)
    lines += [f"{head}：{'、'.join(_unique(names))}" for head, names in spans.items()]
    return lines


def _working_day_before(day: date, plan: MonthPlan) -> date:
    overrides = plan.overrides or NO_OVERRIDES
    before = day - timedelta(days=1)
    for _ in range(30):
        if day_info(before, overrides).workday:
            return before
        before -= timedelta(days=1)
    return day - timedelta(days=1)


def _deadlines(day: DayPlan) -> list[str]:
    names = []
    for item in day.items:
        if item.kind == DEADLINE:
            names.append(item.name)
        elif item.kind == RANGE_END:
            names.append(f"{item.label}各项工作")
    return _unique(names)


def render_ics(plans: MonthPlan | list[MonthPlan], name: str | None = None) -> bytes:
    """One calendar for one or more months of one role or person (a subscription feed holds several)."""
    from icalendar import Alarm, Calendar, Event, vText

    plans = [plans] if isinstance(plans, MonthPlan) else plans
    first = plans[0]
    person = f"{first.staff.name}（{first.role.name}）" if first.staff else first.role.name
    who = first.staff.id if first.staff else first.role.id
    cal = Calendar()
    cal.add("prodid", "-//wutong//客服部记录系统//ZH")   # the program, not the estate: the code names no estate
    cal.add("version", "2.0")
    # icalendar types X-WR-CALNAME as unknown and would write it raw (a "," or ";" unescaped, a line break
    # breaking the file); it is TEXT (RFC 5545 3.8.8.2), so it is escaped as one, like every SUMMARY.
    cal.add("x-wr-calname", vText(name or f"{first.label} {person} 工作日历"))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add_component(_beijing_time())
    stamp = datetime(first.year, first.month, 1, tzinfo=SHANGHAI)

    def event(key: str, summary: str, start, end, description: list[str]) -> Event:
        e = Event()
        e.add("uid", f"{who}-{key}@wutong")
        e.add("dtstamp", stamp)
        e.add("summary", summary)
        e.add("dtstart", start)
        e.add("dtend", end)
        if description:
            e.add("description", "\n".join(description))
        cal.add_component(e)
        return e

    for plan in plans:
        ends = _window_ends(plan)
        daily = [n for n in plan.notes if n.group == DAILY and n.cadence is not None]
        for day in plan.days:
            key = f"{day.date:%Y%m%d}"
            for start, entries in sorted(_timed_slots(day, daily, ends).items()):
                stop = max((end for _, _, end, _ in entries if end), default=None)
                stop = _at(day.date, stop) if stop else _at(day.date, start) + SLOT
                # the duty book's words, then how each is proven (evidence.proof_line): what to write afterwards
                described = _unique(text for _, text, _, _ in entries) + _unique(
                    proof for *_, proof in entries if proof)
                event(f"{key}-{start:%H%M}", "、".join(_unique(n for n, *_ in entries)), _at(day.date, start), stop,
                      described)
            deadlines = _deadlines(day)
            lines = _banner_lines(plan, day, daily, ends) if (day.items or daily) else []
            if not lines and not deadlines:
                continue
            summary = "今日职责" if lines else ""
            if deadlines:
                summary = f"{summary} · 截止：{'、'.join(deadlines)}" if summary else f"截止：{'、'.join(deadlines)}"
                lines = [f"今天截止：{'、'.join(deadlines)}", *lines]
            banner = event(f"{key}-day", summary, day.date, day.date + timedelta(days=1), lines)
            if deadlines:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"明天截止：{'、'.join(deadlines)}")
                warn = _at(_working_day_before(day.date, plan), ALARM_AT).astimezone(timezone.utc)
                alarm.add("trigger", warn, parameters={"VALUE": "DATE-TIME"})
                banner.add_component(alarm)
    return cal.to_ical()


def _beijing_time():
    """The VTIMEZONE for Asia/Shanghai, in Chinese.

    icalendar's `add_missing_timezones` derives it from the tz database with the
    names CST/CDT and an English COMMENT ("This timezone only works from …").
    China has kept UTC+8 without summer time since 1991 and our calendars start
    in 2020, so one STANDARD part named 北京时间 is the whole truth.
    """
    from icalendar import Timezone, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Asia/Shanghai")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1991, 9, 15, 2, 0))
    standard.add("tzoffsetfrom", timedelta(hours=8))
    standard.add("tzoffsetto", timedelta(hours=8))
    standard.add("tzname", "北京时间")
    zone.add_component(standard)
    return zone

