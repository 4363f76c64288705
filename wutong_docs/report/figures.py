"""All the monthly report's figures as one dict: the pinned JSON (README "月报"), and what md and html show.

`figures(report, month)` takes what `validate.validated` returned and calls each
section's pure function once; nothing here reads a file, so a test can build the
same dict from a frozen fixture and count the same figures by hand.
"""

from __future__ import annotations

from ..desk_fees import card_fees
from ..records.desk import DeskRegister
from ..records.slip import Slip
from .analysis import analysis_section
from .arrears import arrears_section
from .people import people_section
from .slips import slips_section
from .survey import survey_section


def desk_section(records: list, month: str) -> dict:
    """The front desk's 28th statistics: registers kept in the month and the card fees by kind (desk_fees.card_fees)."""
    registers = sum(1 for r in records if isinstance(r, DeskRegister) and f"{r.date:%Y-%m}" == month)
    fees = [{"kind": f.kind, "label": f.label, "count": f.count, "charged": f.charged, "total": f.total}
            for f in card_fees(records, month)]
    return {"registers": registers, "fees": fees}


def figures(report, month: str) -> dict:
    """The month's report as plain data (numbers, ids, None), ready for json.dumps."""
    records, org = report.records, report.org
    return {
        "month": month,
        "slips": slips_section([r for r in records if isinstance(r, Slip)], org, month),
        "arrears": arrears_section(report.arrears, org, month),
        "people": people_section(records, org, report.duties, report.overrides, month),
        "desk": desk_section(records, month),
        "survey": survey_section(records, org, report.duties.survey if report.duties else None, month),
        "analysis": analysis_section(report, month),
    }
