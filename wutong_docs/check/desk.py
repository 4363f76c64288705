"""The daily check of the front desk's registers and the renovation case files.

Apart from `check.py` because it is a family of its own: each rule here reads
the front-desk registers (`records/desk/`) or the renovation cases
(`records/renovations/`) against one duty of the duty book, found by the
record it names (`record: desk:keys` …, the constants below). The limits are the
duty book's, never constants here: "不得过夜" is the key duty's standard
`{rule: true, limit_days: 0}`, the parcel and deposit days are standards the
department set on those duties, the owner-card deadlines are the card duty's
`before: "12:00"` / `before: "18:00"` standards. A duty the book does not link
is not checked.

Days are counted as the department counts them: a parcel that arrived on the
26th with a limit of 3 days may be picked up until the end of the 29th; from the
30th it is reported, dated the 30th. A gap is reported when its date falls in
the checked span (the month's first day to the checked day).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ..records.desk import DeskRegister
from ..records.desk import path_for as register_path
from ..records.renovation import Renovation
from ..reference.duty_book import Duty, DutyBook
from ..reference.org import HOME_ID, Org
from ..reference.workdays import Overrides, day_info
from .gap import Gap, duties_with, staff_label

# the duty book's `record:` values these rules answer to
REGISTER, KEYS, PARCELS, CARDS = "desk", "desk:keys", "desk:parcels", "desk:cards"
WASTE, PASSES, REFUND = "renovation:waste", "renovation:passes", "renovation:refund"


@dataclass(frozen=True)
class Span:
    """The days the check covers, inclusive: a rule reports only what fell late inside it."""
    since: date
    on: date

    def covers(self, day: date) -> bool:
        """Whether `day` lies inside the checked span."""
        return self.since <= day <= self.on


def desk_gaps(book: DutyBook, org: Org, records: list, since: date, on: date, overrides: Overrides) -> list[Gap]:
    """Every gap of the registers and cases from `since` to `on` (inclusive), the span of the whole check."""
    span = Span(since, on)
    registers = sorted((r for r in records if isinstance(r, DeskRegister)), key=lambda r: r.date)
    registers = [r for r in registers if r.date <= on]
    cases = [r for r in records if isinstance(r, Renovation)]
    gaps = (_missing_registers(book, registers, span, overrides) + _keys(book, org, registers, span)
            + _parcels(book, org, registers, span) + _cards(book, org, registers, span)
            + _waste(book, org, cases, span) + _passes(book, org, cases, registers, span)
            + _refunds(book, org, cases, span))
    return [g if g.due else replace(g, due=g.date) for g in gaps]   # each falls due the day it names


def desk_duty(book: DutyBook, record: str) -> Duty | None:
    """The duty whose proof is `record` (e.g. desk:parcels), if the duty book links one."""
    found = duties_with(book, record)
    return found[0][1] if found else None


def desk_duty_id(book: DutyBook, record: str) -> str:
    """The role/duty id of the duty whose proof is `record`: every gap names the duty that requires it (Gap.duty_id)."""
    found = duties_with(book, record)
    return f"{found[0][0]}/{found[0][1].id}" if found else ""


def limit_days(duty: Duty | None) -> int | None:
    """The duty's standing limit in days (`{rule: true, limit_days: N}` on one of its standards), if it has one."""
    for standard in duty.standards if duty else ():
        if standard.cadence and standard.cadence.is_rule:
            return standard.cadence.limit_days
    return None


def _late(start: date, done: datetime | None, days: int, span: Span) -> date | None:
    """The first late day of something started on `start` with `days` allowed, if it was late and that day is in the span."""
    first_late = start + timedelta(days=days + 1)
    if not span.covers(first_late):
        return None
    if done is not None and done.date() < first_late:
        return None
    return first_late


def _missing_registers(book, registers, span: Span, overrides: Overrides) -> list[Gap]:
    duty = desk_duty(book, REGISTER)
    duty_id = desk_duty_id(book, REGISTER)
    if duty is None:
        return []
    kept = {r.date for r in registers}
    gaps, day = [], span.since
    while day <= span.on:
        if day_info(day, overrides).workday and day not in kept:
            gaps.append(Gap("前台登记", day.isoformat(), "", "服务中心前台", duty.text, register_path(day),
                            "工作日没有前台登记表", duty_id=duty_id))
        day += timedelta(days=1)
    return gaps


def _keys(book, org, registers, span: Span) -> list[Gap]:
    duty = desk_duty(book, KEYS)
    duty_id = desk_duty_id(book, KEYS)
    days = limit_days(duty)
    if duty is None or days is None:
        return []
    gaps = []
    for register in registers:
        for row in register.keys:
            back = register.at(row.back)
            if not span.covers(register.date) or (back and back.date() <= register.date + timedelta(days=days)):
                continue
            what = f"{back:%m-%d %H:%M} 才归还" if back else "至今未登记归还"
            gaps.append(Gap("钥匙", register.date.isoformat(), row.by, staff_label(org, row.by), duty.text,
                            f"{register.source.path} 第 {row.line} 行的 back（归还时间）",
                            f"{row.home} 的钥匙 {row.out:%H:%M} 借出，{what}：钥匙过夜", duty_id=duty_id))
    return gaps


def _parcels(book, org, registers, span: Span) -> list[Gap]:
    duty = desk_duty(book, PARCELS)
    duty_id = desk_duty_id(book, PARCELS)
    days = limit_days(duty)
    if duty is None or days is None:
        return []
    gaps = []
    for register in registers:
        for row in register.parcels:
            picked = register.at(row.picked)
            late = _late(register.date, picked, days, span)
            if late is None:
                continue
            what = f"{picked:%m-%d %H:%M} 才领取" if picked else "至今未领取"
            gaps.append(Gap("包裹", late.isoformat(), row.by, staff_label(org, row.by), duty.text,
                            f"{register.source.path} 第 {row.line} 行的 picked（领取时间）",
                            f"包裹 {row.id}（{row.home}）{register.date:%m-%d} 到达，{what}，"
                            f"超过 {days} 天：请再次通知业主", duty_id=duty_id))
    return gaps


def card_deadline(duty: Duty, applied: time) -> time | None:
    """The announcement deadline of a card applied for at `applied`: the first `before` of the duty's standards after it."""
    deadlines = sorted(s.cadence.before for s in duty.standards if s.cadence and s.cadence.before)
    return next((d for d in deadlines if applied < d), None)


def _cards(book, org, registers, span: Span) -> list[Gap]:
    duty = desk_duty(book, CARDS)
    duty_id = desk_duty_id(book, CARDS)
    if duty is None:
        return []
    gaps = []
    for register in registers:
        if not span.covers(register.date):
            continue
        for row in register.cards:
            if row.kind != "owner_card":
                continue
            deadline = card_deadline(duty, row.applied)
            if deadline is None:
                continue
            notified = register.at(row.notified)
            due = datetime.combine(register.date, deadline)
            if notified is not None and notified <= due:
                continue
            what = f"{notified:%m-%d %H:%M} 才通知" if notified else "至今未登记通知"
            gaps.append(Gap("业主卡", register.date.isoformat(), row.by, staff_label(org, row.by), duty.text,
                            f"{register.source.path} 第 {row.line} 行的 notified（通知时间）",
                            f"{row.home} 的业主卡 {row.applied:%H:%M} 办理，应在 {deadline:%H:%M} 前通知业主领取，{what}", duty_id=duty_id))
    return gaps


def _area_manager(org: Org, home: str) -> str:
    """The area manager of the home's building (who patrols it), or "" when org.yml does not say."""
    m = HOME_ID.match(home or "")
    area = next((a.id for a in org.areas.values() if m and m.group(1) in a.buildings), None)
    return next((s.id for s in org.by_role("area_manager") if area and s.area == area), "")


def _waste(book, org, cases, span: Span) -> list[Gap]:
    duty = desk_duty(book, WASTE)
    duty_id = desk_duty_id(book, WASTE)
    days = limit_days(duty)
    if duty is None or days is None:
        return []
    gaps = []
    for case in sorted(cases, key=lambda c: c.case):
        piles: list = []
        pairs = []
        for e in case.events:
            if e.type == "waste_started":
                piles.append(e)
            elif e.type == "waste_removed" and piles:
                pairs.append((piles.pop(0), e))
        pairs += [(start, None) for start in piles]
        for start, removed in pairs:
            late = _late(start.at.date(), removed.at if removed else None, days, span)
            if late is None:
                continue
            who = _area_manager(org, case.home) or start.by
            what = f"{removed.at:%m-%d} 才清运" if removed else "至今未清运"
            gaps.append(Gap("装修垃圾", late.isoformat(), who, staff_label(org, who), duty.text,
                            f"{case.source.path} 中的 waste_removed（清运）记录",
                            f"{case.home} 的装修垃圾 {start.at:%m-%d} 开始堆放，{what}，超过 {days} 天", duty_id=duty_id))
    return gaps


def _passes(book, org, cases, registers, span: Span) -> list[Gap]:
    """A worker's pass is used when the desk lends the home's key to that worker (the row's `to` names them)."""
    duty = desk_duty(book, PASSES)
    duty_id = desk_duty_id(book, PASSES)
    if duty is None:
        return []
    by_home: dict[str, list[Renovation]] = {}
    for case in cases:
        by_home.setdefault(case.home, []).append(case)
    gaps = []
    for register in registers:
        if not span.covers(register.date):
            continue
        for row in register.keys:
            for case in by_home.get(row.home, ()):
                for worker in case.passes:
                    if worker.name in row.to and register.date > worker.until:
                        gaps.append(Gap("出入证", register.date.isoformat(), row.by, staff_label(org, row.by), duty.text,
                                        f"{case.source.path} 中 {worker.name} 的出入证（until）",
                                        f"{row.home} 装修工人的临时出入证 {worker.until:%m-%d} 已到期，"
                                        f"{register.date:%m-%d} 仍凭证借用钥匙：请先续办出入证", duty_id=duty_id))
    return gaps


def _refunds(book, org, cases, span: Span) -> list[Gap]:
    duty = desk_duty(book, REFUND)
    duty_id = desk_duty_id(book, REFUND)
    days = limit_days(duty)
    if duty is None or days is None:
        return []
    gaps = []
    for case in sorted(cases, key=lambda c: c.case):
        completion, refund = case.of_type("completion"), case.of_type("refund")
        if not completion:
            continue
        late = _late(completion[0].at.date(), refund[0].at if refund else None, days, span)
        if late is None:
            continue
        who = completion[0].by
        gaps.append(Gap("押金", late.isoformat(), who, staff_label(org, who), duty.text,
                        f"{case.source.path} 中的 refund（退还押金）记录",
                        f"{case.home} {completion[0].at:%m-%d} 竣工验收，押金超过 {days} 天未退", duty_id=duty_id))
    return gaps
