"""The department's reference data, `records/org.yml`: staff, departments, areas, buildings.

Every reference in every record (a staff id, a department a slip goes to, a
building-unit-room) is checked against this file, so it is loaded first and is
validated like any record, with line numbers.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core import problems as P
from ..core.problems import Problem, has_errors, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_date, choice, list_of, mappings, optional, read_fields, text
from ..read.files import read_text
from ..read.yaml_lines import parse_yaml

ORG_PATH = "records/org.yml"

# What a notice is signed with when it does not say (落款), after the estate's name when
# org.yml gives one: the package serves any estate, so it never names one itself.
SERVICE_CENTRE = "物业服务中心"

ROLES = {"supervisor": "主管", "area_manager": "片区管理员", "front_desk": "服务中心前台"}

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PLACE_ID = re.compile(r"^[0-9A-Za-z]+$")                                  # a building or a unit
BOARD_ID = re.compile(r"^([0-9A-Za-z]+)-([0-9A-Za-z]+)$")                  # building-unit: one board
HOME_ID = re.compile(r"^([0-9A-Za-z]+)-([0-9A-Za-z]+)-([0-9A-Za-z]+)$")    # building-unit-room


@dataclass(frozen=True)
class Staff:
    """A staff member as org.yml lists them; records name them by `id`."""
    id: str
    name: str
    role: str
    area: str | None
    line: int


@dataclass(frozen=True)
class Department:
    """A department a slip can be sent to (`to:`)."""
    id: str
    name: str
    line: int


@dataclass(frozen=True)
class Area:
    """An area manager's patch: the buildings they look after."""
    id: str
    name: str
    buildings: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Building:
    """A building, its units (one bulletin board each) and, where known, each unit's households."""
    id: str
    units: tuple[str, ...]
    line: int
    homes: dict[str, int] = field(default_factory=dict)  # unit -> households, where known


@dataclass(frozen=True)
class Org:
    """The department's reference data: every reference in a record is checked against it."""
    staff: dict[str, Staff] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    buildings: dict[str, Building] = field(default_factory=dict)
    estate: str | None = None     # the estate's name (org.yml `estate:`), e.g. 梧桐墅
    phone: str | None = None      # the service centre's phone (org.yml `phone:`), printed on every notice
    since: date | None = None     # the day the estate's records began (org.yml `since:`, written by `wutong init`):
                                  # `wutong check` never asks for work from before it
    outside: tuple[str, ...] = ()  # outside bodies a work order may go to (org.yml `outside:`, e.g. 居委会, 环卫站)

    @property
    def service_centre(self) -> str:
        """The service centre's name as notices are signed and pages cite it: 梧桐墅物业服务中心, or 物业服务中心 without `estate:`."""
        return f"{self.estate or ''}{SERVICE_CENTRE}"

    def has_unit(self, building: str, unit: str) -> bool:
        """Whether building-unit exists, for checking `3-2`-style references."""
        found = self.buildings.get(building)
        return found is not None and unit in found.units

    def homes_of(self, building: str, unit: str) -> int | None:
        """How many households a unit has (for collection rates), or None when org.yml does not say."""
        found = self.buildings.get(building)
        return found.homes.get(unit) if found else None

    def by_role(self, role: str) -> list[Staff]:
        """The staff of one role in org.yml order (a meeting's default chair is the first supervisor)."""
        return [s for s in self.staff.values() if s.role == role]


def homes(value) -> int | dict[str, int]:
    """`homes: 22` (every unit of the building has 22 households) or `homes: {"1": 22, "2": 20}`."""
    def count(n) -> int:
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise Invalid(P.WRONG_TYPE, f"户数应是正整数，例如 homes: 22，而不是 {n!r}")
        return n
    if isinstance(value, dict):
        return {str(unit): count(n) for unit, n in value.items()}
    return count(value)


_STAFF = {"id": Field(text), "name": Field(text), "role": Field(choice(ROLES)), "area": optional(text)}
_DEPARTMENT = {"id": Field(text), "name": Field(text)}
_AREA = {"id": Field(text), "name": Field(text), "buildings": Field(list_of(text))}
_BUILDING = {"id": Field(text), "units": Field(list_of(text)), "name": optional(text), "homes": optional(homes)}
_TOP = {"staff": Field(mappings), "departments": Field(mappings),
        "areas": Field(mappings), "buildings": Field(mappings), "estate": optional(text),
        "phone": optional(text), "since": optional(a_date), "outside": optional(list_of(text))}


# Characters no one sees in a name that break where the name goes: a line break splits a line of the phone
# calendar and a row of a table, a C0/C1 control character is refused by the XML of a workbook, and a bidi
# control (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) shows the name in another order than written.
# The zero-width joiner of an emoji (U+200D) and the variation selectors are not among them: they are legal.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NAMED = {"\n": "换行", "\r": "回车", "\t": "制表符", "\u2028": "行分隔符", "\u2029": "段分隔符"}
_SECTION = {"staff": "员工", "departments": "部门", "areas": "片区", "buildings": "楼栋"}
_FIELD = {"name": "名称", "id": "编号", "role": "岗位", "area": "片区", "units": "单元", "buildings": "楼栋",
          "estate": "小区名称", "phone": "电话", "since": "启用日期",
          "outside": "外部单位"}


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI


def _visible(text_: str) -> str:
    """The text with each invisible character written as its escape (李\\r\\n娜), the rest as it is."""
    return "".join(ch.encode("unicode_escape").decode("ascii") if _invisible(ch) else ch for ch in text_)


def _named(ch: str) -> str:
    """换行 \\n, 控制字符 U+0001: the character as the message names it."""
    if ch in _NAMED:
        return f"{_NAMED[ch]} {_visible(ch)}"
    return f"{'文字方向控制符' if ch in _BIDI else '控制字符'} U+{ord(ch):04X}"


def _where(data, key: tuple) -> str:
    """员工 li-na 的姓名, 小区名称, 楼栋 3 的单元: the value at `key` of org.yml, as the message names it."""
    top = key[0]
    if len(key) == 1:
        return str(_FIELD.get(top, top))
    entry = data[top][key[1]]
    field_ = key[2] if len(key) > 2 else None
    who = entry.get("id") if isinstance(entry, dict) and field_ != "id" else None
    whose = f"{_SECTION.get(top, top)}{' ' + _visible(who) if isinstance(who, str) else ''}"
    if field_ is None:
        return whose
    label = "姓名" if top == "staff" and field_ == "name" else _FIELD.get(field_, field_)
    return f"{whose} 的{label}" if isinstance(who, str) else f"{whose}的{label}"


@rule(P.CONTROL_CHARACTER, scope=READ)
def invisible_characters(doc) -> list[Problem]:
    """Every text of org.yml (names, ids, units, the estate, the phone) with a character no one sees.

    These names go into the calendar on the phone, the workbooks, the notices and the site. A line
    break inside a name (`"李\\r\\n娜"` in double quotes, or a tab pasted from Excel) shows nowhere
    in the editor and breaks every one of them, so it is refused here, where it is written.
    Spaces and line breaks around a value are not counted: they are trimmed when it is read.

    WT206 org.yml 的名称里有看不见的控制字符（换行、回车、制表符等）
    处理：删掉提示的字符（引号里的 \\r、\\n、\\t 等写法，或从别处粘贴来的制表符），把名称写成一行普通文字
    """
    found = []

    def walk(value, key: tuple) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*key, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*key, i))
        elif isinstance(value, str) and key:
            written = value.strip()
            bad = list(dict.fromkeys(ch for ch in written if _invisible(ch)))
            if bad:
                found.append(problem(P.CONTROL_CHARACTER, ORG_PATH, doc.line(*key),
                                     f"{_where(doc.data, key)}“{_visible(written)}”里有看不见的控制字符"
                                     f"（{'、'.join(_named(ch) for ch in bad)}）：请删掉，写成一行"))

    walk(doc.data, ())
    return found


@rule(P.DUPLICATE_ID, P.BAD_ID, P.AREA_MISSING, P.UNKNOWN_BUILDING, P.MISSING_ORG, scope=READ)
def load_org(root: Path) -> tuple[Org | None, list[Problem]]:
    """Read and check `records/org.yml`; None when it is missing or unreadable.

    WT201 org.yml 中编号重复
    处理：每个员工、部门、片区、楼栋的 id 必须唯一

    WT202 编号写法不对
    处理：员工和部门 id 用小写英文字母、数字和连字符，例如 li-na；楼栋和单元 id 用数字或字母

    WT203 片区管理员没有片区，或片区不存在
    处理：给片区管理员写上 area，并确保该片区在 areas 中

    WT204 片区引用的楼栋在 buildings 中不存在
    处理：在 buildings 中添加该楼栋，或从片区中删去

    WT205 缺少基础资料文件 records/org.yml
    处理：建立 records/org.yml，写明员工、部门、片区和楼栋单元
    """
    doc, found = _read_org(root)
    top = read_fields(doc, (), doc.data, _TOP, found, "org.yml") if doc is not None else None
    if top is None:
        return None, found
    reading = _Reading(doc, top, found)
    buildings = _buildings(reading)
    areas = _areas(reading, buildings)
    staff = _staff(reading, areas)
    departments = {v["id"]: Department(v["id"], v["name"] or v["id"], line)
                   for _, line, v in reading.entries("departments", _DEPARTMENT, SLUG)}
    return Org(staff, departments, areas, buildings, top["estate"], top["phone"], top["since"],
               tuple(dict.fromkeys(top["outside"] or ()))), found


def _read_org(root: Path) -> tuple[object | None, list[Problem]]:
    """(org.yml parsed with the line of every value, or None when missing or unreadable; the problems so far)."""
    path = root / ORG_PATH
    if not os.path.lexists(path):
        return None, [problem(P.MISSING_ORG, ORG_PATH, 1,
                               "找不到 records/org.yml：请先建立员工、部门、片区和楼栋的基础资料")]
    text_, found = read_text(path, ORG_PATH)
    if text_ is None:
        if not has_errors(found):  # a pipe, skipped with a warning: still, nothing can be checked without it
            found.append(problem(P.MISSING_ORG, ORG_PATH, 1,
                                 "records/org.yml 不是普通文件，无法读取基础资料：请换成普通文件"))
        return None, found
    doc, found = parse_yaml(text_, ORG_PATH)
    if doc is not None:
        found += invisible_characters(doc)
    return doc, found


@dataclass
class _Reading:
    """org.yml as it is being read: its document, its top-level fields, and the problems found so far."""
    doc: object          # the parsed file (`Doc`): every value with its line
    top: dict            # its top-level fields, as `_TOP` reads them
    found: list[Problem]

    def add(self, code: str, key: tuple, message: str) -> None:
        """One more problem, at the line of the value at `key`."""
        self.found.append(problem(code, ORG_PATH, self.doc.line(*key), message))

    def entries(self, section: str, schema: dict, slug: re.Pattern):
        """(index, line, fields) of each well-formed item of `section` with a new id; a bad or repeated id is a problem."""
        seen: dict[str, int] = {}
        for i, item in enumerate(self.top[section] or []):
            values = read_fields(self.doc, (section, i), item, schema, self.found, f"{section} 的每一项")
            if not values or values["id"] is None:
                continue
            id_, line = values["id"], self.doc.line(section, i, "id")
            if not slug.match(id_):
                how = "用小写英文字母、数字和连字符，例如 zhao-lei" if slug is SLUG else "只用数字或英文字母，例如 12"
                self.add(P.BAD_ID, (section, i, "id"), f"{section} 的 id {_visible(id_)} 写法不对：{how}")
            if id_ in seen:
                self.add(P.DUPLICATE_ID, (section, i, "id"),
                         f"{section} 的 id {_visible(id_)} 重复（第一次在第 {seen[id_]} 行）")
                continue
            seen[id_] = line
            yield i, line, values


def _buildings(reading: _Reading) -> dict[str, Building]:
    """The buildings, with the households of each unit they list; a unit `homes` names but `units` lacks is a problem."""
    buildings = {}
    for i, line, v in reading.entries("buildings", _BUILDING, PLACE_ID):
        units = tuple(v["units"] or ())
        per_unit = v["homes"] if isinstance(v["homes"], dict) else dict.fromkeys(units, v["homes"])
        for unit in per_unit:
            if unit not in units:
                reading.add(P.UNKNOWN_UNIT, ("buildings", i, "homes", unit),
                            f"楼栋 {v['id']} 的 homes 写了单元 {unit}，但 units 中没有这个单元")
        buildings[v["id"]] = Building(v["id"], units, line, {u: n for u, n in per_unit.items() if u in units and n})
    return buildings


def _areas(reading: _Reading, buildings: dict[str, Building]) -> dict[str, Area]:
    """The areas; a building an area names that `buildings` lacks is a problem."""
    areas = {}
    for i, line, v in reading.entries("areas", _AREA, PLACE_ID):
        for j, b in enumerate(v["buildings"] or []):
            if b not in buildings:
                reading.add(P.UNKNOWN_BUILDING, ("areas", i, "buildings", j), f"片区 {v['id']} 的楼栋 {b} 不在 buildings 中")
        areas[v["id"]] = Area(v["id"], v["name"] or v["id"], tuple(v["buildings"] or ()), line)
    return areas


def _staff(reading: _Reading, areas: dict[str, Area]) -> dict[str, Staff]:
    """The staff; an area manager without an area, or with one `areas` lacks, is a problem."""
    staff = {}
    for i, line, v in reading.entries("staff", _STAFF, SLUG):
        if v["role"] == "area_manager" and v["area"] not in areas:
            where = f"片区 {v['area']} 不在 areas 中" if v["area"] else "负责片区没有写（area）"
            reading.add(P.AREA_MISSING, ("staff", i, "area"), f"片区管理员 {v['id']} 的{where}")
        staff[v["id"]] = Staff(v["id"], v["name"] or v["id"], v["role"], v["area"], line)
    return staff
