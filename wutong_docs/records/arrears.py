"""Finance's arrears list 欠费名单: one CSV row per household that owes fees.

Finance exports it (Excel "CSV UTF-8" is fine: the byte-order mark is accepted);
the department keeps it as `records/arrears/YYYY/MM/<name>.csv` and points a
dunning letter (`kind: dunning`) or a collection notice (`kind: collection`) at
it. Required columns: unit (楼栋-单元-房号), owner, amount (yuan), months
(`2026-07~2026-11` or one month `2026-11`); other columns (a phone, a note) are
allowed and never printed.

This file is personal data under the Personal Information Protection Law: only
the private dunning letter of a household shows that household's row, and no
board sheet, site page or report shows any row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..core import problems as P
from ..core.dates import Month
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..reference.org import HOME_ID
from .common import UNIT, Ref, Source
from .kind import Kind

PATTERN = re.compile(r"^records/arrears/\d{4}/\d{2}/[^/]+\.csv$")
EXAMPLE = "records/arrears/2026/11/2026-11-10.csv"
COLUMNS = ("unit", "owner", "amount", "months")

_MONTH = r"(\d{4})-(\d{2})"
_MONTHS = re.compile(rf"^{_MONTH}(?:\s*[~～]\s*{_MONTH})?$")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Household:
    """One row of finance's arrears list: a household, its owner and what it owes (personal data: never on the site)."""
    unit: str            # building-unit-room, e.g. 3-2-501
    building: str
    unit_no: str
    room: str
    owner: str
    amount: Decimal
    months: str          # as finance wrote it, normalised to 2026-07~2026-11
    month_count: int
    line: int

    @property
    def board(self) -> tuple[str, str]:
        """The (building, unit) board of the household: which dunning letters and figures it belongs to."""
        return self.building, self.unit_no


@dataclass(frozen=True)
class ArrearsList:
    """Finance's arrears CSV as read: the households owing, each with its line."""
    households: tuple[Household, ...]
    source: Source
    lines: dict

    def references(self):
        """Each household's unit, for the cross-reference check against org.yml."""
        for h in self.households:
            yield Ref(UNIT, h.unit, h.line)

    def owing_per_board(self) -> dict[tuple[str, str], int]:
        """(building, unit) -> the number of households owing: the collection notice's figures and its check."""
        owing: dict[tuple[str, str], int] = {}
        for h in self.households:
            owing[h.board] = owing.get(h.board, 0) + 1
        return owing

    def in_boards(self, boards) -> list[Household]:
        """The households on the given (building, unit) boards: the dunning letters a notice prints."""
        wanted = set(boards)
        return [h for h in self.households if h.board in wanted]


@rule(P.BAD_ARREARS_ROW, scope=READ)
def parse_text(text: str, rel: str) -> tuple[ArrearsList | None, list[Problem]]:
    """Read the CSV text; every malformed row is a problem naming its line.

    WT606 欠费名单 CSV 的表头或某一行写法不对
    处理：按提示改正该行：unit 写 楼栋-单元-房号，amount 写金额（元），months 写 YYYY-MM~YYYY-MM
    """
    found: list[Problem] = []

    def bad(line: int, message: str):
        found.append(problem(P.BAD_ARREARS_ROW, rel, line, message))

    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        bad(1, f"欠费名单是空的：第一行应为表头 {','.join(COLUMNS)}，之后每户一行")
        return None, found
    except csv.Error as exc:
        bad(1, f"表头无法按 CSV 读取（{exc}）；第一行应为 {','.join(COLUMNS)}")
        return None, found
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        bad(1, f"表头缺少列 {'、'.join(missing)}：第一行应至少有 {','.join(COLUMNS)}（现在是 {','.join(header)}）")
        return None, found
    where = {c: header.index(c) for c in COLUMNS}
    households, seen = [], {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad(start, f"这一行无法按 CSV 读取（{exc}）；检查引号是否成对")
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            bad(start, f"这一行有 {len(row)} 列，表头有 {len(header)} 列；检查是否多了或少了逗号"
                       "（金额中的千分位逗号须整个金额加引号，或去掉逗号）")
            continue
        household = _household(row, where, start, bad)
        if household is None:
            continue
        if household.unit in seen:
            bad(start, f"房号 {household.unit} 出现了两次（第一次在第 {seen[household.unit]} 行）；"
                       "同一户合并为一行，金额相加，月份写整个区间")
            continue
        seen[household.unit] = start
        households.append(household)
    return ArrearsList(tuple(households), Source(rel, 1), {}), found


def _household(row: list[str], where: dict[str, int], line: int, bad) -> Household | None:
    unit, owner, amount, months = (row[where[c]].strip() for c in COLUMNS)
    ok = True
    room = HOME_ID.match(unit)
    if not room:
        bad(line, f"unit {unit or '（空）'} 写法不对：应为 楼栋-单元-房号，例如 3-2-501")
        ok = False
    if not owner:
        bad(line, "owner（业主姓名）是空的：催缴函要写明收件业主")
        ok = False
    money = amount.replace(",", "").replace("，", "").lstrip("¥￥")
    value = None
    if _AMOUNT.match(money):
        try:
            value = Decimal(money)
        except InvalidOperation:
            value = None
    if value is None or value <= 0:
        bad(line, f"amount {amount or '（空）'} 不是欠费金额：写大于 0 的元数，最多两位小数，例如 1234.50")
        ok = False
    span = _MONTHS.match(months)
    owed = _owed(span) if span else None
    if owed is None:
        bad(line, f"months {months or '（空）'} 写法不对：写 YYYY-MM~YYYY-MM（起月不晚于止月），例如 2026-07~2026-11，"
                  "只欠一个月写 2026-11")
        ok = False
    if not ok:
        return None
    first, last = owed
    return Household(unit, room.group(1), room.group(2), room.group(3), owner, value,
                     str(first) if first == last else f"{first}~{last}", last - first + 1, line)


def _owed(span: re.Match) -> tuple[Month, Month] | None:
    """The first and the last month owed, or None when one is no month (2026-13) or the span runs backwards."""
    y1, m1, y2, m2 = (int(g) if g else None for g in span.groups())
    try:
        first = Month(y1, m1)
        last = Month(y2, m2) if y2 is not None else first
    except ValueError:
        return None
    return (first, last) if first <= last else None


KIND = Kind("arrears", "欠费名单（财务导出的 CSV）", PATTERN, EXAMPLE, ArrearsList, parse_text=parse_text,
            published=False)
