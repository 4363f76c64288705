"""Front-matter schemas: a table of field name -> converter, read in one loop.

A record kind declares its fields as `{name: Field(converter, required)}`; the
converters turn the plain values from `yaml_lines.py` into dates, times, choices and
lists, or raise `Invalid` with a code and a message saying the expected form.
`read_fields` applies a schema to one mapping, collecting every problem (unknown
keys with a "did you mean", missing fields, bad values) with the field's line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Callable

from ..core import problems as P
from ..core.dates import RANGE_TEXT, year_in_range
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from .yaml_lines import Doc, Key
from .yaml_mistakes import fullwidth_colon_message, fullwidth_key, missing_space, missing_space_message


class Invalid(Exception):
    """Raised by a converter for a value it cannot take; `read_fields` turns it into a problem at the value's line."""
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Field:
    """One field of a schema: its converter and whether it must be there."""
    convert: Callable[[Any], Any]
    required: bool = True


def optional(convert: Callable[[Any], Any]) -> Field:
    """A field that may be left out (its value is then None)."""
    return Field(convert, required=False)


@rule(P.WRONG_TYPE, P.EMPTY_VALUE, scope=READ)
def text(value: Any) -> str:
    """WT103 字段的值类型不对（应为文本、列表或“字段: 值”）
    处理：按模板的写法改正

    WT113 字段的值为空
    处理：填写内容，或删去这个可选字段
    """
    if type(value) is str:  # nearly every value: the checks below, in one step
        stripped = value.strip()
        if stripped:
            return stripped
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise Invalid(P.WRONG_TYPE, f"这里应写一段文字，而不是 {_shown(value)}")
    if value is None or str(value).strip() == "":
        raise Invalid(P.EMPTY_VALUE, "值是空的：请填写内容，或删去这个可选字段")
    return str(value).strip()


def an_int(value: Any) -> int:
    """An integer: a bool (YAML reads `yes` as true), a float or text is refused with the value shown."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(P.WRONG_TYPE, f"这里应写一个整数，而不是 {_shown(value)}")
    return value


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(:\d{2})?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?")


def _suggest_date(value: str) -> str:
    m = _LOOSE_DATE.match(value)
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    return f"（是不是 {y:04d}-{mo:02d}-{d:02d}？）"


@rule(P.DATE_OUT_OF_RANGE, scope=READ)
def _check_year(value: str) -> None:
    """Refuse a year outside dates.py's range before any arithmetic can overflow on it.

    WT804 日期的年份不在 2000–2099 之间
    处理：核对年份（常见的是少打或多打一位，如 0206、20266）；本系统只接受 2000–2099 年的日期
    """
    if not year_in_range(int(value[:4])):
        raise Invalid(P.DATE_OUT_OF_RANGE,
                      f"{value} 的年份不在 {RANGE_TEXT} 之间：请核对年份（例如 2026）")


@rule(P.BAD_DATE, scope=READ)
def a_date(value: Any) -> date:
    """WT104 日期格式不对
    处理：写成 YYYY-MM-DD，例如 2026-11-26
    """
    if isinstance(value, str) and _DATE.match(value):
        _check_year(value)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Invalid(P.BAD_DATE, f"日期 {value} 不存在，请核对月份和日") from None
    shown = str(value)
    raise Invalid(P.BAD_DATE,
                  f"日期 {shown} 格式不对，应写成 YYYY-MM-DD，例如 2026-11-26{_suggest_date(shown)}")


@rule(P.BAD_DATETIME, scope=READ)
def a_datetime(value: Any) -> datetime:
    """WT105 日期时间格式不对
    处理：写成 YYYY-MM-DD HH:MM，例如 2026-11-26 09:30
    """
    m = _DATETIME.match(value) if isinstance(value, str) else None
    if m:
        _check_year(value)
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            raise Invalid(P.BAD_DATETIME, f"日期 {m.group(1)} 不存在，请核对月份和日") from None
        try:
            return datetime.combine(day, _parse_time(m.group(2)))
        except ValueError:
            raise Invalid(P.BAD_DATETIME, f"时刻 {m.group(2)} 不存在：小时为 00–23，分钟为 00–59") from None
    raise Invalid(P.BAD_DATETIME,
                  f"日期时间 {value} 格式不对，应写成 YYYY-MM-DD HH:MM，例如 2026-11-26 09:30")


def _parse_time(value: str) -> time:
    hour, minute = (int(x) for x in value.split(":"))
    return time(hour, minute)


@rule(P.BAD_TIME, scope=READ)
def a_time(value: Any) -> time:
    """WT106 时间格式不对
    处理：写成带引号的 "HH:MM"，例如 "09:30"
    """
    m = _TIME.match(value) if isinstance(value, str) else None
    if m:
        try:
            return _parse_time(value)
        except ValueError:
            pass
    raise Invalid(P.BAD_TIME, f"时间 {value} 格式不对，应写成带引号的 \"HH:MM\"，例如 \"09:30\"")


@rule(P.BAD_CHOICE, scope=READ)
def choice(options: dict[str, str]) -> Callable[[Any], str]:
    """A value from `options` (id -> Chinese label), written as its id or as its label.

    Staff know the values by the labels the handbook shows (`result: 满意`,
    `channel: 电话`), so a label is taken as its id; the site and `wutong new`
    still write ids.

    WT108 取值不在允许的范围内
    处理：改成提示中列出的取值之一
    """
    listed = "、".join(f"{k}（{v}）" for k, v in options.items())

    ids = {label: id for id, label in options.items()}

    def convert(value: Any) -> str:
        if isinstance(value, str) and value in options:
            return value
        if isinstance(value, str) and value.strip() in ids:  # the word staff use (满意, 电话) means its id
            return ids[value.strip()]
        hint = did_you_mean(str(value), options)
        raise Invalid(P.BAD_CHOICE, f"{_shown(value)} 不是允许的取值{hint}；可选：{listed}")

    return convert


def list_of(convert: Callable[[Any], Any]) -> Callable[[Any], list]:
    """A converter for a list whose every item passes `convert`; a missing list is empty."""
    def convert_list(value: Any) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise Invalid(P.WRONG_TYPE, f"这里应是一个列表，例如 [a, b]，而不是 {_shown(value)}")
        return [convert(item) for item in value]

    return convert_list


def mappings(value: Any) -> list:
    """A list of mappings, each read later by the record kind with its own schema."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(P.WRONG_TYPE, "这里应是一个列表，每项以“- ”开头")
    return value


def did_you_mean(name: str, known) -> str:
    """"（是不是 X？）" for the closest known name, or "": a misspelt field or id is named with its likely fix."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"（是不是 {close[0]}？）" if close else ""


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "“字段: 值”的组合"
    if isinstance(value, list):
        return "列表"
    return repr(value) if not isinstance(value, str) else value


@rule(P.MISSPELT_FIELD, scope=READ)
def misspelt(name: Any, schema, written) -> str | None:
    """The field `name` was meant to be: one not written, one edit away (a letter missing, extra, wrong or swapped).

    Such a typo (`patrol:` for `patrols:`) drops the field's content without a word, so it
    is an error that stops the commit; a name farther from every field stays a warning (WT102).

    WT114 字段名拼错了（与某个字段只差一个字母）
    处理：改成提示的字段名；拼错的字段不会被读取，其中的内容会丢失
    """
    if not isinstance(name, str):
        return None
    for known in schema:
        if known not in written and _one_edit(name, known):
            return known
    return None


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


_ABSENT = object()  # a field not written at all (None is a field written blank)


@rule(P.NOT_A_MAPPING, P.MISSING_FIELD, P.UNKNOWN_FIELD, P.UNQUOTED_TIME, scope=READ)
def read_fields(doc: Doc, key: Key, value: Any, schema: dict[str, Field],
                found: list[Problem], what: str = "头信息",
                missing: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Apply `schema` to the mapping `value` found at `key` of `doc`.

    Returns the converted fields (None for a missing or bad one), or None when
    `value` is not a mapping at all. Problems go to `found`. `missing` gives,
    for a required field, the line to add when it is left out (`date: 2026-11-26`,
    read from the file name): a clerk is shown what to write, not sent to the template.

    WT005 头信息或其中一项不是“字段: 值”的形式
    处理：按模板写成“字段: 值”，列表项写成“- 字段: 值”

    WT101 缺少必填字段
    处理：在头信息（两行 --- 之间）加上缺的那一行“字段: 值”，例如缺 date 时加 date: 2026-11-26（日期按文件名，提示里已写出），缺 staff 时加 staff: 员工编号

    WT102 未知字段（可能拼错）
    处理：按提示改成正确的字段名，或删去该字段

    WT107 时间没有加引号
    处理：写成 "16:10"；不加引号时别的 YAML 工具会把 16:10 读成数字 970
    """
    if not isinstance(value, dict):
        typo = missing_space(value)  # `- note:巡查正常` alone is text, so YAML read it without a complaint
        if typo:
            found.append(problem(P.MISSING_SPACE, doc.path, doc.line(*key), missing_space_message(*typo)))
            return None
        found.append(problem(P.NOT_A_MAPPING, doc.path, doc.line(*key),
                             f"{what}应写成“字段: 值”的形式，而不是 {_shown(value)}"))
        return None
    explained = set()  # fields written as `by： wang-fang` or `patrol:`: reported once, not also as missing
    for name in value:
        if name not in schema:
            typo = fullwidth_key(name)
            if typo and typo[0] in schema:
                explained.add(typo[0])
                found.append(problem(P.FULLWIDTH_COLON, doc.path, doc.line(*key, name),
                                     fullwidth_colon_message(*typo)))
                continue
            meant = misspelt(name, schema, value)
            if meant:
                explained.add(meant)
                found.append(problem(P.MISSPELT_FIELD, doc.path, doc.line(*key, name),
                                     f"字段 {name} 拼错了，应为 {meant}：请改成 {meant}"
                                     f"（写错的字段不会被读取，它的内容会丢失）"))
                continue
            found.append(problem(P.UNKNOWN_FIELD, doc.path, doc.line(*key, name),
                                 f"未知字段 {name}{did_you_mean(str(name), schema)}"
                                 f"；可用字段：{'、'.join(schema)}"))
    out: dict[str, Any] = dict.fromkeys(schema)
    for name, spec in schema.items():
        written = value.get(name, _ABSENT)
        if written is _ABSENT:
            if spec.required and name not in explained:
                hint = (missing or {}).get(name)
                found.append(problem(P.MISSING_FIELD, doc.path, doc.line(*key, name),
                                     f"缺少 {name}：{hint}" if hint else f"缺少必填字段 {name}"))
            continue
        blank = written is None or (isinstance(written, str) and not written.strip())
        if blank and spec.required:  # written but left blank, as `wutong new` leaves it: empty, not missing
            found.append(problem(P.EMPTY_VALUE, doc.path, doc.line(*key, name),
                                 f"{name}: 值是空的，这是必填字段：请填写内容"))
            continue
        if written is None or written == "":  # an optional field left blank: as if not written
            continue
        try:
            out[name] = spec.convert(written)
        except Invalid as exc:
            found.append(problem(exc.code, doc.path, doc.line(*key, name), f"{name}: {exc.message}"))
            continue
        if doc.unquoted_times and key + (name,) in doc.unquoted_times:  # only once it was read as a time
            found.append(problem(P.UNQUOTED_TIME, doc.path, doc.line(*key, name),
                                 f"{name}: {written} 没有加引号；已按时间 {written} 读取，"
                                 f"请写成 \"{written}\"（别的 YAML 工具会把它读成数字）"))
    return out
