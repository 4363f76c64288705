"""What the arrears cases add up to in a month: the report's 欠费案件 section and the site's register page.

Only counts, states and sums leave this module, never a home or an owner: the
site shows cases only as counts and states, and the report the same. A case is
open at a day's end when it was opened by then and had no closing stage
(结案, 撤诉, 和解) by then; its state is its last event's stage (`Case.state_on`).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..core.dates import Month
from .case import CLOSING, STATES, Case

STALLED_DAYS = 60   # as the check: no event for 60 days (check/case.py)


def _money(value) -> float:
    return float(round(value, 2))


def open_cases(cases: list[Case], day: date) -> list[Case]:
    """The cases open at `day`'s end."""
    return [c for c in cases if c.opened and c.opened <= day and c.closed_on(day) is None]


def states(cases: list[Case], day: date) -> dict[str, int]:
    """Open cases at `day`'s end by their state (every state that is not a closing stage, 0 when none)."""
    counts = {s: 0 for s in STATES if s not in CLOSING}
    for c in open_cases(cases, day):
        counts[c.state_on(day)] += 1
    return counts


def cases_section(records: list, month: Month) -> dict:
    """The month's cases: open at its start and end, opened, closed (and how), recovered in it and in all, stalled."""
    cases = [r for r in records if isinstance(r, Case)]
    end, before = month.last, month.first - timedelta(days=1)
    closed = {s: 0 for s in CLOSING}
    for c in cases:
        day = c.closed_on(end)
        if day is not None and day >= month.first:
            closed[next(e.stage for e in c.events if e.closing)] += 1
    stalled = sum(1 for c in open_cases(cases, end) if (end - c.last_activity(end)).days > STALLED_DAYS)
    return {"open_start": len(open_cases(cases, before)), "open": len(open_cases(cases, end)),
            "opened": sum(1 for c in cases if c.opened and month.first <= c.opened <= end),
            "closed": sum(closed.values()), "closed_by_stage": closed,
            "by_state": states(cases, end), "stalled": stalled,
            "recovered_month": _money(sum((c.recovered(month.first, end) for c in cases), 0)),
            "recovered_total": _money(sum((c.recovered(None, end) for c in cases), 0))}
