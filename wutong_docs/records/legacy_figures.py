"""What the legacy problems add up to in a month: the report's 历史遗留问题 section.

A problem is open at a day's end when it was opened by then and not closed by
then. A step is due in the month when its `by` day falls in it, done in the
month when its `done` day does, overdue at the month's end when its `by` day is
before the month's last day and it was not done by then (the check's rule on
that day, check/legacy.py). The problems themselves are listed by id and title:
legacy problems hold no owner's personal data (titles still pass privacy.mask).
"""

from __future__ import annotations

from ..core.dates import Month
from ..reference.org import Org
from .legacy import Legacy, area_id


def _in(day, month: Month) -> bool:
    return day is not None and month.first <= day <= month.last


def legacy_section(records: list, org: Org, month: Month) -> dict:
    """Open problems, steps due and done in the month, steps overdue at its end, and each problem open or closed in it."""
    problems = sorted((r for r in records if isinstance(r, Legacy) and r.opened), key=lambda r: r.id)
    end = month.last
    shown = [p for p in problems if p.open_on(end) or _in(p.closed, month)]
    steps = [s for p in problems if p.opened <= end for s in p.plan]
    rows = []
    for p in shown:
        pending = sorted((s for s in p.plan if s.done is None or s.done > end), key=lambda s: s.by)
        rows.append({"id": p.id, "title": p.title, "area": area_id(org, p.area) or p.area, "opened": p.opened.isoformat(),
                     "closed": p.closed.isoformat() if _in(p.closed, month) else None,
                     "steps": len(p.plan), "steps_done": sum(1 for s in p.plan if s.done and s.done <= end),
                     "steps_overdue": sum(1 for s in p.plan if s.overdue_on(end)),
                     "next_step": pending[0].step if pending else None,
                     "next_by": pending[0].by.isoformat() if pending else None})
    return {"open": sum(1 for p in problems if p.open_on(end)),
            "opened": sum(1 for p in problems if _in(p.opened, month)),
            "closed": sum(1 for p in problems if _in(p.closed, month)),
            "without_plan": sum(1 for p in problems if p.open_on(end) and not p.plan),
            "steps_due": sum(1 for s in steps if _in(s.by, month)),
            "steps_done": sum(1 for s in steps if _in(s.done, month)),
            "steps_due_done": sum(1 for s in steps if _in(s.by, month) and s.done and s.done <= s.by),
            "steps_overdue": sum(1 for s in steps if s.overdue_on(end)),
            "problems": rows}
