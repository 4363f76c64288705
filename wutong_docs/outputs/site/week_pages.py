"""The 前台周汇总 pages: one page per ISO week that has front-desk registers, and their index in the navigation.

Why: the front desk's weekly duty 汇总本周前台各项工作信息 is the summary `wutong report week`
writes; on the site each week's summary is one page beside the registers' month pages
(records/desk/2026-11.md) and the desk board, so the supervisor reads it on a phone
without running a command. Each page holds exactly the command's HTML (week_render.py,
every string masked when made, the page masked again by the plugin), the way the 月报
pages hold `wutong report`'s. The index is listed in the navigation under 记录 (the plugin
lists a section's generated pages after its index), the week pages are reached from it
and from each other.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from ...records.desk import KIND as DESK, DeskRegister
from ..report.week import Week, by_week, first_register, week_figures
from ..report.week_render import body_html
from .data import SiteData
from .desk_board import BOARD
from .page import Page
from .render import month_label

WEEKS_INDEX = "records/desk/weeks.md"


def week_page(week: Week | str) -> str:
    """The page of one week's summary: records/desk/2026-W47.md (beside the month pages records/desk/2026-11.md)."""
    return f"{DESK.site_folder}{week}.md"


def weeks(data: SiteData) -> list[Week]:
    """The weeks that have a desk register and have begun by the build's day, newest first."""
    found = {Week.of(p.day) for p in data.placed if isinstance(p.record, DeskRegister) and p.day <= data.today}
    return sorted(found, reverse=True)


def pages(data: SiteData) -> list[Page]:
    """The index (in the navigation) and one page per week; nothing when no register is placed."""
    shown = weeks(data)
    if not shown or data.report is None:
        return []
    grouped = by_week(data.report.records, shown)
    desk_months = set(data.months(DESK))
    since = first_register(data.report.records)
    out, listed = [], []
    for i, week in enumerate(shown):
        figures = week_figures(replace(data.report, records=grouped[week]), week, since=since, today=data.today)
        listed.append(_line(week, figures))
        out.append(_page(data, week, figures, shown[i + 1] if i + 1 < len(shown) else None,
                         shown[i - 1] if i else None, desk_months))
    index = Page(WEEKS_INDEX, "前台周汇总", in_nav=True, order=25, searchable=False)
    index.html("desk_weeks_index.html.j2", weeks=listed)
    return [index, *out]


def _line(week: Week, figures: dict) -> dict:
    """One week on the index: its link and main figures."""
    return {"week": str(week), "page": week_page(week), "span": f"{week.first:%m-%d}—{week.last:%m-%d}",
            "registers": figures["registers"], "received": figures["parcels"]["received"],
            "lent": figures["keys"]["lent"], "overdue": figures["keys"]["overdue"],
            "events": figures["renovations"]["events"]}


def _page(data: SiteData, week: Week, figures: dict, earlier: Week | None, later: Week | None, desk_months) -> Page:
    body = body_html(figures, data.org, data.known_names, data.root).split("</h1>", 1)[-1]  # the page's title replaces it
    months = [(f"{month_label(m)}前台登记", DESK.month_page(m))
              for m in dict.fromkeys((f"{week.first:%Y-%m}", f"{week.last:%Y-%m}")) if m in desk_months]
    # the title starts with words, not the week: "2026-W47 …" would start the Markdown heading with an escaped "2026\-"
    page = Page(week_page(week), f"前台周汇总 {week}", order=25, wide=True)
    page.html("desk_week.html.j2", week=str(week), body=Markup(body), index=WEEKS_INDEX, board=BOARD, months=months,
              earlier=(str(earlier), week_page(earlier)) if earlier else None,
              later=(str(later), week_page(later)) if later else None)
    return page
