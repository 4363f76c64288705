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

from .. import problems as P
from ..fields import Field, a_datetime, choice, mappings, optional, read_fields, text
from ..problems import Problem, problem
from ..source import Doc
from .common import DEPARTMENT, STAFF, UNIT, Ref, Source, check_path, field_lines, require_body, source_of

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
    at: datetime
    by: str
    status: str
    result: str | None
    note: str | None
    line: int
    lines: dict


@dataclass(frozen=True)
class Slip:
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

    @property
    def status(self) -> str:
        return status_of(self.events)

    def events_until(self, moment: datetime) -> list[Event]:
        """The events up to `moment`: the slip as it stood then."""
        return [e for e in self.events if e.at <= moment]

    def references(self):
        for what, name in ((STAFF, "by"), (DEPARTMENT, "to"), (UNIT, "unit")):
            if getattr(self, name) is not None:
                yield Ref(what, getattr(self, name), self.lines[name])
        for event in self.events:
            yield Ref(STAFF, event.by, event.lines.get("by", event.line))


def status_of(events) -> str:
    """A slip's status after `events`: the last one's, or open before any."""
    return events[-1].status if events else "open"


SCHEMA = {
    "id": Field(text), "opened": Field(a_datetime), "by": Field(text),
    "channel": Field(choice(CHANNELS)), "category": Field(choice(CATEGORIES)),
    "unit": Field(text), "contact": optional(text), "to": Field(text),
    "due": Field(a_datetime), "events": optional(mappings),
}
EVENT = {"at": Field(a_datetime), "by": Field(text), "status": Field(choice(EVENT_STATUSES)),
         "result": optional(choice(RESULTS)), "note": optional(text)}


def path_for(slip_id: str, opened: datetime) -> str:
    return f"records/slips/{opened:%Y/%m}/{slip_id}.md"


def parse(doc: Doc) -> tuple[Slip | None, list[Problem]]:
    found: list[Problem] = []
    v = read_fields(doc, (), doc.data, SCHEMA, found)
    if v is None:
        return None, found
    events = []
    for i, item in enumerate(v["events"] or []):
        e = read_fields(doc, ("events", i), item, EVENT, found, "每条处理记录")
        if e is not None and None not in (e["at"], e["by"], e["status"]):
            events.append(Event(e["at"], e["by"], e["status"], e["result"], e["note"],
                                doc.line("events", i), field_lines(doc, "events", i)))
    found += require_body(doc, "问题的内容")
    lines = field_lines(doc)
    if None not in (v["id"], v["opened"], v["by"]):
        found += _check_id(doc, v["id"], v["opened"], v["by"], lines["id"])
        found += check_path(doc, path_for(v["id"], v["opened"]), lines["id"])
    if v["opened"] and v["due"] and v["due"] <= v["opened"]:
        found.append(problem(P.DUE_BEFORE_OPENED, doc.path, lines["due"],
                             f"完成期限 {v['due']:%Y-%m-%d %H:%M} 不晚于开单时间 {v['opened']:%Y-%m-%d %H:%M}"))
    found += _check_lifecycle(doc, v["opened"], events)
    return Slip(v["id"], v["opened"], v["by"], v["channel"], v["category"], v["unit"], v["contact"],
                v["to"], v["due"], tuple(events), doc.body.strip(), source_of(doc), lines), found


def _check_id(doc: Doc, slip_id: str, opened: datetime, by: str, line: int) -> list[Problem]:
    m = ID.match(slip_id)
    expected = f"S-{opened:%Y%m%d}-{by}-NN"
    if not m:
        return [problem(P.BAD_SLIP_ID, doc.path, line,
                        f"编号 {slip_id} 格式不对，应为 {expected}（NN 为当天该员工的序号 01、02…）")]
    if m.group(1) != f"{opened:%Y%m%d}" or m.group(2) != by:
        return [problem(P.BAD_SLIP_ID, doc.path, line,
                        f"编号 {slip_id} 与开单日期 {opened:%Y-%m-%d}、开单人 {by} 不一致，应为 {expected}")]
    return []


def _check_lifecycle(doc: Doc, opened: datetime, events: list[Event]) -> list[Problem]:
    found = []
    status, result, when = "open", None, opened
    for event in events:
        at_line = event.lines.get("at", event.line)
        if when and event.at < when:
            earlier = "开单时间" if when == opened else "上一条记录"
            found.append(problem(P.EVENT_ORDER, doc.path, at_line,
                                 f"处理时间 {event.at:%Y-%m-%d %H:%M} 早于{earlier} {when:%Y-%m-%d %H:%M}；"
                                 "请按发生先后排列"))
        status_line = event.lines.get("status", event.line)
        if event.status == "revisited" and event.result is None:
            found.append(problem(P.REVISIT_WITHOUT_RESULT, doc.path, status_line,
                                 "回访记录缺少结果：加上 result: satisfied（满意）或 result: unsatisfied（不满意）"))
        if status == "revisited" and result == "unsatisfied" and event.status != "reopened":
            found.append(problem(P.UNSATISFIED_NOT_REOPENED, doc.path, status_line,
                                 f"上一次回访业主不满意，之后应为 reopened（重新打开），而不是 {event.status}"))
        elif event.status == "closed" and status != "revisited" and status not in ("closed", "cancelled"):
            found.append(problem(P.CLOSED_WITHOUT_REVISIT, doc.path, status_line,
                                 "未回访就关闭：在最后一次 done（完成）之后先记一条 revisited（回访），再 closed"))
        elif event.status not in NEXT[status]:
            allowed = "、".join(sorted(NEXT[status])) or "（无：已是最终状态）"
            found.append(problem(P.BAD_TRANSITION, doc.path, status_line,
                                 f"状态不能从 {status}（{STATUSES[status]}）变为 {event.status}"
                                 f"（{STATUSES[event.status]}）；此时可以是：{allowed}"))
        status, result, when = event.status, event.result, max(when or event.at, event.at)
    return found
