"""What every record kind shares: where a record came from, its body, its references.

A record is a frozen dataclass carrying a `Source` (its file and first line)
and the line of each field, so every later check can point at the exact line.
A field that failed validation is None, so that one bad value does not hide
the other problems of the record; commands that use records refuse to run
while the validator reports errors.
Records also list the things they refer to (`Ref`): staff, departments, units,
slips; `crossref.py` checks all of them against `org.yml` and the slips in one loop.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import NamedTuple

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.yaml_lines import Doc

STAFF, DEPARTMENT, UNIT, BUILDING, SLIP = "staff", "department", "unit", "building", "slip"


@dataclass(frozen=True)
class Source:
    """Where a record came from (file and its first line), so every problem about it can point there."""
    path: str
    line: int


class Ref(NamedTuple):
    """A reference a record makes (a staff id, a unit, a slip …) and its line, for the cross-reference check."""
    what: str     # STAFF | DEPARTMENT | UNIT | BUILDING | SLIP
    value: str
    line: int


def out_of_order(events, start, start_named: str, moment, named) -> list[tuple[object, str]]:
    """(event, what it is earlier than) for each event listed before something that happened after it.

    Slips, renovation cases and arrears cases list their events as they happened, none before
    `start` (the slip or case opened; None: no bound, named `start_named`). `moment(e)` is an
    event's time, `named(e)` how an event listed later names it, e.g. "上一条记录 2026-11-26 09:00".
    """
    found, when, what = [], start, start_named
    for e in events:
        at = moment(e)
        if when is not None and at < when:
            found.append((e, what))
        else:
            when, what = at, named(e)
    return found


def source_of(doc: Doc) -> Source:
    """The `Source` of a parsed document."""
    return Source(doc.path, doc.line())


def field_lines(doc: Doc, *prefix) -> dict[str, int]:
    """The line of each field of the mapping at `prefix`, by field name."""
    return dict(doc.fields.get(prefix, {}))


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)


def has_content(markdown: str) -> bool:
    """True when the text says something beyond HTML comments and blank space."""
    return bool(_COMMENT.sub("", markdown).strip())


def sections(body: str) -> dict[str, tuple[int, str]]:
    """`## heading` -> (line offset of the heading within body, text under it)."""
    found = {}
    matches = list(_HEADING.finditer(body))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        found[sys.intern(m.group(1))] = (body.count("\n", 0, m.start()), body[m.end():end])  # one object for each heading (yaml_lines._SHARED_CHARS)
    return found


@rule(P.MISSING_SECTION, P.EMPTY_SECTION, scope=READ)
def require_sections(doc: Doc, names: tuple[str, ...], what: str) -> list[Problem]:
    """Each `## name` section present and not empty.

    WT301 工作日志或周报缺少规定的小节
    处理：工作日志须有“## 今日完成情况”和“## 次日工作计划”，周报须有“## 本周工作”和“## 下周重点”

    WT302 工作日志或周报的小节是空的
    处理：在该小节下写明内容（注释 <!-- --> 不算内容）
    """
    found = []
    present = sections(doc.body)
    for name in names:
        if name not in present:
            wanted = "和".join(f"“## {n}”" for n in names)
            found.append(problem(P.MISSING_SECTION, doc.path, doc.body_line,
                                 f"正文缺少“## {name}”一节：{what}须有{wanted}"))
        elif not has_content(present[name][1]):
            found.append(problem(P.EMPTY_SECTION, doc.path, doc.body_line + present[name][0],
                                 f"“## {name}”一节是空的：请写明内容"))
    return found


@rule(P.EMPTY_BODY, scope=READ)
def require_body(doc: Doc, what: str) -> list[Problem]:
    """WT409 正文是空的
    处理：在头信息之后写明问题或会议内容
    """
    if has_content(doc.body):
        return []
    return [problem(P.EMPTY_BODY, doc.path, doc.body_line, f"正文是空的：请在头信息之后写明{what}")]


@rule(P.PATH_MISMATCH, scope=READ)
def check_path(doc: Doc, expected: str, line: int) -> list[Problem]:
    """WT007 文件路径与记录内容不一致
    处理：按记录的字段改文件名或目录（或改正字段），使两者一致
    """
    if doc.path == expected:
        return []
    return [problem(P.PATH_MISMATCH, doc.path, line, f"{_SHOULD_BE}{expected}{_RENAME}")]


_SHOULD_BE, _RENAME = "文件路径与内容不一致：按内容这个文件应为 ", "；请改文件名（或改正字段），使两者一致"


def rename_target(found: Problem) -> str | None:
    """The path a WT007 problem advises renaming the file to (the cross-reference check may drop the advice)."""
    if found.code != P.PATH_MISMATCH or not found.message.startswith(_SHOULD_BE):
        return None
    return found.message[len(_SHOULD_BE):].split(_RENAME, 1)[0]
