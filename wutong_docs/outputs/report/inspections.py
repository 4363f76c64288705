"""The section 检查与整改: the month's inspections by kind and area, and how their failed items were fixed.

The inspections counted are those dated in the month. Each failed item of them is
counted once, by where it stands at the month's last day (`inspection.fix_status`):
fixed on time, fixed late, overdue (not fixed and past fix_by), pending (not fixed,
fix_by not yet passed) or without a deadline; the five add up to `failed`. Items
of earlier months still overdue at the month's end are counted apart (`carried_overdue`)
and listed with this month's in `overdue_items`, so nothing found in August and
never fixed drops out of November's report. Places are homes, buildings or words
the inspector wrote; owners are staff or departments, never residents.
"""

from __future__ import annotations

from ...core.dates import Month
from ...records.inspection import (CENTER, FIXED_LATE, FIXED_ON_TIME, NO_DEADLINE, OVERDUE, PENDING,
                                   Inspection, area_name, fix_status, owner_of)
from ...reference.checklists import KINDS
from ...reference.org import Org

DEFINITIONS = (
    ("统计对象", "检查日期（date）在本月的检查记录；不合格项目按月末那天的状态各计一次"),
    ("按时整改", "月末前已整改（fixed），且不晚于整改期限（fix_by）"),
    ("逾期后整改", "月末前已整改，但晚于整改期限"),
    ("逾期未整改", "到月末仍未整改，且整改期限已过（期限当天不算逾期）"),
    ("整改中", "到月末仍未整改，期限未到"),
    ("以前月份逾期", "以前月份检查发现、到本月末仍逾期未整改的项目"),
)
_COUNTS = (FIXED_ON_TIME, FIXED_LATE, OVERDUE, PENDING, NO_DEADLINE)


def _zero() -> dict:
    return {"inspections": 0, "failed": 0, **dict.fromkeys(_COUNTS, 0)}


def inspections_section(records: list, org: Org, month: Month) -> dict:
    """The month's inspections and fixes as plain data (JSON key `inspections`)."""
    end = month.last
    done = [r for r in records if isinstance(r, Inspection) and r.date <= end]
    this = [r for r in done if r.date in month]
    total = _zero()
    by_kind = {kind: {"label": label, **_zero()} for kind, label in KINDS.items()}
    by_area = {area: {"label": area_name(org, area), **_zero()} for area in [*org.areas, CENTER]}
    for record in this:
        rows = (total, by_kind.setdefault(record.kind, {"label": record.kind, **_zero()}),
                by_area.setdefault(record.area, {"label": area_name(org, record.area), **_zero()}))
        for row in rows:
            row["inspections"] += 1
        for finding in record.failed:
            status = fix_status(finding, end)
            for row in rows:
                row["failed"] += 1
                row[status] += 1
    overdue = [(r, f) for r in sorted(done, key=lambda r: (r.date, r.source.path)) for f in r.failed
               if fix_status(f, end) == OVERDUE]
    return {**total, "carried_overdue": sum(1 for r, _ in overdue if r.date not in month),
            "by_kind": by_kind, "by_area": by_area,
            "overdue_items": [_item(org, r, f) for r, f in overdue]}


def _item(org: Org, record: Inspection, finding) -> dict:
    _, owner = owner_of(org, finding.owner)
    return {"date": record.date.isoformat(), "kind": record.kind, "area": record.area, "item": finding.item,
            "place": finding.place, "owner": owner, "fix_by": finding.fix_by.isoformat(),
            "path": record.source.path}
