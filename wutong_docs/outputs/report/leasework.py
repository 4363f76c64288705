"""The report's parking and outside-work-order sections (issue 22): `leases` and `workorders` of the JSON.

Pure functions of the validated records and the month, each counted as the
records stood at the month's last day. The lease section is counts only: the
homes and plates of the car park are the owners' own and never leave the
register (records/lease.py), so nothing here names a space, a home or a plate.
A work order's id names no one, so the overdue ones are listed by id.
The handbook's 参考 › 月报 documents every field.
"""

from __future__ import annotations

from ...check.workorder import answer_by
from ...core.dates import Month
from ...records.lease import LeaseFile
from ...records.workorder import WorkOrder, recipients
from ...reference.org import Org
from ...reference.workdays import Overrides


def leases_section(records: list, month: Month) -> dict:
    """Active at the month's end, ending next month (and of those, not renewed or declined), signed this month."""
    last, following = month.last, month + 1
    files = [r for r in records if isinstance(r, LeaseFile)]
    counts = dict.fromkeys(("active", "spaces_let", "ending_next_month", "not_renewed", "declined", "new",
                            "renewals"), 0)
    for record in files:
        let = False
        for i, lease in enumerate(record.leases):
            active = lease.active_on(last)
            let |= active
            counts["active"] += active
            if active and lease.end in following:
                counts["ending_next_month"] += 1
                counts["declined"] += lease.renewal == "declined"
                counts["not_renewed"] += not lease.renewal and record.renewal_of(lease, last) is None
            if lease.signed and lease.signed in month:
                counts["new"] += 1
                counts["renewals"] += any(e.home == lease.home and e.start < lease.start for e in record.leases[:i])
        counts["spaces_let"] += let
    return {"spaces": len(files), **counts}


def workorders_section(records: list, org: Org, month: Month, overrides: Overrides) -> dict:
    """Sent, answered and closed this month; open, unanswered and overdue at its end; the same by recipient."""
    last = month.last
    shown = recipients(org)
    totals = _counts()
    by_recipient: dict[str, dict] = {}
    overdue_ids = []
    for order in sorted((r for r in records if isinstance(r, WorkOrder) and r.sent <= last), key=lambda r: r.id):
        state = order.state_on(last)
        overdue = state == "waiting" and answer_by(order.sent, overrides) < last
        marks = {"sent": order.sent in month, "answered": bool(order.answered and order.answered in month),
                 "closed": bool(order.closed and order.closed in month), "open": state != "closed",
                 "unanswered": state == "waiting", "overdue": overdue}
        if not any(marks.values()):
            continue   # closed in an earlier month: not this month's business
        row = by_recipient.setdefault(order.to, {"to": shown.get(order.to, order.to), **_counts()})
        for key, hit in marks.items():
            totals[key] += hit
            row[key] += hit
        if overdue:
            overdue_ids.append(order.id)
    return {**totals, "overdue_ids": overdue_ids,
            "by_recipient": sorted(by_recipient.values(), key=lambda r: (-r["sent"], r["to"]))}


def _counts() -> dict:
    return dict.fromkeys(("sent", "answered", "closed", "open", "unanswered", "overdue"), 0)
