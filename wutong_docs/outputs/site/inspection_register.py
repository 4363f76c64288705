"""The inspection register 检查与整改: every failed item not yet fixed, overdue ones first, then the months.

Why: the supervisor's duty 组织各片区现场检查及月检不合格项目的整改 runs across weeks:
an item found on the 17th is fixed, or not, long after its inspection's page has
scrolled by. This page answers "what is still to fix, by whom, by when" as of the
build's `now`, by the rule the check and the report use (`inspection.fix_status`),
and counts each month's inspections with a link to its month page. Places are
homes, buildings or the inspector's words; owners are staff or departments, so no
resident is named (record text is masked on every page all the same).
"""

from __future__ import annotations

from collections import Counter

from ...records.inspection import (FIX_STATUSES, NO_DEADLINE, OVERDUE, PENDING, Inspection, area_name, fix_status,
                                   owner_of)
from ...reference.checklists import KINDS
from .data import SiteData
from .page import Page
from .render import when

REGISTER = "records/inspection/register.md"


def page(data: SiteData) -> Page:
    """The register: open failed items (overdue, no deadline, then by fix_by), then the inspections of each month."""
    today = data.today
    placed = [p for p in data.placed if isinstance(p.record, Inspection) and p.record.date <= today]
    rows = []
    for p in placed:
        for finding in p.record.failed:
            status = fix_status(finding, today)
            if status in (OVERDUE, NO_DEADLINE, PENDING):
                staff, name = owner_of(data.org, finding.owner)
                rows.append({"placed": p, "finding": finding, "status": status, "label": FIX_STATUSES[status],
                             "staff": staff, "owner": name, "area": area_name(data.org, p.record.area),
                             "kind": KINDS.get(p.record.kind, p.record.kind)})
    rows.sort(key=lambda r: (r["status"] != OVERDUE, r["status"] != NO_DEADLINE,
                             r["finding"].fix_by or r["placed"].record.date, r["placed"].record.date))
    register = Page(REGISTER, "检查与整改", in_nav=True, order=20, wide=True, searchable=False)
    register.html("inspection_summary.html.j2", now=when(data.now), open=len(rows),
                  overdue=sum(1 for r in rows if r["status"] == OVERDUE))
    register.heading(2, f"未整改的不合格项目（{len(rows)}）", "open")
    register.html("inspection_open.html.j2", rows=rows, empty="没有：检查发现的不合格项目都已整改。")
    months: dict[str, Counter] = {}
    for p in placed:
        counts = months.setdefault(p.month, Counter())
        counts["inspections"] += 1
        counts["failed"] += len(p.record.failed)
        counts["fixed"] += sum(1 for f in p.record.failed if f.fixed is not None and f.fixed <= today)
    register.heading(2, "各月检查", "months")
    register.html("inspection_months.html.j2", months=sorted(months.items(), reverse=True),
                  kind=next((p.kind for p in placed), None))
    return register
