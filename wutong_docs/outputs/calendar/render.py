"""Laying out a `MonthPlan`: print-ready HTML and Markdown for the site.

HTML and Markdown come from the department's Jinja templates in
`templates/calendar/` (autoescaped); iCalendar is `ics.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from ...core import templates
from ...core.markdown_text import md_text
from ...reference.duty_book import CITE, NONE, REPORT
from ...reference.evidence import how_proven, proof_line
from .plan import DAY_ITEM, DEADLINE, EVERY_DAY, RANGE_END, RANGE_START, WEEKLY, DayPlan, MonthPlan, Note

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _environment(root: Path) -> jinja2.Environment:
    env = templates.environment(root, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = md_text  # a value in a heading, table cell or list item of month.md.j2
    return env


WORKDAY_GROUP = "每个工作日（周一至周五，含调休上班日）"
PROOF_GROUP = "怎样留记录"
CITE_LINE = "在工作日志里写一行【简称】"
_FOLDER = re.compile(r"（records/[^）]*）")
# the printed sheet's line of each kind of record; a kind not listed gets its duty's own phrase
_SHEET = {CITE: CITE_LINE, REPORT: "写入月度分析", "minutes": "会议记录", "notice": "公示或催缴函", "slip": "传递单",
          "log": "工作日志", "weekly": "周报", "desk": "前台登记表", "renovation": "装修档案"}   # the line of every cited duty: its names are the labels to write
CELL_KINDS = (WEEKLY, DEADLINE, RANGE_START, RANGE_END)


def cells(day: DayPlan) -> list[tuple[str, str, str]]:
    """What a day's cell shows, as (css class, time, short name): only what is particular to that day.

    A working-day duty is the same on every working day, so it is listed once
    under the grid (`lists`), not repeated in twenty cells; a deadline's own
    "20日前" is the cell's date, so it is not written again.
    """
    out = []
    for item in day.items:
        if item.kind not in CELL_KINDS:
            continue
        # a deadline's "20日前" is the cell's own date, unless a rest day moved it here: then say from where and why
        time = item.label if item.kind != DEADLINE or item.moved_from else ""
        out.append((item.kind, time, item.name))
    return list(dict.fromkeys(out))


def _by_label(entries) -> list[tuple[str, list[str]]]:
    """(label, name) pairs as one line per label, names in order, each once."""
    lines: dict[str, list[str]] = {}
    for label, name in entries:
        names = lines.setdefault(label, [])
        if name not in names:
            names.append(name)
    return sorted(lines.items(), key=lambda line: _clock_of(line[0]))


def _clock_of(label: str) -> str:
    """A line's first clock time ("08:25–09:00" -> "08:25"); lines without one come first."""
    m = re.search(r"\d\d:\d\d", label)
    return m.group(0) if m else ""


def daily_lines(plan: MonthPlan) -> dict[str, list[tuple[str, list[str]]]]:
    """What the grid's bands say (`band`), one line per time: "work" what every working day holds (the
    working-day duties and the every-day ones), "rest" what a rest day holds (the every-day ones)."""
    workday = next((d for d in plan.days if d.day.workday), None)
    every_day = [(note.label, note.name) for note in plan.notes if note.group == EVERY_DAY]
    work = [(item.label, item.name) for item in workday.items if item.kind == DAY_ITEM] if workday else []
    return {"work": _by_label(work + every_day), "rest": _by_label(every_day)}


def bands(plan: MonthPlan, lines: dict) -> list[list[tuple[int, str, str]]]:
    """Each week's band under its dates, as (columns, "work" | "rest" | "", where): runs of working days,
    of rest days, and of days outside the month (or with nothing to say). The widest run of each kind
    (the first of equals) is written out ("" as `where`); every other says where that one is: 上, 下, 左, 右.

    Why a band (issue 23): a role whose duties are all everyday ones (the front desk) printed a grid of
    empty cells with everything in the list below it; the band puts them on the days they are done,
    once in full, so the month still fits one A4 sheet.
    """
    weeks = []
    for week in plan.weeks():
        runs: list[list] = []
        for day in week:
            what = "" if day is None else "work" if day.day.workday else "rest"
            what = what if what and lines[what] else ""
            if runs and runs[-1][0] == what:
                runs[-1][1] += 1
            else:
                runs.append([what, 1])
        weeks.append(runs)
    full = {}
    for w, runs in enumerate(weeks):
        for r, (what, n) in enumerate(runs):
            if what and (what not in full or n > full[what][2]):
                full[what] = (w, r, n)
    out = []
    for w, runs in enumerate(weeks):
        row = []
        for r, (what, n) in enumerate(runs):
            where = ""
            if what and full[what][:2] != (w, r):
                fw, fr, _ = full[what]
                where = "上" if fw < w else "下" if fw > w else "左" if fr < r else "右"
            row.append((n, what, where))
        out.append(row)
    return out


def lists(plan: MonthPlan) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The lists under the grid: the notes, one line per time; what every day or working day holds is in
    the bands."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for note in plan.notes:
        if note.group == EVERY_DAY:
            continue
        same = note.group.startswith(note.label) or note.label.startswith(note.group)   # 每周 under 每周（…）
        groups.setdefault(note.group, []).append(("" if same else note.label, note.name))
    return [(group, _by_label(entries)) for group, entries in groups.items()]


def note_groups(plan: MonthPlan) -> list[tuple[str, list[Note]]]:
    """The notes under the grid by group, each with its full text (the Markdown's numbered lists)."""
    groups: dict[str, list[Note]] = {}
    workday = next((d for d in plan.days if d.day.workday), None)
    if workday:
        for item in workday.items:
            if item.kind == DAY_ITEM:
                groups.setdefault(WORKDAY_GROUP, []).append(Note(WORKDAY_GROUP, item.label, item.text, item.duty,
                                                                 short=item.short))
    for note in plan.notes:
        groups.setdefault(note.group, []).append(note)
    return list(groups.items())


def proofs(plan: MonthPlan) -> list[tuple[str, list[str]]]:
    """How the role's duties are proven, one line per kind of record: the printed sheet's last list.

    One line per kind (the cited duties' names are the labels to write, 【钥匙核查】), so a
    month still fits one A4 sheet; the full phrase of each duty (evidence.how_proven) is
    on the role pages and in the Markdown.
    """
    lines: dict[str, list[str]] = {}
    for duty in plan.role.duties:
        kind = duty.record.split(":", 1)[0]
        how = f"不需要记录（{duty.reason}）" if duty.record == NONE else _SHEET.get(kind) or _FOLDER.sub("", how_proven(duty))
        lines.setdefault(how, []).append(duty.short)
    return list(lines.items())


def _context(plan: MonthPlan) -> dict:
    person = f"{plan.staff.name}（{plan.role.name}）" if plan.staff else plan.role.name
    estimated = plan.estimated_days
    weeks = len(plan.weeks())
    daily = daily_lines(plan)
    banded = bool(daily["work"] or daily["rest"])
    empty = not any(cells(day) for day in plan.days)
    return {
        "plan": plan, "title": f"{plan.label} {person} 工作日历",
        "weekday_names": WEEKDAY_NAMES, "cells": cells, "lists": lists(plan), "note_groups": note_groups(plan),
        "bands": bands(plan, daily) if banded else [], "daily": daily,
        "proofs": proofs(plan), "proof_group": PROOF_GROUP, "proof_line": proof_line,
        "estimated": estimated, "estimated_all": len(estimated) == len(plan.days),
        # the bands take room from the cells; a month whose cells hold nothing of their own keeps just the dates
        "cell_height": 8 if banded and empty else {4: 27, 5: 22, 6: 18}.get(weeks, 18) - (5 if banded else 0),
        "banded": banded,
        "kinds": {"day": DAY_ITEM, "deadline": DEADLINE, "start": RANGE_START, "end": RANGE_END, "weekly": WEEKLY},
    }


def grid_html(plan: MonthPlan, root: Path) -> str:
    """The grid and its lists alone, for a page that brings its own styles (the role pages)."""
    return _environment(root).get_template("calendar/_grid.html.j2").render(**_context(plan))


def render_html(plan: MonthPlan, root: Path) -> str:
    """The print-ready month calendar (templates/calendar/month.html.j2, overridable by the repository)."""
    return _environment(root).get_template("calendar/month.html.j2").render(**_context(plan))


def render_md(plan: MonthPlan, root: Path) -> str:
    """The month calendar as Markdown: what the site's role pages embed and `--format md` prints."""
    return _environment(root).get_template("calendar/month.md.j2").render(**_context(plan))
