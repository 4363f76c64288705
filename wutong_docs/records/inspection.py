"""An inspection record 检查记录: what one inspection found, item by item, and how each failed item was fixed.

The duty book's supervisor organises the monthly inspection of each area and the
fixing of its failed items (组织各片区现场检查及月检不合格项目的整改), spot checks of
the areas (抽查各片区管理情况), the cleanliness check of the service centre (检查服务中心
卫生情况), the vacant-home inspection and the renovation inspection. Each leaves one
file: the checklist's items (`records/checklists.yml`), each passed or failed, and for
a failed one who fixes it (`owner`), by when (`fix_by`), when it was fixed (`fixed`)
and the slip that carries the fix (`slip`). The daily check (`check/inspection.py`)
asks for the fixes; the duty windows (`check/duty_windows.py`) ask for the records.

Path: records/inspections/YYYY/MM/YYYY-MM-DD-<kind>-<area>.md; `area` is an area of
org.yml, or `center` (服务中心) for the service centre itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, a_date, choice, did_you_mean, mappings, optional, text
from ..reference.checklists import KINDS
from ..reference.org import BOARD_ID, HOME_ID, Org
from .common import SLIP, STAFF, UNIT, Ref, Source, field_lines, sections, source_of
from .kind import WROTE, Items, Kind, Read, SiteView, relations

PATTERN = re.compile(r"^records/inspections/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/inspections/2026/11/2026-11-16-monthly-A.md"
RESULTS = {"pass": "合格", "fail": "不合格"}
CENTER, CENTER_NAME = "center", "服务中心"   # the service centre: the area of its cleanliness check
SECTIONS = ("检查情况",)


@dataclass(frozen=True)
class Finding:
    """One checklist item as found: passed, or failed with who fixes it by when."""
    item: str
    place: str | None
    result: str
    owner: str | None
    fix_by: date | None
    fixed: date | None
    slip: str | None
    line: int
    lines: dict

    @property
    def failed(self) -> bool:
        """Whether the item failed (不合格)."""
        return self.result == "fail"


@dataclass(frozen=True)
class Inspection:
    """One inspection of one area (or of the service centre) on one day."""
    date: date
    by: str
    kind: str
    area: str
    findings: tuple[Finding, ...]
    body: str
    source: Source
    lines: dict

    @property
    def failed(self) -> list[Finding]:
        """The failed findings, in the file's order."""
        return [f for f in self.findings if f.failed]

    @property
    def notes(self) -> str:
        """The text under `## 检查情况`: what the site's card shows below the findings."""
        found = sections(self.body).get(SECTIONS[0])
        return found[1].strip() if found else self.body

    def references(self):
        """The inspector, the homes and units named as places, and the slips that carry fixes."""
        if self.by:
            yield Ref(STAFF, self.by, self.lines["by"])
        for f in self.findings:
            if f.place and (HOME_ID.match(f.place) or BOARD_ID.match(f.place)):
                yield Ref(UNIT, f.place, f.lines.get("place", f.line))
            if f.slip:
                yield Ref(SLIP, f.slip, f.lines.get("slip", f.line))


def an_area(value) -> str:
    """An area id as written; 服务中心 means the service centre (`center`). org.yml is asked later (WT511)."""
    value = text(value)
    return CENTER if value == CENTER_NAME else value


SCHEMA = {"date": Field(a_date), "by": Field(text), "kind": Field(choice(KINDS)), "area": Field(an_area),
          "findings": optional(mappings)}
FINDING = {"item": Field(text), "place": optional(text), "result": Field(choice(RESULTS)), "owner": optional(text),
           "fix_by": optional(a_date), "fixed": optional(a_date), "slip": optional(text)}


def path_for(day: date, kind: str, area: str) -> str:
    """Where the inspection of `kind` of `area` on `day` lives; validate and `wutong new inspection` agree on it."""
    return f"records/inspections/{day:%Y/%m}/{day.isoformat()}-{kind}-{area}.md"


@rule(P.NO_FINDINGS, scope=READ)
def _no_findings(read: Read) -> list[Problem]:
    """WT516 检查记录没有检查项目（findings 是空的）
    处理：按 records/checklists.yml 的项目逐项写 findings：item 项目、result 合格/不合格
    """
    if read.values["findings"]:
        return []
    return [problem(P.NO_FINDINGS, read.doc.path, read.lines.get("findings", read.doc.line()),
                    "findings 是空的：按检查项目表逐项写上 item（项目）和 result（合格/不合格）；"
                    "wutong new inspection 新建的记录已列出全部项目")]


def _build(read: Read) -> Inspection:
    doc, v = read.doc, read.values
    read.found.extend(_no_findings(read))
    findings = tuple(Finding(f["item"], f["place"], f["result"], f["owner"], f["fix_by"], f["fixed"], f["slip"],
                             doc.line("findings", i), field_lines(doc, "findings", i))
                     for i, f in read.items["findings"])
    return Inspection(v["date"], v["by"], v["kind"], v["area"], findings, doc.body.strip(), source_of(doc),
                      read.lines)


# where a failed item stands on a day (`fix_status`): the report counts these, the check and the site list them
FIXED_ON_TIME, FIXED_LATE, OVERDUE, PENDING, NO_DEADLINE = "fixed_on_time", "fixed_late", "overdue", "pending", "no_deadline"
FIX_STATUSES = {FIXED_ON_TIME: "按时整改", FIXED_LATE: "逾期后整改", OVERDUE: "逾期未整改", PENDING: "整改中（未到期限）",
                NO_DEADLINE: "未定整改期限"}


def fix_status(finding: Finding, on: date) -> str | None:
    """Where a failed item stands at the end of `on` (None for a passed item).

    A fix dated after `on` is not yet made; the fix_by day itself is still in time,
    so an item is overdue only from the day after its fix_by.
    """
    if not finding.failed:
        return None
    if finding.fixed is not None and finding.fixed <= on:
        return FIXED_LATE if finding.fix_by and finding.fixed > finding.fix_by else FIXED_ON_TIME
    if finding.fix_by is None:
        return NO_DEADLINE
    return OVERDUE if finding.fix_by < on else PENDING


def area_name(org: Org, area: str) -> str:
    """How the report and the site name an area: A区, 服务中心, or the id itself."""
    if area == CENTER:
        return CENTER_NAME
    found = org.areas.get(area)
    return found.name if found else area


def owner_of(org: Org, owner: str | None) -> tuple[str, str]:
    """(staff id, name) of a finding's owner; a department is ("", its name), as a department's gap is named."""
    if not owner:
        return "", ""
    if owner in org.staff:
        return owner, org.staff[owner].name
    if owner in org.departments:
        return "", org.departments[owner].name
    return "", owner   # a department written by its name (工程部)


@rule(P.UNKNOWN_INSPECTION_AREA, on=Inspection)
def area_known(record: Inspection, context) -> list[Problem]:
    """The inspected area is an area of org.yml, or the service centre.

    WT511 检查记录的片区不在 records/org.yml 中
    处理：area 写 org.yml 中片区的编号（如 A），检查服务中心写 center（或 服务中心）；文件名中的片区随之改
    """
    org = context.org
    if org is None or not record.area or record.area == CENTER or record.area in org.areas:
        return []
    named = [a.id for a in org.areas.values() if a.name == record.area]
    hint = f"（{record.area} 的编号是 {named[0]}，请写 {named[0]}）" if named else did_you_mean(record.area, org.areas)
    valid = "、".join([*(f"{a.id}（{a.name}）" for a in org.areas.values()), f"{CENTER}（{CENTER_NAME}）"])
    return [problem(P.UNKNOWN_INSPECTION_AREA, record.source.path, record.lines["area"],
                    f"片区 {record.area} 不在 records/org.yml 中{hint}；可选：{valid}")]


@rule(P.UNKNOWN_FINDING_OWNER, on=Inspection)
def owners_known(record: Inspection, context) -> list[Problem]:
    """A finding's owner is a staff member or a department of org.yml (by id or by its Chinese name).

    WT512 整改责任人不是 records/org.yml 中的员工或部门
    处理：owner 写员工编号（如 li-na）或部门（编号如 cleaning，或名称如 保洁部）
    """
    org = context.org
    if org is None:
        return []
    names = {d.name for d in org.departments.values()}
    found = []
    for f in record.findings:
        if f.owner and f.owner not in org.staff and f.owner not in org.departments and f.owner not in names:
            staff = [s.id for s in org.staff.values() if s.name == f.owner]
            hint = (f"（{f.owner} 的员工编号是 {staff[0]}，请写 {staff[0]}）" if staff
                    else did_you_mean(f.owner, [*org.staff, *org.departments, *names]))
            departments = "、".join(f"{d.id}（{d.name}）" for d in org.departments.values())
            found.append(problem(P.UNKNOWN_FINDING_OWNER, record.source.path, f.lines.get("owner", f.line),
                                 f"整改责任人 {f.owner} 不是 org.yml 中的员工或部门{hint}；"
                                 f"写员工编号，或部门：{departments}"))
    return found


@rule(P.FAILED_WITHOUT_OWNER, on=Inspection)
def failed_has_owner(record: Inspection, context) -> list[Problem]:
    """A failed item names who fixes it.

    WT513 不合格项目没有写整改责任人
    处理：给该项加上 owner: 员工编号或部门（如 owner: cleaning），并写 fix_by: 整改期限
    """
    return [problem(P.FAILED_WITHOUT_OWNER, record.source.path, f.lines.get("result", f.line),
                    f"“{f.item}”不合格，但没有写整改责任人：加上 owner: 员工编号或部门，并写 fix_by: 整改期限")
            for f in record.findings if f.failed and not f.owner]


@rule(P.FIX_DATE_ORDER, on=Inspection)
def fix_after_inspection(record: Inspection, context) -> list[Problem]:
    """An item is fixed, and due to be fixed, on or after the day it was found.

    WT514 整改期限或整改日期早于检查日期
    处理：核对 fix_by（整改期限）和 fixed（整改完成日期）：都不能早于检查日期 date
    """
    found = []
    if record.date is None:
        return found
    for f in record.findings:
        for name, day in (("fix_by", f.fix_by), ("fixed", f.fixed)):
            if day and day < record.date:
                what = "整改期限" if name == "fix_by" else "整改完成日期"
                found.append(problem(P.FIX_DATE_ORDER, record.source.path, f.lines.get(name, f.line),
                                     f"“{f.item}”的{what} {name}: {day} 早于检查日期 {record.date}：请核对日期"))
    return found


@rule(P.PASSED_WITH_FIX, on=Inspection)
def passed_needs_no_fix(record: Inspection, context) -> list[Problem]:
    """A passed item has nothing to fix: a fix on it usually means the result was written wrong.

    WT515 合格项目写了整改期限或整改日期
    处理：该项不合格的，把 result 改成 fail（不合格）；确实合格的，删去 fix_by 和 fixed
    """
    return [problem(P.PASSED_WITH_FIX, record.source.path, f.lines.get("result", f.line),
                    f"“{f.item}”写的是合格，却有整改期限或整改日期：不合格的改成 result: fail，合格的删去 fix_by、fixed")
            for f in record.findings if not f.failed and (f.fix_by or f.fixed)]


def _expected_path(v: dict, doc):
    if not (v["date"] and v["kind"] and v["area"]):
        return None
    return path_for(v["date"], v["kind"], v["area"]), "date"


KIND = Kind(
    "inspection", "检查记录", PATTERN, EXAMPLE, Inspection, _build, SCHEMA,
    items=(Items("findings", FINDING, "每个检查项目", ("item", "result")),),
    sections=SECTIONS, what="检查记录", expected_path=_expected_path, path_for=path_for, subkinds=KINDS,
    card="record_inspection.html.j2",
    site_view=SiteView(lambda r: r.date,
                       lambda r: relations((WROTE, [r.by])),
                       lambda r: (r.date or date.min, r.kind or "", r.area or ""),
                       short=lambda r, day: f"{KINDS.get(r.kind, r.kind)}检查"))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
