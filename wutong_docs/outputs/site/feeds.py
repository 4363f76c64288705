"""Each person's duties as a calendar feed (`records/people/<id>.ics`) a phone subscribes to.

Why a feed and not only `wutong calendar --format ics`: a file imported once
goes stale when the duty book or the holidays change; a phone that subscribes
to the site's URL fetches it again, and the site is rebuilt whenever records
change. The feed holds the months the role pages show (this month and the
next), planned from the same duty book, roster-free like the printed calendar.
"""

from __future__ import annotations

from ..calendar import parse_month
from ..calendar.ics import render_ics
from ..calendar.plan import month_plan
from .calendars import months_to_show
from .data import SiteData


def feed_uri(staff_id: str) -> str:
    """Where a person's subscription feed lies on the site (linked from the person and role pages)."""
    return f"records/people/{staff_id}.ics"


def feed_files(data: SiteData) -> dict[str, bytes]:
    """URI -> the iCalendar feed, for every staff member whose role the duty book describes."""
    book = data.duties
    if book is None:
        return {}
    months = [parse_month(m) for m in months_to_show(data.today)]
    out = {}
    for staff in data.org.staff.values():
        if staff.role not in book.roles:
            continue
        plans = [month_plan(book, staff.role, m.year, m.month, data.overrides, data.org, staff) for m in months]
        out[feed_uri(staff.id)] = render_ics(plans, name=f"{staff.name}（{book.roles[staff.role].name}）工作日历")
    return out
