"""The role pages' calendars: a role's month as `wutong calendar --format md` draws it.

Why a separate module: the calendar is its own feature (`wutong_docs.calendar`)
with its own templates; the site only embeds what it renders, planned from the
duty book and working-day calendar the validation already read.
"""

from __future__ import annotations

import re
from datetime import date

from .data import SiteData


def next_month(day: date) -> str:
    """YYYY-MM of the month after `day`'s (December rolls over to January)."""
    return f"{day.year + (day.month == 12)}-{day.month % 12 + 1:02d}"


def months_to_show(today: date) -> list[str]:
    """The current month and the next."""
    return [f"{today:%Y-%m}", next_month(today)]


def month_markdown(data: SiteData, role_id: str, month: str, shift: int = 2) -> str:
    """The role's month as Markdown, its headings moved `shift` levels down to sit under the page's."""
    from ..calendar import parse_month
    from ..calendar.plan import month_plan
    from ..calendar.render import render_md

    year, number = parse_month(month)
    text = render_md(month_plan(data.duties, role_id, year, number, data.overrides), data.root)
    return re.sub(r"^(#{1,4}) ", lambda m: "#" * (len(m.group(1)) + shift) + " ", text, flags=re.M)
