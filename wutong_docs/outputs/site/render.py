"""The one Jinja environment the site's HTML blocks are rendered with, and its filters.

Rendering is pure: a template name and a context in, a string out; nothing is
read or written here. Autoescaping is on, so a value from a record can only
show as text; the filters that format values (dates, labels, masked contacts)
return plain strings and are escaped like any other value.

Masking is not left to each template remembering a filter: the environment's
`finalize` passes every printed text through `privacy.mask`, with the owners'
names the validation found (`data.known_names`), so a field a template shows
tomorrow (a title, a topic) is masked too. Markup (a rendered body, a macro's
output) was masked when it was made.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import jinja2
from markupsafe import Markup

from ...core.dates import Month, as_month
from ...core.privacy import mask, mask_contact
from ...records import desk, minutes, renovation, slip
from ...reference.org import ROLES
from .data import person_page, sheet_uri
from .escape import attr, body_html
from .feeds import feed_uri
from .kinds import scalar_fields

TEMPLATES = Path(__file__).resolve().parent / "templates"
WEEKDAYS = "一二三四五六日"


def day_label(value: date) -> str:
    """A day as the site's headings show it: 11月26日 周四."""
    return f"{value.month}月{value.day}日 周{WEEKDAYS[value.weekday()]}"


def when(value) -> str:
    """A date, time or datetime as the site shows it; empty for None."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def overdue_text(late) -> str:
    """A timedelta as 3 天 / 5 小时."""
    hours = int(late.total_seconds() // 3600)
    return f"{hours // 24} 天" if hours >= 24 else f"{max(hours, 1)} 小时"


def month_label(month: Month | str) -> str:
    """A month (or YYYY-MM, as the site's pages name months) as the site shows it: 2026年11月."""
    return as_month(month).label()


def _known(context) -> frozenset:
    data = context.get("data")
    return getattr(data, "known_names", frozenset())


@jinja2.pass_context
def _finalize(context, value):
    """Every printed value: text is masked; markup was masked when it was made; numbers are counts."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return mask(value, _known(context))
    return value


@jinja2.pass_context
def _masked(context, value) -> str:
    return mask(str(value), _known(context))


@jinja2.pass_context
def _contact(context, value) -> str:
    return mask_contact(str(value), _known(context))


@jinja2.pass_context
def _body(context, value) -> Markup:
    """A record body: Markdown, masked, its slip numbers and staff ids linked (`id_links`)."""
    from .id_links import link_ids
    return link_ids(body_html(value, _known(context)), context.get("data"), context.get("link"))


@jinja2.pass_context
def _notice_body(context, value) -> Markup:
    """A notice's body as its printed sheet renders it (`notices.html.markdown`), masked."""
    from ..notices.html import markdown
    return markdown(value or "", _known(context))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=_finalize,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update({
        "when": when, "day_label": day_label, "month_label": month_label,
        "masked": _masked, "contact": _contact, "body": _body, "notice_body": _notice_body, "attr": attr,
        "status": lambda s: slip.STATUSES.get(s, s), "category": lambda c: slip.CATEGORIES.get(c, c),
        "channel": lambda c: slip.CHANNELS.get(c, c), "result": lambda r: slip.RESULTS.get(r, r),
        "meeting": lambda k: minutes.KINDS.get(k, k), "role": lambda r: ROLES.get(r, r),
        "card_kind": lambda k: desk.CARD_KINDS.get(k, k), "event_type": lambda t: renovation.EVENT_TYPES.get(t, t),
        "case_status": lambda s: renovation.STATUSES.get(s, s),
    })
    env.globals.update({"person_page": person_page, "fields": scalar_fields, "overdue_text": overdue_text,
                        "sheet_uri": sheet_uri, "feed_uri": feed_uri})
    return env


_ENV = _environment()


def render(template: str, **context) -> str:
    """One HTML block of a page."""
    return _ENV.get_template(template).render(**context)
