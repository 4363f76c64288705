"""A renovation case file 装修档案: one per renovation of a home, from the permit to the deposit's refund.

Path: records/renovations/<home>-<YYYYMM>.md, YYYYMM the month the permit was
applied for. The front desk issues the permit (装修许可证) and the workers'
passes (装修施工人员临时出入证); area managers patrol and write what they find as
dated events (inspection, violation, waste started / removed); the case ends with
the completion inspection and the refund of the deposit. The daily check
(`check/desk.py`) reads the events: waste left more than the duty book's days,
a deposit not refunded in time, a pass used after it expired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import rule
from ..read.fields import Field, Invalid, a_date, a_datetime, an_int, choice, mappings, optional, read_fields, text
from .common import SLIP, STAFF, UNIT, Ref, Source, field_lines, out_of_order, source_of
from .kind import HANDLED, Items, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/renovations/[^/]+\.md$")
EXAMPLE = "records/renovations/3-2-501-202611.md"
EVENT_TYPES = {"inspection": "巡查", "violation": "违规", "waste_started": "开始堆放装修垃圾",
               "waste_removed": "装修垃圾清运", "completion": "竣工验收", "refund": "退还押金"}
STATUSES = {"open": "施工中", "completed": "已竣工", "refunded": "已退押金"}


@dataclass(frozen=True)
class Permit:
    """The renovation permit: applied, approved by whom, and the deposit to refund."""
    applied: date | None
    approved: date | None
    approved_by: str | None
    deposit: int | None
    lines: dict


@dataclass(frozen=True)
class WorkerPass:
    """A worker's 出入证, valid until a day (a key lent to them after it is a violation)."""
    name: str
    until: date
    line: int


@dataclass(frozen=True)
class Event:
    """One dated event of a case: inspection, violation, waste started or removed, completion, refund."""
    at: datetime
    by: str
    type: str
    note: str | None
    slip: str | None
    line: int
    lines: dict


@dataclass(frozen=True)
class Renovation:
    """One renovation of one home, from permit to deposit refund."""
    home: str
    contractor: str
    permit: Permit
    passes: tuple[WorkerPass, ...]
    events: tuple[Event, ...]
    status: str
    body: str
    source: Source
    lines: dict

    @property
    def case(self) -> str:
        """The case's name, its file name: <home>-<YYYYMM>."""
        return self.source.path.rsplit("/", 1)[-1][:-3]

    def of_type(self, kind: str) -> list[Event]:
        """The case's events of one type, in order."""
        return [e for e in self.events if e.type == kind]

    def references(self):
        """Home, staff and slips the case names, for the cross-reference check."""
        if self.home:
            yield Ref(UNIT, self.home, self.lines["home"])
        if self.permit.approved_by:
            yield Ref(STAFF, self.permit.approved_by, self.permit.lines.get("approved_by", self.lines["permit"]))
        for e in self.events:
            yield Ref(STAFF, e.by, e.lines.get("by", e.line))
            if e.slip:
                yield Ref(SLIP, e.slip, e.lines.get("slip", e.line))


def _mapping(value):
    if not isinstance(value, dict):
        raise Invalid(P.NOT_A_MAPPING, "应写成“字段: 值”的形式，例如 {applied: 2026-11-02, deposit: 2000}")
    return value


SCHEMA = {"home": Field(text), "contractor": Field(text), "permit": Field(_mapping),
          "passes": optional(mappings), "events": optional(mappings), "status": Field(choice(STATUSES))}
PERMIT = {"applied": Field(a_date), "approved": optional(a_date), "approved_by": optional(text),
          "deposit": optional(an_int)}
PASS = {"name": Field(text), "until": Field(a_date)}
EVENT = {"at": Field(a_datetime), "by": Field(text), "type": Field(choice(EVENT_TYPES)),
         "note": optional(text), "slip": optional(text)}


def path_for(home: str, applied: date) -> str:
    """Where the case of `home` applied for in `applied`'s month lives."""
    return f"records/renovations/{home}-{applied:%Y%m}.md"


def _applied(value) -> date | None:
    try:
        return a_date(value.get("applied")) if isinstance(value, dict) else None
    except Invalid:
        return None


def _build(read: Read) -> Renovation:
    doc, v = read.doc, read.values
    p = read_fields(doc, ("permit",), v["permit"], PERMIT, read.found, "装修许可（permit）") if v["permit"] else None
    p = p or dict.fromkeys(PERMIT)
    permit = Permit(p["applied"], p["approved"], p["approved_by"], p["deposit"], field_lines(doc, "permit"))
    passes = tuple(WorkerPass(w["name"], w["until"], doc.line("passes", i)) for i, w in read.items["passes"])
    events = tuple(Event(e["at"], e["by"], e["type"], e["note"], e["slip"], doc.line("events", i),
                         field_lines(doc, "events", i)) for i, e in read.items["events"])
    return Renovation(v["home"], v["contractor"], permit, passes, events, v["status"], doc.body.strip(),
                      source_of(doc), read.lines)


@rule(P.RENOVATION_DATE_ORDER, on=Renovation)
def dates_in_order(case: Renovation, context) -> list[Problem]:
    """A permit is approved after it was applied for; events are listed as they happened, none before the application.

    WT906 装修档案的日期先后不对（批准早于申请，或记录没有按时间排列、早于申请）
    处理：核对日期，按发生先后排列 events
    """
    found, path = [], case.source.path
    applied = case.permit.applied
    if applied and case.permit.approved and case.permit.approved < applied:
        found.append(problem(P.RENOVATION_DATE_ORDER, path, case.permit.lines.get("approved", case.lines["permit"]),
                             f"批准日期 {case.permit.approved} 早于申请日期 {applied}；请核对日期"))
    start = datetime.combine(applied, datetime.min.time()) if applied else None
    for e, what in out_of_order(case.events, start, f"申请日期 {applied}", lambda e: e.at,
                                lambda e: f"上一条记录 {e.at:%Y-%m-%d %H:%M}"):
        found.append(problem(P.RENOVATION_DATE_ORDER, path, e.lines.get("at", e.line),
                             f"记录时间 {e.at:%Y-%m-%d %H:%M} 早于{what}；请核对日期，按发生先后排列 events"))
    return found


@rule(P.RENOVATION_STATUS, on=Renovation)
def status_matches_events(case: Renovation, context) -> list[Problem]:
    """The status says what the events show: completed after a completion inspection, refunded after a refund.

    WT907 装修档案的状态与记录不符
    处理：竣工验收后 status 写 completed，退还押金后写 refunded；退款要在竣工验收之后，清运要在开始堆放之后
    """
    found, path = [], case.source.path
    line = case.lines.get("status", 1)
    completion, refund = case.of_type("completion"), case.of_type("refund")
    if case.status in ("completed", "refunded") and not completion:
        found.append(problem(P.RENOVATION_STATUS, path, line,
                             f"status 为 {case.status}（{STATUSES[case.status]}），但 events 中没有 completion（竣工验收）记录"))
    if case.status == "refunded" and not refund:
        found.append(problem(P.RENOVATION_STATUS, path, line,
                             "status 为 refunded（已退押金），但 events 中没有 refund（退还押金）记录"))
    if case.status == "open" and (completion or refund):
        found.append(problem(P.RENOVATION_STATUS, path, line,
                             "已有竣工验收或退款记录，status 不应再是 open：改为 completed 或 refunded"))
    if refund and completion and refund[0].at < completion[0].at:
        found.append(problem(P.RENOVATION_STATUS, path, refund[0].lines.get("type", refund[0].line),
                             "退还押金早于竣工验收：押金在竣工验收之后才退"))
    piles = 0
    for e in case.events:
        if e.type == "waste_started":
            piles += 1
        elif e.type == "waste_removed":
            if piles == 0:
                found.append(problem(P.RENOVATION_STATUS, path, e.lines.get("type", e.line),
                                     "清运装修垃圾之前没有 waste_started（开始堆放）记录"))
            piles = max(piles - 1, 0)
    return found


@rule(P.VIOLATION_WITHOUT_SLIP, on=Renovation)
def violation_names_slip(case: Renovation, context) -> list[Problem]:
    """A violation is followed up through the slip it opened; the case names it, so the follow-up can be found.

    WT908 装修违规记录没有写明所开的传递单
    处理：给该条 violation 加上 slip: S-YYYYMMDD-员工-NN；当场整改、无需跟进的，在 note 中写明“当场整改”
    """
    return [problem(P.VIOLATION_WITHOUT_SLIP, case.source.path, e.lines.get("type", e.line),
                    "违规记录没有写明传递单：加上 slip: 传递单编号；当场整改的在 note 中写明“当场整改”")
            for e in case.events
            if e.type == "violation" and not e.slip and "当场整改" not in (e.note or "")]


def _expected_path(v: dict, doc):
    applied = _applied(v["permit"])
    if not v["home"] or applied is None:
        return None
    return path_for(v["home"], applied), "home"


KIND = Kind(
    "renovation", "装修档案", PATTERN, EXAMPLE, Renovation, _build, SCHEMA,
    items=(Items("passes", PASS, "每张出入证", ("name", "until")),
           Items("events", EVENT, "每条记录", ("at", "by", "type"))),
    expected_path=_expected_path, path_for=path_for, card="record_renovation.html.j2",
    # one page per case (the 每案一页: a case grows from permit to refund over months and is
    # read on its own), named by its file name, listed on the page of the month it was applied for;
    # the workers on its passes are masked there (Report.known_names, the site's `finalize`)
    own_pages="renovation_index.html.j2",
    site_view=SiteView(lambda r: r.permit.applied,
                       lambda r: relations((HANDLED, [r.permit.approved_by, *(e.by for e in r.events)])),
                       lambda r: (r.permit.applied or date.min, r.case), short=lambda r, day: r.home))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
