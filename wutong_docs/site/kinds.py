"""What the site needs to know about each kind of record, in one table.

The record kinds live in `wutong_docs.records` (one module each) and more are
being added; the site must show every kind the loader knows without a change
here. So each kind has a `View`: when a record happened (which month page it
goes on), who it concerns (which person pages list it), its anchor and its
title. Kinds with no entry below get a generic view read from their fields,
so a new kind appears on the site the day it lands, plainly rendered.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Callable

from ..records import Kind

# person-relation labels, in the order a person page lists them
WROTE, OPENED, HANDLED, CHAIRED, ATTENDED, ABSENT, OWNS = (
    "撰写", "开单", "经手", "主持", "出席", "缺席", "负责待办")

_DATE_FIELDS = ("date", "opened", "published", "day", "monday", "submitted", "posted")
_PEOPLE_FIELDS = {"staff": WROTE, "by": OPENED, "author": WROTE, "chair": CHAIRED, "owner": OWNS}


@dataclass(frozen=True)
class View:
    day: Callable[[object], date | None]
    people: Callable[[object], dict[str, str]]   # staff id -> relation
    sort: Callable[[object], tuple]


def anchor(record) -> str:
    """The record's id on its month page: its file name, which is unique within its kind."""
    return PurePosixPath(record.source.path).stem


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


_PATH_DATE = re.compile(r"^records/[^/]+/(\d{4})(?:/(\d{2}))?/")


def _generic_day(record) -> date | None:
    """The first date-like field; else the YYYY/MM folders every record kind's path starts with."""
    for name in _DATE_FIELDS:
        value = getattr(record, name, None)
        if _as_date(value):
            return _as_date(value)
    m = _PATH_DATE.match(record.source.path)
    return date(int(m.group(1)), int(m.group(2) or 1), 1) if m else None


def _generic_people(record) -> dict[str, str]:
    found = {}
    for name, relation in _PEOPLE_FIELDS.items():
        value = getattr(record, name, None)
        if isinstance(value, str):
            found.setdefault(value, relation)
    return found


def _slip_people(slip) -> dict[str, str]:
    found = {slip.by: OPENED} if slip.by else {}
    for event in slip.events:
        found.setdefault(event.by, HANDLED)
    return found


def _minutes_people(m) -> dict[str, str]:
    found = {m.chair: CHAIRED} if m.chair else {}
    for person in m.attendees:
        found.setdefault(person, ATTENDED)
    for person in m.absent:
        found.setdefault(person, ABSENT)
    for action in m.actions:
        found.setdefault(action.owner, OWNS)
    return found


def _by_path(record) -> tuple:
    return (record.source.path,)


VIEWS: dict[str, View] = {
    "log": View(lambda r: r.date, lambda r: {r.staff: WROTE} if r.staff else {},
                lambda r: (r.date or date.min, r.staff or "")),
    "slip": View(lambda r: _as_date(r.opened), _slip_people, lambda r: (r.opened or datetime.min, r.id or "")),
    "minutes": View(lambda r: r.date, _minutes_people,
                    lambda r: (r.date or date.min, r.time.isoformat() if r.time else "", r.kind or "")),
    "notice": View(lambda r: r.posted, lambda r: {}, lambda r: (r.posted or date.min, r.slug or "")),
    "weekly": View(lambda r: r.monday if r.week else _as_date(r.submitted),
                   lambda r: {r.staff: WROTE} if r.staff else {}, lambda r: (r.week or "", r.staff or "")),
}
GENERIC = View(_generic_day, _generic_people, _by_path)


def published(kind: Kind, record) -> bool:
    """Whether the record may appear on the site: not personal-data kinds (`Kind.published`), not private letters.

    A record that declares itself off the boards (a dunning letter, `on_board` False: one
    letter per household) stays off the site too.
    """
    return kind.published and getattr(record, "on_board", True) is not False


def view(kind: Kind) -> View:
    return VIEWS.get(kind.name, GENERIC)


def scalar_fields(record) -> list[tuple[str, object]]:
    """A generic record's simple fields, for the plain rendering of kinds the site does not know."""
    skip = {"source", "lines", "body", "sections"}
    out = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in skip or value in (None, (), [], {}, ""):
            continue
        if isinstance(value, (tuple, list)):
            value = "、".join(str(v) for v in value)
        out.append((f.name, value))
    return out
