"""How the site places a record of any kind: its day, the people it concerns, its order and anchor.

The record kinds live in `wutong_docs.records` (one module each) and more are
being added; the site must show every kind the loader knows without a change
here. So each kind carries its own `SiteView` (`Kind.site_view`): when a record
happened (which month page it goes on), who it concerns (which person pages
list it), its order and its link text on a person page. A kind without one gets
the generic view below, read from its fields, so a new kind appears on the site
the day it lands, plainly rendered.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from ...records import Kind
from ...records.kind import CHAIRED, OPENED, OWNS, WROTE, SiteView, as_date, relations

View = SiteView

_DATE_FIELDS = ("date", "opened", "published", "day", "monday", "submitted", "posted")
_PEOPLE_FIELDS = {"staff": WROTE, "by": OPENED, "author": WROTE, "chair": CHAIRED, "owner": OWNS}


def anchor(record) -> str:
    """The record's id on its month page: its file name, which is unique within its kind.

    (PurePosixPath(...).stem, written out: asked for every record on every build.)
    """
    name = record.source.path.rpartition("/")[2]
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


_PATH_DATE = re.compile(r"^records/[^/]+/(\d{4})(?:/(\d{2}))?/")


def _generic_day(record) -> date | None:
    """The first date-like field; else the YYYY/MM folders every record kind's path starts with."""
    for name in _DATE_FIELDS:
        value = getattr(record, name, None)
        if as_date(value):
            return as_date(value)
    m = _PATH_DATE.match(record.source.path)
    return date(int(m.group(1)), int(m.group(2) or 1), 1) if m else None


def _generic_people(record) -> dict[str, str]:
    """Who an unknown kind's record concerns: the staff ids in its fields named like the known kinds' (staff, by, …)."""
    return relations(*((relation, [getattr(record, name, None)]) for name, relation in _PEOPLE_FIELDS.items()))


def _by_path(record) -> tuple:
    return (record.source.path,)


GENERIC = View(_generic_day, _generic_people, _by_path)


def published(kind: Kind, record) -> bool:
    """Whether the record may appear on the site: not personal-data kinds (`Kind.published`), not private letters.

    A record that declares itself off the boards (a dunning letter, `on_board` False: one
    letter per household) stays off the site too.
    """
    return kind.published and getattr(record, "on_board", True) is not False


def view(kind: Kind) -> View:
    """How the site places records of `kind`: the kind's own `site_view`, else the generic one."""
    return kind.site_view or GENERIC


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
