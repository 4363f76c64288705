"""The fixes of failed inspection items (月检不合格项目的整改): each is a gap for its owner until it is fixed.

Why a check of its own: the duty windows (`duty_windows.py`) ask whether an inspection
was made; this asks whether what it found was put right. A failed item is the owner's
gap from the day after its `fix_by` until `fixed` is written (the fix_by day itself is
still in time); a failed item with no `fix_by` at all is a gap from the inspection's
day, since no one can tell when it is late. A staff owner gets the gap by name; a
department (工程部, 保洁部) is a department item, named by the department.

Open items are reported whenever they are still open on the checked day, not only
when they fell due inside the span: an item found in August and never fixed is still
owed in November. The duty named is the one the book proves by that kind of
inspection (`record: inspection:<kind>`); a kind no duty is proven by is not checked.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..records.inspection import NO_DEADLINE, OVERDUE, Finding, Inspection, fix_status, owner_of
from ..reference.checklists import record_name
from ..reference.duty_book import DutyBook
from ..reference.org import Org
from .gap import Gap, duties_with, staff_label

CATEGORY = "整改"


def inspection_gaps(book: DutyBook, org: Org, records: list, on: date) -> list[Gap]:
    """A gap for every failed item overdue on `on`, and for every open failed item without a fix_by."""
    duties = {duty.record.split(":", 1)[1]: (f"{role}/{duty.id}", duty.text)
              for role, duty in duties_with(book, *(f"inspection:{k}" for k in _kinds(records)))}
    gaps = []
    for record in sorted((r for r in records if isinstance(r, Inspection) and r.date <= on),
                         key=lambda r: (r.date, r.source.path)):
        duty = duties.get(record.kind)
        if duty is None:
            continue
        for finding in record.failed:
            status = fix_status(finding, on)
            if status == OVERDUE:
                gaps.append(_gap(org, record, finding, duty, finding.fix_by + timedelta(days=1),
                                 f"逾期未整改（整改期限 {finding.fix_by}）",
                                 f"整改后在 {record.source.path} 该项写上 fixed: 整改日期"))
            elif status == NO_DEADLINE:
                gaps.append(_gap(org, record, finding, duty, record.date, "没有整改期限",
                                 f"在 {record.source.path} 该项写上 fix_by: 整改期限"))
    return gaps


def _kinds(records: list) -> set[str]:
    return {r.kind for r in records if isinstance(r, Inspection)}


def _gap(org: Org, record: Inspection, finding: Finding, duty: tuple[str, str], day: date, status: str,
         action: str) -> Gap:
    """The gap of one failed item: the owner's, or a department item naming the department (责任部门)."""
    staff, name = owner_of(org, finding.owner)
    where = f"（{finding.place}）" if finding.place else ""
    department = "" if staff else f"，责任部门：{name}"
    message = f"{record.date:%m-%d} {record_name(record.kind)}不合格项目“{finding.item}”{where}{status}{department}"
    return Gap(CATEGORY, day.isoformat(), staff, staff_label(org, staff) if staff else name, duty[1],
               f"{record.source.path} 第 {finding.line} 行", message, action, duty[0], slip=finding.slip or "",
               due=(finding.fix_by or record.date).isoformat())
