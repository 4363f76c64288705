"""Laying out a `MonthPlan`: print-ready HTML, Markdown for the site, iCalendar for phones.

HTML and Markdown come from the department's Jinja templates in
`templates/calendar/` (autoescaped); iCalendar is built with the `icalendar`
library, one event per dated occurrence, in Asia/Shanghai time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import groupby
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from .. import templates
from ..duties import Cadence
from ..markdown_text import md_text
from .plan import DAY_ITEM, DEADLINE, RANGE_END, RANGE_START, WEEKLY, DayPlan, MonthPlan, Note

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _environment(root: Path) -> jinja2.Environment:
    env = templates.environment(root, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = md_text  # a value in a heading, table cell or list item of month.md.j2
    return env


WORKDAY_GROUP = "每个工作日（周一至周五，含调休上班日）"
COLLAPSE_OVER = 2  # a time slot with more duties than this shows a count in the cell, the list below


def slots(day: DayPlan) -> list[tuple[str, str, list[str]]]:
    """The day's items grouped by time, as (css class, time label, texts); long slots collapsed."""
    out = []
    for (kind, label), items in groupby(day.items, key=lambda i: (i.kind, i.label)):
        texts = [i.text for i in items]
        if kind == DAY_ITEM and len(texts) > COLLAPSE_OVER:
            texts = [f"{len(texts)} 项工作（见下方“每个工作日”）"]
        out.append((kind, label, texts))
    return out


def note_groups(plan: MonthPlan) -> list[tuple[str, list[Note]]]:
    """The notes under the grid by group; the collapsed working-day slots listed first."""
    groups: dict[str, list[Note]] = {}
    workday = next((d for d in plan.days if d.day.workday), None)
    if workday:
        for (kind, label), items in groupby(workday.items, key=lambda i: (i.kind, i.label)):
            items = list(items)
            if kind == DAY_ITEM and len(items) > COLLAPSE_OVER:
                groups.setdefault(WORKDAY_GROUP, []).extend(Note(WORKDAY_GROUP, label, i.text, i.duty) for i in items)
    for note in plan.notes:
        groups.setdefault(note.group, []).append(note)
    return list(groups.items())


def _context(plan: MonthPlan) -> dict:
    person = f"{plan.staff.name}（{plan.role.name}）" if plan.staff else plan.role.name
    estimated = plan.estimated_days
    return {
        "plan": plan, "title": f"{plan.year}年{plan.month}月 {person} 工作日历",
        "weekday_names": WEEKDAY_NAMES, "slots": slots, "note_groups": note_groups(plan),
        "estimated": estimated,
        "kinds": {"day": DAY_ITEM, "deadline": DEADLINE, "start": RANGE_START, "end": RANGE_END, "weekly": WEEKLY},
    }


def render_html(plan: MonthPlan, root: Path) -> str:
    """The print-ready month calendar (templates/calendar/month.html.j2, overridable by the repository)."""
    return _environment(root).get_template("calendar/month.html.j2").render(**_context(plan))


def render_md(plan: MonthPlan, root: Path) -> str:
    """The month calendar as Markdown: what the site's role pages embed and `--format md` prints."""
    return _environment(root).get_template("calendar/month.md.j2").render(**_context(plan))


def render_ics(plan: MonthPlan) -> bytes:
    """RFC 5545: one event per dated occurrence; all-day events for deadlines, ranges and undated weeks."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//梧桐墅物业服务中心客服部//wutong//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _context(plan)["title"])
    who = plan.staff.id if plan.staff else plan.role.id
    stamp = datetime(plan.year, plan.month, 1, tzinfo=SHANGHAI)

    def add(summary: str, start, end, key: str, description: str = "") -> None:
        event = Event()
        event.add("uid", f"{who}-{key}@wutong")
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("dtstart", start)
        event.add("dtend", end)
        if description:
            event.add("description", description)
        cal.add_component(event)

    for day in plan.days:
        for n, item in enumerate(day.items):
            key = f"{day.date:%Y%m%d}-{n}"
            if item.kind in (DAY_ITEM, WEEKLY) and item.start:
                start = datetime.combine(day.date, item.start, SHANGHAI)
                end = datetime.combine(day.date, item.end, SHANGHAI) if item.end else start
                add(f"{item.label} {item.text}", start, end, key)
            elif item.kind in (DAY_ITEM, WEEKLY, DEADLINE):
                add(f"{item.label} {item.text}", day.date, day.date + timedelta(days=1), key)
    for n, note in enumerate(plan.notes):
        if note.days:
            first, last = (date(plan.year, plan.month, d) for d in note.days)
            add(f"{note.label} {note.text}", first, last + timedelta(days=1), f"range-{n}")
        elif note.cadence is not None:
            for day in plan.days:
                for k, (start, end) in enumerate(_spans(day.date, note.cadence)):
                    add(f"{note.label} {note.text}", start, end, f"{day.date:%Y%m%d}-d{n}-{k}")
        elif note.group.startswith("每周"):
            for monday, sunday in _weeks(plan):
                add(f"本周内 {note.text}", monday, sunday + timedelta(days=1), f"{monday:%Y%m%d}-w{n}")
    cal.add_missing_timezones()
    return cal.to_ical()


def _spans(day: date, c: Cadence):
    """An every-day duty's times on `day`: each window, its time or deadline, else the whole day."""
    def at(clock):
        return datetime.combine(day, clock, SHANGHAI)

    if c.windows:
        return [(at(a), at(b)) for a, b in c.windows]
    if c.start:
        return [(at(c.start), at(c.end))]
    if c.at or c.before:
        return [(at(c.at or c.before),) * 2]
    return [(day, day + timedelta(days=1))]


def _weeks(plan: MonthPlan):
    """Each Monday..Sunday of the month, clipped to the month."""
    days = [d.date for d in plan.days]
    for _, week in groupby(days, key=lambda d: d.isocalendar()[:2]):
        week = list(week)
        yield week[0], week[-1]
