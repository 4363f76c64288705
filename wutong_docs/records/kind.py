"""A record kind as one object: where its files live, how a file becomes a record, how the site shows it.

Why one object: the loader, the validator, `wutong new`, the check and the site
all need to know a kind's path, label, record type and month page. Each record
module declares its `KIND` once; `records/__init__.py` lists them; everything
else asks the registry instead of inspecting modules or comparing names.

`Kind.parse` is the one skeleton every Markdown kind shares: read the front
matter with the kind's schema, read its lists of sub-mappings, require the body
or its sections, check that the path matches the fields, then let the kind
build its record. The rules that judge a record are apart, in `rules.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable

from ..core.problems import Problem
from ..read.fields import read_fields
from ..read.yaml_lines import Doc
from .common import check_path, field_lines, require_body, require_sections


@dataclass(frozen=True)
class Items:
    """A list of sub-mappings under one field (a log's patrols, a slip's events), each read with its schema."""
    name: str
    schema: dict
    what: str                        # how a problem names one item, e.g. 每条处理记录
    required: tuple[str, ...] = ()   # an item lacking one of these is left out of the record


@dataclass(frozen=True)
class Read:
    """What `Kind.parse` read of one file, handed to the kind's builder."""
    doc: Doc
    values: dict[str, Any]                 # the converted top-level fields (None: missing or bad)
    items: dict[str, list[tuple[int, dict]]]  # field -> (index, converted item) of the items kept
    lines: dict                            # field -> line
    found: list[Problem]                   # problems so far; a builder may add the schema's own


# how a record concerns a person, as the site's person pages list it (in this order)
WROTE, OPENED, HANDLED, CHAIRED, ATTENDED, ABSENT, OWNS, AT_DESK = (
    "撰写", "开单", "经手", "主持", "出席", "缺席", "负责待办", "前台值班")


def relations(*groups: tuple[str, Any]) -> dict[str, str]:
    """staff id -> relation from (relation, ids) groups, each person under the first that names them.

    One way for every kind to say who a record concerns, so that a chair who also
    owns an action is listed once, as 主持.
    """
    found: dict[str, str] = {}
    for relation, people in groups:
        for person in people:
            if isinstance(person, str) and person:
                found.setdefault(person, relation)
    return found


def as_date(value) -> date | None:
    """The day of a date or datetime field; None for anything else (a field the rules found bad)."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


@dataclass(frozen=True)
class SiteView:
    """How the site places a record of a kind; a kind without one is placed from its fields (`site.kinds.GENERIC`)."""
    day: Callable[[Any], date | None]             # when it happened: which month page it goes on
    people: Callable[[Any], dict[str, str]]       # staff id -> relation (WROTE, …): which person pages list it
    sort: Callable[[Any], tuple]                  # its order on the month page
    short: Callable[[Any, date], str] | None = None  # (record, day) -> its link text on a person page; None: its anchor


@dataclass(frozen=True)
class Kind:
    """A record kind: where its files live, how a file becomes a record, how scaffolding and the site treat it."""
    name: str                  # ASCII, the site's folder: records/<name>/YYYY-MM.md
    label: str                 # Chinese, as staff call it
    pattern: re.Pattern        # the paths under records/ that hold this kind
    example: str               # one such path, shown when a file is misplaced
    record_type: type
    build: Callable[[Read], Any] | None = None        # Read -> record (Markdown kinds)
    schema: dict = field(default_factory=dict)
    items: tuple[Items, ...] = ()
    sections: tuple[str, ...] = ()   # `## 名称` sections the body must have, not empty
    body: str | None = None          # else: what a non-empty body must say (require_body)
    what: str = ""                   # the kind's name in a missing-section message (工作日志)
    expected_path: Callable[[dict, Doc], tuple[str, str] | None] | None = None  # -> (path, field of its line)
    parse_text: Callable[[str, str], tuple[Any, list[Problem]]] | None = None  # not Markdown: (text, path)
    path_for: Callable[..., str] | None = None        # the path of a new record (`wutong new`)
    complete: Callable[[Any], bool] = lambda record: True  # kept for the commands once the rules have judged it
    subkinds: dict[str, str] = field(default_factory=dict)  # the record's own `kind:` values -> Chinese
    card: str = "record_generic.html.j2"   # the site's card template
    layout: str = "cards"                  # month page: cards | by_day | table (an overview table, then cards)
    published: bool = True                 # False: personal data, never on the site
    # set: each record has a page of its own, records/<name>/<file name>.md, showing its card, and the
    # month page is this overview template, one row per record linking to its page (a renovation case
    # file grows over months and is read on its own); None: the month page holds the cards
    own_pages: str | None = None
    site_view: SiteView | None = None      # None: the site's generic view, read from the fields

    @property
    def markdown(self) -> bool:
        """Whether its files are Markdown with front matter (else `parse_text` reads them, as for CSV)."""
        return self.parse_text is None

    def matches(self, rel: str) -> bool:
        """Whether a repository path holds a record of this kind."""
        return bool(self.pattern.match(rel))

    @property
    def site_folder(self) -> str:
        """The folder of this kind's pages on the site."""
        return f"records/{self.name}/"

    def month_page(self, month: date | str) -> str:
        """The site page of this kind's records of one month (a date in it, or YYYY-MM)."""
        month = month if isinstance(month, str) else f"{month:%Y-%m}"
        return f"{self.site_folder}{month}.md"

    def record_page(self, anchor: str) -> str:
        """The site page of one record of a kind with `own_pages`, named by its file name (its anchor)."""
        return f"{self.site_folder}{anchor}.md"

    def parse(self, doc: Doc) -> tuple[Any, list[Problem]]:
        """One Markdown file -> (record or None, the problems of its schema, body and path)."""
        found: list[Problem] = []
        values = read_fields(doc, (), doc.data, self.schema, found, missing=_from_file_name(doc.path, self.schema))
        if values is None:
            return None, found
        items = {spec.name: _read_items(doc, values, spec, found) for spec in self.items}
        if self.sections:
            found += require_sections(doc, self.sections, self.what)
        elif self.body:
            found += require_body(doc, self.body)
        lines = field_lines(doc)
        expected = self.expected_path(values, doc) if self.expected_path else None
        if expected:
            found += check_path(doc, expected[0], lines[expected[1]])
        record = self.build(Read(doc, values, items, lines, found))
        return record, found


_NAMED_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?=[-.])")


def _from_file_name(path: str, schema: dict) -> dict[str, str] | None:
    """`date` -> the line to add, when the file name starts with the day (logs, minutes, desk registers …).

    The file name was made from the date (`path_for`), so a left-out `date:` can be
    shown as the very line to write rather than "see the template".
    """
    if "date" not in schema:
        return None
    m = _NAMED_DAY.match(path.rsplit("/", 1)[-1])
    if not m:
        return None
    try:
        date.fromisoformat(m.group(1))
    except ValueError:  # 2026-13-40-li-na.md: no day to offer
        return None
    return {"date": f"按文件名应写 date: {m.group(1)}"}


def _read_items(doc: Doc, values: dict, spec: Items, found: list[Problem]) -> list[tuple[int, dict]]:
    kept = []
    for i, item in enumerate(values[spec.name] or []):
        read = read_fields(doc, (spec.name, i), item, spec.schema, found, spec.what)
        if read is not None and not any(read[name] is None for name in spec.required):
            kept.append((i, read))
    return kept
