"""What a notice must not say: phone and ID numbers, and anything of finance's arrears lists.

A notice is printed and posted where anyone passes, and published on the site,
so it is checked with the same detection the site's masking uses
(`privacy.find_personal`), not a second, weaker pattern:

- no notice of any kind carries a mobile or ID-card number (WT604). Landlines
  are allowed: a notice's landline is the centre's, a utility's or the police's,
  and the handbook tells staff to write the centre's number;
- no board notice (every kind but the private dunning letter) names a household
  of any arrears list of the repository, not only the list it cites (WT608):
  its owner's name (also spaced, 刘 春 梅), its room (1-1-501, 1栋1单元501室) or
  its amount however written (633.6, ¥633.60, 1,234.50).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..core import problems as P
from ..core.privacy import find_known, find_personal, known_names
from ..core.problems import Problem, problem
from .arrears import ArrearsList, Household

REFUSED = ("mobile", "id_card")

_FOLD = str.maketrans("０１２３４５６７８９－，．￥", "0123456789-,.¥")
_ROOM = re.compile(r"(?<![0-9A-Za-z-])([0-9A-Za-z]+)\s*-\s*([0-9A-Za-z]+)\s*-\s*([0-9A-Za-z]+)(?![0-9A-Za-z-])"
                   r"|([0-9A-Za-z]+)\s*(?:栋|幢|号楼)\s*([0-9A-Za-z]+)\s*单元\s*([0-9A-Za-z]+)")
# an amount: not part of a date, time, room or longer number, and not followed by a unit that makes it a count
_AMOUNT = re.compile(r"(?<![\d.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d:/-]|\.\d|\s*(?:[年月日号时点分秒栋幢层楼室户人%个名位天周期]|单元))")


def personal_numbers(path: str, places: list[tuple[str, int]]) -> list[Problem]:
    """WT604 for each mobile or ID-card number in the notice's (text, first line) places, at the line it starts on.

    A place may span lines (the body is read whole): a number broken over a line break is still one number.
    """
    found = []
    for text, first in places:
        for number in find_personal(text):
            if number.kind in REFUSED:
                line = first + text.count("\n", 0, number.at)
                found.append(problem(P.PERSONAL_NUMBER_IN_NOTICE, path, line,
                                     f"通知中有{number.label} {number.digits[:3]}…：张贴或发布的通知不得出现个人号码，"
                                     "请删去（联系方式写服务中心电话）"))
    return found


def all_lists(root: Path, loaded: dict[str, ArrearsList | None], load) -> list[ArrearsList]:
    """Every arrears list of the repository: those validated now, and (when only some files are checked) the rest.

    A list read here is added to `loaded`, so the notice checks that follow do not read it again.
    Its own problems are reported when it is validated itself.
    """
    for csv in sorted((root / "records" / "arrears").glob("*/*/*.csv")):
        rel = csv.relative_to(root).as_posix()
        if rel not in loaded and csv.is_file() and not csv.is_symlink():
            loaded[rel] = load(root, rel)[0]
    return [a for a in loaded.values() if a is not None]


def arrears_on_board(path: str, said: list[tuple[str, int]], lists: list[ArrearsList]) -> list[Problem]:
    """WT608 for each line of a board notice that names a household of any arrears list, once per household."""
    owners: dict[str, list[tuple[ArrearsList, Household]]] = {}
    rooms: dict[tuple[str, str, str], list] = {}
    amounts: dict[Decimal, list] = {}
    for a in lists:
        for h in a.households:
            for name in known_names([h.owner], column=True):
                owners.setdefault(name, []).append((a, h))
            rooms.setdefault((h.building, h.unit_no, h.room), []).append((a, h))
            amounts.setdefault(h.amount, []).append((a, h))
    names = frozenset(owners)
    found = []
    for text, line in said:
        hits: dict[tuple[str, int], tuple[ArrearsList, Household, str]] = {}
        for name in find_known(text, names):
            for a, h in owners[name]:
                hits.setdefault((a.source.path, h.line), (a, h, "业主姓名"))
        folded = text.translate(_FOLD)
        for m in _ROOM.finditer(folded):
            key = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
            for a, h in rooms.get(key, ()):
                hits.setdefault((a.source.path, h.line), (a, h, "房号"))
        for value in _amounts(folded):
            for a, h in amounts.get(value, ()):
                hits.setdefault((a.source.path, h.line), (a, h, "欠费金额"))
        for (list_path, row), (_, _, what) in sorted(hits.items()):
            found.append(problem(P.ARREARS_NAMED_ON_BOARD, path, line,
                                 f"出现了欠费名单上的{what}（{list_path} 第 {row} 行）：公示栏通知不得公布欠费住户的"
                                 "姓名、房号和金额，请删去；个人欠费只写进催缴函"))
    return found


def _amounts(text: str):
    for m in _AMOUNT.finditer(text.replace("¥", " ")):
        try:
            yield Decimal(m.group(1).replace(",", "") + (f".{m.group(2)}" if m.group(2) else ""))
        except InvalidOperation:
            continue
