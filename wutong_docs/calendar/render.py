"""Laying out a `MonthPlan`: print-ready HTML and Markdown for the site.

HTML and Markdown come from the department's Jinja templates in
`templates/calendar/` (autoescaped); iCalendar is `ics.py`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import groupby
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup, escape

from .. import templates
from ..duties import Cadence
from .plan import DAY_ITEM, DEADLINE, RANGE_END, RANGE_START, WEEKLY, DayPlan, MonthPlan, Note

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _environment(root: Path) -> jinja2.Environment:
    env = templates.environment(root, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = _md_cell
    return env


def _md_cell(value) -> Markup:
    """Text safe inside a Markdown table cell: HTML-escaped, and `|` cannot end the cell."""
    return Markup(str(escape(value)).replace("|", "&#124;").replace("\n", " "))


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
    return _environment(root).get_template("calendar/month.html.j2").render(**_context(plan))


def render_md(plan: MonthPlan, root: Path) -> str:
    return _environment(root).get_template("calendar/month.md.j2").render(**_context(plan))
