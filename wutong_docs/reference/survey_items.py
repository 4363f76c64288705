"""The satisfaction survey's items, read from the duty book's `survey:` block (records/duties.yml).

The department decides what the survey asks (保洁, 安保, …); the duty book names the items and
the survey records (records/survey.py) score them. Reading the block belongs with the duty book.
"""

from __future__ import annotations

from typing import Any

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, read_fields
from ..read.yaml_lines import Doc
from .org import SLUG

_BLOCK = {"items": Field(lambda v: v)}


@rule(P.BAD_SURVEY_ITEMS, scope=READ)
def read_items(doc: Doc, value: Any, found: list[Problem]) -> dict[str, str] | None:
    """The survey items (id -> Chinese label) of duties.yml's `survey:` block; None when none is usable.

    WT965 records/duties.yml 的满意度调查项目（survey）写法不对
    处理：写成 survey: 下一行 items:，再每项一行“编号: 中文名称”，编号用小写英文字母、数字和连字符，例如 cleaning: 保洁
    """
    block = read_fields(doc, ("survey",), value, _BLOCK, found, "满意度调查设置（survey）")
    if not block or block["items"] is None:
        return None
    items = block["items"]
    line = doc.line("survey", "items")
    if not isinstance(items, dict) or not items:
        found.append(problem(P.BAD_SURVEY_ITEMS, doc.path, line,
                             "survey.items 应是每项一行的“编号: 中文名称”，例如 cleaning: 保洁，至少一项"))
        return None
    out: dict[str, str] = {}
    labels: dict[str, str] = {}
    for key, label in items.items():
        at = doc.line("survey", "items", key)
        if not isinstance(key, str) or not SLUG.match(key):
            found.append(problem(P.BAD_SURVEY_ITEMS, doc.path, at,
                                 f"调查项目编号 {key} 写法不对：用小写英文字母、数字和连字符，例如 cleaning"))
            continue
        if not isinstance(label, str) or not label.strip():
            found.append(problem(P.BAD_SURVEY_ITEMS, doc.path, at,
                                 f"调查项目 {key} 没有中文名称：写成 {key}: 名称，例如 cleaning: 保洁"))
            continue
        label = label.strip()
        if label in labels or label in items:
            other = labels.get(label, label)
            found.append(problem(P.BAD_SURVEY_ITEMS, doc.path, at,
                                 f"调查项目 {key} 的名称“{label}”与 {other} 重复：每项的名称要不同"))
            continue
        labels[label] = key
        out[key] = label
    return out or None
