"""The canonical pages of records: one page per kind per month, every record a card with an anchor.

(Renovation cases, `Kind.own_pages`, are the exception: few, long-lived, read one at a
time, so each has its own page and the month page lists them.)

Why by month: five years are ~20,000 records; a page per record made the build
and the site grow out of bounds (measured: 5,000 pages, 158 s, 451 MB), while a
month of one kind is a page of a few hundred cards that loads fast. Each
record's anchor is its file name (`…/slip/2026-11.html#S-20261126-wang-fang-01`),
so every other page (person pages, the slip board, logs citing a slip) links
to this one place. These pages stay out of the navigation; the records index
leads to them.
"""

from __future__ import annotations

from itertools import groupby

from .data import SiteData
from .page import Page
from .render import day_label, month_label


def pages(data: SiteData) -> list[Page]:
    """One page per kind per month holding its records' cards, with links to the months before and after.

    A kind with `own_pages` (renovation cases) has instead an overview on its month page and a
    page per record holding its card.
    """
    out = []
    by_month = data.by_month()
    kinds = data.kinds()
    months_of = {k.name: sorted(data.months(k)) for k in kinds}
    for kind in kinds:
        months = months_of[kind.name]
        for i, month in enumerate(months):
            items = by_month[kind.name, month]
            page = Page(kind.month_page(month), f"{month_label(month)} {kind.label}", order=60, cached=True)
            earlier = (month_label(months[i - 1]), kind.month_page(months[i - 1])) if i else None
            later = ((month_label(months[i + 1]), kind.month_page(months[i + 1]))
                     if i + 1 < len(months) else None)
            siblings = [(f"同月{k.label}", k.month_page(items[0].day)) for k in kinds
                        if k is not kind and month in months_of[k.name]]
            page.html("month_nav.html.j2", earlier=earlier, later=later, siblings=siblings)
            if kind.own_pages:
                page.html(kind.own_pages, items=items)
                out += [_own_page(kind, p, month) for p in items]
            else:
                _cards(page, kind, items)
            out.append(page)
    return out


def _own_page(kind, placed, month: str) -> Page:
    """One record's own page: its card, and a way back to its month's overview."""
    page = Page(placed.page, f"{kind.label} {placed.anchor}", order=60, cached=True)
    page.html("month_nav.html.j2", earlier=None, later=None,
              siblings=[(f"{month_label(month)} {kind.label}", kind.month_page(month))])
    page.html(kind.card, items=[placed])
    return page


def _cards(page: Page, kind, items) -> None:
    card = kind.card
    if kind.layout == "table":
        page.wide = True
        page.heading(2, "一览", "overview")
        page.html("slip_table.html.j2", rows=items, empty="")
        page.heading(2, "明细", "details")
        page.html(card, items=items)
    elif kind.layout == "by_day":
        for day, group in groupby(items, key=lambda p: p.day):
            page.heading(2, day_label(day), f"d{day.isoformat()}")
            page.html(card, items=list(group))
    else:
        page.html(card, items=items)
