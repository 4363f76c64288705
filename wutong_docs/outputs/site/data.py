"""Everything the generated pages show, read once per build: records placed on pages, and the state of slips.

This is the first of the site's two phases (read, then render): it takes the
validator's `Report`, so the site shows exactly what `wutong validate`
checked, and works out where each record lives on the site (its month page
and anchor), who it concerns, and which slips are overdue. Rendering never
reads a file; it only looks things up here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from ...records import KINDS, Kind, kind_of_record
from ...records.slip import Slip, is_overdue
from ...reference.org import Org
from . import kinds as K


@dataclass(frozen=True)
class Placed:
    """A record and its place on the site."""
    record: object
    kind: Kind
    day: date
    page: str          # src_uri of the page showing its card: its month page, e.g. records/slip/2026-11.md,
                       # or its own page for a kind with `own_pages`, e.g. records/renovation/3-2-501-202611.md
    anchor: str
    people: dict       # staff id -> relation (records.kind.WROTE, …)

    @cached_property
    def month(self) -> str:
        """YYYY-MM of its month page (asked for hundreds of thousands of times in a build: kept)."""
        return f"{self.day:%Y-%m}"


@dataclass
class SiteData:
    """Everything the generated pages show, read once per build; rendering only looks things up here."""
    root: Path
    org: Org
    duties: object | None          # duties.DutyBook, or None when the duty book is missing
    overrides: object              # workdays.Overrides: the days of records/calendar.yml
    now: datetime
    placed: list[Placed] = field(default_factory=list)
    undated: list = field(default_factory=list)
    withheld: int = 0              # records kept off the site as personal data (kinds.published)
    known_names: frozenset = frozenset()   # owners' names to mask wherever they appear (privacy.mask)
    arrears: dict = field(default_factory=dict)  # the arrears lists the validation read, by path
    report: object = None          # the validation report itself: the 月报 pages compute their figures from it
    monthly: dict = field(default_factory=dict)  # month -> that month's report as HTML (report_pages.monthly_reports)
    server: object = None          # git_server.GitServer named by mkdocs.yml, or None: no 在线修改 / 我的今天 links

    @property
    def today(self) -> date:
        """The build's day (its `now`), for which calendar months to show."""
        return self.now.date()

    def kinds(self) -> list[Kind]:
        """The kinds that have records, in the loader's order."""
        present = {p.kind.name for p in self.placed}
        return [k for k in KINDS if k.name in present]

    def by_month(self) -> dict[tuple[str, str], list[Placed]]:
        """The placed records of each kind's month (kind name, YYYY-MM): one month page each, in record order."""
        pages = defaultdict(list)
        for p in self.placed:
            pages[p.kind.name, p.month].append(p)
        return dict(pages)

    def months(self, kind: Kind | None = None) -> list[str]:
        """The months that have records (of `kind`), newest first."""
        return sorted({p.month for p in self.placed if kind is None or p.kind is kind}, reverse=True)

    def slip(self, slip_id: str) -> Placed | None:
        """Where a slip is placed, by id, so other cards can link to it."""
        return self._slips().get(slip_id)

    def _slips(self) -> dict[str, Placed]:
        if not hasattr(self, "_slip_index"):
            self._slip_index = {p.record.id: p for p in self.placed if isinstance(p.record, Slip)}
        return self._slip_index

    def id_target(self, token: str) -> tuple[str, str | None] | None:
        """(page, anchor) a slip number or staff id in a record's text links to (`id_links`), or None."""
        if not hasattr(self, "_id_targets"):
            self._id_targets = targets(self)
        return self._id_targets.get(token)

    def overdue(self, record) -> bool:
        """A slip not yet done and past its due time at `now`, by the rule the report and the check use (any other
        record: False)."""
        return isinstance(record, Slip) and is_overdue(record, self.now)

    def staff_name(self, staff_id: str) -> str:
        """A staff member's name, or the id when org.yml does not know it."""
        person = self.org.staff.get(staff_id)
        return person.name if person else staff_id

    def department_name(self, dept_id: str) -> str:
        """A department's name, or the id when org.yml does not know it."""
        dept = self.org.departments.get(dept_id)
        return dept.name if dept else dept_id


def collect(root: Path, report, now: datetime, server=None) -> SiteData:
    """Place every record of a clean validation report on the site; `server`: the Git server records link to."""
    data = SiteData(root, report.org, report.duties, report.overrides, now, known_names=report.known_names,
                    arrears=report.arrears, report=report, server=server)
    for record in report.records:
        kind = kind_of_record(record)
        if kind is None or not K.published(kind, record):
            data.withheld += kind is not None
            continue
        v = K.view(kind)
        day = v.day(record)
        if day is None:
            data.undated.append(record)
            continue
        anchor = K.anchor(record)
        page = kind.record_page(anchor) if kind.own_pages else kind.month_page(day)
        data.placed.append(Placed(record, kind, day, page, anchor, v.people(record)))
    data.placed.sort(key=lambda p: (p.kind.name, K.view(p.kind).sort(p.record)))
    return data


def sheet_uri(placed: Placed) -> str:
    """Where the printable sheets of a board notice live: records/notice/sheets/2026-12-<slug>.html."""
    return f"{placed.kind.site_folder}sheets/{placed.month}-{placed.record.slug}.html"


def person_page(staff_id: str, year: int) -> str:
    """The person page of one staff member for one year."""
    return f"records/people/{staff_id}-{year}.md"


def targets(data) -> dict[str, tuple[str, str | None]]:
    """id -> (src_uri, anchor) of every slip and every staff member with a page (`SiteData.id_target` keeps it)."""
    found: dict[str, tuple[str, str | None]] = {}
    latest: dict[str, int] = {}
    for p in data.placed:
        if p.kind.name == "slip":
            found[p.record.id] = (p.page, p.anchor)
        for staff_id in p.people:
            latest[staff_id] = max(latest.get(staff_id, 0), p.day.year)
    for staff_id, year in latest.items():
        if staff_id in data.org.staff:
            found[staff_id] = (person_page(staff_id, year), None)
    return found
