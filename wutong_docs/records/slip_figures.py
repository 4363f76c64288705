"""The slips section 投诉与报修: the month's cohort of slips, each as it stood at the month's last moment.

One definition for every figure (the issue pins it, and the report prints it
under its table, `DEFINITIONS`): the cohort is the slips opened in the month
(Beijing time, as every record is written); each is judged by its events up to
23:59:59 of the month's last day, so a report made on the 5th of the next month
gives the same numbers as one made at midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from statistics import median

from ..core.dates import Month
from ..reference.org import Org
from .slip import CATEGORIES, SETTLED, Slip, is_overdue, status_of

DEFINITIONS = (
    ("统计对象", "当月开单（按 opened，北京时间）的传递单，各按月末最后一刻（该月最后一天 23:59:59）的状态统计"),
    ("已完成", "到月末有 done（完成）记录"),
    ("按时完成", "第一次 done 不晚于完成期限 due"),
    ("已回访", "到月末有 revisited（回访）记录"),
    ("满意 / 不满意", "按最后一次回访的结果"),
    ("重新打开", "到月末至少有一次 reopened"),
    ("月末未关闭", "到月末既未关闭（closed）也未作废（cancelled）"),
    ("月末逾期", "到月末的状态为待派工、已派工、处理中或重新打开（重新打开的即使完成过也算），且已过完成期限 due"),
    ("完成用时中位数", "开单到第一次 done 的小时数的中位数（只计已完成的）"),
)
NO_AREA = "—"   # a slip whose building no area lists (org.yml lists every building once; kept for safety)


def last_moment(month: Month) -> datetime:
    """23:59:59 of the month's last day (Beijing time, as the records are written): when its figures are judged."""
    return datetime.combine(month.last, time(23, 59, 59))


def area_of(org: Org, unit: str) -> str:
    """The area (片区 id) of a slip's unit or home (`3-2`, `3-2-501`): the area that lists its building."""
    building = unit.split("-")[0]
    return next((a.id for a in org.areas.values() if building in a.buildings), NO_AREA)


def by_opened_month(slips) -> dict[Month, list[Slip]]:
    """The slips grouped by the month they were opened: every month's cohort, from one pass.

    The report's months (this one, the previous one, the 12 of the trend) each take their
    own group, so no month looks at the other months' slips.
    """
    groups: dict[tuple[int, int], list[Slip]] = {}
    for slip in slips:   # keyed by (year, month) first: a Month for each of 23,000 slips would cost more than grouping
        opened = slip.opened
        groups.setdefault((opened.year, opened.month), []).append(slip)
    return {Month(year, month): group for (year, month), group in groups.items()}


@dataclass(frozen=True)
class AtEnd:
    """One slip as it stood at the month's last moment, judged by the definitions (`DEFINITIONS`)."""
    status: str
    first_done: datetime | None   # the first done event by then (done: not None)
    on_time: bool                 # that first done at or before due
    last_result: str | None       # the result of the last revisit by then (revisited: not None)
    reopened: bool
    open: bool                    # neither closed nor cancelled
    overdue: bool                 # not done as it stood (reopened counts), past due: `slip.is_overdue`

    @property
    def done(self) -> bool:
        """Whether it had a done event by the month's end (已完成)."""
        return self.first_done is not None


def at_end(slip: Slip, last: datetime) -> AtEnd:
    """`slip` as it stood at `last` (the month's last moment): the one place the slip definitions are applied."""
    events = slip.events_until(last)
    status = status_of(events)
    first_done = next((e.at for e in events if e.status == "done"), None)
    revisits = [e for e in events if e.status == "revisited"]
    still_open = status not in SETTLED
    return AtEnd(status, first_done, first_done is not None and first_done <= slip.due,
                 revisits[-1].result if revisits else None, any(e.status == "reopened" for e in events),
                 still_open, is_overdue(slip, last))


def slip_figures(slips: list[Slip], org: Org, month: Month, until: datetime | None = None) -> dict:
    """The figures of `month` from any list of slips: its cohort selected here, then `cohort_figures`.

    `until` (a moment inside the month) counts the month so far instead: the slips opened
    up to then, each as it stood then; the monthly meeting's figures are "as of that day".
    """
    first, last = datetime.combine(month.first, time()), last_moment(month)
    last = min(until, last) if until else last
    return cohort_figures([s for s in slips if first <= s.opened <= last], org, month, until)


def cohort_figures(cohort: list[Slip], org: Org, month: Month, until: datetime | None = None) -> dict:
    """The pinned slip figures of `month` from its cohort (the slips opened in it), plus category × area and median
    hours; each slip as it stood at the month's last moment, or at `until` when that is earlier.
    """
    last = min(until, last_moment(month)) if until else last_moment(month)
    counts = dict.fromkeys(("opened", "done", "done_on_time", "revisited", "satisfied", "unsatisfied", "reopened",
                            "open_at_end", "overdue_at_end", "closed", "cancelled"), 0)
    by_category = dict.fromkeys(CATEGORIES, 0)
    areas = [*org.areas, NO_AREA]
    by_area = {area: dict.fromkeys(CATEGORIES, 0) for area in areas}
    hours = []
    for slip in cohort:
        end = at_end(slip, last)
        counts["opened"] += 1
        by_category[slip.category] += 1
        by_area[area_of(org, slip.unit)][slip.category] += 1
        if end.done:
            counts["done"] += 1
            counts["done_on_time"] += end.on_time
            hours.append((end.first_done - slip.opened).total_seconds() / 3600)
        if end.last_result:
            counts["revisited"] += 1
            counts[end.last_result] += 1
        counts["reopened"] += end.reopened
        if end.open:
            counts["open_at_end"] += 1
            counts["overdue_at_end"] += end.overdue
        else:
            counts[end.status] += 1
    if not any(by_area[NO_AREA].values()):
        del by_area[NO_AREA]
    return {**counts, "by_category": by_category, "by_area": by_area,
            "median_hours_to_done": round(median(hours), 1) if hours else None}


def slips_section(cohorts: dict[Month, list[Slip]], org: Org, month: Month, recorded=frozenset()) -> dict:
    """The month's figures with the previous month's beside them (`previous`, same keys).

    `cohorts` is `by_opened_month` of every slip; `recorded` the months with any record
    (`recorded.recorded_months`): each part says whether its month has one (`recorded`).
    """
    before = month - 1
    return {**cohort_figures(cohorts.get(month, []), org, month), "recorded": month in recorded,
            "previous": {"month": str(before), **cohort_figures(cohorts.get(before, []), org, before),
                         "recorded": before in recorded}}
