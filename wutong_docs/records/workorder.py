"""The outside work order 对外工作单: what the centre sends to the developer, the residents' committee and other outside bodies.

The supervisor's weekly duty 对外工作单的发送情况 is to know what was sent out, what
was answered and what still waits. One file per work order,
records/workorders/YYYY/MM/W-YYYYMMDD-NN.md (YYYYMMDD the day it was sent, NN that
day's number), with the day it was sent, answered and closed and the answer's text.
It goes to a department of org.yml (the developer, `developer`) or to one of the
outside bodies org.yml lists under `outside:` (居委会, 环卫站 …). A slip sent to the
developer may name the work order that carried it (`workorder:` on the slip;
validate/crossref.py checks the id exists).

The daily check (`check/workorder.py`) lists a work order still unanswered after
7 working days (reference/workdays.py) for the supervisor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import rule
from ..read.fields import Field, a_date, optional, text
from .common import STAFF, Ref, Source, source_of
from .kind import WROTE, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/workorders/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/workorders/2026/11/W-20261105-01.md"
ID = re.compile(r"^W-(\d{8})-(\d{2})$")
ANSWER_WITHIN = 7   # working days from sending to the answer; from the 8th the supervisor's gap
STATES = {"waiting": "待答复", "answered": "已答复", "closed": "已办结"}


@dataclass(frozen=True)
class WorkOrder:
    """One work order sent outside: to whom, about what, and when it was answered and closed."""
    id: str
    to: str
    subject: str
    sent: date
    by: str
    answered: date | None
    answer: str | None
    closed: date | None
    body: str
    source: Source
    lines: dict

    def state_on(self, day: date) -> str:
        """waiting | answered | closed, as the work order stood at the end of `day`."""
        if self.closed and self.closed <= day:
            return "closed"
        return "answered" if self.answered and self.answered <= day else "waiting"

    def references(self):
        """The sender, for the cross-reference check (the recipient is checked by crossref.workorder_references)."""
        if self.by:
            yield Ref(STAFF, self.by, self.lines["by"])


SCHEMA = {"id": Field(text), "to": Field(text), "subject": Field(text), "sent": Field(a_date), "by": Field(text),
          "answered": optional(a_date), "answer": optional(text), "closed": optional(a_date)}


def path_for(order_id: str, sent: date) -> str:
    """Where work order `order_id` sent on `sent` lives; validate and `wutong new workorder` agree on it."""
    return f"records/workorders/{sent:%Y/%m}/{order_id}.md"


def recipients(org) -> dict[str, str]:
    """Every recipient a work order may name -> how it is shown: departments by id and by name, outside bodies by name."""
    found = {d.id: d.name for d in org.departments.values()}
    found.update({d.name: d.name for d in org.departments.values()})
    found.update({name: name for name in org.outside})
    return found


def recipients_listed(org) -> str:
    """The recipients as a message lists them: developer（开发商工程部）、…、居委会."""
    return "、".join([f"{d.id}（{d.name}）" for d in org.departments.values()] + list(org.outside))


def _build(read: Read) -> WorkOrder:
    doc, v = read.doc, read.values
    return WorkOrder(v["id"], v["to"], v["subject"], v["sent"], v["by"], v["answered"], v["answer"], v["closed"],
                     doc.body.strip(), source_of(doc), read.lines)


@rule(P.BAD_WORKORDER_ID, on=WorkOrder)
def id_matches_sent(order: WorkOrder, context) -> list[Problem]:
    """A work order's id is W-<the day it was sent>-NN.

    WT550 对外工作单编号格式不对或与发送日期不一致
    处理：写成 W-发送日期-序号，例如 W-20261105-01
    """
    if None in (order.id, order.sent):
        return []
    m = ID.match(order.id)
    expected = f"W-{order.sent:%Y%m%d}-NN"
    if not m:
        return [problem(P.BAD_WORKORDER_ID, order.source.path, order.lines["id"],
                        f"编号 {order.id} 格式不对，应为 {expected}（NN 为当天的序号 01、02…）")]
    if m.group(1) != f"{order.sent:%Y%m%d}":
        return [problem(P.BAD_WORKORDER_ID, order.source.path, order.lines["id"],
                        f"编号 {order.id} 与发送日期 {order.sent} 不一致，应为 {expected}")]
    return []


@rule(P.WORKORDER_DATES, on=WorkOrder)
def dates_in_order(order: WorkOrder, context) -> list[Problem]:
    """Sent, then answered, then closed.

    WT552 对外工作单的日期先后不对
    处理：answered（答复日）不早于 sent（发送日），closed（办结日）不早于答复日和发送日
    """
    found, path = [], order.source.path
    if order.sent and order.answered and order.answered < order.sent:
        found.append(problem(P.WORKORDER_DATES, path, order.lines["answered"],
                             f"答复日 {order.answered} 早于发送日 {order.sent}：请核对日期"))
    after = max(d for d in (order.sent, order.answered, date.min) if d)
    if order.closed and order.closed < after:
        found.append(problem(P.WORKORDER_DATES, path, order.lines["closed"],
                             f"办结日 {order.closed} 早于{'答复日' if after == order.answered else '发送日'} {after}：请核对日期"))
    return found


@rule(P.ANSWER_MISSING, on=WorkOrder)
def answer_with_its_day(order: WorkOrder, context) -> list[Problem]:
    """An answer is written with the day it came, and a day of answer with what was answered.

    WT553 对外工作单的答复日期和答复内容不全
    处理：收到答复时同时写 answered（答复日）和 answer（答复内容）
    """
    if order.answered and not order.answer:
        return [problem(P.ANSWER_MISSING, order.source.path, order.lines["answered"],
                        "写了答复日 answered，没有答复内容：加上 answer: 对方答复的内容")]
    if order.answer and not order.answered:
        return [problem(P.ANSWER_MISSING, order.source.path, order.lines["answer"],
                        "写了答复内容 answer，没有答复日：加上 answered: YYYY-MM-DD")]
    return []


def _expected_path(v: dict, doc):
    if None in (v["id"], v["sent"]):
        return None
    return path_for(v["id"], v["sent"]), "id"


KIND = Kind(
    "workorder", "对外工作单", PATTERN, EXAMPLE, WorkOrder, _build, SCHEMA, body="工作单的内容",
    expected_path=_expected_path, path_for=path_for, card="record_workorder.html.j2",
    site_view=SiteView(lambda r: r.sent, lambda r: relations((WROTE, [r.by])),
                       lambda r: (r.sent or date.min, r.id or ""), short=lambda r, day: r.subject))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
