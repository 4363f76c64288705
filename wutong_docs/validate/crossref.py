"""Checks across records: every reference resolves, and no slip id is minted twice.

Each record lists its references (`Ref`); one loop checks them against
`org.yml` and the set of slip ids. When only some files are validated (the
pre-commit case) the slip ids come from the file names under records/slips/,
which the slip's own path rule keeps equal to its id.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core import problems as P
from ..core.privacy import find_personal
from ..core.problems import Problem, problem
from ..core.rules import rule
from ..read.fields import did_you_mean
from ..records.common import BUILDING, DEPARTMENT, SLIP, STAFF, UNIT, rename_target
from ..records.slip import Slip
from ..records.workorder import WorkOrder, recipients, recipients_listed
from ..reference.org import BOARD_ID, HOME_ID, Org


def slip_ids_on_disk(root: Path) -> set[str]:
    """The ids of the slips in the repository, from their file names (the path rule keeps them equal)."""
    base = root / "records" / "slips"
    if not base.is_dir():
        return set()
    return {p.stem for p in base.glob("*/*/*.md")}


@rule(P.UNKNOWN_STAFF, P.UNKNOWN_DEPARTMENT, P.UNKNOWN_UNIT, P.UNKNOWN_SLIP)
def references_resolve(records: list, context) -> list[Problem]:
    """Every staff member, department, unit, building and slip a record names exists (org.yml, records/slips/).

    Without org.yml nothing resolves, and its absence is reported once (WT205), not per reference.

    WT109 员工编号在 records/org.yml 中不存在
    处理：改成 org.yml 中的员工 id，或先在 org.yml 中添加该员工

    WT110 部门编号在 records/org.yml 中不存在
    处理：改成 org.yml 中的部门 id

    WT111 楼栋、单元或房号不存在或写法不对
    处理：写成 楼栋-单元-房号（如 3-2-501）或 楼栋-单元（如 3-2），楼栋和单元须在 org.yml 中

    WT112 引用的工作传递单不存在
    处理：改成已有传递单的编号（S-YYYYMMDD-员工-NN），或先建该传递单
    """
    if context.org is None:
        return []
    return check_references(records, context.org, context.slip_ids, context.references)


def check_references(records: list, org: Org, slip_ids: set[str], known=None) -> list[Problem]:
    """The references of `records` that do not resolve against `org` and `slip_ids`, in record and field order.

    Five years of records make about 225,000 references but a few thousand distinct
    ones (staff, units, slips, with no line), so the check first gathers those and
    resolves each once; only when one fails are records walked again, line by line,
    and only those that hold it. `known` (the validation cache, `record_cache.Cache`)
    may give for a record read unchanged from its pack every (what, value) that pack's
    records referred to when it was written (more than the record's own, never fewer),
    so unchanged records are not asked again; it is told the references worked out here.
    """
    keysets = known.known_references(records) if known is not None else [None] * len(records)
    for i, keys in enumerate(keysets):
        if keys is None:
            record = records[i]
            keys = keysets[i] = frozenset((what, value) for what, value, _ in record.references())
            if known is not None:
                known.note_references(record, keys)
    everything = frozenset().union(*{id(k): k for k in keysets}.values())
    # the slips cited are most of the distinct references: those that exist are taken out as a set
    verdicts = {key: _unresolved(key[0], key[1], org, slip_ids)
                for key in everything - frozenset((SLIP, s) for s in slip_ids)}
    failing = {key for key, message in verdicts.items() if message}
    found = []
    if not failing:
        return found
    for record, keys in zip(records, keysets):
        if keys.isdisjoint(failing):
            continue
        for what, value, line in record.references():
            message = verdicts[(what, value)] if (what, value) in verdicts else _unresolved(what, value, org, slip_ids)
            if message:
                found.append(problem(message[0], record.source.path, line, _in_its_field(record, value, line, message[1])))
    return found


def _in_its_field(record, value: str, line: int, message: str) -> str:
    """"写 li-na" as the line to write, "写 staff: li-na", when `value` is a staff name written alone in one field."""
    if _WRITE not in message:
        return message
    lines = getattr(record, "lines", {})
    field = next((name for name, at in lines.items() if at == line and isinstance(name, str)
                  and getattr(record, name, None) == value), None)
    return message.replace(_WRITE, f"{_WRITE}{field}: ") if field else message


_WRITE = "的姓名：写 "


def without_moot_renames(found: list[Problem], records: list, org: Org | None) -> list[Problem]:
    """`found` without WT007 for a file whose suggested new name holds a staff id org.yml does not know.

    `staff: lina` in 2026-11-26-li-na.md made WT007 advise renaming the file to
    …-lina.md, after the wrong id, before WT109 asked "是不是 li-na？". The path
    check reads one file and cannot know the staff; here, with org.yml, a rename
    advice that hinges on an unknown id is dropped: WT109 names the real fix,
    and once the id is right the path is judged again.
    """
    renames = {p.path: p for p in found if p.code == P.PATH_MISMATCH}
    if org is None or not renames:
        return found
    moot = set()
    for record in records:
        path = record.source.path
        target = rename_target(renames[path]) if path in renames else None
        if not target:
            continue
        new, old = target.rsplit("/", 1)[-1], path.rsplit("/", 1)[-1]
        if any(what == STAFF and value not in org.staff and value in new and value not in old
               for what, value, _ in record.references()):
            moot.add(path)
    return [p for p in found if not (p.code == P.PATH_MISMATCH and p.path in moot)]


_NAME_LIKE = re.compile(r"[\u4e00-\u9fff]")


def _unresolved(what: str, value: str, org: Org, slip_ids: set[str]) -> tuple[str, str] | None:
    if what == STAFF and value not in org.staff:
        named = [s.id for s in org.staff.values() if s.name == value]  # 李娜 written for li-na
        hint = f"（{value} 是 {named[0]} {_WRITE}{named[0]}）" if named else did_you_mean(value, org.staff)
        if not hint and _NAME_LIKE.search(value):  # 吴刚: a name of someone org.yml does not list
            hint = "（这里写员工编号，不写姓名；新来的员工先加进 records/org.yml）"
        return P.UNKNOWN_STAFF, f"员工 {value} 不在 records/org.yml 中{hint}"
    if what == DEPARTMENT and value not in org.departments:
        names = "、".join(f"{d.id}（{d.name}）" for d in org.departments.values())
        return P.UNKNOWN_DEPARTMENT, f"部门 {value} 不在 records/org.yml 中{did_you_mean(value, org.departments)}；可选：{names}"
    if what == UNIT:
        m = HOME_ID.match(value) or BOARD_ID.match(value)
        if find_personal(value):   # a phone typed in the wrong field: quoted whole, so `mask` hides it where it leaves
            return P.UNKNOWN_UNIT, f"{value} 像是电话或证件号，不是房号：应为 楼栋-单元-房号（如 3-2-501）或 楼栋-单元（如 3-2）"
        if not m:
            return P.UNKNOWN_UNIT, f"{value} 写法不对：应为 楼栋-单元-房号（如 3-2-501）或 楼栋-单元（如 3-2）"
        if not org.has_unit(m.group(1), m.group(2)):
            return P.UNKNOWN_UNIT, f"{m.group(1)} 栋 {m.group(2)} 单元不在 records/org.yml 中"
    if what == BUILDING and value not in org.buildings:
        return P.UNKNOWN_UNIT, f"{value} 栋不在 records/org.yml 中"
    if what == SLIP and value not in slip_ids:
        return P.UNKNOWN_SLIP, f"传递单 {value} 不存在（records/slips/ 下没有这张单）"
    return None


def workorder_ids_on_disk(root: Path) -> set[str] | None:
    """The ids of the work orders in the repository, from their file names; None when there is no such folder."""
    base = root / "records" / "workorders"
    return {p.stem for p in base.glob("*/*/*.md")} if base.is_dir() else None


@rule(P.UNKNOWN_RECIPIENT, P.UNKNOWN_WORKORDER)
def workorder_references(records: list, context) -> list[Problem]:
    """A work order goes to a department or an outside body org.yml lists; a slip names a work order that exists.

    When only some files are checked, the work orders are the file names under records/workorders/
    (the path rule keeps them equal to the ids); where that folder is absent nothing is judged.

    WT551 对外工作单的接收单位不在 records/org.yml 中
    处理：to 写 org.yml 的部门（如 developer）或 outside 中列出的外部单位（如 居委会）；新的外部单位先加进 outside

    WT554 传递单引用的对外工作单不存在
    处理：workorder 写已有对外工作单的编号（W-YYYYMMDD-NN），或先用 wutong new workorder 建立该工作单
    """
    orders = [r for r in records if isinstance(r, WorkOrder)]
    citing = [r for r in records if isinstance(r, Slip) and r.workorder]
    found = []
    if context.org is not None and orders:
        known = recipients(context.org)
        listed = recipients_listed(context.org)
        for order in orders:
            if order.to and order.to not in known:
                found.append(problem(P.UNKNOWN_RECIPIENT, order.source.path, order.lines["to"],
                                     f"接收单位 {order.to} 不在 records/org.yml 中{did_you_mean(order.to, known)}；"
                                     f"可选：{listed}（外部单位在 org.yml 的 outside 中添加）"))
    ids = workorder_ids_on_disk(context.root) if context.partial else {o.id for o in orders}
    for slip in citing if ids is not None else ():
        if slip.workorder not in ids:
            found.append(problem(P.UNKNOWN_WORKORDER, slip.source.path, slip.lines["workorder"],
                                 f"对外工作单 {slip.workorder} 不存在（records/workorders/ 下没有这张单）"
                                 f"{did_you_mean(slip.workorder, ids)}"))
    return found


@rule(P.DUPLICATE_SLIP)
def slip_ids_unique(records: list, context) -> list[Problem]:
    """No slip id is minted twice (two clones, merged).

    WT408 传递单编号重复
    处理：合并后出现了两张同号的单：保留一张，另一张改用下一个空闲序号
    """
    return check_duplicate_slips(records)


def check_duplicate_slips(records: list) -> list[Problem]:
    """Each slip whose id another slip also has, both named: a merge can bring two slips with one number."""
    slips = [r for r in records if isinstance(r, Slip)]
    if len({s.id for s in slips}) == len(slips):  # as nearly always: no id twice
        return []
    by_id: dict[str, list[Slip]] = {}
    for record in slips:
        by_id.setdefault(record.id, []).append(record)
    found = []
    for slip_id, slips in by_id.items():
        if len(slips) > 1:
            for slip in slips:
                others = "、".join(s.source.path for s in slips if s is not slip)
                found.append(problem(P.DUPLICATE_SLIP, slip.source.path, slip.lines["id"],
                                     f"传递单编号 {slip_id} 重复（另见 {others}）；"
                                     "保留一张，另一张改用下一个空闲序号"))
    return found


def department_ids(records: list, org: Org) -> list:
    """Slips whose `to` (or a dispatch's `to`) names a department by its Chinese name (工程部), given its id instead.

    Staff know departments by name and the handbook shows the names, so `to: 工程部`
    is accepted; everything after reading (the site, the check) then sees only ids.
    """
    from dataclasses import replace

    from ..records.slip import Slip

    ids = {d.name: d.id for d in org.departments.values()}

    def named(value):
        return value is not None and value not in org.departments and value in ids

    def with_ids(slip: Slip) -> Slip:
        events = tuple(replace(e, to=ids[e.to]) if named(e.to) else e for e in slip.events)
        return replace(slip, to=ids[slip.to] if named(slip.to) else slip.to, events=events)

    return [with_ids(r) if isinstance(r, Slip) and (named(r.to) or any(named(e.to) for e in r.events)) else r
            for r in records]
