"""The inspection checklists, `records/checklists.yml`: what each kind of inspection looks at.

Why a file of its own: the department decides what a monthly inspection or a
cleanliness check covers (公共区域卫生, 电梯轿厢, 前台台面 …) and changes it
without a programmer; `wutong new inspection` copies the kind's items into the
draft, so the draft is a form to fill in, not a blank page. A repository
without the file uses the list shipped with wutong (`data/checklists.yml`,
which `wutong init` also writes). The kinds of inspection themselves are fixed
here, because the duty book names them (`record: inspection:monthly` …).

Format:

    version: 1
    monthly:            # or its Chinese name: 月检
      - 公共区域清洁（楼道、电梯轿厢、地下车库）
      - …
    cleanliness:
      - 前台台面、服务台整洁
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..data import CHECKLISTS
from ..read.fields import did_you_mean
from ..read.files import read_text
from ..read.yaml_lines import Doc, parse_yaml

CHECKLISTS_PATH = "records/checklists.yml"
# the kinds of inspection: id (ASCII, in paths and in the duty book's `inspection:<id>`) -> Chinese name
KINDS = {"monthly": "月检", "spot": "抽查", "cleanliness": "卫生", "vacant": "空置房", "renovation": "装修"}
VERSIONS = (1,)
ITEM_MAX = 40  # characters of one checklist item: one line of the form


@dataclass(frozen=True)
class Checklists:
    """The items of each kind of inspection (kind id -> items, in the file's order)."""
    items: dict[str, tuple[str, ...]]

    def of(self, kind: str) -> tuple[str, ...]:
        """The items of one kind; none when the file does not list it."""
        return self.items.get(kind, ())


def kind_id(value) -> str | None:
    """The kind's id from its id or its Chinese name (月检 -> monthly); None for anything else."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value in KINDS:
        return value
    return next((k for k, label in KINDS.items() if label == value or f"{label}检查" == value), None)


def record_name(kind: str) -> str:
    """What staff call the record of a kind: 月检记录, 抽查记录, 卫生检查记录 …"""
    name = KINDS.get(kind, kind)
    return f"{name}记录" if name.endswith(("检", "查")) else f"{name}检查记录"


@rule(P.BAD_CHECKLIST, scope=READ)
def parse_checklists(doc: Doc) -> tuple[Checklists | None, list[Problem]]:
    """The checklists of a parsed `records/checklists.yml`, and every problem found in it.

    WT510 records/checklists.yml 写法不对
    处理：写成 version: 1，再每种检查一段“种类: 检查项目列表”（monthly/月检、spot/抽查、cleanliness/卫生、vacant/空置房、renovation/装修），每项一行“- 项目名称”
    """
    found: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        return None, [problem(P.BAD_CHECKLIST, doc.path, 1,
                              "检查项目表应写成 version: 1，再每种检查一段“种类: 项目列表”，例如 monthly: 下一行 - 公共区域清洁")]
    if data.get("version") not in VERSIONS:
        found.append(problem(P.BAD_CHECKLIST, doc.path, doc.line("version") if "version" in data else 1,
                             f"version 应为 {VERSIONS[-1]}（写 version: {VERSIONS[-1]}）"))
    items: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        if key == "version":
            continue
        kind = kind_id(key)
        line = doc.line(key)
        if kind is None:
            names = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
            found.append(problem(P.BAD_CHECKLIST, doc.path, line,
                                 f"{key} 不是检查的种类{did_you_mean(str(key), KINDS)}；可选：{names}"))
        elif kind in items:
            found.append(problem(P.BAD_CHECKLIST, doc.path, line,
                                 f"{key}（{KINDS[kind]}）写了两次：把两处的项目合并到一处"))
        else:
            items[kind] = _items(doc, key, value, found)
    return Checklists(items), found


def _items(doc: Doc, key, value, found: list[Problem]) -> tuple[str, ...]:
    """The items under one kind: a list of short, distinct, non-empty lines."""
    if not isinstance(value, list) or not value:
        found.append(problem(P.BAD_CHECKLIST, doc.path, doc.line(key),
                             f"{key} 下应是项目列表，每项一行“- 项目名称”，至少一项"))
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        line = doc.line(key, i)
        text = item.strip() if isinstance(item, str) else ""
        if not text:
            found.append(problem(P.BAD_CHECKLIST, doc.path, line,
                                 f"{key} 的第 {i + 1} 项不是一行文字：写成“- 项目名称”，例如 - 公共区域清洁"))
        elif "\n" in text or len(text) > ITEM_MAX:
            found.append(problem(P.BAD_CHECKLIST, doc.path, line,
                                 f"{key} 的第 {i + 1} 项太长（最多 {ITEM_MAX} 个字、一行）：写成简短的项目名称"))
        elif text in out:
            found.append(problem(P.BAD_CHECKLIST, doc.path, line,
                                 f"{key} 的项目“{text}”写了两次：删去一处"))
        else:
            out.append(text)
    return tuple(out)


def _read(path: Path, rel: str) -> tuple[Checklists | None, list[Problem]]:
    content, found = read_text(path, rel)
    doc, more = parse_yaml(content, rel) if content is not None else (None, [])
    found += more
    if doc is None:
        return None, found
    lists, more = parse_checklists(doc)
    return lists, found + more


def load_checklists(root: Path) -> tuple[Checklists | None, list[Problem]]:
    """Read and check records/checklists.yml; (None, []) when the repository has none (the shipped list is used)."""
    path = root / CHECKLISTS_PATH
    if not os.path.lexists(path):  # a link or a pipe is there: read_text says why it is not read
        return None, []
    return _read(path, CHECKLISTS_PATH)


def shipped_checklists() -> Checklists:
    """The checklists wutong ships (data/checklists.yml), for a repository without its own."""
    lists, _ = _read(CHECKLISTS, CHECKLISTS_PATH)
    return lists or Checklists({})
