"""我的今天: a person's duties today and tomorrow, each with a link that starts the record proving it.

Why computed in the browser: the site is built at night (or on each push) and read all day on
phones, so "today" is the reader's, not the build's. The build embeds the next `DAYS` days for
each person: what their calendar puts on each day (`calendar.plan.month_plan`, the very items of
the printed calendar), whether the roster has them at work, and, when mkdocs.yml names the Git
server (`reference.git_server`), the forms that start each day's records. The page's script
(assets/wutong-today.js) shows the two days that match the phone's clock.

A form is the Git server's new-file form pre-filled with exactly the draft `wutong new` writes for
that person and day (`records.drafts`): the log, the weekly report, a slip, the minutes (for the
supervisor, who keeps them) and the desk register; a record that already exists at build time gets
its edit form instead. Other proofs (an inspection, a notice, a register) are named, not linked: their
drafts need choices (which area, which home) only the person can make.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from ...check.duty_gaps import expected_at_work
from ...core.dates import Month
from ...records import drafts
from ...records.minutes import KINDS as MEETINGS
from ...records.roster import Roster
from ...records.weekly import week_of
from ...reference.org import Staff
from ..calendar.plan import DAY_ITEM, DEADLINE, EVERY_DAY, WEEKLY, month_plan
from .render import day_label

DAYS = 14                    # a site built up to two weeks ago still knows today
SLIP_CLOCK = time(8, 30)     # a slip's opening time in the draft; the script puts the phone's time in its place
_ON_A_DAY = (DAY_ITEM, WEEKLY, DEADLINE)
_CLOCK = re.compile(r"\d\d:\d\d")      # a duty's first time of day orders the list; one without comes last


def everyone(data) -> dict[str, list[dict]]:
    """`days` of every staff member of org.yml, by id; the department's templates compiled once for all."""
    templates = drafts.Drafts(data.root)
    rosters = {r.month: r for r in data.report.records if isinstance(r, Roster)} if data.report else {}
    return {staff.id: days(data, staff, _Records(data, staff, templates), rosters)
            for staff in data.org.staff.values()}


def days(data, staff: Staff, records: _Records, rosters: dict) -> list[dict]:
    """The next `DAYS` days of `staff` from the build's day, JSON-ready: each day's duties and its forms."""
    plans: dict[Month, object] = {}
    out = []
    for offset in range(DAYS):
        day = data.today + timedelta(days=offset)
        at_work = expected_at_work(staff.id, day, rosters, data.overrides)
        duties = _duties(data, staff, day, plans) if at_work else []
        wanted = sorted({d["form"] for d in duties if d["form"]}, key=_FORMS.index) if data.server else []
        forms = {key: records.form(key, day) for key in wanted}
        out.append({"date": day.isoformat(), "label": day_label(day), "at_work": at_work, "duties": duties,
                    "forms": forms})
    return out


def _duties(data, staff: Staff, day: date, plans: dict) -> list[dict]:
    """What the calendar of `staff`'s role puts on `day`: its timed items, the every-day duties, the ranges it is in."""
    book = data.duties
    if book is None or staff.role not in book.roles:
        return []
    month = Month.of(day)
    if month not in plans:
        plans[month] = month_plan(book, staff.role, day.year, day.month, data.overrides, data.org, staff)
    plan = plans[month]
    records = {d.id: d.record for d in book.roles[staff.role].duties}
    found = [(item.name, item.label, item.proof, item.duty) for item in plan.days[day.day - 1].items
             if item.kind in _ON_A_DAY]
    found += [(note.name, note.label, note.proof, note.duty) for note in plan.notes if note.group == EVERY_DAY]
    found += [(note.name, note.label, note.proof, note.duty) for note in plan.notes
              if note.days and note.days[0] <= day.day <= note.days[1]]
    out: dict[str, dict] = {}   # one line a duty: a duty timed twice (its standards) shows both times
    for name, label, proof, duty in found:
        if name in out:
            times = out[name]["time"]
            out[name]["time"] = times if label in times.split("；") else "；".join(filter(None, (times, label)))
        else:
            out[name] = {"name": name, "time": label, "proof": proof, "form": _form(records.get(duty, ""), staff)}
    return sorted(out.values(), key=lambda d: (_CLOCK.findall(d["time"]) or ["99:99"])[0])


# the buttons' order: the day's own records first, a new slip last
_FORMS = ["log", "desk", "weekly", *(f"minutes:{kind}" for kind in MEETINGS), "slip"]


def _form(record: str, staff: Staff) -> str:
    """Which form proves a duty whose `record:` is `record`: log, weekly, slip, desk, minutes:<kind>, or ""."""
    if record in ("cite", "log", "weekly", "slip"):
        return "log" if record == "cite" else record
    if record == "desk" or record.startswith("desk:"):
        return "desk"
    if record.startswith("minutes:") and record in _FORMS and staff.role == "supervisor":   # who keeps minutes
        return record
    return ""


class _Records:
    """The forms of one person's days: a new-file form with the draft, or the edit form of a record that exists."""

    def __init__(self, data, staff: Staff, templates: drafts.Drafts):
        self.data, self.staff, self.drafts = data, staff, templates
        supervisors = data.org.by_role("supervisor")
        self.chair = supervisors[0] if supervisors else staff

    def form(self, key: str, day: date) -> dict:
        root, org, staff = self.data.root, self.data.org, self.staff
        if key == "log":
            draft, what = self.drafts.log(staff, day), f"{day.month}月{day.day}日的工作日志"
        elif key == "weekly":
            submitted = datetime.combine(day, time(14, 0))   # as `wutong new weekly --date` submits it
            draft, what = self.drafts.weekly(staff, submitted), f"第{int(week_of(day)[-2:])}周的周报"
        elif key == "desk":
            draft, what = self.drafts.desk(org, staff, day), f"{day.month}月{day.day}日的前台登记表"
        elif key == "slip":
            opened = datetime.combine(day, SLIP_CLOCK)
            draft = self.drafts.slip(org, staff, drafts.next_slip_id(root, staff.id, day), opened)
            return self._new("开一张传递单", draft, clock=f"{opened:%Y-%m-%d %H:%M}")
        else:
            kind = key.split(":", 1)[1]
            figures = self._figures(day) if kind == "monthly" else ([], "")
            draft = self.drafts.minutes(org, kind, day, self.chair, figures)
            what = f"{day.month}月{day.day}日的{MEETINGS.get(kind, kind)}记录"
        if (root / draft.path).is_file():
            return {"label": f"改{what}（已写）", "url": self.data.server.edit_url(draft.path)}
        return self._new(f"写{what}", draft)

    def _new(self, label: str, draft, clock: str = "") -> dict:
        form, name = self.data.server.new_folder(draft.path)
        return {"label": label, "form": form, "filename": name, "text": draft.text, "clock": clock}

    def _figures(self, day: date) -> tuple[list[str], str]:
        from ...validate.reconcile import figure_sentences

        return figure_sentences(self.data.report, Month.of(day), day), ""
