"""The duty book, `records/duties.yml`: who does what, when, to which standard.

The department's own 各岗位工作内容详解 encoded as data the supervisor edits
(format: the handbook site's 参考 › 岗位职责数据格式 page,
wutong_docs/data/handbook/reference/duties-format.md). This module reads it with line
numbers, checks every cadence, and gives the calendar and `wutong check` typed
values. It never decides a duty itself: everything comes from the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_time, an_int, choice, list_of, mappings, optional, read_fields, text
from ..read.files import read_text
from ..read.yaml_lines import Doc, parse_yaml
from .due import ON_REST_DAY, WEEK
from .org import ROLES
from .checklists import KINDS as INSPECTION_KINDS
from .survey_items import read_items

DUTIES_PATH = "records/duties.yml"

# The department's kinds of meeting (records/minutes.py keeps their minutes); a duty proven by
# minutes names one: `record: minutes:weekly`.
MEETING_KINDS = {"morning": "早会", "weekly": "部门周例会", "monthly": "部门月度例会",
                 "company-weekly": "公司周例会", "owner-forum": "业主座谈会", "training": "培训"}

EVERY = {"workday": "工作日", "day": "每天", "week": "每周", "month": "每月", "quarter": "每季度", "year": "每年"}
WEEKDAYS = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"}
CITE, REPORT, NONE = "cite", "report", "none"
RECORDS = {CITE: "工作日志里写【简称】", REPORT: "月度分析（records/reports/）", NONE: "不需要记录（须写 reason）",
           "log": "工作日志", "weekly": "周报", "slip": "内部工作信息传递单", "notice": "公示/催缴函",
           **{f"minutes:{k}": f"会议记录（{v}）" for k, v in MEETING_KINDS.items()},
           # the front-desk register and renovation cases: which part of them proves the duty (check/desk.py)
           "desk": "前台登记表（每个工作日一份）", "desk:keys": "前台登记：钥匙借用", "desk:parcels": "前台登记：包裹代收",
           "desk:cards": "前台登记：业主卡", "renovation:waste": "装修档案：装修垃圾",
           "renovation:passes": "装修档案：施工人员出入证", "renovation:refund": "装修档案：押金退还",
           # the supervisor's registers (issue 22): an inspection of that kind in the window (records/inspection.py),
           # and the registers whose own rules are the evidence (check/case.py, legacy.py, lease.py, workorder.py)
           **{f"inspection:{k}": f"检查记录（{v}）" for k, v in INSPECTION_KINDS.items()},
           "case": "欠费案件（records/cases/）", "legacy": "历史遗留问题（records/legacy/）",
           "lease": "车位租用登记（records/leases/）", "workorder": "对外工作单（records/workorders/）"}
SHORT_MAX = 8  # characters of a short label: what a calendar cell holds
END = 31  # `end` in a day range: the month's last day
VERSIONS = (1,)  # the formats of duties.yml this code reads
# Where messages send the reader: the site page, since a records repository made by
# `wutong init` has no handbook/reference/ folder of its own.
FORMAT_PAGE = "工作手册站点「参考 › 岗位职责数据格式」"


@dataclass(frozen=True)
class Cadence:
    """When a duty is done (every day, week, month or quarter, at which times), as read from duties.yml; the calendar
    and check both use it.
    """
    every: str | None = None                      # EVERY key; None for a standing rule
    at: time | None = None
    start: time | None = None                     # `from`
    end: time | None = None                       # `to`
    before: time | None = None
    windows: tuple[tuple[time, time], ...] = ()
    times: int | None = None
    weekdays: tuple[int, ...] = ()                # 0 = Monday
    days: tuple[int, int] | None = None           # a day range in the month; END = last day
    by_day: int | None = None
    limit_days: int | None = None                 # a standing rule: no more than N days (0: not overnight)
    on_rest_day: str | None = None                # due.ON_REST_DAY key; None: the default of due.py
    by: tuple[int, int] | None = None             # a yearly deadline (month, day): `by: "12-20"`

    @property
    def is_rule(self) -> bool:
        """A standing rule (no `every`): always in force, so it never lands on a day of the calendar."""
        return self.every is None


@dataclass(frozen=True)
class Standard:
    """A completion standard (完成标准及记录) of a duty or period, with its own cadence when it has one."""
    text: str
    cadence: Cadence | None
    short: str | None = None      # the label in a calendar cell or a phone event, when `text` is too long


@dataclass(frozen=True)
class Duty:
    """One duty of a role as the duty book words it: what, when (its cadence or its period's), its standards and
    hand-offs, and the record that proves it.
    """
    id: str
    seq: int | None
    text: str
    cadence: Cadence              # the duty's own, or its period's
    standards: tuple[Standard, ...]
    handoffs: tuple[str, ...]
    record: str                   # a RECORDS key: what proves the duty was done (reference/evidence.py words it)
    period: str                   # the period's id
    line: int
    short: str = ""               # the label in a calendar cell, and what a log cites: 【short】
    reason: str | None = None     # why no record proves it (record: none only)
    shared: bool = False          # one record by anyone of the role serves the whole role (前台周汇总)


@dataclass(frozen=True)
class Period:
    """A group of a role's duties sharing a default cadence (每日早班, 每月) as the department's document orders them."""
    id: str
    name: str
    cadence: Cadence
    handoffs: tuple[str, ...]
    standards: tuple[Standard, ...]
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class Role:
    """One post (主管, 片区管理员, 服务中心前台) and its duties, grouped by period."""
    id: str
    name: str
    cycle: str | None
    periods: tuple[Period, ...]

    @property
    def duties(self) -> list[Duty]:
        """All the role's duties in document order, whatever their period."""
        return [d for p in self.periods for d in p.duties]


@dataclass(frozen=True)
class DutyBook:
    """The whole of records/duties.yml: every role by id, for the calendar, the check and the site's role pages."""
    roles: dict[str, Role]
    survey: dict[str, str] | None = None   # the satisfaction survey's items, id -> label (records/survey.py)

    @property
    def by_short(self) -> dict[str, tuple[str, Duty]]:
        """Each short label -> (role id, duty): what a log's 【short】 names. Labels are unique (WT813)."""
        return duties_by_short(self)


def duties_by_short(book: DutyBook) -> dict[str, tuple[str, Duty]]:
    """Each duty's short label -> (its role's id, the duty), over the whole book; the first one when written twice."""
    found: dict[str, tuple[str, Duty]] = {}
    for role in book.roles.values():
        for duty in role.duties:
            if duty.short:
                found.setdefault(duty.short, (role.id, duty))
    return found


def _day(value: Any) -> int:
    if value == "end":
        return END
    day = an_int(value)
    if not 1 <= day <= 31:
        raise Invalid(P.BAD_CADENCE, f"日期 {day} 不在 1–31 之间")
    return day


def _weekdays(value: Any) -> tuple[int, ...]:
    names = list(WEEKDAYS)
    items = value if isinstance(value, list) else [value]
    return tuple(names.index(choice(WEEKDAYS)(item)) for item in items)


def _month_day(value: Any) -> tuple[int, int]:
    """A yearly deadline `"MM-DD"` (12-20); 02-29 is taken, a leap year's day."""
    written = str(value).strip()
    parts = written.split("-")
    try:
        month, day = (int(part) for part in parts) if len(parts) == 2 else (0, 0)
        date(2000, month, day)  # a leap year, so that 02-29 is a day
    except ValueError:
        raise Invalid(P.BAD_CADENCE, f"{written} 不是“月-日”：写成带引号的 \"MM-DD\"，例如 by: \"12-20\"") from None
    return month, day


def _window(value: Any) -> tuple[time, time]:
    if not (isinstance(value, list) and len(value) == 2):
        raise Invalid(P.BAD_CADENCE, "每个时段写成 [\"开始\", \"结束\"]，例如 [\"08:00\", \"12:00\"]")
    return a_time(value[0]), a_time(value[1])


_CADENCE = {
    "every": optional(choice(EVERY)), "at": optional(a_time), "from": optional(a_time),
    "to": optional(a_time), "before": optional(a_time), "windows": optional(list_of(_window)),
    "times": optional(an_int), "weekday": optional(_weekdays), "days": optional(list_of(_day)),
    "by_day": optional(_day), "rule": optional(lambda v: v is True), "limit_days": optional(an_int),
    "on_rest_day": optional(choice(ON_REST_DAY)), "by": optional(_month_day),
}
# which keys each form allows besides `every`
_FORMS = {
    "workday": {"at", "from", "to", "before", "windows", "times"},
    "day": {"at", "from", "to", "before", "windows", "times"},
    "week": {"weekday", "at", "from", "to", "before", "on_rest_day"},
    "month": {"days", "by_day", "on_rest_day"},
    "quarter": set(),
    "year": {"by"},
}


@rule(P.BAD_CADENCE, P.DUTY_RANGE_REVERSED, P.DUTY_BAD_NUMBER, scope=READ)
def _cadence(doc: Doc, key: tuple, value: Any, found: list[Problem]) -> Cadence | None:
    """WT801 职责的周期（cadence）写法不对
    处理：按工作手册站点「参考 › 岗位职责数据格式」中列出的周期写法之一改正

    WT808 职责周期中的时段或日期范围前后颠倒
    处理：先写开始、后写结束，例如 from: "08:00", to: "12:00"、days: [20, end]

    WT809 职责周期中的次数或天数不合理
    处理：times 写 1–24 的整数（每日几次），limit_days 写 0–365 的整数（0 表示不得过夜）
    """
    c = read_fields(doc, key, value, _CADENCE, found, "周期（cadence）")
    if c is None:
        return None
    given = {k for k, v in c.items() if v not in (None, [], ())}
    line = doc.line(*key)

    def bad(message: str) -> None:
        found.append(problem(P.BAD_CADENCE, doc.path, line,
                             f"周期写法不对：{message}；写法见{FORMAT_PAGE}"))

    def reversed_range(key: str, message: str) -> None:
        found.append(problem(P.DUTY_RANGE_REVERSED, doc.path, doc.line(*key_of(key)),
                             f"{message}：先写开始，后写结束"))

    def key_of(name: str) -> tuple:
        return key + (name,) if isinstance(value, dict) and name in value else key

    def out_of_bounds(name: str, low: int, high: int, meaning: str) -> bool:
        number = c[name]
        if number is None or low <= number <= high:
            return False
        found.append(problem(P.DUTY_BAD_NUMBER, doc.path, doc.line(*key_of(name)),
                             f"{name}: {number} 不合理：{meaning}写 {low}–{high} 的整数"))
        return True

    if out_of_bounds("times", 1, 24, "每日次数") | out_of_bounds("limit_days", 0, 365, "天数"):
        return None
    if c["rule"]:
        if c["every"] or c["limit_days"] is None:
            bad("常设规定写成 {rule: true, limit_days: N}")
            return None
        return Cadence(limit_days=c["limit_days"])
    if not c["every"]:
        bad("缺少 every（workday、day、week、month、quarter、year 之一）或 rule: true")
        return None
    extra = given - {"every"} - _FORMS[c["every"]]
    if extra:
        bad(f"every: {c['every']} 不能与 {'、'.join(sorted(extra))} 同用")
        return None
    if (c["from"] is None) != (c["to"] is None):
        bad("from 和 to 要成对写")
        return None
    days = c["days"]
    if days is not None and len(days) != 2:
        bad("days 写成 [起始日, 截止日]，月末写 end，例如 [20, end]")
        return None
    if days is not None and days[0] > days[1]:
        reversed_range("days", f"days: [{days[0]}, {days[1]}] 的起始日晚于截止日（月末写 end，例如 [20, end]）")
        return None
    if c["from"] is not None and c["from"] >= c["to"]:
        reversed_range("from", f"from: \"{c['from']:%H:%M}\" 不早于 to: \"{c['to']:%H:%M}\"")
        return None
    for start, end in c["windows"] or ():
        if start >= end:
            reversed_range("windows", f"时段 [\"{start:%H:%M}\", \"{end:%H:%M}\"] 的开始不早于结束")
            return None
    if c["on_rest_day"] and not _rest_day_rule_fits(doc, key_of("on_rest_day"), c, found):
        return None
    return Cadence(every=c["every"], at=c["at"], start=c["from"], end=c["to"], before=c["before"],
                   windows=tuple(c["windows"] or ()), times=c["times"], weekdays=c["weekday"] or (),
                   days=tuple(days) if days else None, by_day=c["by_day"], on_rest_day=c["on_rest_day"], by=c["by"])


@rule(P.REST_DAY_RULE_MISPLACED, scope=READ)
def _rest_day_rule_fits(doc: Doc, key: tuple, c: dict, found: list[Problem]) -> bool:
    """WT940 on_rest_day 写在了不会遇到休息日的周期上
    处理：on_rest_day 只写在“每周某个工作日”（every: week, weekday: fri）或“每月某日前”（every: month, by_day: N）的周期上；week 只用于每周的职责
    """
    weekdays = c["weekday"] or ()
    if c["every"] == "week" and weekdays and any(d < 5 for d in weekdays):
        return True
    if c["every"] == "month" and c["by_day"] is not None and c["on_rest_day"] != WEEK:
        return True
    if c["every"] == "month" and c["by_day"] is not None:
        why = "on_rest_day: week（改到本周最后一个工作日）只用于每周的职责；每月的期限写 previous、next、keep 或 lapse"
    elif c["every"] == "week" and weekdays:
        why = "周末的职责（如周末顶岗）本来就在休息日做，不按休息日改期，删去 on_rest_day"
    else:
        why = "on_rest_day 只用于有具体日子的周期：每周某天（weekday）或每月某日前（by_day），删去它或补上日子"
    found.append(problem(P.REST_DAY_RULE_MISPLACED, doc.path, doc.line(*key), why))
    return False


_record = choice(RECORDS)


def _flag(value: Any) -> bool:
    """`shared: true` or `false`; yes/no and text are refused, as a typo would silently mean the opposite."""
    if not isinstance(value, bool):
        raise Invalid(P.WRONG_TYPE, f"这里写 true 或 false，而不是 {value!r}")
    return value
_STANDARD = {"text": Field(text), "short": optional(text), "cadence": optional(lambda v: v)}
_DUTY = {"id": Field(text), "seq": optional(an_int), "text": Field(text), "short": optional(text), "cadence": optional(lambda v: v),
         "standard": optional(mappings), "handoffs": optional(list_of(text)), "record": optional(_record),
         "reason": optional(text), "shared": optional(_flag)}
_PERIOD = {"id": Field(text), "name": Field(text), "cadence": Field(lambda v: v),
           "handoffs": optional(list_of(text)), "standards": optional(mappings), "duties": Field(mappings)}
_ROLE = {"id": Field(choice(ROLES)), "name": Field(text), "cycle": optional(text), "periods": Field(mappings)}
_TOP = {"version": Field(an_int), "roles": Field(mappings), "survey": optional(lambda v: v)}


def _standards(doc: Doc, key: tuple, items: list, found: list[Problem]) -> tuple[Standard, ...]:
    out = []
    for i, item in enumerate(items or []):
        s = read_fields(doc, key + (i,), item, _STANDARD, found, "每条完成标准")
        if s and s["text"]:
            cadence = _cadence(doc, key + (i, "cadence"), s["cadence"], found) if s["cadence"] else None
            out.append(Standard(s["text"], cadence, s["short"]))
    return tuple(out)


@rule(P.DUTY_NO_RECORD, P.DUTY_NO_SHORT, P.SHORT_TOO_LONG, P.NONE_WITHOUT_REASON, scope=READ)
def _evidence(doc: Doc, key: tuple, duty: dict, raw: dict, found: list[Problem]) -> bool:
    """WT811 职责没有写 record（由哪类记录证明）
    处理：多数职责写 record: cite（在工作日志里写一行【简称】）；其余取值见工作手册站点「参考 › 岗位职责数据格式」

    WT812 职责没有写 short（简称）
    处理：写一个不超过 8 个字的简称，例如 short: 钥匙核查；日历格子显示它，工作日志里写【简称】即引用这条职责

    WT816 职责的简称（short）太长
    处理：简称不超过 8 个字，日历格子才放得下；改短

    WT814 record: none 没有写理由
    处理：在这条职责下加一行 reason: …，说明为什么这条职责不需要记录
    """
    line = doc.line(*key)

    def blank(name: str) -> bool:   # absent or left empty: read_fields passes over an empty optional field
        return raw.get(name) is None or (isinstance(raw[name], str) and not raw[name].strip())

    if blank("record"):
        found.append(problem(P.DUTY_NO_RECORD, doc.path, line,
                             f"职责 {duty['id']} 没有写 record（由哪类记录证明）：多数职责写 record: cite"
                             f"（在工作日志里写一行【简称】）；月度分析写 record: report；其余取值见{FORMAT_PAGE}；"
                             "确实不留记录的写 record: none，并加一行 reason: 理由"))
    if blank("short"):
        found.append(problem(P.DUTY_NO_SHORT, doc.path, line,
                             f"职责 {duty['id']} 没有写 short（简称）：写一个不超过 {SHORT_MAX} 个字的简称，"
                             "例如 short: 钥匙核查；日历格子显示它，工作日志里写【简称】即引用这条职责"))
    ok = duty["record"] is not None and duty["short"] is not None
    if duty["short"] is not None and len(duty["short"]) > SHORT_MAX:
        found.append(problem(P.SHORT_TOO_LONG, doc.path, doc.line(*key, "short"),
                             f"short: {duty['short']} 有 {len(duty['short'])} 个字，太长：简称不超过 {SHORT_MAX} 个字，"
                             "日历格子才放得下；请改短"))
        ok = False
    if duty["record"] == NONE and not duty["reason"]:
        found.append(problem(P.NONE_WITHOUT_REASON, doc.path, doc.line(*key, "record"),
                             f"职责 {duty['id']} 写了 record: none，但没有写理由：在这条职责下加一行 reason: …，"
                             "说明为什么不需要记录（例如 常设规定，做到即可，不留记录）"))
        ok = False
    return ok


@rule(P.DUPLICATE_SHORT, scope=READ)
def _unique_short(doc: Doc, key: tuple, role: str, duty: Duty, seen: dict, found: list[Problem]) -> bool:
    """WT813 两条职责的简称（short）相同
    处理：整本职责书的简称不能重复（工作日志里的【简称】要能认出是哪一条），给其中一条换一个简称
    """
    if duty.short in seen:
        other_role, other_id, other_line = seen[duty.short]
        found.append(problem(P.DUPLICATE_SHORT, doc.path, doc.line(*key, "short"),
                             f"简称 {duty.short} 已用于{ROLES.get(other_role, other_role)}的职责 {other_id}（第 {other_line} 行）："
                             f"整本职责书的简称不能重复，工作日志里的【{duty.short}】才认得出是哪一条；请换一个简称"))
        return False
    seen[duty.short] = (role, duty.id, doc.line(*key, "short"))
    return True


def _duty(doc: Doc, key: tuple, value: Any, default: Cadence | None, period: str,
          found: list[Problem]) -> Duty | None:
    """One duty as written, or None when it cannot be used (its problems are in `found`)."""
    duty = read_fields(doc, key, value, _DUTY, found, "每条职责")
    if not duty or not duty["id"] or not duty["text"]:
        return None
    own = _cadence(doc, key + ("cadence",), duty["cadence"], found) if duty["cadence"] else None
    cadence = own or default
    standards = _standards(doc, key + ("standard",), duty["standard"], found)  # read even if dropped
    proven = _evidence(doc, key, duty, value, found)
    if cadence is None or not proven:
        return None
    return Duty(duty["id"], duty["seq"], duty["text"], cadence, standards, tuple(duty["handoffs"] or ()),
                duty["record"], period, doc.line(*key), duty["short"], duty["reason"], bool(duty["shared"]))


def _periods(doc: Doc, r: int, role: dict, shorts: dict, found: list[Problem]) -> list[Period]:
    periods, seen = [], {}
    for p, period_value in enumerate(role["periods"] or []):
        pk = ("roles", r, "periods", p)
        period = read_fields(doc, pk, period_value, _PERIOD, found, "每个分组")
        if not period:
            continue
        default = _cadence(doc, pk + ("cadence",), period["cadence"], found) if period["cadence"] else None
        duties = []
        for d, duty_value in enumerate(period["duties"] or []):
            dk = pk + ("duties", d)
            duty = _duty(doc, dk, duty_value, default, period["id"], found)
            if duty is None:
                continue
            if duty.id in seen:
                found.append(problem(P.DUPLICATE_DUTY, doc.path, doc.line(*dk, "id"),
                                     f"职责 id {duty.id} 在岗位 {role['id']} 中重复（第一次在第 {seen[duty.id]} 行）；"
                                     "同一岗位内每条职责的 id 必须唯一"))
                continue
            seen[duty.id] = doc.line(*dk, "id")
            if _unique_short(doc, dk, role["id"], duty, shorts, found):
                duties.append(duty)
        if default is not None:
            periods.append(Period(period["id"], period["name"], default, tuple(period["handoffs"] or ()),
                                  _standards(doc, pk + ("standards",), period["standards"], found),
                                  tuple(duties)))
    return periods


@rule(P.DUPLICATE_DUTY, P.DUTIES_VERSION, scope=READ)
def parse_duties(doc: Doc) -> tuple[DutyBook, list[Problem]]:
    """WT802 同一岗位内职责 id 重复
    处理：给其中一条换一个岗位内唯一的 id

    WT810 records/duties.yml 的格式版本（version）不受支持
    处理：写 version: 1；格式见工作手册站点「参考 › 岗位职责数据格式」
    """
    found: list[Problem] = []
    top = read_fields(doc, (), doc.data, _TOP, found, "duties.yml")
    if top and top["version"] is not None and top["version"] not in VERSIONS:
        found.append(problem(P.DUTIES_VERSION, doc.path, doc.line("version"),
                             f"version: {top['version']} 不受支持：本版 wutong 只读 version: 1 的格式，"
                             f"请写 version: 1（格式见{FORMAT_PAGE}）"))
        return DutyBook({}), found
    roles: dict[str, Role] = {}
    shorts: dict[str, tuple[str, str, int]] = {}   # short -> (role, duty id, line): unique over the whole book
    for r, role_value in enumerate((top or {}).get("roles") or []):
        role = read_fields(doc, ("roles", r), role_value, _ROLE, found, "每个岗位")
        if not role or not role["id"]:
            continue
        periods = _periods(doc, r, role, shorts, found)
        if role["id"] in roles:
            found.append(problem(P.DUPLICATE_ID, doc.path, doc.line("roles", r, "id"),
                                 f"岗位 {role['id']} 写了两次；每个岗位只写一次"))
            continue
        roles[role["id"]] = Role(role["id"], role["name"] or ROLES[role["id"]], role["cycle"], tuple(periods))
    survey = read_items(doc, top["survey"], found) if top and top["survey"] is not None else None
    return DutyBook(roles, survey), found


def load_duties(root: Path) -> tuple[DutyBook | None, list[Problem]]:
    """Read and check records/duties.yml; (None, []) when the file is absent (validate reports that once)."""
    path = root / DUTIES_PATH
    if not os.path.lexists(path):  # a link or a pipe is there: read_text says why it is not read
        return None, []
    content, found = read_text(path, DUTIES_PATH)
    if content is None:
        return None, found
    doc, more = parse_yaml(content, DUTIES_PATH)
    found += more
    if doc is None:
        return None, found
    book, more = parse_duties(doc)
    return book, found + more


def survey_items(root: Path) -> dict[str, str] | None:
    """The survey items of records/duties.yml, for a check that does not validate the duty book itself.

    When only some files are validated (a survey staged for commit) the surveys still
    need their items; the duty book's own problems are reported only when it is checked.
    """
    book, _ = load_duties(root)
    return book.survey if book else None
