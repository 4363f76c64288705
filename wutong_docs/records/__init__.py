"""The record kinds, one module each, and the table that maps a path to its kind.

Adding a kind is adding a module with `PATTERN`, `EXAMPLE`, `parse(doc)` and a
line in `KINDS`; the loader, the validator and the site pick it up from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import arrears, log, minutes, notice, slip, weekly


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    module: ModuleType


KINDS = (
    Kind("log", "工作日志", log),
    Kind("slip", "内部工作信息传递单", slip),
    Kind("minutes", "会议记录", minutes),
    Kind("weekly", "周报", weekly),
    Kind("notice", "公示栏通知", notice),
    Kind("arrears", "欠费名单（财务导出的 CSV）", arrears),
)

# reference files at the top of records/ that are not Markdown records;
# org.yml is loaded by org.py, duties.yml by duties.py, calendar.yml by workdays.py.
REFERENCE_FILES = ("records/org.yml", "records/duties.yml", "records/calendar.yml")


def kind_of(rel: str) -> Kind | None:
    return next((k for k in KINDS if k.module.PATTERN.match(rel)), None)
