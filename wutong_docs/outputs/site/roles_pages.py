"""One page per role from the duty book (records/duties.yml): its periods, duties, standards and hand-offs.

Why generated: the duty book is the department's data and changes when the
department changes; the pages follow it on the next build, word for word, so
the handbook never disagrees with `wutong check` and `wutong calendar`, which
read the same file. Each role page starts with what the role does today and
this week (`calendars.agenda`), and ends with the role's calendar for the
current and the next month, laid out as the printed one.
"""

from __future__ import annotations

from ...records import kind_named
from ...reference.duty_book import CITE, END, EVERY, REPORT, WEEKDAYS
from ...reference.evidence import proof_line
from . import calendars
from .data import SiteData
from .page import Page
from .render import month_label

ROLES_INDEX = "roles/index.md"


def role_page(role_id: str) -> str:
    """The page of one role's duties and calendar."""
    return f"roles/{role_id}.md"


def _clock(t) -> str:
    return f"{t:%H:%M}"


def cadence_text(c) -> str:
    """A cadence as staff would say it: 每月 1日至10日、工作日 08:25–09:00、每周五 14:00 …"""
    if c is None:
        return ""
    if c.is_rule:
        return "常设规定：不得过夜" if c.limit_days == 0 else f"常设规定：不超过 {c.limit_days} 天"
    parts = [EVERY.get(c.every, c.every or "")]
    if c.weekdays:
        names = list(WEEKDAYS.values())
        parts = ["每" + "、".join(names[i] for i in c.weekdays)]
    if c.days:
        first, last = c.days
        parts.append(f"{first}日至{'月末' if last == END else f'{last}日'}")
    if c.by_day:
        parts.append(f"{c.by_day}日前")
    if c.by:
        parts.append(f"{c.by[0]}月{c.by[1]}日前")
    if c.windows:
        parts.append("、".join(f"{_clock(a)}–{_clock(b)}" for a, b in c.windows))
    elif c.start:
        parts.append(f"{_clock(c.start)}–{_clock(c.end)}" if c.end else f"{_clock(c.start)} 起")
    if c.at:
        parts.append(_clock(c.at))
    if c.before:
        parts.append(f"{_clock(c.before)} 前")
    if c.times:
        parts.append(f"{c.times} 次")
    return " ".join(p for p in parts if p)


# the kind of record a `record:` value is found in, where it is not the value's own first part
_KIND_OF = {CITE: "log", REPORT: "reports"}


def _record_links(data: SiteData):
    """duty -> ("记录：…", src_uri of the latest month page of that kind of record, or None)."""
    latest = {k.name: data.months(k)[0] for k in data.kinds()}

    def link(duty):
        kind_name = _KIND_OF.get(duty.record, duty.record.split(":")[0])
        kind = kind_named(kind_name)
        page = kind.month_page(latest[kind_name]) if kind and kind_name in latest else None
        return proof_line(duty), page
    return link


def pages(data: SiteData) -> list[Page]:
    """The role pages from the duty book (a page saying it is missing when there is none)."""
    book = data.duties
    if book is None:
        empty = Page(ROLES_INDEX, "岗位职责", in_nav=True, order=10)
        empty.html("roles_index.html.j2", roles=[], missing=True)
        return [empty]
    staff_of = {r: [s for s in data.org.staff.values() if s.role == r] for r in book.roles}
    months = calendars.months_to_show(data.today)
    index = Page(ROLES_INDEX, "岗位职责", in_nav=True, order=10)
    index.html("roles_index.html.j2", roles=list(book.roles.values()), staff_of=staff_of, missing=False,
               role_page=role_page)
    out = [index]
    record_link = _record_links(data)
    latest_year: dict[str, int] = {}     # staff id -> the latest year they appear in records
    for p in data.placed:
        for staff_id in p.people:
            latest_year[staff_id] = max(latest_year.get(staff_id, 0), p.day.year)
    for role in book.roles.values():
        page = Page(role_page(role.id), f"{role.name} 岗位职责", in_nav=True, order=10, nav_title=role.name)
        page.html("role_agenda.html.j2", agenda=calendars.agenda(data, role.id))
        page.html("role_intro.html.j2", role=role, staff=staff_of[role.id], months=months, latest=latest_year)
        for period in role.periods:
            page.heading(2, period.name, period.id)
            page.html("role_period.html.j2", period=period, cadence_text=cadence_text,
                      record_link=record_link)
        page.heading(2, "工作日历", "calendar")
        for month in months:
            page.heading(3, month_label(month), f"calendar-{month}")
            page.html("calendar_grid.html.j2", grid=calendars.month_grid(data, role.id, month))
        out.append(page)
    return out

