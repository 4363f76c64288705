"""How `wutong check` shows its gaps: a page the supervisor reads in a minute, or JSON for tools.

Why a module of its own: `check.py` decides WHAT is missing; this one decides
how it reads. The supervisor acts person by person, so the gaps are grouped by
person (in org.yml's order), then the department's own items; each gap is one
short line saying what to write or do; the gaps about one slip (overdue, and
the meeting action items waiting on it) are one line; the duty book's wording,
long and the same for many gaps, is printed once, in a legend the lines refer
to by number. Records left out because they have errors come first, so a draft
never hides behind the gaps. The JSON carries the same grouping and every gap
(keys: handbook 参考 › 工作日历与每日检查). What is printed is masked (`privacy`): the gaps' record
text when they are found, the problems of the records left out as they print, and
the whole page or every JSON string once more, numbers only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..core.privacy import mask, mask_numbers, mask_strings
from ..core.problems import CODES, Problem
from . import fold
from ..read.fields import did_you_mean
from .duty_gaps import Checked, CheckError
from .gap import Gap

INVALID_HEADING = "以下记录有错误，未参加检查："
INVALID_FOOTER = "改正后运行 wutong validate 确认，再运行 wutong check。"
DEPARTMENT = "客服部（全部门）"
LEGEND_HEADING = "职责（行末方括号中的编号）："
_DAY = re.compile(r"^\d{4}-(\d\d-\d\d)$")


@dataclass
class Item:
    """One line of the report: one gap, or every gap about one slip."""
    gaps: list[Gap]
    refs: list[int] = field(default_factory=list)   # legend numbers
    draft: str = ""   # the file the line asks for exists but has errors (left out of the check)

    @property
    def first(self) -> Gap:
        """The gap the line is filed under (a slip's own gap before its meeting actions)."""
        return self.gaps[0]

    @property
    def date(self) -> str:
        """The day (MM-DD), week (Www) or month (11月) the line is about; a folded line's days as ranges."""
        if fold.folded(self.gaps):
            return fold.date_text(self.gaps)
        return fold.when(self.first.date)

    @property
    def text(self) -> str:
        """What is missing, in one sentence."""
        if fold.folded(self.gaps):
            return fold.text(self.gaps)
        own = [g for g in self.gaps if g.category != "待办"]
        actions = [g for g in self.gaps if g.category == "待办"]
        if not actions:
            return own[0].message + ("（该文件有错误，见上）" if self.draft else "")
        if not own and len(actions) == 1:
            return actions[0].message
        days = "、".join(dict.fromkeys(_short(g.date) for g in actions))
        said = f"{own[0].message}；另有" if own else f"传递单 {self.first.slip} 未完成，"
        others = sorted({g.name for g in actions if g.staff != self.first.staff})
        owners = f"（待办负责人：{'、'.join(others)}）" if others else ""
        return f"{said} {len(actions)} 项会议待办已过期限（{days}）{owners}".replace("， ", "，")

    @property
    def action(self) -> str:
        """What to write or do; for a draft, to correct it rather than write it again."""
        if self.draft:
            return f"改正 {self.draft} 中的错误"
        if fold.folded(self.gaps):
            return fold.action(self.gaps)
        return self.first.action or f"应有：{self.first.expected}"

    def line(self) -> str:
        """The printed line: day, what is missing, what to do, the legend numbers."""
        refs = "".join(f"[{n}]" for n in sorted(self.refs))
        return f"  {self.date} {self.text}：{self.action} {refs}".rstrip()

    def as_dict(self) -> dict:
        """The line as JSON (the keys the handbook's 每日检查的输出 documents)."""
        return {"date": self.first.date, "category": self.first.category, "text": self.text,
                "action": self.action, "slip": self.first.slip, "refs": sorted(self.refs)}


@dataclass
class Group:
    """One person's lines, or the department's."""
    staff: str     # "" for the department
    name: str
    items: list[Item]

    def heading(self) -> str:
        """The group's title with its count, as the supervisor scans for a name."""
        return f"{self.name}：{len(self.items)} 项"

    def as_dict(self) -> dict:
        """The group as JSON."""
        return {"staff": self.staff, "name": self.name, "count": len(self.items),
                "items": [i.as_dict() for i in self.items]}


@dataclass
class Report:
    """The check as the supervisor reads it: invalid records, groups of lines, the legend, and every gap."""
    since: date
    until: date
    invalid: list[Problem]
    groups: list[Group]
    legend: list[str]      # duty texts; number n is legend[n - 1]
    gaps: list[Gap]
    known: frozenset = frozenset()   # owners' names: the problems of invalid records are masked as they print

    @property
    def count(self) -> int:
        """How many lines (a slip's merged gaps count once): the figure in the summary."""
        return sum(len(g.items) for g in self.groups)

    @property
    def invalid_files(self) -> list[str]:
        """The files left out of the check because they have errors."""
        return sorted({p.path for p in self.invalid})

    @property
    def failed(self) -> bool:
        """Exit status 1: something is missing or some record could not be checked."""
        return bool(self.gaps or self.invalid)


def _short(label: str) -> str:
    m = _DAY.match(label)
    return m.group(1) if m else label


def _items(gaps: list[Gap]) -> list[Item]:
    """Gaps in the check's order, the gaps of one slip merged into the line of the first of them."""
    items, by_slip = [], {}
    for gap in gaps:
        if gap.slip and gap.slip in by_slip:
            by_slip[gap.slip].gaps.append(gap)
            continue
        item = Item([gap])
        items.append(item)
        if gap.slip:
            by_slip[gap.slip] = item
    for item in items:  # the slip's own gap leads its line, so the line goes to the slip's author
        item.gaps.sort(key=lambda g: g.category == "待办")
    return items


def select(checked: Checked, staff: str | None = None, role: str | None = None) -> Checked:
    """Only one person's gaps (`--staff`) or one role's (`--role`), with the department items of their role.

    A department item is a duty of some role that no one of it was at work for; it belongs to
    whoever holds that role now, so it is shown to them. Raises CheckError for an unknown staff id.
    """
    if not staff and not role:
        return checked
    if staff and staff not in checked.roles:
        known = "、".join(checked.staff)
        raise CheckError(f"员工 {staff} 不在 records/org.yml 中{did_you_mean(staff, checked.roles)}；已有：{known}")
    role = checked.roles[staff] if staff else role
    people = [s for s in checked.staff if (s == staff if staff else checked.roles.get(s) == role)]

    def mine(gap: Gap) -> bool:
        if gap.staff:
            return gap.staff in people
        return gap.duty_id.split("/", 1)[0] == role

    return replace(checked, gaps=[g for g in checked.gaps if mine(g)], staff=people)


def build(checked: Checked, since: date, until: date) -> Report:
    """Group the gaps by person (org.yml's order, unknown ids after), then the department; number the duties."""
    items = _items(checked.gaps)
    drafts = {p.path for p in checked.invalid}
    for item in items:
        item.draft = next((path for path in sorted(drafts) if path in item.first.expected), "")
    draft_of = {id(i.first): i.draft for i in items}   # a line with a draft is never folded: it keeps its first gap
    items = [Item(gaps, draft=draft_of.get(id(gaps[0]), "")) for gaps in fold.fold([(i.gaps, i.draft) for i in items])]
    order = {staff: i for i, staff in enumerate(checked.staff)}
    people: dict[str, Group] = {}
    department = Group("", DEPARTMENT, [])
    for item in items:
        staff = item.first.staff
        if not staff:
            department.items.append(item)
        else:
            people.setdefault(staff, Group(staff, item.first.name, [])).items.append(item)
    groups = sorted(people.values(), key=lambda g: (order.get(g.staff, len(order)), g.staff))
    if department.items:
        groups.append(department)
    legend: list[str] = []
    for group in groups:
        for item in group.items:
            for gap in item.gaps:
                if fold.cited(gap):
                    continue  # the line names the duty by its 【简称】 already: no legend entry for it
                if gap.duty not in legend:
                    legend.append(gap.duty)
                number = legend.index(gap.duty) + 1
                if number not in item.refs:
                    item.refs.append(number)
    return Report(since, until, checked.invalid, groups, legend, checked.gaps, checked.known)


def format_text(report: Report) -> str:
    """The page the supervisor reads: invalid records, people, the department, the legend."""
    out = []
    if report.invalid:
        out.append(INVALID_HEADING)
        for path in report.invalid_files:
            mine = [p for p in report.invalid if p.path == path]
            out += [mask(p.as_text(), report.known) for p in mine]
            codes = list(dict.fromkeys(p.code for p in mine))
            out.append("  处理：" + "；".join(f"{c} {CODES[c].fix}" for c in codes))
        out += [INVALID_FOOTER, ""]
    for group in report.groups:
        out.append(group.heading())
        out += [item.line() for item in group.items]
        out.append("")
    if report.legend:
        out.append(LEGEND_HEADING)
        out += [f"  [{n}] {text}" for n, text in enumerate(report.legend, 1)]
    return mask_numbers("".join(line + "\n" for line in out))   # the last pass over the page (privacy.py)


def format_json(report: Report) -> str:
    """The same report for tools; the keys are documented in the handbook (reference/check.md)."""
    data = {
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "count": report.count,
        "invalid": [dict(p.__dict__, message=mask(p.message, report.known), fix=CODES[p.code].fix)
                    for p in report.invalid],
        "people": [g.as_dict() for g in report.groups if g.staff],
        "department": [i.as_dict() for g in report.groups if not g.staff for i in g.items],
        "legend": {str(n): text for n, text in enumerate(report.legend, 1)},
        "gaps": [g.as_dict() for g in report.gaps],
    }
    # every string of the JSON masked once more, numbers only (the last pass: privacy.py)
    return json.dumps(mask_strings(data, mask_numbers), ensure_ascii=False, indent=2) + "\n"


def summary(report: Report) -> str:
    """The one line said last (on standard error): the span, the count per person, the records left out."""
    if report.since > report.until:  # the estate began after the checked day (span.py)
        return f"检查到 {report.until}：记录从 {report.since} 开始，在此之前没有要检查的工作"
    span = f"检查 {report.since} 至 {report.until}："
    if report.gaps:
        counts = "、".join(f"{_person(g.name)} {len(g.items)}" for g in report.groups)
        said = f"{span}{report.count} 项缺失（{counts}）"
    else:
        said = f"{span}其余记录全部齐全" if report.invalid else f"{span}全部齐全"
    if report.invalid:
        said += f"；{len(report.invalid_files)} 份记录有错误，未参加检查"
    return said


def _person(name: str) -> str:
    """徐婷（xu-ting） -> 徐婷: the summary names people as the supervisor calls them."""
    return name.split("（", 1)[0] if not name.startswith("（") else name
