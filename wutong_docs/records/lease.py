"""The parking lease register 车位租用登记: one file per parking space, holding every lease of it, current and past.

The duty book's front desk 负责办理车位租用手续: checks the car owner's papers, signs
the two parking agreements (《停车场车位租用协议书》《停车场车位使用服务协议书》)
and issues the car park's IC card. One file per space (records/leases/<space>.md,
e.g. records/leases/B2-118.md) because a space is what is let: a renewal is a new
entry under `leases:`, so the space's history reads top to bottom and two leases
of one space at once show in one file.

What the register must not let slip is an agreement that expires unnoticed: the
daily check (`check/lease.py`) lists a lease ending within 30 days with no
entry after it. Two leases of one space, or one IC card on two leases, at the
same time cannot both be right whatever day is checked, so they are errors here
(WT544, WT545), caught when the file is saved, rather than gaps of the check.
The plate is the owner's personal data: it stays in the record and leaves it
masked (`privacy.mask_plate`); the site shows the register only as counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, Invalid, a_date, choice, mappings, optional, text
from .common import STAFF, UNIT, Ref, Source, field_lines, source_of
from .kind import Items, Kind, Read

PATTERN = re.compile(r"^records/leases/[^/]+\.md$")
EXAMPLE = "records/leases/B2-118.md"
# a space is its car park's zone or level and its number: B2-118 (basement 2), D-012 (the ground car park)
SPACE = re.compile(r"^[A-Z][A-Z0-9]{0,2}-\d{1,4}$")
# a plate: province, the issuing office's letter (no I, O), then 5 characters, or 6 for a new-energy plate
# (小型 D/F first, 大型 D/F last); 挂/学/警/港/澳 as the last of 5
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"
PLATE = re.compile(f"^[{PROVINCES}][{_LETTER}](?:[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警港澳]"
                   f"|[DF][{_LETTER}0-9]\\d{{4}}|\\d{{5}}[DF])$")
CARD = re.compile(r"^\d{8,10}$")   # the number printed on the car park's IC card
RENEWAL = {"declined": "不续租"}
RENEW_WITHIN = 30   # days before the end from which a lease with no renewal is the front desk's gap


@rule(P.BAD_PLATE, scope=READ)
def a_plate(value) -> str:
    """A Chinese plate: 浙A12345, a new-energy 浙AD12345 or 浙A12345D; spaces and the dot 浙A·12345 are dropped.

    WT540 车牌号写法不对
    处理：写成 省份简称 + 字母 + 5 位（新能源车 6 位），例如 浙A12345、浙AD12345
    """
    shown = text(value) if not isinstance(value, int) else str(value)
    plate = re.sub(r"[\s·•・.\-]", "", shown).upper()
    if PLATE.match(plate):
        return plate
    raise Invalid(P.BAD_PLATE, f"车牌号 {shown} 写法不对：应为省份简称 + 字母 + 5 位，新能源车 6 位，"
                               "例如 浙A12345、浙AD12345（字母不用 I 和 O）")


@rule(P.BAD_CARD, scope=READ)
def a_card(value) -> str:
    """WT541 停车场 IC 卡号写法不对
    处理：照卡面抄写 8–10 位数字，例如 card: "0012345678"（有前导 0 时加引号）
    """
    card = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if CARD.match(card):
        return card
    raise Invalid(P.BAD_CARD, f"IC 卡号 {value} 写法不对：照卡面抄写 8–10 位数字，例如 card: \"0012345678\"")


@rule(P.BAD_SPACE, scope=READ)
def a_space(value) -> str:
    """WT542 车位编号写法不对
    处理：写成 区位-号，例如 B2-118（地下二层 118 号）、D-012（地面停车场 12 号）
    """
    space = text(value).strip().upper()
    if SPACE.match(space):
        return space
    raise Invalid(P.BAD_SPACE, f"车位编号 {value} 写法不对：应为 区位-号，例如 B2-118、D-012")


@dataclass(frozen=True)
class Lease:
    """One lease of a space: the home that rents it, the car, the IC card, the term, who signed it and when."""
    home: str
    plate: str
    card: str
    start: date            # `from:` in the file
    end: date              # `to:`, the last day of the term
    signed: date | None    # the day the agreements were signed; None: before the register was kept
    by: str | None
    renewal: str | None    # declined: the owner said they will not renew (no gap)
    note: str | None
    line: int
    lines: dict

    def active_on(self, day: date) -> bool:
        """Whether the lease runs on `day` (both ends included)."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class LeaseFile:
    """A parking space and its leases, in the order written (oldest first)."""
    space: str
    leases: tuple[Lease, ...]
    body: str
    source: Source
    lines: dict

    def references(self):
        """Each lease's home and the staff who signed it, for the cross-reference check."""
        for lease in self.leases:
            yield Ref(UNIT, lease.home, lease.lines.get("home", lease.line))
            if lease.by:
                yield Ref(STAFF, lease.by, lease.lines.get("by", lease.line))

    def renewal_of(self, lease: Lease, on: date) -> Lease | None:
        """The entry written after `lease` (a renewal for the same home, or the next tenant), signed by `on`."""
        return next((later for later in self.leases
                     if later.start > lease.start and (later.signed is None or later.signed <= on)), None)


SCHEMA = {"space": Field(a_space), "leases": Field(mappings)}
LEASE = {"home": Field(text), "plate": Field(a_plate), "card": Field(a_card), "from": Field(a_date),
         "to": Field(a_date), "signed": optional(a_date), "by": optional(text),
         "renewal": optional(choice(RENEWAL)), "note": optional(text)}


def path_for(space: str) -> str:
    """Where the leases of `space` live."""
    return f"records/leases/{space}.md"


def _build(read: Read) -> LeaseFile:
    doc, v = read.doc, read.values
    leases = tuple(Lease(e["home"], e["plate"], e["card"], e["from"], e["to"], e["signed"], e["by"], e["renewal"],
                         e["note"], doc.line("leases", i), field_lines(doc, "leases", i))
                   for i, e in read.items["leases"])
    return LeaseFile(v["space"], leases, doc.body.strip(), source_of(doc), read.lines)


@rule(P.LEASE_DATES, on=LeaseFile)
def term_in_order(record: LeaseFile, context) -> list[Problem]:
    """A lease ends after it starts, and it is signed no later than its last day.

    WT543 车位租用的起止日期不对
    处理：to（到期日）要晚于 from（起租日）；signed（签约日）不能晚于 to
    """
    found = []
    for lease in record.leases:
        if lease.end <= lease.start:
            found.append(problem(P.LEASE_DATES, record.source.path, lease.lines.get("to", lease.line),
                                 f"到期日 {lease.end} 不晚于起租日 {lease.start}：to 要在 from 之后"))
        elif lease.signed and lease.signed > lease.end:
            found.append(problem(P.LEASE_DATES, record.source.path, lease.lines.get("signed", lease.line),
                                 f"签约日 {lease.signed} 晚于到期日 {lease.end}：请核对 signed"))
    return found


@rule(P.LEASE_OVERLAP, on=LeaseFile)
def one_lease_at_a_time(record: LeaseFile, context) -> list[Problem]:
    """A space is let to one home at a time: two entries of one file whose terms overlap cannot both hold.

    WT544 同一车位同一时间有两份租用
    处理：核对两份的起止日期：续租的 from 应在上一份的 to 之后；换了车主的，上一份的 to 改为实际退租日
    """
    found = []
    for i, lease in enumerate(record.leases):
        for earlier in record.leases[:i]:
            if lease.start <= earlier.end and earlier.start <= lease.end:
                found.append(problem(P.LEASE_OVERLAP, record.source.path, lease.lines.get("from", lease.line),
                                     f"车位 {record.space} 在 {max(lease.start, earlier.start)} 起同时租给两户"
                                     f"（第 {earlier.line} 行那份到 {earlier.end}）：续租的 from 应在上一份的 to 之后"))
                break
    return found


@rule(P.CARD_TWICE)
def one_card_one_lease(records: list, context) -> list[Problem]:
    """One IC card opens the barrier for one lease at a time: a card on two leases whose terms overlap is a mistake.

    WT545 同一张停车场 IC 卡同时用于两份租用
    处理：核对卡号：每份租用办一张卡；换车位的，旧租用的 to 改为换卡前一天
    """
    seen: dict[str, list[tuple[LeaseFile, Lease]]] = {}
    found = []
    for record in sorted((r for r in records if isinstance(r, LeaseFile)), key=lambda r: r.source.path):
        for lease in record.leases:
            for other_file, other in seen.get(lease.card, ()):
                if lease.start <= other.end and other.start <= lease.end:
                    found.append(problem(P.CARD_TWICE, record.source.path, lease.lines.get("card", lease.line),
                                         f"IC 卡 {lease.card} 同时用于另一份租用（{other_file.source.path} 第 "
                                         f"{other.line} 行，到 {other.end}）：每份租用办一张卡"))
                    break
            seen.setdefault(lease.card, []).append((record, lease))
    return found


def _expected_path(v: dict, doc):
    return (path_for(v["space"]), "space") if v["space"] else None


KIND = Kind(
    "lease", "车位租用", PATTERN, EXAMPLE, LeaseFile, _build, SCHEMA,
    items=(Items("leases", LEASE, "每份租用", ("home", "plate", "card", "from", "to")),),
    expected_path=_expected_path, path_for=path_for,
    # the homes and plates of the car park are the owners' own: the site shows the register only as counts
    # (outputs/site/leasework_pages.py), never a space, a home or a plate
    published=False)


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
