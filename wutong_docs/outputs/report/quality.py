"""The engineering-quality section 工程质量: house-quality slips and slips sent to the developer.

The duty book has the department collect quality problems of homes still under
warranty and report them to the developer's engineering department (开发商工程部),
which often takes weeks; the supervisor reports how many came in, how many were
done and which are still open. The slips are the same slips as the slip section
and are judged by the same definitions (`slips.at_end`, `slips.DEFINITIONS`): the
cohort is those opened in the month, each as it stood at the month's last moment.

A slip belongs here when its category is `quality` (房屋质量) or it went `to` the
developer: a department of org.yml whose id is `developer` or whose name holds
开发商. Open slips are listed by id only (an id names the opener, a staff slug,
never an owner); those opened in earlier months and still open are listed too,
since a warranty repair outlives its month.
"""

from __future__ import annotations

from ...core.dates import Month
from ...records.slip import Slip
from ...records.slip_figures import area_of, at_end, last_moment
from ...reference.org import Org

QUALITY = "quality"
DEVELOPER = "developer"


def developer_departments(org: Org) -> frozenset[str]:
    """The ids of the departments that are the developer's (`developer`, or a name with 开发商)."""
    return frozenset(d.id for d in org.departments.values() if d.id == DEVELOPER or "开发商" in d.name)


def _counts() -> dict:
    return dict.fromkeys(("opened", "done", "done_on_time", "open_at_end", "overdue_at_end"), 0)


def quality_section(cohorts: dict[Month, list[Slip]], org: Org, month: Month, recorded=frozenset()) -> dict:
    """Opened, done, on time, open and overdue at the end, per area; the open ones' ids; earlier ones still open.

    `cohorts` is `slips.by_opened_month` of every slip: this month's group is counted, the
    earlier months' groups are only looked through for quality slips still open at this month's end.
    """
    developer = developer_departments(org)

    def concerns(slip: Slip) -> bool:
        return slip.category == QUALITY or slip.to in developer

    last = last_moment(month)
    totals = _counts()
    by_area = {area: _counts() for area in org.areas}
    open_ids, overdue_ids = [], []
    kinds = {"quality": 0, "developer": 0}
    for slip in sorted((s for s in cohorts.get(month, []) if concerns(s)), key=lambda s: (s.opened, s.id)):
        end = at_end(slip, last)
        kinds["quality"] += slip.category == QUALITY
        kinds["developer"] += slip.to in developer
        for tally in (totals, by_area.setdefault(area_of(org, slip.unit), _counts())):
            tally["opened"] += 1
            tally["done"] += end.done
            tally["done_on_time"] += end.on_time
            tally["open_at_end"] += end.open
            tally["overdue_at_end"] += end.overdue
        if end.open:
            open_ids.append(slip.id)
        if end.overdue:
            overdue_ids.append(slip.id)
    earlier = sorted(s.id for m, group in cohorts.items() if m < month
                     for s in group if concerns(s) and at_end(s, last).open)
    return {"recorded": month in recorded, **totals, "quality_category": kinds["quality"],
            "to_developer": kinds["developer"], "by_area": by_area, "open_ids": open_ids,
            "overdue_ids": overdue_ids, "earlier_open": len(earlier), "earlier_open_ids": earlier}
