"""A legacy problem 历史遗留问题: something the estate inherited (a roof that leaks since handover, a disputed
parking area, property certificates never issued) and the department's plan to settle it.

The duty book gives the supervisor 制定历史遗留问题的处理计划 and the area managers
历史问题跟进处理; this file is both the plan and the follow-up. Path:
records/legacy/L-YYYY-NN.md, YYYY the year the problem was opened and NN its
number in that year (`wutong new legacy` takes the next), so the id is short to
say on the phone and sorts by age. Front matter: title, area (片区 id or name), the
day it was opened and by whom, a plan of steps {step, owner, by, done} (owner: a
staff id or a department, id or name; by: the day it is due; done: the day it
was done), and `closed` once it is settled. The body is the history.

Legacy problems hold no owner's personal data as a rule; the site shows each on
a page of its own and masks them anyway (`privacy.mask`). The daily check
(`check/legacy.py`) and the monthly report (`legacy_figures.py`) read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, a_date, did_you_mean, mappings, optional, text
from .common import STAFF, Ref, Source, field_lines, source_of
from .kind import WROTE, Items, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/legacy/[^/]+\.md$")
EXAMPLE = "records/legacy/L-2026-01.md"
ID = re.compile(r"^L-(\d{4})-(\d{2,3})$")


@dataclass(frozen=True)
class Step:
    """One step of the plan: what, whose (staff id or department), due by a day, done on a day."""
    step: str
    owner: str
    by: date | None
    done: date | None
    line: int
    lines: dict

    def overdue_on(self, day: date) -> bool:
        """Whether the step was due before `day` and was not done by it (its `by` day itself is not late)."""
        return self.by is not None and self.by < day and (self.done is None or self.done > day)


@dataclass(frozen=True)
class Legacy:
    """One legacy problem, its plan and its history."""
    title: str
    area: str
    opened: date
    by: str
    plan: tuple[Step, ...]
    closed: date | None
    body: str
    source: Source
    lines: dict

    @property
    def id(self) -> str:
        """The problem's id, its file name: L-YYYY-NN."""
        return self.source.path.rsplit("/", 1)[-1][:-3]

    def open_on(self, day: date) -> bool:
        """Whether the problem was open at `day`'s end: opened by then and not closed by then."""
        return self.opened is not None and self.opened <= day and (self.closed is None or self.closed > day)

    def references(self):
        """The staff member who opened it, for the cross-reference check (areas and step owners: `known_names`)."""
        if self.by:
            yield Ref(STAFF, self.by, self.lines["by"])


SCHEMA = {"title": Field(text), "area": Field(text), "opened": Field(a_date), "by": Field(text),
          "plan": optional(mappings), "closed": optional(a_date)}
STEP = {"step": Field(text), "owner": Field(text), "by": Field(a_date), "done": optional(a_date)}


def path_for(year: int, n: int) -> str:
    """Where the n-th legacy problem opened in `year` lives (L-YYYY-NN)."""
    return f"records/legacy/L-{year}-{n:02d}.md"


@rule(P.BAD_LEGACY_ID, scope=READ)
def check_id(doc) -> list[Problem]:
    """The file is named by the problem's id, L-YYYY-NN.

    WT530 历史遗留问题的文件名不是 L-年份-序号
    处理：文件名写成 L-YYYY-NN.md（YYYY 为 opened 的年份，NN 为当年的序号，如 L-2026-01.md）；新建用 wutong new legacy
    """
    name = doc.path.rsplit("/", 1)[-1][:-3]
    if ID.match(name):
        return []
    return [problem(P.BAD_LEGACY_ID, doc.path, 1,
                    f"文件名 {name} 不是历史遗留问题的编号：写成 L-YYYY-NN.md（YYYY 为 opened 的年份，"
                    "NN 为当年的序号），例如 L-2026-01.md；新建用 wutong new legacy")]


def _expected_path(v: dict, doc):
    """The path the `opened` year and the file's own number give (a misnamed file is check_id's)."""
    m = ID.match(doc.path.rsplit("/", 1)[-1][:-3])
    if not m or not v["opened"]:
        return None
    return path_for(v["opened"].year, int(m.group(2))), "opened"


def _build(read: Read) -> Legacy:
    doc, v = read.doc, read.values
    read.found.extend(check_id(doc))
    plan = tuple(Step(s["step"], s["owner"], s["by"], s["done"], doc.line("plan", i), field_lines(doc, "plan", i))
                 for i, s in read.items["plan"])
    return Legacy(v["title"], v["area"], v["opened"], v["by"], plan, v["closed"], doc.body.strip(),
                  source_of(doc), read.lines)


def area_id(org, value: str | None) -> str | None:
    """The area id `value` names (its id, A, or its name, A区), or None when org.yml has no such area."""
    if org is None or not value:
        return None
    if value in org.areas:
        return value
    return next((a.id for a in org.areas.values() if a.name == value), None)


def owner_of(org, value: str | None) -> tuple[str, str] | None:
    """(staff id, "") for a staff member, ("", department name) for a department (its id or name); None if neither."""
    if org is None or not value:
        return None
    if value in org.staff:
        return value, ""
    for d in org.departments.values():
        if value in (d.id, d.name):
            return "", d.name
    return None


@rule(P.LEGACY_UNKNOWN_AREA, P.LEGACY_UNKNOWN_OWNER, on=Legacy)
def area_and_owners_known(problem_: Legacy, context) -> list[Problem]:
    """The area is one of org.yml's; every step's owner is a staff id or a department of org.yml.

    WT531 历史遗留问题的片区不在 records/org.yml 中
    处理：area 写 org.yml 中的片区编号或名称（如 A 或 A区）

    WT532 处理计划某一步的负责人既不是员工也不是部门
    处理：owner 写 org.yml 中的员工编号（如 li-na）或部门（编号或名称，如 developer 或 开发商工程部）
    """
    org = context.org
    if org is None:
        return []
    found, path = [], problem_.source.path
    if problem_.area and area_id(org, problem_.area) is None:
        areas = "、".join(f"{a.id}（{a.name}）" for a in org.areas.values())
        found.append(problem(P.LEGACY_UNKNOWN_AREA, path, problem_.lines["area"],
                             f"片区 {problem_.area} 不在 records/org.yml 中{did_you_mean(problem_.area, org.areas)}；"
                             f"可选：{areas}"))
    for s in problem_.plan:
        if owner_of(org, s.owner) is None:
            named = [p.id for p in org.staff.values() if p.name == s.owner]
            hint = (f"（{s.owner} 的员工编号是 {named[0]}，请写 {named[0]}）" if named
                    else did_you_mean(s.owner, [*org.staff, *org.departments]))
            found.append(problem(P.LEGACY_UNKNOWN_OWNER, path, s.lines.get("owner", s.line),
                                 f"负责人 {s.owner} 既不是 records/org.yml 中的员工，也不是部门{hint}；"
                                 "写员工编号（如 li-na）或部门（如 developer 或 开发商工程部）"))
    return found


@rule(P.LEGACY_DATES, on=Legacy)
def dates_after_opening(problem_: Legacy, context) -> list[Problem]:
    """No step is due or done before the problem was opened, and it is not closed before it was opened.

    WT533 历史遗留问题的日期先后不对（步骤的期限或完成日早于建档，或关闭早于建档）
    处理：核对 opened、各步的 by 和 done、closed；建档之前的经过写在正文里
    """
    opened, found, path = problem_.opened, [], problem_.source.path
    if opened is None:
        return found
    for s in problem_.plan:
        for name, day in (("by", s.by), ("done", s.done)):
            if day is not None and day < opened:
                what = "期限" if name == "by" else "完成日期"
                found.append(problem(P.LEGACY_DATES, path, s.lines.get(name, s.line),
                                     f"“{s.step}”的{what} {day} 早于建档日期 {opened}：请核对日期；建档之前的经过写在正文里"))
    if problem_.closed and problem_.closed < opened:
        found.append(problem(P.LEGACY_DATES, path, problem_.lines["closed"],
                             f"关闭日期 {problem_.closed} 早于建档日期 {opened}：请核对日期"))
    return found


KIND = Kind(
    "legacy", "历史遗留问题", PATTERN, EXAMPLE, Legacy, _build, SCHEMA,
    items=(Items("plan", STEP, "处理计划的每一步", ("step", "owner", "by")),),
    body="问题的来由和处理经过", expected_path=_expected_path, path_for=path_for, card="record_legacy.html.j2",
    # one page per problem: a problem runs for months or years and is read on its own, like a renovation case
    own_pages="legacy_index.html.j2",
    site_view=SiteView(lambda r: r.opened,
                       lambda r: relations((WROTE, [r.by])),
                       lambda r: (r.opened or date.min, r.id), short=lambda r, day: r.title))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
