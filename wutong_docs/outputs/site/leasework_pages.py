"""The registers of parking leases and outside work orders on the site (issue 22): one page each.

The parking register is the owners' own (homes, plates), so its page is counts and
states only, as of the build's `now`: how many spaces are let, how many leases end
within 30 days with no renewal (the check's rule, `check.lease.ending_unrenewed`),
how many end unrenewed at the owner's wish, how many were signed this month. No
space, home or plate is on it, and the lease kind has no month pages
(`Kind.published` False). The work orders are the centre's letters to outside
bodies: their register lists every one, waiting ones first, each linked to its
card on its month page, the ones unanswered past 7 working days marked.
"""

from __future__ import annotations

from ...check.lease import ending_unrenewed
from ...check.workorder import answer_by
from ...core.dates import Month
from ...records.lease import RENEW_WITHIN, LeaseFile
from ...records.workorder import STATES, WorkOrder, recipients
from .data import SiteData
from .page import Page
from .render import when

LEASES = "records/lease/register.md"
WORKORDERS = "records/workorder/register.md"


def lease_page(data: SiteData) -> Page:
    """The parking register as counts and states at `data.now`, never a space, a home or a plate."""
    today = data.today
    files = [r for r in (data.report.records if data.report else ()) if isinstance(r, LeaseFile)]
    month = Month.of(today)
    states = [("车位（有登记的）", len(files)),
              ("今天在租的车位", sum(any(e.active_on(today) for e in f.leases) for f in files)),
              (f"{RENEW_WITHIN} 天内到期、尚未续租", sum(ending_unrenewed(f, e, today) for f in files for e in f.leases)),
              (f"{RENEW_WITHIN} 天内到期、业主不续租",
               sum(e.renewal == "declined" and 0 <= (e.end - today).days <= RENEW_WITHIN
                   for f in files for e in f.leases)),
              ("本月新签（含续租）", sum(bool(e.signed and e.signed in month) for f in files for e in f.leases)),
              ("已到期的租用（历年）", sum(e.end < today for f in files for e in f.leases))]
    page = Page(LEASES, "车位租用", in_nav=True, order=21, searchable=False)
    page.html("lease_register.html.j2", now=when(data.now), states=states, within=RENEW_WITHIN)
    return page


def workorder_page(data: SiteData) -> Page:
    """Every work order, waiting ones first (the overdue marked), then answered, then closed; newest first within."""
    placed = [p for p in data.placed if isinstance(p.record, WorkOrder)]
    today, shown = data.today, recipients(data.org)
    rank = {"waiting": 0, "answered": 1, "closed": 2}
    rows = []
    for p in sorted(placed, key=lambda p: p.record.sent, reverse=True):
        order = p.record
        state = order.state_on(today)
        late = state == "waiting" and answer_by(order.sent, data.overrides) < today
        rows.append((rank[state], p, STATES[state], late, shown.get(order.to, order.to)))
    rows.sort(key=lambda row: row[0])
    page = Page(WORKORDERS, "对外工作单登记", in_nav=True, order=21, wide=True, searchable=False)
    page.html("workorder_register.html.j2", now=when(data.now), rows=rows,
              waiting=sum(r[0] == 0 for r in rows), late=sum(r[3] for r in rows))
    return page


def pages(data: SiteData) -> list[Page]:
    """The two register pages, each only when its register has records."""
    records = data.report.records if data.report else ()
    return ([lease_page(data)] if any(isinstance(r, LeaseFile) for r in records) else []) + (
        [workorder_page(data)] if any(isinstance(p.record, WorkOrder) for p in data.placed) else [])
