"""Dunning letters posted by the 20th 催缴函: the arrears section's check of the duty book's deadline.

The duty book: 每月20日前完成入户门催缴函的张贴. A dunning letter is a notice of
kind `dunning` (`records/notices/YYYY/MM/<slug>.md`, posted in the month); it
cites finance's arrears list (`arrears:`) and goes to each household of that
list on the boards it targets (`units:`), one letter per household
(`notice.boards_of`, `ArrearsList.in_boards`). So for each household of the
month's first list (`arrears.month_lists`), the report asks whether a letter of
the month reached it: posted on or before the 20th, only after the 20th, or not
at all. A household is matched by its home (building-unit-room), so a letter
citing a later list of the month reaches the households still on it.

Counts only leave this module, per area: never a room, a name or an amount.
"""

from __future__ import annotations

from ...core.dates import Month
from ...records.arrears_figures import month_lists
from ...records.notice import DUNNING_BY_DAY, Notice, boards_of
from ...records.slip_figures import area_of
from ...reference.org import Org

DUNNING = "dunning"
_KEYS = ("households", "posted_by_20th", "posted_later", "not_posted")


def dunning_letters(records, month: Month) -> list[Notice]:
    """The dunning letters posted in `month`."""
    return [r for r in records if isinstance(r, Notice) and r.kind == DUNNING and r.posted and r.posted in month]


def _first_posting(letters: list[Notice], arrears: dict, org: Org) -> dict[str, int]:
    """Home -> the earliest day of the month a letter reached it."""
    reached: dict[str, int] = {}
    for letter in letters:
        cited = arrears.get(letter.arrears) if letter.arrears else None
        if cited is None:
            continue
        for household in cited.in_boards(boards_of(letter, org)):
            day = reached.get(household.unit)
            reached[household.unit] = letter.posted.day if day is None else min(day, letter.posted.day)
    return reached


def dunning_section(letters: list[Notice], arrears: dict, org: Org, month: Month) -> dict:
    """Households of the month's first list, and how many got a letter by the 20th, later, or not at all, per area.

    With no arrears list in the month every count is None (null in JSON): no list, nothing to dun.
    """
    lists = month_lists(arrears, month)
    if not lists:
        return {**dict.fromkeys(_KEYS), "by_area": {area: dict.fromkeys(_KEYS) for area in org.areas}}
    reached = _first_posting(letters, arrears, org)
    totals = dict.fromkeys(_KEYS, 0)
    by_area = {area: dict.fromkeys(_KEYS, 0) for area in org.areas}
    for household in lists[0][1].households:
        day = reached.get(household.unit)
        outcome = "not_posted" if day is None else "posted_by_20th" if day <= DUNNING_BY_DAY else "posted_later"
        for tally in (totals, by_area.setdefault(area_of(org, household.unit), dict.fromkeys(_KEYS, 0))):
            tally["households"] += 1
            tally[outcome] += 1
    return {**totals, "by_area": by_area}
