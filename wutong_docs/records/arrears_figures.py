"""The arrears section 欠费: households owing and amounts per area, from finance's lists of the month.

Finance sends a list (`records/arrears/YYYY/MM/*.csv`) one or more times a month;
the report compares the month's first list with its last (by file name, which
finance dates, e.g. 2026-11-10.csv), area by area. The collection rate by
households is 1 − owing / homes, with the homes of org.yml (`homes`). Only
counts and sums leave this module: no unit, owner or amount of one household.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.dates import Month
from ..reference.org import Org
from .arrears import ArrearsList
from .slip_figures import area_of


def month_lists(arrears: dict, month: Month) -> list[tuple[str, ArrearsList]]:
    """The arrears lists filed under `month`, in file-name order: (path, list)."""
    folder = f"records/arrears/{month.folder}/"
    return sorted((path, lst) for path, lst in arrears.items()
                  if lst is not None and path.startswith(folder) and "/" not in path[len(folder):])


def area_homes(org: Org) -> dict[str, int | None]:
    """Households per area from org.yml's `homes` (None for an area where some unit's count is not written)."""
    homes: dict[str, int | None] = {}
    for area in org.areas.values():
        counts = [org.homes_of(b, u) for b in area.buildings if b in org.buildings for u in org.buildings[b].units]
        homes[area.id] = None if None in counts else sum(counts)
    return homes


def _rate(homes: int | None, owing: int | None) -> float | None:
    if not homes or owing is None:
        return None
    return round((homes - owing) / homes, 4)


def tally(org: Org, lst: ArrearsList | None) -> dict[str, tuple[int, Decimal]]:
    """Households owing and the amount owed per area (片区 id) in one list; every area of org.yml, 0 when none."""
    per_area = {area: (0, Decimal(0)) for area in org.areas}
    for h in lst.households if lst else ():
        count, amount = per_area.setdefault(area_of(org, h.unit), (0, Decimal(0)))
        per_area[area_of(org, h.unit)] = (count + 1, amount + h.amount)
    return per_area


def arrears_section(arrears: dict, org: Org, month: Month) -> dict:
    """Households and amounts owing per area at the month's first and last list, and the collection rates.

    With no list in the month every figure is None (null in JSON): "no list", not "nobody owes".
    """
    lists = month_lists(arrears, month)
    homes = area_homes(org)
    total_homes = None if None in homes.values() else sum(homes.values())
    first, last = (lists[0][1], lists[-1][1]) if lists else (None, None)
    start, end = tally(org, first), tally(org, last)

    def money(value: Decimal) -> float:
        return float(round(value, 2))

    by_area = {}
    for area, (n_end, amount_end) in end.items():
        n_start, amount_start = start.get(area, (0, Decimal(0)))
        by_area[area] = {"homes": homes.get(area),
                         "households_start": n_start if lists else None, "households_end": n_end if lists else None,
                         "amount_start": money(amount_start) if lists else None,
                         "amount_end": money(amount_end) if lists else None,
                         "collection_rate_end": _rate(homes.get(area), n_end) if lists else None}
    owing_start = sum(n for n, _ in start.values()) if lists else None
    owing_end = sum(n for n, _ in end.values()) if lists else None
    return {"lists": [path for path, _ in lists], "homes": total_homes,
            "households_start": owing_start, "households_end": owing_end,
            "amount_start": money(sum((a for _, a in start.values()), Decimal(0))) if lists else None,
            "amount_end": money(sum((a for _, a in end.values()), Decimal(0))) if lists else None,
            "collection_rate_start": _rate(total_homes, owing_start),
            "collection_rate_end": _rate(total_homes, owing_end),
            "by_area": by_area}
