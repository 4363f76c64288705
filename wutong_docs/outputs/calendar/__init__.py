"""Role duty calendars: `plan.py` works out the month, `render.py` lays it out as HTML, Markdown or iCalendar.

`make_calendar` is the one call the command line (and the site) makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ...core.dates import RANGE_TEXT, Month, as_month, year_in_range
from ...core.errors import WutongError
from ...reference.duty_book import DUTIES_PATH
from ...reference.org import ORG_PATH, ROLES
from ...reference.workdays import CALENDAR_PATH

FORMATS = ("html", "md", "ics")


class CalendarError(WutongError):
    """A calendar request that cannot be met; the message says why and what to do."""


def parse_month(value: Month | str) -> Month:
    """`--month YYYY-MM` (or a Month) as a Month of 2000–2099; a CalendarError in Chinese for anything else, before
    any file is read.
    """
    try:
        month = as_month(value)
    except ValueError:
        raise CalendarError(f"月份 {value} 写法不对，应写成 YYYY-MM，例如 2026-10") from None
    if not year_in_range(month.year):
        raise CalendarError(f"月份 {value} 的年份不在 {RANGE_TEXT} 之间，例如 2026-10")
    return month


def _reference_report(root: Path):
    """The validated duty book, calendar.yml and org.yml: a calendar needs those, not the records."""
    from ...validate.pipeline import validated

    report = validated(root, [ORG_PATH, DUTIES_PATH, CALENDAR_PATH],
                       summary="{path} 缺失或有错误：请按上面的提示改正（wutong validate {path} 可再次检查），再生成日历")
    return report


def which_role(role_words: Mapping[str, str] = MappingProxyType({})) -> str:
    """What to write when neither a role nor a person is given: each role's id and label, and the everyday words
    `role_words` (word -> role id, the command line's table) that mean the same, so staff see what they may type.
    """
    def one(role: str, label: str) -> str:
        words = [word for word, meant in role_words.items() if meant == role and word != label]
        return f"{role}（{label}，也可写 {'、'.join(words)}）" if words else f"{role}（{label}）"

    return f"请用 --role 指明岗位：{'、'.join(one(k, v) for k, v in ROLES.items())}，或用 --staff 指明员工"


def make_calendar(root: Path, month: Month | str, role: str | None = None, staff_id: str | None = None,
                  fmt: str = "html", role_words: Mapping[str, str] = MappingProxyType({})) -> str | bytes:
    """The one call behind `wutong calendar` and the site: a role's (or one person's) month as HTML, Markdown
    or iCalendar.

    It validates the duty book, calendar.yml and org.yml first, so a calendar is never drawn from invalid files.
    `role_words` are the words the caller accepts for a role (the command line's 前台, 片管…), named when no
    role is given.
    """
    from .ics import render_ics
    from .plan import month_plan
    from .render import render_html, render_md

    month = parse_month(month)
    report = _reference_report(root)
    book, overrides, org = report.duties, report.overrides, report.org
    if book is None:
        raise CalendarError("records/duties.yml 缺失或有错误：请先运行 wutong validate records/duties.yml 并改正")
    staff = None
    if staff_id:
        if staff_id not in org.staff:
            raise CalendarError(f"员工 {staff_id} 不在 records/org.yml 中")
        staff = org.staff[staff_id]
        if role and role != staff.role:
            raise CalendarError(f"{staff.name}（{staff_id}）的岗位是 {staff.role}（{ROLES[staff.role]}），不是 {role}")
        role = staff.role
    else:
        org = None
    if role not in ROLES:
        raise CalendarError(which_role(role_words))
    if role not in book.roles:
        raise CalendarError(f"records/duties.yml 中没有岗位 {role} 的职责")
    plan = month_plan(book, role, month.year, month.month, overrides, org, staff)
    if fmt == "ics":
        return render_ics(plan)
    return render_md(plan, root) if fmt == "md" else render_html(plan, root)
