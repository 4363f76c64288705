"""The hook to `wutong calendar`: a role's month as Markdown, for the role pages.

Why a separate module: the calendar is its own feature (`wutong_docs.calendar`)
with its own templates; the site only embeds what it renders. If the calendar
cannot plan a month (no duty book, a broken records/calendar.yml), the role
page says so instead of failing the build.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path


def next_month(day: date) -> str:
    return f"{day.year + (day.month == 12)}-{day.month % 12 + 1:02d}"


def months_to_show(today: date) -> list[str]:
    """The current month and the next."""
    return [f"{today:%Y-%m}", next_month(today)]


def month_markdown(root: Path, role_id: str, month: str, shift: int = 2) -> tuple[str | None, str]:
    """(Markdown with headings moved `shift` levels down, or None; why it is missing)."""
    from ..calendar import CalendarError, make_calendar

    try:
        text = make_calendar(root, month, role=role_id, fmt="md")
    except CalendarError as exc:
        return None, f"无法生成工作日历：{exc}"
    return re.sub(r"^(#{1,4}) ", lambda m: "#" * (len(m.group(1)) + shift) + " ", text, flags=re.M), ""
