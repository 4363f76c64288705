"""The front desk's register for one day 前台登记: key loans, parcels, owner/car cards and fobs, release passes.

One file a day, like a page of the paper ledger: records/desk/YYYY/MM/YYYY-MM-DD.md.
A row opened on a day stays in that day's file and is completed in place later,
the way a paper row is; so a completion (`back`, `picked`, `notified`,
`collected`) is a bare "HH:MM" for that day or "YYYY-MM-DD HH:MM" for a later one.
Parcel and pass ids carry the day: P-YYYYMMDD-NN, F-YYYYMMDD-NN.

Two clones that complete the same row each change its one line, and git's union
merge (`.gitattributes`) keeps both lines: the rule `rows_once` reports that row
twice, so the merge never hides a disagreement. The 28th's fee totals are added up here too.

The desk family is one module per layer, each named for the desk: this one (the register and its
fees), check/desk.py (what the register must show), authoring/desk_entry.py (one-line entries),
outputs/site/desk_board.py (前台看板) and cli/desk.py (`wutong desk …`).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, time

from ..core import problems as P
from ..core.dates import Month, as_month
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_date, a_datetime, a_time, an_int, choice, list_of, mappings, optional, text
from .common import STAFF, UNIT, Ref, Source, source_of
from .kind import AT_DESK, HANDLED, Items, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/desk/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/desk/2026/11/2026-11-26.md"
CARD_KINDS = {"owner_card": "业主卡", "car_card": "车卡", "key_fob": "钥匙扣"}
SECTIONS = {"keys": "钥匙借用", "parcels": "包裹代收", "cards": "业主卡、车卡、钥匙扣", "passes": "放行条"}
ID_PREFIX = {"parcels": "P", "passes": "F"}
_ID = re.compile(r"^([PF])-(\d{8})-(\d{2,3})$")  # a busy day passes 99 parcels
_MOMENT_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_MOMENT_FULL = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$")


@rule(P.BAD_MOMENT, scope=READ)
def a_moment(value) -> time | datetime:
    """A completion: a bare "HH:MM" on the register's day, or "YYYY-MM-DD HH:MM" on a later one.

    WT901 登记表中完成时间的写法不对
    处理：当天写 "HH:MM"（如 "17:40"），以后的日子写 "YYYY-MM-DD HH:MM"（如 "2026-11-27 18:30"）
    """
    if isinstance(value, str) and _MOMENT_TIME.match(value.strip()):
        return a_time(value.strip())
    if isinstance(value, str) and _MOMENT_FULL.match(value.strip()):
        return a_datetime(value.strip())
    raise Invalid(P.BAD_MOMENT, f"{value} 写法不对：当天的时间写 \"HH:MM\"（如 \"17:40\"），"
                                "以后的日子写 \"YYYY-MM-DD HH:MM\"（如 \"2026-11-27 18:30\"）")


def at(day: date | None, value: time | datetime | None) -> datetime | None:
    """A row's time as a moment: a bare time is on the register's day."""
    if value is None or day is None:
        return None
    return value if isinstance(value, datetime) else datetime.combine(day, value)


@dataclass(frozen=True)
class Row:
    """One row of a section; `fields` holds its converted values by name, `start`/`end` its moments."""
    section: str
    fields: dict
    line: int
    lines: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["fields"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class DeskRegister:
    """One day's page of the front desk's ledger: keys, parcels, cards and passes, completed in place."""
    date: date
    staff: tuple[str, ...]
    keys: tuple[Row, ...]
    parcels: tuple[Row, ...]
    cards: tuple[Row, ...]
    passes: tuple[Row, ...]
    body: str
    source: Source
    lines: dict

    def rows(self):
        """Every row of every section, for the rules that look at all of them."""
        for name in SECTIONS:
            yield from getattr(self, name)

    def at(self, value) -> datetime | None:
        """A row's time as a moment: a bare HH:MM is this register's day."""
        return at(self.date, value)

    def references(self):
        """Staff, homes and slips the register names, for the cross-reference check."""
        for i, person in enumerate(self.staff):
            yield Ref(STAFF, person, self.lines.get(("staff", i), self.lines.get("staff", 1)))
        for row in self.rows():
            if row.fields.get("home"):
                yield Ref(UNIT, row.home, row.lines.get("home", row.line))
            for name in ("by", "approved_by"):
                if row.fields.get(name):
                    yield Ref(STAFF, row.fields[name], row.lines.get(name, row.line))


SCHEMA = {
    "date": Field(a_date),
    "staff": Field(list_of(text)),
    "keys": optional(mappings), "parcels": optional(mappings),
    "cards": optional(mappings), "passes": optional(mappings),
}
KEY = {"home": Field(text), "to": Field(text), "purpose": Field(text), "out": Field(a_time),
       "back": optional(a_moment), "by": Field(text)}
PARCEL = {"id": Field(text), "home": Field(text), "carrier": Field(text), "arrived": Field(a_time),
          "notified": optional(a_moment), "picked": optional(a_moment), "by": Field(text)}
CARD = {"kind": Field(choice(CARD_KINDS)), "home": Field(text), "applied": Field(a_time),
        "notified": optional(a_moment), "collected": optional(a_moment), "fee": optional(an_int),
        "by": Field(text)}
PASS = {"id": Field(text), "home": Field(text), "items": Field(text), "approved_by": Field(text),
        "out": Field(a_time), "checked_by": optional(text)}
ROW_SCHEMAS = {"keys": KEY, "parcels": PARCEL, "cards": CARD, "passes": PASS}
# a row is the same row (completed twice by two clones) when these agree
IDENTITY = {"keys": ("home", "to", "out"), "parcels": ("id",), "cards": ("kind", "home", "applied"),
            "passes": ("id",)}
# (start, completions that may not come before it)
# a row lacking one of these is left out of the record (its problems are still reported)
REQUIRED = {"keys": ("home", "out"), "parcels": ("id", "home", "arrived"), "cards": ("kind", "home", "applied"),
            "passes": ("id", "home")}
ORDER = {"keys": ("out", ("back",)), "parcels": ("arrived", ("notified", "picked")),
         "cards": ("applied", ("notified", "collected")), "passes": ("out", ())}


def path_for(day: date) -> str:
    """Where the register of `day` lives."""
    return f"records/desk/{day:%Y/%m}/{day.isoformat()}.md"


def _build(read: Read) -> DeskRegister:
    doc, v, lines = read.doc, read.values, read.lines
    lines.update({("staff", i): doc.line("staff", i) for i in range(len(v["staff"] or []))})
    sections = {name: tuple(Row(name, f, doc.line(name, i), dict(doc.fields.get((name, i), {})))
                            for i, f in read.items[name]) for name in SECTIONS}
    return DeskRegister(v["date"], tuple(v["staff"] or ()), sections["keys"], sections["parcels"],
                        sections["cards"], sections["passes"], doc.body.strip(), source_of(doc), lines)


@rule(P.DESK_TIME_ORDER, on=DeskRegister)
def completions_after_start(register: DeskRegister, context) -> list[Problem]:
    """A row is completed after it was opened: a key back after it went out, a parcel picked after it arrived.

    WT902 登记表中的完成时间早于开始时间（如钥匙归还早于借出）
    处理：核对时间；第二天以后完成的写 "YYYY-MM-DD HH:MM"
    """
    found = []
    for row in register.rows():
        start_name, ends = ORDER[row.section]
        start = register.at(row.fields.get(start_name))
        for name in ends:
            end = register.at(row.fields.get(name))
            if start and end and end < start:
                found.append(problem(P.DESK_TIME_ORDER, register.source.path, row.lines.get(name, row.line),
                                     f"{name}（{end:%Y-%m-%d %H:%M}）早于 {start_name}（{start:%H:%M}）；"
                                     "请核对时间，第二天以后完成的写 \"YYYY-MM-DD HH:MM\""))
    return found


@rule(P.BAD_DESK_ID, on=DeskRegister)
def ids_match_the_day(register: DeskRegister, context) -> list[Problem]:
    """A parcel's or pass's id carries the register's day, so two days never mint the same id.

    WT904 包裹或放行条编号格式不对，或与登记表的日期不一致
    处理：包裹写 P-日期-序号、放行条写 F-日期-序号，日期为本登记表的日期，如 P-20261126-01
    """
    found = []
    if register.date is None:
        return found
    for section, prefix in ID_PREFIX.items():
        for row in getattr(register, section):
            expected = f"{prefix}-{register.date:%Y%m%d}-NN"
            m = _ID.match(row.id)
            if not m or m.group(1) != prefix or m.group(2) != f"{register.date:%Y%m%d}":
                found.append(problem(P.BAD_DESK_ID, register.source.path, row.lines.get("id", row.line),
                                     f"编号 {row.id} 应为 {expected}（NN 为当天的序号 01、02…）"))
    return found


@rule(P.ROW_TWICE, on=DeskRegister)
def rows_once(register: DeskRegister, context) -> list[Problem]:
    """Each row once: two clones completing the same row each change its line, and the union merge keeps both.

    WT905 登记表中同一行出现了两次（两台电脑各自补记后合并所致）
    处理：核对实际情况，保留正确的一行，删去另一行
    """
    found = []
    for section, names in IDENTITY.items():
        seen: dict[tuple, Row] = {}
        for row in getattr(register, section):
            key = tuple(row.fields.get(n) for n in names)
            first = seen.get(key)
            if first is None:
                seen[key] = row
            elif section not in ID_PREFIX or first.home == row.home:
                found.append(problem(P.ROW_TWICE, register.source.path, row.line,
                                     f"{SECTIONS[section]}的这一行与第 {first.line} 行是同一笔（{_identity(row, names)}），"
                                     "多半是两台电脑各自补记后合并所致：核对后保留正确的一行，删去另一行"))
    return found


def _identity(row: Row, names) -> str:
    return "，".join(f"{n}: {row.fields[n]:%H:%M}" if isinstance(row.fields[n], time) else f"{n}: {row.fields[n]}"
                    for n in names)


@rule(P.DUPLICATE_DESK_ID)
def ids_unique(records: list, context) -> list[Problem]:
    """A parcel's or pass's id names one row in the whole repository.

    WT903 包裹或放行条编号重复
    处理：另一行改用当天下一个空闲序号
    """
    rows: dict[str, list[tuple[DeskRegister, Row]]] = {}
    for record in records:
        if isinstance(record, DeskRegister):
            for section in ID_PREFIX:
                for row in getattr(record, section):
                    rows.setdefault(row.id, []).append((record, row))
    found = []
    for row_id, uses in rows.items():
        if len(uses) < 2:
            continue
        first_register, first = uses[0]
        for register, row in uses[1:]:
            if register is first_register and row.home == first.home:
                continue  # the same row twice: rows_once says so
            where = "本文件" if register is first_register else first_register.source.path
            found.append(problem(P.DUPLICATE_DESK_ID, register.source.path, row.lines.get("id", row.line),
                                 f"编号 {row_id} 已用于{where}第 {first.line} 行；这一行改用当天下一个空闲序号"))
    return found


KIND = Kind(
    "desk", "前台登记", PATTERN, EXAMPLE, DeskRegister, _build, SCHEMA,
    items=tuple(Items(name, ROW_SCHEMAS[name], f"{label}的每一行", REQUIRED[name]) for name, label in SECTIONS.items()),
    expected_path=lambda v, doc: (path_for(v["date"]), "date") if v["date"] else None,
    path_for=path_for, card="record_desk.html.j2", layout="by_day",
    # on the site: a card per day; who borrowed a key is masked there (Report.known_names, the
    # site's `finalize`); a person page lists the days someone was at the desk
    site_view=SiteView(lambda r: r.date,
                       lambda r: relations((AT_DESK, r.staff),
                                           (HANDLED, [row.fields.get(n) for row in r.rows()
                                                      for n in ("by", "approved_by")])),
                       lambda r: (r.date or date.min,), short=lambda r, day: f"{day.day}日"))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later


# --- the 28th's fee totals ------------------------------------------------------------------------
# The supervisor's duty 每月28号前统计上月办理车卡、钥匙扣、包裹费用的收取情况 was added up by hand from
# the paper ledger; the registers hold every card row with its fee, so the totals are one pass over
# the records `validate` returned (the monthly report calls it; nothing here reads a file).

@dataclass(frozen=True)
class FeeLine:
    """One card kind's fees for a month: the 28th statistics the monthly report reads."""
    kind: str       # owner_card | car_card | key_fob
    label: str      # 业主卡 | 车卡 | 钥匙扣
    count: int      # cards issued in the month (rows applied for in that month's registers)
    charged: int    # how many of them carry a fee
    total: int      # yuan


def card_fees(records: list, month: Month | date | str | Container[date]) -> list[FeeLine]:
    """One line per kind of card (every kind, in CARD_KINDS order, zero when none), for `month` (a Month, a day in it,
    or "YYYY-MM"), or for any other span of days that answers `day in span` (the weekly summary's ISO week).
    """
    wanted = Month.of(month) if isinstance(month, date) else as_month(month) if isinstance(month, str) else month
    lines = {kind: [0, 0, 0] for kind in CARD_KINDS}
    for register in records:
        if not isinstance(register, DeskRegister) or register.date not in wanted:
            continue
        for row in register.cards:
            counts = lines[row.kind]
            counts[0] += 1
            if row.fields.get("fee") is not None:
                counts[1] += 1
                counts[2] += row.fee
    return [FeeLine(kind, CARD_KINDS[kind], *counts) for kind, counts in lines.items()]
