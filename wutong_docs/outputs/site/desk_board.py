"""The front desk's board 前台看板: what is open at build time: keys out, parcels waiting, cards, renovations.

Why: the registers are one page a day, completed in place later, so "which keys
are still out, which parcels still wait" cannot be read off any one page. This
board answers it as of the build's `now` (the plugin's, `WUTONG_NOW` in tests),
the way the slip board answers it for slips: each open row links to the card of
the register it was written in, a parcel shows the days it has waited (counted
as the daily check counts them: arrived on the 26th, on the 27th it has waited
1 day) and is marked once past the duty book's limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...check.desk import PARCELS, desk_duty, limit_days
from ...records.desk import DeskRegister, Row
from ...records.renovation import Renovation
from .data import Placed, SiteData
from .page import Page
from .render import when

BOARD = "records/desk/board.md"


@dataclass(frozen=True)
class Open:
    """One open row of a register, and where its register is on the site."""
    placed: Placed
    row: Row
    since: datetime       # when it was opened
    days: int = 0         # calendar days since, as the daily check counts them
    late: bool = False    # past the duty book's limit


@dataclass(frozen=True)
class Case:
    """A renovation case with something pending: waste piled since a day, passes expired."""
    placed: Placed
    waste_since: datetime | None
    waste_days: int
    expired: tuple


def _done(register: DeskRegister, value, now: datetime) -> bool:
    moment = register.at(value)
    return moment is not None and moment <= now


def open_rows(data: SiteData) -> dict[str, list[Open]]:
    """keys not back, parcels not picked up, cards not collected, as of `data.now`; oldest first."""
    now, today = data.now, data.today
    parcel_days = limit_days(desk_duty(data.duties, PARCELS)) if data.duties else None
    found: dict[str, list[Open]] = {"keys": [], "parcels": [], "cards": []}
    for p in data.placed:
        r = p.record
        if not isinstance(r, DeskRegister) or r.date > today:
            continue
        for section, start, end in (("keys", "out", "back"), ("parcels", "arrived", "picked"),
                                    ("cards", "applied", "collected")):
            for row in getattr(r, section):
                since = r.at(row.fields.get(start))
                if since is None or since > now or _done(r, row.fields.get(end), now):
                    continue
                days = (today - r.date).days
                late = section == "keys" and days > 0 or (
                    section == "parcels" and parcel_days is not None and days > parcel_days)
                found[section].append(Open(p, row, since, days, late))
    for rows in found.values():
        rows.sort(key=lambda o: o.since)
    return found


def open_cases(data: SiteData) -> list[Case]:
    """Renovation cases with waste not yet removed, or (still open) with a worker's pass expired."""
    now, today = data.now, data.today
    found = []
    for p in data.placed:
        case = p.record
        if not isinstance(case, Renovation):
            continue
        piles = []
        for e in case.events:
            if e.at > now:
                continue
            if e.type == "waste_started":
                piles.append(e.at)
            elif e.type == "waste_removed" and piles:
                piles.pop(0)
        expired = tuple(w for w in case.passes if case.status == "open" and w.until < today)
        if piles or expired:
            since = piles[0] if piles else None
            found.append(Case(p, since, (today - since.date()).days if since else 0, expired))
    found.sort(key=lambda c: c.placed.record.case)
    return found


def page(data: SiteData) -> Page:
    """The front desk's board: open rows of every register and the renovations with something pending."""
    rows, cases = open_rows(data), open_cases(data)
    board = Page(BOARD, "前台看板", in_nav=True, order=20, wide=True, searchable=False)
    sections = [("keys", "钥匙未归还", "把"), ("parcels", "包裹待取", "件"), ("cards", "卡未领取", "张")]
    board.html("desk_board_summary.html.j2", now=when(data.now), cases=len(cases),
               sections=[(name, label, len(rows[name]), unit) for name, label, unit in sections])
    for name, label, _ in sections:
        board.heading(2, f"{label}（{len(rows[name])}）", name)
        board.html("desk_board_rows.html.j2", section=name, rows=rows[name])
    board.heading(2, f"装修待处理（{len(cases)}）", "renovations")
    board.html("desk_board_cases.html.j2", cases=cases)
    return board
