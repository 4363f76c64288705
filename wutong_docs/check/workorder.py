"""The daily check of the outside work orders (records/workorders/): a work order unanswered for too long.

The supervisor's weekly duty 对外工作单的发送情况 (`record: workorder` in the duty book)
is to know what went out and what still waits. A work order sent on a day has
`workorder.ANSWER_WITHIN` working days (reference/workdays.py, adjusted days
counted) for its answer: on the 7th working day after it was sent it is not yet
a gap, from the next calendar day it is, until `answered` is written. The gap is
the supervisor's: the sender if they are one, else the first supervisor of org.yml,
else the department's.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..records.workorder import ANSWER_WITHIN, WorkOrder
from ..reference.duty_book import DutyBook
from ..reference.org import Org
from ..reference.workdays import Overrides, workday_after
from .gap import Gap, duties_with, staff_label

RECORD = "workorder"   # the duty book's `record:` value this check answers to


def answer_by(sent: date, overrides: Overrides) -> date:
    """The last day for the answer to a work order sent on `sent`: its ANSWER_WITHIN-th working day after."""
    return workday_after(sent, ANSWER_WITHIN, overrides)


def workorder_gaps(book: DutyBook, org: Org, records: list, on: date, overrides: Overrides) -> list[Gap]:
    """Every work order sent by `on` and, as it stood at the end of `on`, unanswered past its answer_by day."""
    found = duties_with(book, RECORD)
    if not found:
        return []
    role, duty = found[0]
    gaps = []
    for order in sorted((r for r in records if isinstance(r, WorkOrder)), key=lambda r: r.id):
        if order.sent > on or order.state_on(on) != "waiting":
            continue
        last = answer_by(order.sent, overrides)
        if on <= last:
            continue
        staff = _owner(org, order.by, role)
        path = order.source.path
        gaps.append(Gap("对外工作单", (last + timedelta(days=1)).isoformat(), staff,
                        staff_label(org, staff) if staff else "客服部", duty.text, f"{path} 中的 answered（答复日）",
                        f"{order.id}（致{order.to}：{order.subject}）{order.sent:%m-%d} 发出，"
                        f"{ANSWER_WITHIN} 个工作日内（到 {last:%m-%d}）未答复",
                        f"催问{order.to}，收到答复后在 {path} 写 answered 和 answer",
                        f"{role}/{duty.id}", due=last.isoformat()))
    return gaps


def _owner(org: Org, sender: str, role: str) -> str:
    """The supervisor the gap is for: the sender when they hold the duty's role, else the first who does, else ""."""
    person = org.staff.get(sender)
    if person and person.role == role:
        return sender
    holders = org.by_role(role)
    return holders[0].id if holders else ""
