"""The daily log 工作日志: what a staff member did today and plans for tomorrow.

The duty book asks area managers and front-desk staff to fill in 今日完成情况 and
次日工作计划 before leaving, and area managers to patrol their area twice a day;
the log records both. Path: records/logs/YYYY/MM/YYYY-MM-DD-<staff>.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from ..read.fields import Field, a_date, a_time, list_of, mappings, optional, text
from .common import SLIP, STAFF, Ref, Source, sections, source_of
from .kind import WROTE, Items, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/logs/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/logs/2026/11/2026-11-26-li-na.md"
SECTIONS = ("今日完成情况", "次日工作计划")
# A citation: a body line that begins, after an optional list marker (1. - * １．), with 【short】.
_CITATION = re.compile(r"^[ \t\u3000]*(?:(?:[-*+]|[0-9０-９]+[.．、)）])[ \t\u3000]*)?【([^】\n]*)】(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
PLAN = SECTIONS[1]   # work planned for tomorrow is not evidence of a duty done


@dataclass(frozen=True)
class Citation:
    """A log line that names a duty by its short label, `1. 【钥匙核查】…`: evidence the duty was done that day."""
    label: str      # what is between 【 and 】, as written
    line: int       # 1-based line of the file
    text: str       # the rest of the line


def citations(body: str, first_line: int) -> tuple[Citation, ...]:
    """Every citation of a log's body, whose first line is line `first_line` of the file.

    Fenced code and the 次日工作计划 section are skipped: a label there names work still to do.
    """
    found, fenced, planned = [], None, False
    for i, line in enumerate(body.split("\n")):
        fence = _FENCE.match(line)
        if fence and (fenced is None or fence.group(1) == fenced):
            fenced = fence.group(1) if fenced is None else None
            continue
        heading = None if fenced else _HEADING.match(line)
        if heading:
            planned = heading.group(1).strip() == PLAN
            continue
        m = None if fenced or planned else _CITATION.match(line)
        if m:
            found.append(Citation(m.group(1).strip(), first_line + i, m.group(2).strip()))
    return tuple(found)


@dataclass(frozen=True)
class Patrol:
    """One patrol of a daily log: when, and what was found."""
    time: time | None
    note: str | None
    line: int


@dataclass(frozen=True)
class DailyLog:
    """A staff member's daily log (工作日志): the day's work, patrols and the slips it mentions."""
    date: date
    staff: str
    patrols: tuple[Patrol, ...]
    slips: tuple[str, ...]
    sections: dict[str, str]
    source: Source
    lines: dict[str, int]
    citations: tuple[Citation, ...] = ()   # the lines naming a duty: 【钥匙核查】…

    def references(self):
        """The author and the slips it cites, for the cross-reference check."""
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
    """Where the log of `staff` on `day` lives; validate and `wutong new log` agree on it."""
    return f"records/logs/{day:%Y/%m}/{day.isoformat()}-{staff}.md"


def _build(read: Read) -> DailyLog:
    doc, v, lines = read.doc, read.values, read.lines
    patrols = tuple(Patrol(p["time"], p["note"], doc.line("patrols", i)) for i, p in read.items["patrols"])
    lines.update({("slips", i): doc.line("slips", i) for i in range(len(v["slips"] or []))})
    body = {name: text_ for name, (_, text_) in sections(doc.body).items()}
    return DailyLog(v["date"], v["staff"], patrols, tuple(v["slips"] or ()), body, source_of(doc), lines,
                    citations(doc.body, doc.body_line))


KIND = Kind(
    "log", "工作日志", PATTERN, EXAMPLE, DailyLog, _build, SCHEMA,
    items=(Items("patrols", PATROL, "每次巡查"),), sections=SECTIONS, what="工作日志",
    expected_path=lambda v, doc: (path_for(v["date"], v["staff"]), "date") if v["date"] and v["staff"] else None,
    path_for=path_for, card="record_log.html.j2", layout="by_day",
    site_view=SiteView(lambda r: r.date, lambda r: relations((WROTE, [r.staff])),
                       lambda r: (r.date or date.min, r.staff or ""), short=lambda r, day: f"{day.day}日"))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
