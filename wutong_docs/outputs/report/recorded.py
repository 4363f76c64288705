"""Which months have any record at all: a month without one says 无记录 in the report, not a row of zeros.

A month is recorded when some record lives in a month folder of it,
`records/<kind>/YYYY/MM/…`: a daily log, a work slip, minutes, a notice, a
front-desk register, finance's arrears list, and any kind added later in such a
folder (surveys). Files not filed by month do not count: the roster
(`records/roster/YYYY-MM.yml`, a plan made before the month), a renovation case
(one file spanning months) and weekly reports (filed by year). So the sample's
October 2026, whose only trace is a renovation applied for on the 20th, is
无记录: the department began keeping its records in November.
"""

from __future__ import annotations

import re

from ...core.dates import Month

_MONTH_FOLDER = re.compile(r"records/[^/]+/(\d{4})/(\d{2})/")


def recorded_months(records) -> set[Month]:
    """The months that have at least one record in their month folder.

    The folders are collected first (a few hundred in five years), so the pattern is
    matched once per folder, not once per record (50,000 at five years).
    """
    folders = {record.source.path.rpartition("/")[0] + "/" for record in records}
    months = set()
    for found in filter(None, map(_MONTH_FOLDER.match, folders)):
        try:
            months.add(Month.parse(f"{found.group(1)}-{found.group(2)}"))
        except ValueError:   # records/…/2026/13/: no month of the calendar (the file's path rule says so)
            pass
    return months
