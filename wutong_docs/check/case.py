"""The daily check of the arrears cases (records/cases/) against finance's arrears lists.

The duty book's 组织欠费户数的起诉 (`record: case`) is proven by the case files; a
lawsuit lost because nobody moved it is exactly what a department must not
miss. Two gaps, both for the person holding that duty (the supervisor):

- a case still open whose last event (or its opening, with none yet) is more
  than STALLED_DAYS days back: 60 days after its last event it is still fine,
  from the 61st it is a gap, dated that day;
- a home on the latest THREE_LISTS monthly arrears lists in a row (each month's
  latest list, records/arrears/YYYY/MM/*.csv) with no case for it: 是否起诉.
  A case counts when it is open, or was closed on or after the first day of the
  first of those months (a case settled earlier does not cover new arrears).

Both are states at the checked day's end, like an overdue slip: listed as long
as they last, whatever the span. Records dated after the checked day are not
seen, and a list whose file name is a later day (2026-11-10.csv) neither.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..core.dates import Month
from ..records.arrears import ArrearsList
from ..records.case import STATES, Case
from ..records.case import path_for as case_path
from ..reference.duty_book import DutyBook
from ..reference.org import Org
from .gap import Gap, duties_with, staff_label

RECORD = "case"
STALLED_DAYS = 60     # the rule: a case with no event for 60 days
THREE_LISTS = 3       # consecutive monthly lists a home is on before it asks 是否起诉
CATEGORY = "欠费案件"
_LIST = re.compile(r"^records/arrears/(\d{4})/(\d{2})/([^/]+)\.csv$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def case_gaps(book: DutyBook, org: Org, records: list, on: date) -> list[Gap]:
    """The stalled cases and the homes three lists long without a case, as they stood at `on`'s end."""
    found = duties_with(book, RECORD)
    if not found:
        return []
    role, duty = found[0]
    duty_id = f"{role}/{duty.id}"
    holders = [p.id for p in org.by_role(role)]
    cases = [r for r in records if isinstance(r, Case) and r.opened and r.opened <= on]
    lists = {r.source.path: r for r in records if isinstance(r, ArrearsList)}

    def owner(case: Case | None) -> tuple[str, str]:
        who = case.by if case and case.by in holders else holders[0] if holders else ""
        return who, staff_label(org, who) if who else "客服部"

    gaps = []
    for case in sorted(cases, key=lambda c: c.name):
        if case.closed_on(on) is not None:
            continue
        last = case.last_activity(on)
        first_late = last + timedelta(days=STALLED_DAYS + 1)
        if on >= first_late:
            who, name = owner(case)
            gaps.append(Gap(CATEGORY, first_late.isoformat(), who, name, duty.text,
                            f"{case.source.path} 中的新一条 events",
                            f"案件 {case.name} 已 {STALLED_DAYS} 天没有进展（最后一次：{last}，"
                            f"{STATES[case.state_on(on)]}）",
                            f"推进案件，在 {case.source.path} 记下新的进展", duty_id, due=first_late.isoformat()))
    gaps += _three_lists(lists, cases, on, duty, duty_id, owner)
    return gaps


def monthly_lists(lists: dict[str, ArrearsList], on: date) -> list[tuple[Month, str, ArrearsList]]:
    """(month, path, list) of each month's latest list seen by `on`'s end, oldest month first."""
    latest: dict[Month, tuple[str, ArrearsList]] = {}
    for path, lst in lists.items():
        m = _LIST.match(path)
        if not m or lst is None:
            continue
        month = Month(int(m.group(1)), int(m.group(2)))
        day = _DAY.match(m.group(3))
        if month.first > on or (day and f"{day.group(0)}" > on.isoformat()):
            continue
        if month not in latest or path > latest[month][0]:
            latest[month] = (path, lst)
    return [(month, *latest[month]) for month in sorted(latest)]


def _three_lists(lists, cases: list[Case], on: date, duty, duty_id: str, owner) -> list[Gap]:
    monthly = monthly_lists(lists, on)[-THREE_LISTS:]
    if len(monthly) < THREE_LISTS or any(b[0] != a[0] + 1 for a, b in zip(monthly, monthly[1:])):
        return []   # fewer than three lists, or a month without one between them: not three in a row
    start = monthly[0][0].first
    covered = {c.home for c in cases if c.closed_on(on) is None or c.closed_on(on) >= start}
    on_all = set.intersection(*({h.unit for h in lst.households} for _, _, lst in monthly))
    first, path = monthly[0][0], monthly[-1][1]
    gaps = []
    for home in sorted(on_all - covered):
        who, name = owner(None)
        n = 1 + sum(1 for c in cases if c.home == home)
        gaps.append(Gap(CATEGORY, str(monthly[-1][0]), who, name, duty.text, case_path(home, n),
                        f"{home} 连续 {THREE_LISTS} 个月在欠费名单上（{first}—{monthly[-1][0]}，最近一份 {path}），"
                        "还没有欠费案件：是否起诉",
                        f"决定是否起诉；起诉的用 wutong new case --home {home} --amount 欠费金额 建档", duty_id))
    return gaps
