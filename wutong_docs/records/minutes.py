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

from .. import problems as P
from ..fields import Field, a_date, a_time, choice, list_of, mappings, optional, read_fields, text
from ..problems import Problem, problem
from ..source import Doc
from .common import SLIP, STAFF, Ref, Source, check_path, field_lines, require_body, source_of

PATTERN = re.compile(r"^records/minutes/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/minutes/2026/11/2026-11-23-weekly.md"

KINDS = {"morning": "早会", "weekly": "部门周例会", "monthly": "部门月度例会",
         "company-weekly": "公司周例会", "owner-forum": "业主座谈会", "training": "培训"}


@dataclass(frozen=True)
class Action:
    task: str
    owner: str
    due: date
    slip: str | None
    line: int
    lines: dict


@dataclass(frozen=True)
class Minutes:
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
    return f"records/minutes/{day:%Y/%m}/{day.isoformat()}-{kind}.md"


def parse(doc: Doc) -> tuple[Minutes | None, list[Problem]]:
    found: list[Problem] = []
    v = read_fields(doc, (), doc.data, SCHEMA, found)
    if v is None:
        return None, found
    actions = []
    for i, item in enumerate(v["actions"] or []):
        a = read_fields(doc, ("actions", i), item, ACTION, found, "每个待办事项")
        if a is not None and None not in (a["task"], a["owner"], a["due"]):
            actions.append(Action(a["task"], a["owner"], a["due"], a["slip"],
                                  doc.line("actions", i), field_lines(doc, "actions", i)))
    found += require_body(doc, "会议内容")
    lines = field_lines(doc)
    if v["kind"] == "training" and not v["topic"]:
        found.append(problem(P.TRAINING_WITHOUT_TOPIC, doc.path, lines["kind"],
                             "培训记录须写培训主题：加上 topic: 培训主题"))
    attendees, absent = tuple(v["attendees"] or ()), tuple(v["absent"] or ())
    for i, person in enumerate(absent):
        if person in attendees:
            found.append(problem(P.ATTENDED_AND_ABSENT, doc.path, doc.line("absent", i),
                                 f"{person} 既在 attendees（出席）又在 absent（缺席）中，请删去其一"))
    if v["kind"] and v["date"]:
        found += check_path(doc, path_for(v["date"], v["kind"]), lines["date"])
    for name, people in (("attendees", attendees), ("absent", absent)):
        lines.update({(name, i): doc.line(name, i) for i in range(len(people))})
    return Minutes(v["kind"], v["date"], v["time"], v["chair"], attendees, absent, v["topic"],
                   tuple(actions), doc.body.strip(), source_of(doc), lines), found
