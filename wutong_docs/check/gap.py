"""A gap, the value every part of the check reports: one thing the duty book expects that the records do not show.

Its own module so that the duty-book check (duty_gaps.py) and the front desk's register check
(desk.py) both build gaps without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from ..core.privacy import mask
from ..reference.duty_book import Duty, DutyBook
from ..reference.org import Org


@dataclass(frozen=True)
class Gap:
    """One thing the duty book expects that the records do not show; printed by `wutong check` as text or JSON."""
    category: str      # 日志 | 巡查 | 周报 | 传递单 | 会议 | 待办
    date: str          # the day (or week, or month) the gap belongs to
    staff: str         # staff id, or "" for the department
    name: str          # the staff's or department's name
    duty: str          # the duty book's wording
    expected: str      # the record that would show it
    message: str
    action: str = ""   # what to write or do, short (listing.py shows it after the message)
    duty_id: str = ""  # role/duty id in the duty book: every gap names the duty that requires it
    slip: str = ""     # the slip the gap is about: listing.py shows each slip once
    due: str = ""      # the day (YYYY-MM-DD) it fell due, after the rest-day rule (due.py)

    def as_dict(self) -> dict:
        """The gap as a plain dict, for `wutong check --json`."""
        return asdict(self)


def masked(gap: Gap, known: frozenset[str]) -> Gap:
    """`gap` with its record text masked: an action item may quote an owner's name or phone (privacy.mask)."""
    return replace(gap, duty=mask(gap.duty, known), message=mask(gap.message, known), action=mask(gap.action, known))


def duties_with(book: DutyBook, *records: str) -> list[tuple[str, Duty]]:
    """(role id, duty) for every duty whose proof is one of `records`."""
    return [(role.id, duty) for role in book.roles.values() for duty in role.duties if duty.record in records]


def staff_label(org: Org, staff_id: str) -> str:
    """How a gap names a person: 李娜（li-na), or the bare id when org.yml lacks them."""
    person = org.staff.get(staff_id)
    return f"{person.name}（{staff_id}）" if person else staff_id
