"""`wutong new case` and `wutong new legacy`: the supervisor's arrears cases and legacy problems, prefilled.

Apart from new_record.py so the registers of issue 22 each add a module rather than
all growing one; it uses new_record's environment, org and writing (never over a file).
Both commands refuse at once what the record would refuse: a home whose building or
unit org.yml lacks, a staff id, an area, an amount; each refusal lists the valid ones.
The number in the file name is the next free one; one taken meanwhile (a second
`new` at the same moment) is skipped, as for slips.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..core.dates import now
from ..records.drafts import environment as draft_environment
from ..read.fields import Invalid, did_you_mean
from ..records import case, legacy
from ..reference.org import HOME_ID, Org
from .new_record import RecordExists, ScaffoldError, known_staff, read_org, write_draft


def known_home(org: Org, home: str) -> str:
    """`home` as building-unit-room whose building and unit org.yml knows; else refused, listing what it has."""
    home = (home or "").strip()
    m = HOME_ID.match(home)
    if not m:
        raise ScaffoldError(f"房号 {home or '（空）'} 写法不对：应为 楼栋-单元-房号，例如 3-2-501")
    building, unit = m.group(1), m.group(2)
    if building not in org.buildings:
        listed = "、".join(org.buildings)
        raise ScaffoldError(f"房号 {home}：{building} 栋不在 records/org.yml 中{did_you_mean(building, org.buildings)}；"
                            f"已有楼栋：{listed}")
    if not org.has_unit(building, unit):
        units = org.buildings[building].units
        raise ScaffoldError(f"房号 {home}：{building} 栋没有 {unit} 单元{did_you_mean(unit, units)}；"
                            f"{building} 栋的单元：{'、'.join(units)}")
    return home


def _by(org: Org, staff_id: str | None) -> str:
    """The staff member given, or the (first) supervisor: both registers are the supervisor's."""
    if staff_id:
        return known_staff(org, staff_id).id
    supervisors = org.by_role("supervisor")
    if not supervisors:
        raise ScaffoldError("请用 --by 指明员工编号（records/org.yml 中没有主管可作默认）")
    return supervisors[0].id


def _numbers(folder: Path, pattern: re.Pattern) -> list[int]:
    return [int(m.group(1)) for p in folder.glob("*.md") if (m := pattern.fullmatch(p.stem))] if folder.is_dir() else []


def new_case(root: Path, home: str, amount: str, staff_id: str | None = None, opened: date | None = None) -> str:
    """A new arrears case of `home` (records/cases/<home>-<n>.md, n the next for that home); return its path."""
    org = read_org(root)
    home = known_home(org, home)
    try:
        owed = case.money(amount)
    except Invalid as exc:
        raise ScaffoldError(f"--amount {exc.message}") from None
    by, opened = _by(org, staff_id), opened or now().date()
    taken = _numbers(root / "records" / "cases", re.compile(re.escape(home) + r"-(\d+)"))
    n = max(taken, default=0) + 1
    while True:
        text = draft_environment(root).get_template("new/case.md.j2").render(
            home=home, amount=f"{owed:.2f}", opened=opened, by=by, stages=case.STAGES)
        try:
            return write_draft(root, case.path_for(home, n), text)
        except RecordExists:
            n += 1


def _area(org: Org, area: str | None) -> str:
    found = legacy.area_id(org, (area or "").strip())
    if found is None:
        listed = "、".join(f"{a.id}（{a.name}）" for a in org.areas.values())
        raise ScaffoldError(f"片区 {area or '（空）'} 不在 records/org.yml 中{did_you_mean(area or '', org.areas)}；"
                            f"可选：{listed}")
    return found


def new_legacy(root: Path, title: str, area: str, staff_id: str | None = None, opened: date | None = None) -> str:
    """A new legacy problem (records/legacy/L-YYYY-NN.md, NN the next of the year), its plan to fill in; its path."""
    org = read_org(root)
    if not (title or "").strip():
        raise ScaffoldError("请用 --title 写明问题，例如 --title 7栋屋面防水渗漏")
    area_id, by, opened = _area(org, area), _by(org, staff_id), opened or now().date()
    taken = _numbers(root / "records" / "legacy", re.compile(rf"L-{opened.year}-(\d{{2,3}})"))
    n = max(taken, default=0) + 1
    managers = [s.id for s in org.by_role("area_manager") if s.area == area_id]
    while True:
        text = draft_environment(root).get_template("new/legacy.md.j2").render(
            title=title.strip(), area=area_id, opened=opened, by=by, manager=managers[0] if managers else by,
            departments=org.departments.values())
        try:
            return write_draft(root, legacy.path_for(opened.year, n), text)
        except RecordExists:
            n += 1
