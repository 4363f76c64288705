"""An arrears case 欠费案件: one household's arrears taken from a lawyer's letter to court and to its end.

The duty book gives the supervisor 组织欠费户数的起诉 (11日-20日); the file is how the
department remembers where each case stands across months. Path:
records/cases/<home>-<n>.md, n the case's number for that home (1, 2, …), so a
home taken to court twice keeps both files and two clones never pick one name
for two homes. Front matter: the home (building-unit-room, never the owner's
name: the home identifies it), the arrears at opening (yuan, two decimals), the
day it was opened and by whom, and its events, each a stage (催缴函 … 结案, or
撤诉/和解) with a day, an optional amount recovered and a note. A closing stage
(结案, 撤诉, 和解) ends the case; nothing follows it.

Cases are personal data: the site shows them only as counts and states
(`outputs/site/case_register.py`), never per home; the daily check
(`check/case.py`) and the monthly report (`case_figures.py`) read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_date, choice, mappings, optional, text
from .common import STAFF, UNIT, Ref, Source, field_lines, out_of_order, source_of
from .kind import Items, Kind, Read, SiteView

PATTERN = re.compile(r"^records/cases/[^/]+\.md$")
EXAMPLE = "records/cases/3-2-501-1.md"
# the stages as the department writes them; the ASCII ids are accepted too (read/fields.py `choice`)
STAGES = {"dunning-letter": "催缴函", "lawyer-letter": "律师函", "sue": "起诉", "filed": "立案", "hearing": "开庭",
          "judgment": "判决", "enforcement": "执行", "closed": "结案", "withdrawn": "撤诉", "settled": "和解"}
CLOSING = ("closed", "withdrawn", "settled")
OPENED_STAGE = "opened"   # the state of a case with no event yet (the report's and the site's 已建档)
STATES = {OPENED_STAGE: "已建档", **STAGES}
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")


@rule(P.BAD_CASE_AMOUNT, scope=READ)
def money(value) -> Decimal:
    """An amount in yuan, more than 0, at most two decimals: the arrears of a case, an amount recovered.

    WT520 欠费案件的金额写法不对
    处理：写大于 0 的元数，最多两位小数，例如 5230.00（不写“元”，千分位逗号可省）
    """
    written = str(value).strip().replace(",", "").replace("，", "").lstrip("¥￥") if value is not None else ""
    if isinstance(value, bool) or not _MONEY.match(written):
        raise Invalid(P.BAD_CASE_AMOUNT, f"{value if value is not None else '（空）'} 不是金额：写大于 0 的元数，"
                                         "最多两位小数，例如 5230.00")
    try:
        amount = Decimal(written)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise Invalid(P.BAD_CASE_AMOUNT, f"{value} 不是金额：写大于 0 的元数，例如 5230.00") from None
    if amount <= 0:
        raise Invalid(P.BAD_CASE_AMOUNT, f"{value} 不是金额：金额要大于 0；没有追回款项的阶段不写 amount")
    return amount


@dataclass(frozen=True)
class Event:
    """One stage of a case on a day, with what was recovered at it (if anything)."""
    date: date
    stage: str            # a STAGES id
    amount: Decimal | None
    note: str | None
    line: int
    lines: dict

    @property
    def closing(self) -> bool:
        """Whether this stage ends the case (结案, 撤诉, 和解)."""
        return self.stage in CLOSING


@dataclass(frozen=True)
class Case:
    """One household's arrears case, from its opening to its closing stage."""
    home: str
    amount: Decimal
    opened: date
    by: str
    events: tuple[Event, ...]
    body: str
    source: Source
    lines: dict

    @property
    def name(self) -> str:
        """The case's name, its file name: <home>-<n>."""
        return self.source.path.rsplit("/", 1)[-1][:-3]

    def events_until(self, day: date) -> list[Event]:
        """The events dated on or before `day`: the case as it stood at that day's end."""
        return [e for e in self.events if e.date <= day]

    def closed_on(self, day: date) -> date | None:
        """The day the case was closed, if a closing stage was reached by `day`."""
        return next((e.date for e in self.events_until(day) if e.closing), None)

    def state_on(self, day: date) -> str:
        """Its stage at `day`'s end (a STATES id): the last event's stage, or OPENED_STAGE with none yet."""
        events = self.events_until(day)
        return events[-1].stage if events else OPENED_STAGE

    def last_activity(self, day: date) -> date:
        """The last day something happened by `day`: its last event, else the day it was opened."""
        events = self.events_until(day)
        return max([self.opened, *(e.date for e in events)])

    def recovered(self, first: date | None, last: date) -> Decimal:
        """The amount recovered by events dated first..last (from the beginning when `first` is None)."""
        return sum((e.amount for e in self.events if e.amount and (first is None or first <= e.date) and e.date <= last),
                   Decimal(0))

    def references(self):
        """The home and the staff member who opened it, for the cross-reference check."""
        if self.home:
            yield Ref(UNIT, self.home, self.lines["home"])
        if self.by:
            yield Ref(STAFF, self.by, self.lines["by"])


SCHEMA = {"home": Field(text), "amount": Field(money), "opened": Field(a_date), "by": Field(text),
          "events": optional(mappings)}
EVENT = {"date": Field(a_date), "stage": Field(choice(STAGES)), "amount": optional(money), "note": optional(text)}


def path_for(home: str, n: int) -> str:
    """Where the n-th case of `home` lives: validate and `wutong new case` agree on it."""
    return f"records/cases/{home}-{n}.md"


def number_of(path: str) -> int | None:
    """n of records/cases/<home>-<n>.md, or None when the file name does not end in -<n>."""
    stem = path.rsplit("/", 1)[-1][:-3]
    tail = stem.rsplit("-", 1)[-1]
    return int(tail) if "-" in stem and tail.isdigit() and int(tail) > 0 else None


def _build(read: Read) -> Case:
    doc, v = read.doc, read.values
    events = tuple(Event(e["date"], e["stage"], e["amount"], e["note"], doc.line("events", i),
                         field_lines(doc, "events", i)) for i, e in read.items["events"])
    return Case(v["home"], v["amount"], v["opened"], v["by"], events, doc.body.strip(), source_of(doc), read.lines)


@rule(P.CASE_DATE_ORDER, on=Case)
def events_in_order(case: Case, context) -> list[Problem]:
    """Events are listed as they happened, none before the case was opened.

    WT521 欠费案件的记录没有按日期排列，或早于建档日期
    处理：核对日期，按发生先后排列 events；建档（opened）之前的事写在正文里
    """
    late = out_of_order(case.events, case.opened, f"建档日期 {case.opened}", lambda e: e.date,
                        lambda e: f"上一条记录（{STAGES[e.stage]}）的日期 {e.date}")
    return [problem(P.CASE_DATE_ORDER, case.source.path, e.lines.get("date", e.line),
                    f"{STAGES[e.stage]} 的日期 {e.date} 早于{what}：请核对日期，按发生先后排列 events") for e, what in late]


@rule(P.CASE_AFTER_CLOSE, on=Case)
def nothing_after_closing(case: Case, context) -> list[Problem]:
    """A closing stage (结案, 撤诉, 和解) ends the case: no event follows it.

    WT522 欠费案件结案（或撤诉、和解）之后还有记录
    处理：结案、撤诉、和解是最后一条；之后又有进展的，新建一个案件（wutong new case）
    """
    closing = next((i for i, e in enumerate(case.events) if e.closing), None)
    if closing is None:
        return []
    ended = case.events[closing]
    return [problem(P.CASE_AFTER_CLOSE, case.source.path, e.lines.get("stage", e.line),
                    f"案件已于 {ended.date} {STAGES[ended.stage]}，之后不能再有 {STAGES[e.stage]}：结案、撤诉、和解是最后一条；"
                    "又有进展的，用 wutong new case 新建一个案件")
            for e in case.events[closing + 1:]]


@rule(P.CASE_RECOVERED_TOO_MUCH, on=Case)
def recovered_within_arrears(case: Case, context) -> list[Problem]:
    """The amounts recovered, added up, do not exceed the arrears the case was opened for.

    WT523 欠费案件追回的金额合计超过了欠费金额
    处理：核对各条记录的 amount（追回金额）和头信息的 amount（建档时的欠费）；诉讼费、滞纳金等不计入追回金额，写在 note 里
    """
    if case.amount is None:
        return []
    total = Decimal(0)
    for e in case.events:
        if e.amount is None:
            continue
        total += e.amount
        if total > case.amount:
            return [problem(P.CASE_RECOVERED_TOO_MUCH, case.source.path, e.lines.get("amount", e.line),
                            f"追回金额累计 {total:.2f} 元，超过建档时的欠费 {case.amount:.2f} 元：请核对 amount；"
                            "诉讼费、滞纳金等不计入追回金额，写在 note 里")]
    return []


def _expected_path(v: dict, doc):
    if not v["home"]:
        return None
    return path_for(v["home"], number_of(doc.path) or 1), "home"


KIND = Kind(
    "case", "欠费案件", PATTERN, EXAMPLE, Case, _build, SCHEMA,
    items=(Items("events", EVENT, "每条记录", ("date", "stage")),),
    expected_path=_expected_path, path_for=path_for,
    # personal data: the site shows cases only as counts and states (outputs/site/case_register.py)
    published=False,
    site_view=SiteView(lambda r: r.opened, lambda r: {}, lambda r: (r.opened or date.min, r.name)))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
