"""The internal work slip 内部工作信息传递单 and its lifecycle.

The front desk and area managers open a slip for each owner request or problem,
dispatch it to a department, follow it up and pay a return visit (回访) before
closing it. The lifecycle is a list of dated events; the rules here keep it
sensible. Path: records/slips/YYYY/MM/<id>.md, id S-YYYYMMDD-<staff>-NN (scoped
by author, so two clones never mint the same id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import rule
from ..read.fields import Field, a_datetime, choice, mappings, optional, text
from .common import DEPARTMENT, STAFF, UNIT, Ref, Source, field_lines, out_of_order, source_of
from .kind import HANDLED, OPENED, Items, Kind, Read, SiteView, as_date, relations

PATTERN = re.compile(r"^records/slips/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/slips/2026/11/S-20261126-wang-fang-01.md"
ID = re.compile(r"^S-(\d{8})-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)-(\d{2})$")

CHANNELS = {"phone": "电话", "visit": "来访", "patrol": "巡查", "internal": "内部"}
CATEGORIES = {"repair": "报修", "complaint": "投诉", "inquiry": "咨询", "quality": "房屋质量", "other": "其他"}
STATUSES = {"open": "待派工", "dispatched": "已派工", "in_progress": "处理中", "done": "已完成",
            "revisited": "已回访", "reopened": "重新打开", "closed": "已关闭", "cancelled": "已作废"}
EVENT_STATUSES = {k: v for k, v in STATUSES.items() if k != "open"}
RESULTS = {"satisfied": "满意", "unsatisfied": "不满意"}
UNFINISHED = ("open", "dispatched", "in_progress", "reopened")   # work still to do: can be overdue
AWAITING = ("done", "revisited")                                 # work done, not yet closed
SETTLED = ("closed", "cancelled")

# status -> the statuses that may follow it
NEXT = {
    "open": {"dispatched", "in_progress", "done", "cancelled"},
    "dispatched": {"dispatched", "in_progress", "done", "cancelled"},
    "in_progress": {"in_progress", "done", "cancelled"},
    "done": {"revisited", "reopened"},
    "revisited": {"closed", "reopened"},
    "reopened": {"dispatched", "in_progress", "done", "cancelled"},
    "closed": set(),
    "cancelled": set(),
}


@dataclass(frozen=True)
class Event:
    """One step in a slip's life (dispatched, done, revisited …): when, by whom, with what result."""
    at: datetime
    by: str
    status: str
    result: str | None
    note: str | None
    line: int
    lines: dict
    to: str | None = None   # the department a dispatch sends it to (转派), when not the slip's own `to`


@dataclass(frozen=True)
class Slip:
    """An internal work slip (内部工作信息传递单): the owner's request and every step taken on it."""
    id: str
    opened: datetime
    by: str
    channel: str
    category: str
    unit: str
    contact: str | None
    to: str
    due: datetime
    events: tuple[Event, ...]
    body: str
    source: Source
    lines: dict
    workorder: str | None = None   # the outside work order that carried it (to the developer): W-YYYYMMDD-NN

    @property
    def status(self) -> str:
        """Where the slip stands now: the status of its last event, or open."""
        return status_of(self.events)

    def events_until(self, moment: datetime) -> list[Event]:
        """The events up to `moment`: the slip as it stood then."""
        return [e for e in self.events if e.at <= moment]

    def references(self):
        """The opener, the department, the unit and every hand in its events, for the cross-reference check."""
        for what, name in ((STAFF, "by"), (DEPARTMENT, "to"), (UNIT, "unit")):
            if getattr(self, name) is not None:
                yield Ref(what, getattr(self, name), self.lines[name])
        for event in self.events:
            yield Ref(STAFF, event.by, event.lines.get("by", event.line))
            if event.to is not None:
                yield Ref(DEPARTMENT, event.to, event.lines.get("to", event.line))


def status_of(events) -> str:
    """A slip's status after `events`: the last one's, or open before any."""
    return events[-1].status if events else "open"


def is_overdue(slip: Slip, moment: datetime) -> bool:
    """Whether `slip` is overdue at `moment`: past its `due` and, as it stood then, not done (`UNFINISHED`).

    The one rule the slip board, `wutong check`, the monthly report and its trend all apply
    (issue 21): a slip reopened after a done is unfinished again, so it is overdue once its
    `due` has passed, even though it was done once.
    """
    return (slip.due is not None and slip.due < moment
            and status_of(slip.events_until(moment)) in UNFINISHED)


SCHEMA = {
    "id": Field(text), "opened": Field(a_datetime), "by": Field(text),
    "channel": Field(choice(CHANNELS)), "category": Field(choice(CATEGORIES)),
    "unit": Field(text), "contact": optional(text), "to": Field(text),
    "due": Field(a_datetime), "events": optional(mappings), "workorder": optional(text),
}
EVENT = {"at": Field(a_datetime), "by": Field(text), "status": Field(choice(EVENT_STATUSES)),
         "to": optional(text), "result": optional(choice(RESULTS)), "note": optional(text)}


def path_for(slip_id: str, opened: datetime) -> str:
    """Where slip `slip_id` opened at `opened` lives; validate and `wutong new slip` agree on it."""
    return f"records/slips/{opened:%Y/%m}/{slip_id}.md"


def _build(read: Read) -> Slip:
    doc, v = read.doc, read.values
    events = tuple(Event(e["at"], e["by"], e["status"], e["result"], e["note"], doc.line("events", i),
                         field_lines(doc, "events", i), e["to"]) for i, e in read.items["events"])
    return Slip(v["id"], v["opened"], v["by"], v["channel"], v["category"], v["unit"], v["contact"],
                v["to"], v["due"], events, doc.body.strip(), source_of(doc), read.lines, v["workorder"])


@rule(P.BAD_SLIP_ID, on=Slip)
def id_matches_opening(slip: Slip, context) -> list[Problem]:
    """A slip's id is S-<opened date>-<author>-NN, so two clones never mint the same one.

    WT401 传递单编号格式不对或与开单日期、开单人不一致
    处理：写成 S-开单日期-开单人-序号，例如 S-20261126-wang-fang-01
    """
    if None in (slip.id, slip.opened, slip.by):
        return []
    m = ID.match(slip.id)
    expected = f"S-{slip.opened:%Y%m%d}-{slip.by}-NN"
    path, line = slip.source.path, slip.lines["id"]
    if not m:
        return [problem(P.BAD_SLIP_ID, path, line,
                        f"编号 {slip.id} 格式不对，应为 {expected}（NN 为当天该员工的序号 01、02…）")]
    if m.group(1) != f"{slip.opened:%Y%m%d}" or m.group(2) != slip.by:
        return [problem(P.BAD_SLIP_ID, path, line,
                        f"编号 {slip.id} 与开单日期 {slip.opened:%Y-%m-%d}、开单人 {slip.by} 不一致，应为 {expected}")]
    return []


@rule(P.DUE_BEFORE_OPENED, on=Slip)
def due_after_opened(slip: Slip, context) -> list[Problem]:
    """A slip is due after it was opened.

    WT407 传递单的完成期限早于开单时间
    处理：把 due 改到 opened 之后
    """
    if slip.opened and slip.due and slip.due <= slip.opened:
        return [problem(P.DUE_BEFORE_OPENED, slip.source.path, slip.lines["due"],
                        f"完成期限 {slip.due:%Y-%m-%d %H:%M} 不晚于开单时间 {slip.opened:%Y-%m-%d %H:%M}")]
    return []


@rule(P.EVENT_ORDER, on=Slip)
def events_in_order(slip: Slip, context) -> list[Problem]:
    """A slip's events are listed as they happened, none before it was opened.

    WT402 传递单的处理记录没有按时间先后排列，或早于开单时间
    处理：按发生的先后排列 events，时间不能早于 opened
    """
    def named(when) -> str:   # an event at the very opening time still reads as 开单时间
        return f"{'开单时间' if when == slip.opened else '上一条记录'} {when:%Y-%m-%d %H:%M}"

    late = out_of_order(slip.events, slip.opened, named(slip.opened) if slip.opened else "", lambda e: e.at,
                        lambda e: named(e.at))
    return [problem(P.EVENT_ORDER, slip.source.path, e.lines.get("at", e.line),
                    f"处理时间 {e.at:%Y-%m-%d %H:%M} 早于{what}；请按发生先后排列") for e, what in late]


@rule(P.REVISIT_WITHOUT_RESULT, on=Slip)
def revisit_has_result(slip: Slip, context) -> list[Problem]:
    """A return visit records whether the owner was satisfied: an unsatisfied one reopens the slip.

    WT406 回访记录缺少结果
    处理：给 revisited 记录加上 result: satisfied 或 result: unsatisfied
    """
    return [problem(P.REVISIT_WITHOUT_RESULT, slip.source.path, e.lines.get("status", e.line),
                    "回访记录缺少结果：加上 result: satisfied（满意）或 result: unsatisfied（不满意）")
            for e in slip.events if e.status == "revisited" and e.result is None]


@rule(P.BAD_TRANSITION, P.CLOSED_WITHOUT_REVISIT, P.UNSATISFIED_NOT_REOPENED, on=Slip)
def lifecycle(slip: Slip, context) -> list[Problem]:
    """Each status follows one that may precede it (`NEXT`): the slip's lifecycle, as the duty book runs it.

    WT403 传递单状态的变化不合理
    处理：按 开单→派工→处理中→完成→回访→关闭 的顺序记录；关闭或作废后不能再有处理记录

    WT404 传递单未回访就关闭
    处理：在最后一次 done 之后、closed 之前加一条 revisited（回访）记录

    WT405 回访不满意后没有重新打开
    处理：回访结果为 unsatisfied 时，下一条记录应为 reopened
    """
    found = []
    status, result = "open", None
    for event in slip.events:
        refused = transition(status, result, event.status)
        if refused:
            found.append(problem(refused[0], slip.source.path, event.lines.get("status", event.line), refused[1]))
        status, result = event.status, event.result
    return found


def transition(status: str, result: str | None, new: str) -> tuple[str, str] | None:
    """(code, message) when `new` may not follow a slip standing at `status` (last visit's `result`), else None.

    The one statement of the lifecycle: `validate` (the rule above) and `wutong slip`
    (authoring/slip_events.py, before it writes) judge a step by it, so both say the same.
    """
    if status == "revisited" and result == "unsatisfied" and new != "reopened":
        return (P.UNSATISFIED_NOT_REOPENED,
                f"上一次回访业主不满意，之后应为 reopened（重新打开），而不是 {new}")
    if new == "closed" and status != "revisited" and status not in SETTLED:
        return P.CLOSED_WITHOUT_REVISIT, "未回访就关闭：在最后一次 done（完成）之后先记一条 revisited（回访），再 closed"
    if new not in NEXT[status]:
        allowed = "、".join(sorted(NEXT[status])) or "（无：已是最终状态）"
        return (P.BAD_TRANSITION, f"状态不能从 {status}（{STATUSES[status]}）变为 {new}"
                                  f"（{STATUSES[new]}）；此时可以是：{allowed}")
    return None


def _expected_path(v: dict, doc):
    if None in (v["id"], v["opened"], v["by"]):
        return None
    return path_for(v["id"], v["opened"]), "id"


KIND = Kind(
    "slip", "内部工作信息传递单", PATTERN, EXAMPLE, Slip, _build, SCHEMA,
    items=(Items("events", EVENT, "每条处理记录", ("at", "by", "status")),), body="问题的内容",
    expected_path=_expected_path, path_for=path_for, card="record_slip.html.j2", layout="table",
    site_view=SiteView(lambda r: as_date(r.opened),
                       lambda r: relations((OPENED, [r.by]), (HANDLED, [e.by for e in r.events])),
                       lambda r: (r.opened or datetime.min, r.id or ""),
                       short=lambda r, day: f"{day.day}日 {r.unit}"))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
