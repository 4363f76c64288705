"""The 28th's fee statistics: cards and key fobs issued in a month, by kind, counted and totalled.

The supervisor's duty 每月28号前统计上月办理车卡、钥匙扣、包裹费用的收取情况 was added up
by hand from the paper ledger. The registers hold every card row with its fee, so
the totals are one pass over them. The monthly report (issue 12) calls
`card_fees(report.records, "2026-10")` with the records `validate.validated`
returned; nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.dates import Month, as_month
from .desk import CARD_KINDS, DeskRegister


@dataclass(frozen=True)
class FeeLine:
    """One card kind's fees for a month: the 28th statistics the monthly report reads."""
    kind: str       # owner_card | car_card | key_fob
    label: str      # 业主卡 | 车卡 | 钥匙扣
    count: int      # cards issued in the month (rows applied for in that month's registers)
    charged: int    # how many of them carry a fee
    total: int      # yuan


def card_fees(records: list, month: Month | date | str) -> list[FeeLine]:
    """One line per kind of card (every kind, in CARD_KINDS order, zero when none), for `month` (a Month, a day in it,
    or "YYYY-MM").
    """
    wanted = Month.of(month) if isinstance(month, date) else as_month(month)
    lines = {kind: [0, 0, 0] for kind in CARD_KINDS}
    for register in records:
        if not isinstance(register, DeskRegister) or register.date not in wanted:
            continue
        for row in register.cards:
            counts = lines[row.kind]
            counts[0] += 1
            if row.fields.get("fee") is not None:
                counts[1] += 1
                counts[2] += row.fee
    return [FeeLine(kind, CARD_KINDS[kind], *counts) for kind, counts in lines.items()]
