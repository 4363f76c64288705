"""The slips section 投诉与报修: the month's cohort of slips, each as it stood at the month's last moment.

One definition for every figure (the issue pins it, and the report prints it
under its table, `DEFINITIONS`): the cohort is the slips opened in the month
(Beijing time, as every record is written); each is judged by its events up to
23:59:59 of the month's last day, so a report made on the 5th of the next month
gives the same numbers as one made at midnight.
"""

from __future__ import annotations

from datetime import datetime, time
from statistics import median

from ..dates import days_in_month
from ..org import Org
from ..records.slip import CATEGORIES, SETTLED, Slip, status_of

DEFINITIONS = (
    ("统计对象", "当月开单（按 opened，北京时间）的传递单，各按月末最后一刻（该月最后一天 23:59:59）的状态统计"),
    ("已完成", "到月末有 done（完成）记录"),
    ("按时完成", "第一次 done 不晚于完成期限 due"),
    ("已回访", "到月末有 revisited（回访）记录"),
    ("满意 / 不满意", "按最后一次回访的结果"),
    ("重新打开", "到月末至少有一次 reopened"),
    ("月末未关闭", "到月末既未关闭（closed）也未作废（cancelled）"),
    ("月末逾期", "月末未关闭、到月末没有 done 记录、且已过完成期限 due"),
    ("完成用时中位数", "开单到第一次 done 的小时数的中位数（只计已完成的）"),
)
NO_AREA = "—"   # a slip whose building no area lists (org.yml lists every building once; kept for safety)


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """The first and the last moment of `month` (YYYY-MM), Beijing time as the records are written."""
    year, mon = (int(p) for p in month.split("-"))
    return datetime(year, mon, 1), datetime.combine(datetime(year, mon, days_in_month(year, mon)), time(23, 59, 59))


def previous_month(month: str) -> str:
    """The month before `month` (YYYY-MM): the report sets it beside this one."""
    year, mon = (int(p) for p in month.split("-"))
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def area_of(org: Org, unit: str) -> str:
    """The area (片区 id) of a slip's unit or home (`3-2`, `3-2-501`): the area that lists its building."""
    building = unit.split("-")[0]
    return next((a.id for a in org.areas.values() if building in a.buildings), NO_AREA)


def slip_figures(slips: list[Slip], org: Org, month: str, until: datetime | None = None) -> dict:
    """The pinned slip figures of `month`, plus counts by category × area and the median hours to done.

    `until` (a moment inside the month) counts the month so far instead: the slips opened
    up to then, each as it stood then; the monthly meeting's figures are "as of that day".
    """
    first, last = month_bounds(month)
    last = min(until, last) if until else last
    cohort = [s for s in slips if first <= s.opened <= last]
    counts = dict.fromkeys(("opened", "done", "done_on_time", "revisited", "satisfied", "unsatisfied", "reopened",
                            "open_at_end", "overdue_at_end", "closed", "cancelled"), 0)
    by_category = dict.fromkeys(CATEGORIES, 0)
    areas = [*org.areas, NO_AREA]
    by_area = {area: dict.fromkeys(CATEGORIES, 0) for area in areas}
    hours = []
    for slip in cohort:
        events = slip.events_until(last)
        status = status_of(events)
        dones = [e for e in events if e.status == "done"]
        revisits = [e for e in events if e.status == "revisited"]
        counts["opened"] += 1
        by_category[slip.category] += 1
        by_area[area_of(org, slip.unit)][slip.category] += 1
        if dones:
            counts["done"] += 1
            counts["done_on_time"] += dones[0].at <= slip.due
            hours.append((dones[0].at - slip.opened).total_seconds() / 3600)
        if revisits:
            counts["revisited"] += 1
            counts[revisits[-1].result] += 1
        counts["reopened"] += any(e.status == "reopened" for e in events)
        if status not in SETTLED:
            counts["open_at_end"] += 1
            counts["overdue_at_end"] += not dones and slip.due < last
        else:
            counts[status] += 1
    if not any(by_area[NO_AREA].values()):
        del by_area[NO_AREA]
    return {**counts, "by_category": by_category, "by_area": by_area,
            "median_hours_to_done": round(median(hours), 1) if hours else None}


def slips_section(slips: list[Slip], org: Org, month: str) -> dict:
    """The month's figures with the previous month's beside them (`previous`, same keys)."""
    before = previous_month(month)
    return {**slip_figures(slips, org, month), "previous": {"month": before, **slip_figures(slips, org, before)}}
