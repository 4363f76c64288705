"""The record kinds, one `Kind` object each (`kind.py`), and the registry that maps a path or a record to its kind.

Adding a kind is adding a module that declares `KIND = Kind(...)` (and its rules)
and a line in `KINDS`; the loader, the validator, `wutong new`, the check and
the site pick it up from here. Beside the kinds: what the slips and arrears
lists of a month add up to (slip_figures.py, arrears_figures.py), shared by the
report and the reconciliation.

It imports only `reference`, `read` and `core`.
"""

from __future__ import annotations

from . import (analysis, arrears, case, desk, inspection, lease, legacy, log, minutes, notice, renovation,
               roster, slip, survey, weekly, workorder)
from .kind import Kind

LOG, SLIP, MINUTES, WEEKLY, NOTICE, ARREARS, ROSTER, DESK, RENOVATION, SURVEY, ANALYSIS = (
    log.KIND, slip.KIND, minutes.KIND, weekly.KIND, notice.KIND, arrears.KIND, roster.KIND, desk.KIND, renovation.KIND,
    survey.KIND, analysis.KIND)
INSPECTION = inspection.KIND
KINDS: tuple[Kind, ...] = (LOG, SLIP, MINUTES, WEEKLY, NOTICE, ARREARS, ROSTER, DESK, RENOVATION, SURVEY, ANALYSIS,
                           INSPECTION)
# issue 22: the supervisor's registers beside the inspections
KINDS += (case.KIND, legacy.KIND, lease.KIND, workorder.KIND)

# reference files at the top of records/ that are not Markdown records;
# org.yml is loaded by org.py, duties.yml by duties.py, calendar.yml by workdays.py.
# checklists.yml by reference/checklists.py (the inspections' items).
REFERENCE_FILES = ("records/org.yml", "records/duties.yml", "records/calendar.yml", "records/checklists.yml")

_BY_TYPE = {k.record_type: k for k in KINDS}
_BY_NAME = {k.name: k for k in KINDS}


def kind_of(rel: str) -> Kind | None:
    """The kind whose files live at `rel`, or None for a file in no kind's place."""
    return next((k for k in KINDS if k.matches(rel)), None)


def kind_of_record(record) -> Kind | None:
    """The kind a record was read as."""
    return _BY_TYPE.get(type(record))


def kind_named(name: str) -> Kind | None:
    """The kind called `name` (log, slip, …), as the duty book names the record that proves a duty."""
    return _BY_NAME.get(name)
