"""What goes on each printed sheet of a notice.

A board notice gives one sheet per unit board it targets (the board's name on
it, so whoever posts it knows where it goes). A dunning notice gives one private
letter per household of the arrears list within the targeted units. A
collection notice's sheets carry aggregates only: households, households in
arrears and the collection rate of the unit, its building and the community,
each where org.yml gives the number of homes; never a name, a room or an amount.

Small numbers single people out on a unit's board (neighbours know who "1 户"
is in a unit of 22), so two rules hold, written for staff in
handbook/reference/notices.md: a unit of fewer than `MIN_HOMES` homes gets no
row of its own (its board shows its building and the community), and a row
with fewer than `MIN_COUNT` households in arrears prints its rate alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ...records.arrears import ArrearsList, Household
from ...records.notice import Notice, boards_of
from ...reference.org import Org

MIN_HOMES = 30   # a unit smaller than this gets no row of its own on a collection notice
MIN_COUNT = 3    # fewer households in arrears than this: the row prints its rate alone


@dataclass(frozen=True)
class Figure:
    """Collection figures of one unit, building or the whole community."""
    scope: str
    homes: int
    owing: int

    @property
    def counts_shown(self) -> bool:
        """Whether the household counts may be printed: not when 0–2 households owe (they would be named by it)."""
        return self.owing >= MIN_COUNT

    @property
    def paid(self) -> int:
        """Households with nothing owing."""
        return self.homes - self.owing

    @property
    def rate(self) -> str:
        """Households fully paid / households, e.g. "91.7%" (counted by household, not by amount)."""
        percent = Decimal(self.paid * 100) / Decimal(self.homes)
        return f"{percent.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class Sheet:
    """One printed page: a unit board's notice, a household's dunning letter, or a board's collection figures."""
    place: str                       # where it goes: "3栋2单元" (a board) or "3栋2单元501室" (a door)
    board: tuple[str, str]
    household: Household | None = None
    figures: tuple[Figure, ...] = ()


def board_name(building: str, unit: str) -> str:
    """A unit board as staff say it (3栋2单元): printed on each sheet so whoever posts it knows where."""
    return f"{building}栋{unit}单元"


def _natural(text: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def sheets_for(notice: Notice, org: Org, arrears: ArrearsList | None = None) -> list[Sheet]:
    """The sheets a notice prints: one per targeted board, or one per owing household for a dunning notice."""
    boards = boards_of(notice, org)
    if notice.kind == "dunning":
        owing = sorted(arrears.in_boards(boards) if arrears else [],
                       key=lambda h: [_natural(h.building), _natural(h.unit_no), _natural(h.room)])
        return [Sheet(f"{board_name(h.building, h.unit_no)}{h.room}室", h.board, h) for h in owing]
    if notice.kind == "collection":
        return [Sheet(board_name(b, u), (b, u), figures=_figures(b, u, org, arrears)) for b, u in boards]
    return [Sheet(board_name(b, u), (b, u)) for b, u in boards]


def _figures(building: str, unit: str, org: Org, arrears: ArrearsList | None) -> tuple[Figure, ...]:
    owing = arrears.owing_per_board() if arrears else {}

    def total(scope: str, boards) -> Figure | None:
        homes = [org.homes_of(b, u) for b, u in boards]
        if not boards or None in homes:
            return None  # a rate over part of the homes would mislead: leave the row out
        return Figure(scope, sum(homes), sum(owing.get(board, 0) for board in boards))

    every = [(b.id, u) for b in org.buildings.values() for u in b.units]
    own = org.homes_of(building, unit)
    rows = (total(board_name(building, unit), [(building, unit)]) if own is not None and own >= MIN_HOMES else None,
            total(f"{building}栋", [(building, u) for u in org.buildings[building].units]),
            total("全小区", every))
    return tuple(row for row in rows if row is not None)
