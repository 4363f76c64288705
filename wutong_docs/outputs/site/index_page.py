"""The records index 记录: every month of every kind, every person, and the slip board.

Why: record pages stay out of the navigation (there would be hundreds); this
page is the one place that leads to all of them, so every record is at most
two clicks from the navigation.
"""

from __future__ import annotations

from . import people_pages
from .board_page import BOARD
from .data import SiteData
from .page import Page

RECORDS_INDEX = "records/index.md"


def page(data: SiteData, people: dict) -> Page:
    """The records index: how many records of each kind each month, linked to the month pages, and the people."""
    out = Page(RECORDS_INDEX, "记录", in_nav=True, searchable=False)
    kinds = data.kinds()
    counts: dict[tuple[str, str], int] = {}
    for p in data.placed:
        counts[p.kind.name, p.month] = counts.get((p.kind.name, p.month), 0) + 1
    rows = [(month, [(counts[k.name, month], k.month_page(month)) if (k.name, month) in counts
                     else None for k in kinds]) for month in data.months()]
    out.html("records_intro.html.j2", board=BOARD, total=len(data.placed), kinds=kinds, withheld=data.withheld,
             per_kind=[(k, sum(1 for p in data.placed if p.kind is k)) for k in kinds])
    out.heading(2, "按人员", "people")
    staff = [(s, people_pages.years(data, people, s.id)) for s in data.org.staff.values()]
    out.html("people_index.html.j2", people=staff)
    out.heading(2, "按月份", "months")
    out.html("records_index.html.j2", rows=rows, kinds=kinds)
    return out
