"""The daily log 工作日志: what a staff member did today and plans for tomorrow.

The duty book asks area managers and front-desk staff to fill in 今日完成情况 and
次日工作计划 before leaving, and area managers to patrol their area twice a day;
the log records both. Path: records/logs/YYYY/MM/YYYY-MM-DD-<staff>.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from ..fields import Field, a_date, a_time, list_of, mappings, optional, read_fields, text
from ..problems import Problem
from ..source import Doc
from .common import SLIP, STAFF, Ref, Source, check_path, field_lines, require_sections, sections, source_of

PATTERN = re.compile(r"^records/logs/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/logs/2026/11/2026-11-26-li-na.md"
SECTIONS = ("今日完成情况", "次日工作计划")


@dataclass(frozen=True)
class Patrol:
    time: time | None
    note: str | None
    line: int


@dataclass(frozen=True)
class DailyLog:
    date: date
    staff: str
    patrols: tuple[Patrol, ...]
    slips: tuple[str, ...]
    sections: dict[str, str]
    source: Source
    lines: dict[str, int]

    def references(self):
        if self.staff:
            yield Ref(STAFF, self.staff, self.lines["staff"])
        for i, slip in enumerate(self.slips):
            yield Ref(SLIP, slip, self.lines.get(("slips", i), self.lines["slips"]))


SCHEMA = {
    "date": Field(a_date),
    "staff": Field(text),
    "patrols": optional(mappings),
    "slips": optional(list_of(text)),
}
PATROL = {"time": Field(a_time), "note": Field(text)}


def path_for(day: date, staff: str) -> str:
    return f"records/logs/{day:%Y/%m}/{day.isoformat()}-{staff}.md"


def parse(doc: Doc) -> tuple[DailyLog | None, list[Problem]]:
    found: list[Problem] = []
    values = read_fields(doc, (), doc.data, SCHEMA, found)
    if values is None:
        return None, found
    patrols = []
    for i, item in enumerate(values["patrols"] or []):
        p = read_fields(doc, ("patrols", i), item, PATROL, found, "每次巡查")
        if p is not None:
            patrols.append(Patrol(p["time"], p["note"], doc.line("patrols", i)))
    found += require_sections(doc, SECTIONS, "工作日志")
    lines = field_lines(doc)
    if values["date"] and values["staff"]:
        found += check_path(doc, path_for(values["date"], values["staff"]), lines["date"])
    lines.update({("slips", i): doc.line("slips", i) for i in range(len(values["slips"] or []))})
    body = {name: text_ for name, (_, text_) in sections(doc.body).items()}
    return DailyLog(values["date"], values["staff"], tuple(patrols), tuple(values["slips"] or ()),
                    body, source_of(doc), lines), found
