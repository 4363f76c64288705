"""The years wutong accepts: 2000–2099, in records and on the command line alike.

Python's dates end at 9999-12-31, so a record or an option dated near the end
(or the start, 0001) makes the arithmetic every command does (the next day, the
slip's due date, the month's last day) overflow. No department record is older
than 2000 or later than 2099, and a date outside that span is a typing mistake
(0206 for 2026, 9999 as "never"), so one range is checked at every door: the
field converters of `fields.py`, `calendar.yml`'s `year`, and the click option
types of `cli_dates.py`. Inside that span every computation stays far from the
edges of `datetime`.
"""

from __future__ import annotations

FIRST_YEAR = 2000
LAST_YEAR = 2099
RANGE_TEXT = f"{FIRST_YEAR}–{LAST_YEAR}"


def year_in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
