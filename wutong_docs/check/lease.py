"""The daily check of the parking lease register (records/leases/): agreements about to expire with no renewal.

The front desk's duty 负责办理车位租用手续 (`record: lease` in the duty book) is proven by
the register; what the department loses when it slips is a parking agreement that
expires unnoticed. So a lease ending within `lease.RENEW_WITHIN` days (the end day
itself counted: on the 30th day before the end it is a gap, on the 31st not yet) with
no entry after it on its space is a gap, until the renewal or the next tenant is
written, or the owner's refusal (`renewal: declined`). The gap is the front desk's
as a post, not one clerk's: the owner renews with whoever is at the desk that day.
Two leases on one space or one card at once are validation errors (records/lease.py),
so such a file is listed by the check among the files left out, never as a gap.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..core.privacy import mask_plate
from ..records.lease import RENEW_WITHIN, LeaseFile
from ..reference.duty_book import DutyBook
from ..reference.org import ROLES, Org
from .gap import Gap, duties_with

RECORD = "lease"   # the duty book's `record:` value this check answers to


def lease_gaps(book: DutyBook, org: Org, records: list, on: date) -> list[Gap]:
    """Every lease ending within RENEW_WITHIN days of `on` (as the register stood that day) with no entry after it."""
    found = duties_with(book, RECORD)
    if not found:
        return []
    role, duty = found[0]
    owner = book.roles[role].name if role in book.roles else ROLES.get(role, role)
    gaps = []
    for record in sorted((r for r in records if isinstance(r, LeaseFile)), key=lambda r: r.space):
        for lease in record.leases:
            if not ending_unrenewed(record, lease, on):
                continue
            path = record.source.path
            since = max(lease.end - timedelta(days=RENEW_WITHIN), lease.signed or date.min)  # not before it was signed
            gaps.append(Gap("车位租用", since.isoformat(), "", owner, duty.text,
                            f"{path} 中续租的一份（或 renewal: declined）",
                            f"车位 {record.space}（{lease.home}，{mask_plate(lease.plate)}）的租用 {lease.end} 到期，"
                            f"还有 {(lease.end - on).days} 天，尚未续租",
                            f"联系业主办理续租，在 {path} 加一份；业主不续租的，在这一份写 renewal: declined",
                            f"{role}/{duty.id}", due=lease.end.isoformat()))
    return gaps


def ending_unrenewed(record: LeaseFile, lease, on: date) -> bool:
    """Whether `lease` ends within RENEW_WITHIN days of `on` with no entry after it and no refusal (the site counts these)."""
    if lease.renewal or (lease.signed and lease.signed > on) or not 0 <= (lease.end - on).days <= RENEW_WITHIN:
        return False
    return record.renewal_of(lease, on) is None
