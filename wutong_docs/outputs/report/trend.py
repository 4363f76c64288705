"""The 12-month trend of the slip section: the report month and the eleven before it, oldest first.

Each month is its own cohort (`slips.by_opened_month`, grouped once for the whole
report) judged at its own last moment, with the slip section's definitions
(`slips.cohort_figures`): a month's row in the trend is the figure the report of
that month gave. No month looks at another month's slips, so the trend costs
twelve small cohorts, not twelve passes over every record. The keys are pinned
(the charts draw from them): a month without any record (`recorded`) has zeros
and `recorded: false`, which the Markdown and HTML show as 无记录.
"""

from __future__ import annotations

from ...core.dates import Month
from ...records.slip import Slip
from ...records.slip_figures import cohort_figures
from ...reference.org import Org

MONTHS = 12
KEYS = ("opened", "done", "done_on_time", "open_at_end", "overdue_at_end")


def trend(cohorts: dict[Month, list[Slip]], org: Org, month: Month, recorded=frozenset()) -> list[dict]:
    """Twelve dicts {month ("YYYY-MM"), recorded, opened, done, done_on_time, open_at_end, overdue_at_end}, ending
    with `month`.
    """
    rows = []
    for back in range(MONTHS - 1, -1, -1):
        when = month - back
        counts = cohort_figures(cohorts.get(when, []), org, when)
        rows.append({"month": str(when), "recorded": when in recorded, **{k: counts[k] for k in KEYS}})
    return rows
