"""Records by person: one page per staff member per year, a section per month, links to the cards.

Why links and not the records again: the month pages hold each record once;
a person page is an index into them (what someone wrote, opened, handled,
chaired, attended or missed), so it stays small for years of records and the
search index does not count a record twice.
"""

from __future__ import annotations

from collections import defaultdict

from jinja2.utils import htmlsafe_json_dumps

from . import kinds as K
from . import today
from .data import SiteData, person_page
from .page import Page
from .render import month_label


def short(p) -> str:
    """A record's link text on a person page, as its kind words it (`SiteView.short`); else its anchor."""
    shorten = K.view(p.kind).short
    return shorten(p.record, p.day) if shorten else p.anchor


def title(p) -> str:
    """A record's link title on a person page: its kind and its anchor."""
    return f"{p.kind.label} {p.anchor}"


def index(data: SiteData) -> dict[str, dict[int, dict[str, list]]]:
    """staff id -> year -> month -> [(relation label, placed)] in record order."""
    found: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for p in data.placed:
        for staff_id, relation in p.people.items():
            found[staff_id][p.day.year][p.month].append((f"{relation} · {p.kind.label}", p))
    return found


def _for_script(days: list[dict]):
    """The days as JSON to sit in <script type="application/json">: Jinja's escaping keeps `<`, `>`, `&` and `'` out
    of it, so no text in a draft can end the script."""
    return htmlsafe_json_dumps(days, ensure_ascii=False, separators=(",", ":"))


def years(data: SiteData, people: dict, staff_id: str) -> list[int]:
    """The years a person has a page for: those of their records, and this year's, which holds 我的今天."""
    return sorted({*people.get(staff_id, {}), data.today.year})


def pages(data: SiteData, people: dict) -> list[Page]:
    """One page per staff member per year that links to the records concerning them, by month and relation;
    this year's page begins with 我的今天 (`today.py`)."""
    out = []
    embedded = today.everyone(data)
    for staff_id, staff in data.org.staff.items():
        on_pages = years(data, people, staff_id)
        for year in on_pages:
            months = people.get(staff_id, {}).get(year, {})
            page = Page(person_page(staff_id, year), f"{staff.name} {year}年记录", searchable=False, cached=True)
            if year == data.today.year:   # first: what a phone opens this page for
                page.heading(2, "我的今天", "today")
                page.html("person_today.html.j2", staff=staff, days=_for_script(embedded[staff_id]),
                          linked=data.server is not None)
            page.html("person_intro.html.j2", staff=staff, year=year, years=on_pages)
            for month in sorted(months, reverse=True):
                groups: dict[str, list] = defaultdict(list)
                for relation, p in months[month]:
                    groups[relation].append(p)
                page.heading(2, month_label(month), f"m{month}")
                page.html("person_month.html.j2", groups=list(groups.items()), short=short, title=title)
            out.append(page)
    return out
