"""All the monthly report's figures as one dict: the pinned JSON (handbook 参考 › 月报), and what md and html show.

`figures(report, month)` takes what `validate.validated` returned and calls each
section's pure function once; nothing here reads a file, so a test can build the
same dict from a frozen fixture and count the same figures by hand.
"""

from __future__ import annotations

from ...core.dates import Month, as_month
from ...records.arrears_figures import arrears_section
from ...records.case_figures import cases_section
from ...records.desk import DeskRegister, card_fees
from ...records.legacy_figures import legacy_section
from ...records.slip import Slip
from ...records.slip_figures import by_opened_month, slips_section
from .analysis import analysis_section
from .dunning import dunning_letters, dunning_section
from .leasework import leases_section, workorders_section
from .inspections import inspections_section
from .people import people_section
from .quality import quality_section
from .recorded import recorded_months
from .survey import survey_section
from .trend import trend


def desk_section(records: list, month: Month) -> dict:
    """The front desk's 28th statistics: registers kept in the month and the card fees by kind (records/desk.py card_fees).

    `month` may be any span of days that answers `day in span`: the weekly summary (week.py) passes its ISO week.
    """
    registers = sum(1 for r in records if isinstance(r, DeskRegister) and r.date in month)
    fees = [{"kind": f.kind, "label": f.label, "count": f.count, "charged": f.charged, "total": f.total}
            for f in card_fees(records, month)]
    return {"registers": registers, "fees": fees}


def figures(report, month: Month | str) -> dict:
    """The month's report as plain data (numbers, ids, None, the months as "YYYY-MM"), ready for json.dumps.

    The slips are grouped by opened month once (`by_opened_month`): the month, the previous
    month, the quality section and the 12-month trend each take their own months' groups.
    """
    records, org, month = report.records, report.org, as_month(month)
    cohorts = by_opened_month(r for r in records if isinstance(r, Slip))
    recorded = recorded_months(records)
    arrears = arrears_section(report.arrears, org, month)
    arrears["dunning"] = dunning_section(dunning_letters(records, month), report.arrears, org, month)
    return {
        "month": str(month),
        "recorded": month in recorded,
        "slips": slips_section(cohorts, org, month, recorded),
        "trend": trend(cohorts, org, month, recorded),
        "arrears": arrears,
        "quality": quality_section(cohorts, org, month, recorded),
        "people": people_section(records, org, report.duties, report.overrides, month),
        "desk": desk_section(records, month),
        "survey": survey_section(records, org, report.duties.survey if report.duties else None, month),
        # the supervisor's registers (issue 22), in the order the report prints them, then her analysis
        "inspections": inspections_section(records, org, month),
        "cases": cases_section(records, month),
        "legacy": legacy_section(records, org, month),
        "leases": leases_section(records, month),
        "workorders": workorders_section(records, org, month, report.overrides),
        "analysis": analysis_section(report, month),
    }
