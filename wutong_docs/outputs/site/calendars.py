"""The role pages' calendars: the month as the printed calendar lays it out, and today's agenda.

Why a separate module: the calendar is its own feature (`wutong_docs.outputs.calendar`)
with its own templates; the site only embeds what it renders, planned from the
duty book and working-day calendar the validation already read.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...core.dates import Month
from .data import SiteData


def months_to_show(today: date) -> list[str]:
    """The current month and the next (YYYY-MM, as the site's pages and anchors name months)."""
    return [str(Month.of(today)), str(Month.of(today) + 1)]


def month_grid(data: SiteData, role_id: str, month: Month | str):
    """The role's month as the printed calendar's grid and lists (HTML, escaped by the calendar's templates)."""
    from markupsafe import Markup

    from ..calendar import parse_month
    from ..calendar.plan import month_plan
    from ..calendar.render import grid_html

    month = parse_month(month)
    return Markup(grid_html(month_plan(data.duties, role_id, month.year, month.month, data.overrides), data.root))


WEEKDAY = "一二三四五六日"


def agenda(data: SiteData, role_id: str) -> dict:
    """What the role does today and in the rest of this week: the first thing its page shows.

    Today: the working-day duties (on a working day) and the every-day ones, each
    time once with its short names, then what is particular to today (a deadline,
    the Friday report, a day range); this week: each remaining day's particular
    items, and the duties due some time this week.
    """
    from ..calendar.plan import DAY_ITEM, month_plan
    from ..calendar.render import cells

    plans: dict = {}

    def day_plan(day: date):
        key = (day.year, day.month)
        if key not in plans:
            plans[key] = month_plan(data.duties, role_id, day.year, day.month, data.overrides)
        return plans[key], plans[key].days[day.day - 1]

    today = data.today
    plan, now = day_plan(today)
    times: dict[str, list[str]] = {}
    for item in now.items:
        if item.kind == DAY_ITEM:
            times.setdefault(item.label, []).append(item.name)
    for note in plan.notes:
        if note.cadence is not None:
            times.setdefault(note.label, []).append(note.name)
    own = [f"{'截止 ' if kind == 'deadline' else ''}{time + ' ' if time else ''}{name}" for kind, time, name in cells(now)]
    spans = [f"本月{n.label}内：{n.name}" for n in plan.notes if n.days and n.days[0] <= today.day <= n.days[1]]
    week = []
    for offset in range(1, 7 - today.weekday()):
        day = today + timedelta(days=offset)
        _, later = day_plan(day)
        items = [f"{'截止 ' if kind == 'deadline' else ''}{time + ' ' if time else ''}{name}" for kind, time, name in cells(later)]
        if items:
            week.append((f"周{WEEKDAY[day.weekday()]} {day.month}月{day.day}日", items))
    undated = [n.name for n in plan.notes if n.group.startswith("每周")]
    return {
        "today": f"{today.month}月{today.day}日 周{WEEKDAY[today.weekday()]}",
        "rest": not now.day.workday, "holiday": now.day.holiday,
        "times": sorted(((label, list(dict.fromkeys(names))) for label, names in times.items()),
                        key=lambda line: _clock(line[0])),
        "own": list(dict.fromkeys(own)), "spans": spans, "week": week, "undated": list(dict.fromkeys(undated)),
    }


def _clock(label: str) -> str:
    m = re.search(r"\d\d:\d\d", label)
    return m.group(0) if m else ""
