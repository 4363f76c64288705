"""Meeting minutes 会议记录 and training records 培训记录.

The duty book has the supervisor chair a morning meeting each working day, a
department meeting each week and each month, attend the company's weekly
meeting, hold an owner forum each quarter and train the staff. Minutes list who
chaired, who came, who was absent and the action items with owner and due date.
Path: records/minutes/YYYY/MM/YYYY-MM-DD-<kind>.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import rule
from ..read.fields import Field, a_date, a_time, choice, list_of, mappings, optional, text
from ..reference.duty_book import MEETING_KINDS
from .common import SLIP, STAFF, Ref, Source, field_lines, source_of
from .kind import ABSENT, ATTENDED, CHAIRED, OWNS, Items, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/minutes/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/minutes/2026/11/2026-11-23-weekly.md"

KINDS = MEETING_KINDS  # the duty book's list (reference/duty_book.py): duties are proven by these minutes


@dataclass(frozen=True)
class Action:
    """One action item of a meeting: task, owner, due date and the slip that tracks it, if any."""
    task: str
    owner: str
    due: date
    slip: str | None
    line: int
    lines: dict


@dataclass(frozen=True)
class Minutes:
    """Minutes of a meeting or training (会议记录): who chaired, attended or was absent, and the actions decided."""
    kind: str
    date: date
    time: time | None
    chair: str
    attendees: tuple[str, ...]
    absent: tuple[str, ...]
    topic: str | None
    actions: tuple[Action, ...]
    body: str
    source: Source
    lines: dict

    def references(self):
        """Everyone it names (chair, attendees, absentees, owners), for the cross-reference check."""
        if self.chair:
            yield Ref(STAFF, self.chair, self.lines["chair"])
        for field in ("attendees", "absent"):
            for i, person in enumerate(getattr(self, field)):
                yield Ref(STAFF, person, self.lines.get((field, i), self.lines[field]))
        for action in self.actions:
            yield Ref(STAFF, action.owner, action.lines.get("owner", action.line))
            if action.slip:
                yield Ref(SLIP, action.slip, action.lines.get("slip", action.line))


SCHEMA = {
    "kind": Field(choice(KINDS)), "date": Field(a_date), "time": Field(a_time),
    "chair": Field(text), "attendees": Field(list_of(text)), "absent": optional(list_of(text)),
    "topic": optional(text), "actions": optional(mappings),
}
ACTION = {"task": Field(text), "owner": Field(text), "due": Field(a_date), "slip": optional(text)}


def path_for(day: date, kind: str) -> str:
    """Where the minutes of a `kind` of meeting on `day` live; validate and `wutong new minutes` agree on it."""
    return f"records/minutes/{day:%Y/%m}/{day.isoformat()}-{kind}.md"


def _build(read: Read) -> Minutes:
    doc, v, lines = read.doc, read.values, read.lines
    actions = tuple(Action(a["task"], a["owner"], a["due"], a["slip"], doc.line("actions", i),
                           field_lines(doc, "actions", i)) for i, a in read.items["actions"])
    attendees, absent = tuple(v["attendees"] or ()), tuple(v["absent"] or ())
    for name, people in (("attendees", attendees), ("absent", absent)):
        lines.update({(name, i): doc.line(name, i) for i in range(len(people))})
    lead = doc.body[:len(doc.body) - len(doc.body.lstrip())]
    lines["body"] = doc.body_line + lead.count("\n")   # the first line of `body`: where its figures are read
    return Minutes(v["kind"], v["date"], v["time"], v["chair"], attendees, absent, v["topic"],
                   actions, doc.body.strip(), source_of(doc), lines)


@rule(P.TRAINING_WITHOUT_TOPIC, on=Minutes)
def training_has_topic(m: Minutes, context) -> list[Problem]:
    """A training record names what was trained (the duty book's 培训记录).

    WT501 培训记录缺少培训主题
    处理：加上 topic: 培训主题
    """
    if m.kind == "training" and not m.topic:
        return [problem(P.TRAINING_WITHOUT_TOPIC, m.source.path, m.lines["kind"],
                        "培训记录须写培训主题：加上 topic: 培训主题")]
    return []


@rule(P.ATTENDED_AND_ABSENT, on=Minutes)
def attended_or_absent(m: Minutes, context) -> list[Problem]:
    """Nobody is both at a meeting and absent from it.

    WT502 同一人既在出席名单又在缺席名单
    处理：从 attendees 或 absent 中删去其一
    """
    return [problem(P.ATTENDED_AND_ABSENT, m.source.path, m.lines[("absent", i)],
                    f"{person} 既在 attendees（出席）又在 absent（缺席）中，请删去其一")
            for i, person in enumerate(m.absent) if person in m.attendees]


KIND = Kind(
    "minutes", "会议记录", PATTERN, EXAMPLE, Minutes, _build, SCHEMA,
    items=(Items("actions", ACTION, "每个待办事项", ("task", "owner", "due")),), body="会议内容",
    expected_path=lambda v, doc: (path_for(v["date"], v["kind"]), "date") if v["kind"] and v["date"] else None,
    path_for=path_for, subkinds=KINDS, card="record_minutes.html.j2",
    site_view=SiteView(lambda r: r.date, lambda r: relations((CHAIRED, [r.chair]), (ATTENDED, r.attendees),
                                                        (ABSENT, r.absent), (OWNS, [a.owner for a in r.actions])),
                       lambda r: (r.date or date.min, r.time.isoformat() if r.time else "", r.kind or ""),
                       short=lambda r, day: f"{day.day}日 {KINDS.get(r.kind, r.kind)}"))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
