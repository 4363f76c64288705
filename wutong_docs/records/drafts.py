"""The drafts of the records staff write every day: the log, the weekly report, a slip, minutes, the desk register.

One source for both ways a record is started: `wutong new` writes the draft into the
repository (authoring/new_record.py), and the site's 我的今天 hands the very same text to the
Git server's new-file form (outputs/site/today.py), so a clerk on a phone starts from what a
colleague at a terminal would. Each function returns where the record goes and its whole text, rendered from the
department's templates (templates/new/ of the records repository, else the shipped
ones); it writes nothing. A draft is deliberately incomplete: the placeholders it
leaves fail validation until the author fills them in, so an untouched draft cannot
be committed by mistake, whether it was written by `wutong new` or submitted from the
Git server's web editor.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

import jinja2

from ..core import templates
from ..core.errors import WutongError
from ..reference.org import Org, Staff
from . import desk as desk_record
from . import log as log_record
from . import minutes as minutes_record
from . import slip as slip_record
from . import weekly as weekly_record

MORNING_MEETING = "08:25"  # the duty book: 8点25分参加主管组织的早会


class DraftError(WutongError):
    """A draft that cannot be made (a day's 99 numbers taken); the message says why."""


class Draft(NamedTuple):
    """A new record before it is written: its path in the repository and its whole text."""
    path: str
    text: str


def environment(root: Path) -> jinja2.Environment:
    """The Jinja environment drafts are filled with (templates/new/, the department's own first)."""
    env = templates.environment(root, keep_trailing_newline=True, autoescape=False)
    # a YAML double-quoted string is a JSON string: safe for any text a user passes in
    env.filters["yaml"] = lambda value: json.dumps("" if value is None else str(value), ensure_ascii=False)
    return env


def next_numbered_id(folder: Path, prefix: str, after: int, full: str) -> str:
    """`prefix` + the next free two-digit number among the files of `folder`, above `after` (a number just lost to
    someone else); DraftError `full` once the day's 99 are taken. Slips and outside work orders are numbered so."""
    taken = [int(m.group(1)) for p in folder.glob(f"{prefix}*.md")
             if (m := re.fullmatch(re.escape(prefix) + r"(\d{2})", p.stem))]
    number = max(taken + [after], default=0) + 1
    if number > 99:
        raise DraftError(full)
    return f"{prefix}{number:02d}"


def next_slip_id(root: Path, staff_id: str, day: date, after: int = 0) -> str:
    """The staff member's next free slip number that day, above `after` (a number just lost to someone else)."""
    return next_numbered_id(root / "records" / "slips" / f"{day:%Y}" / f"{day:%m}", f"S-{day:%Y%m%d}-{staff_id}-",
                            after, f"{staff_id} 在 {day} 已开满 99 张传递单")


class Drafts:
    """The drafts of one records repository, its templates compiled once (a site build renders hundreds)."""

    def __init__(self, root: Path):
        self.root, self.env = root, environment(root)

    def _render(self, template: str, **context) -> str:
        return self.env.get_template(f"new/{template}").render(**context)

    def log(self, staff: Staff, day: date) -> Draft:
        """A staff member's log of `day`."""
        return Draft(log_record.path_for(day, staff.id), self._render("log.md.j2", date=day, staff=staff))

    def weekly(self, staff: Staff, submitted: datetime) -> Draft:
        """The weekly report of the ISO week holding `submitted`, submitted then."""
        week = weekly_record.week_of(submitted.date())
        return Draft(weekly_record.path_for(week, staff.id),
                     self._render("weekly.md.j2", week=week, staff=staff, submitted=submitted))

    def slip(self, org: Org, staff: Staff, slip_id: str, opened: datetime, **values) -> Draft:
        """Slip `slip_id` opened by `staff` at `opened`, due the next day at 18:00; `values`: the fields already
        known (channel, category, unit, contact, to, as ids)."""
        due = datetime.combine(opened.date() + timedelta(days=1), time(18, 0))
        fields = {name: values.get(name) for name in ("channel", "category", "unit", "contact", "to")}
        text = self._render("slip.md.j2", id=slip_id, opened=opened, due=due, staff=staff,
                            departments=org.departments.values(), **fields)
        return Draft(slip_record.path_for(slip_id, opened), text)

    def minutes(self, org: Org, kind: str, day: date, chair: Staff,
                figures: tuple[list[str], str] = ([], "")) -> Draft:
        """The minutes of a `kind` of meeting on `day`, attendees from org.yml; a monthly meeting's with `figures`,
        the month's figures as `validate.reconcile.figure_sentences` phrases them, or a note saying why there are
        none."""
        attendees = [] if kind == "company-weekly" else [s for s in org.staff if s != chair.id]
        lines, note = figures
        text = self._render("minutes.md.j2", kind=kind, kind_label=minutes_record.KINDS[kind], date=day, chair=chair,
                            attendees=attendees, time=MORNING_MEETING if kind == "morning" else "", figures=lines,
                            figures_note=note)
        return Draft(minutes_record.path_for(day, kind), text)

    def desk(self, org: Org, staff: Staff, day: date) -> Draft:
        """The front-desk register of `day` with `staff` at the desk, every section an empty list under its model
        row."""
        supervisors = org.by_role("supervisor")  # the pass's example row: approved by this estate's supervisor
        text = self._render("desk.md.j2", date=day, staff=staff,
                            supervisor=(supervisors[0] if supervisors else staff).id)
        return Draft(desk_record.path_for(day), text)
