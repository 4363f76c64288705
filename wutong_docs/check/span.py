"""Where `wutong check` starts: never before the estate's records did.

Why a module of its own: a new estate's first check listed 56 gaps for work from
before its repository existed (103 over a month), because the check always
looked back 31 days. The start of the estate is `since:` in records/org.yml,
which `wutong init` writes; a repository without it starts at its earliest
record of daily work (a log, a slip, minutes, a weekly report, a front-desk
register, a survey or a notice), read from the record, or from the file's name
when the file has errors (a draft is work begun too). Rosters, the month's
analysis, arrears lists and renovation cases are left out: they are written
ahead or carry history from before the department kept records here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.problems import Problem
from ..records.desk import DeskRegister
from ..records.log import DailyLog
from ..records.minutes import Minutes
from ..records.notice import Notice
from ..records.slip import Slip
from ..records.survey import Survey
from ..records.weekly import WeeklyReport, week_monday
from ..reference.org import ORG_PATH, Org

WINDOW_DAYS = 31  # the default span: the checked day and the 30 before it

# the folders of daily work: a file with errors under one of them still marks the day work began
_WORK = re.compile(r"^records/(logs|slips|minutes|weekly|desk|surveys|notices)/")
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_SLIP_DAY = re.compile(r"S-(\d{4})(\d\d)(\d\d)-")
_WEEK = re.compile(r"(\d{4}-W\d\d)")
_FOLDER = re.compile(r"/(\d{4})/(\d\d)/")


@dataclass(frozen=True)
class Start:
    """The first day the check may ask about, and where that day comes from (said in a note)."""
    day: date
    source: str    # "records/org.yml 的 since" or the path of the earliest record
    explicit: bool = False   # written in org.yml, not guessed from the records


def default_since(on: date) -> date:
    """The first day of the default span: gaps stay listed for 31 days instead of vanishing on the 1st."""
    return on - timedelta(days=WINDOW_DAYS - 1)


def _record_day(record) -> date | None:
    """The day a record of daily work belongs to; None for the other kinds."""
    if isinstance(record, (DailyLog, Minutes, DeskRegister, Survey)):
        return record.date
    if isinstance(record, Slip):
        return record.opened.date() if record.opened else None
    if isinstance(record, WeeklyReport):
        return week_monday(record.week)
    if isinstance(record, Notice):
        return record.posted
    return None


def _path_day(path: str) -> date | None:
    """The day a file of daily work is named for (…/2026-11-02-li-na.md, S-20261126-…, 2026-W48-…), else its month's 1st."""
    if not _WORK.match(path):
        return None
    name = path.rsplit("/", 1)[-1]
    try:
        for pattern in (_DAY, _SLIP_DAY):
            m = pattern.search(name)
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _WEEK.search(name)
        if m:
            return week_monday(m.group(1))
        m = _FOLDER.search(path)
        return date(int(m.group(1)), int(m.group(2)), 1) if m else None
    except ValueError:  # a name with an impossible date: it says nothing about when work began
        return None


def estate_start(org: Org, records: list, invalid: list[Problem]) -> Start | None:
    """The estate's first day: org.yml `since`, else its earliest record of daily work; None when it has none."""
    if org.since:
        return Start(org.since, f"{ORG_PATH} 的 since", explicit=True)
    found = [(day, r.source.path) for r in records if (day := _record_day(r))]
    found += [(day, p.path) for p in invalid if (day := _path_day(p.path))]
    if not found:
        return None
    day, path = min(found)
    return Start(day, f"最早的记录 {path}")


def span_start(asked: date | None, on: date, start: Start | None) -> tuple[date, str]:
    """The check's first day and a note when an asked --since was moved.

    The default span never starts before the estate's start. An asked --since is moved only by
    org.yml's `since`, which the department wrote: the earliest record is a guess, and a
    supervisor who asks for earlier days is told of any gap in them.
    """
    since = asked or default_since(on)
    if start is None or start.day <= since or (asked and not start.explicit):
        return since, ""
    note = f"记录从 {start.day} 开始（{start.source}）：{start.day} 之前的工作不检查" if asked else ""
    return start.day, note
