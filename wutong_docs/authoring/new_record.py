"""`wutong new`: a new record from the department's templates, prefilled, never overwriting.

The templates live in `templates/new/` of the records repository (the
department edits them); the ones shipped beside this package are the fallback.
A scaffold is deliberately incomplete: the placeholders it leaves fail
validation until the author fills them in, so an untouched scaffold cannot be
committed by mistake.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..core.dates import Month, as_month, now
from ..core.errors import WutongError
from ..core.output import Exists, OutputError, create_record
from ..records.drafts import environment as draft_environment
from ..records.drafts import next_slip_id
from ..read.fields import did_you_mean
from ..records import drafts, minutes, slip
from ..reference.org import ORG_PATH, Org, Staff

class ScaffoldError(WutongError):
    """A `wutong new` request that cannot be carried out; the message says why."""


class RecordExists(ScaffoldError):
    """The record's file exists already (for a slip: someone else took that number first)."""


def read_org(root: Path) -> Org:
    """The validated org.yml a new record is prefilled from (ProblemsError when it is invalid)."""
    from ..validate.pipeline import validated

    return validated(root, [ORG_PATH],
                     summary="records/org.yml 有错误，请先运行 wutong validate records/org.yml 并改正").org


def _listed(org: Org) -> str:
    return "、".join(f"{s.id}（{s.name}）" for s in org.staff.values())


def known_staff(org: Org, staff_id: str | None, option: str = "--staff", who: str = "") -> Staff:
    """The staff member `staff_id` names (an id, or the one person of that name); without one, every id to choose
    from, as a misspelt id gets them: a new clerk does not know the ids yet.
    """
    if not staff_id:
        raise ScaffoldError(f"请用 {option} 指明{who}员工编号（或设置环境变量 WUTONG_STAFF）；可用的员工编号：{_listed(org)}")
    if staff_id not in org.staff:
        named = [s for s in org.staff.values() if s.name == staff_id.strip()]
        if len(named) == 1:  # --staff 李娜: the one person of that name
            return named[0]
        known = _listed(org)
        raise ScaffoldError(f"员工 {staff_id} 不在 records/org.yml 中{did_you_mean(staff_id, org.staff)}；已有：{known}")
    return org.staff[staff_id]


def write_draft(root: Path, rel: str, text: str) -> str:
    """Create the record `rel`, whole or not at all, never over an existing file (`output.create_record`)."""
    try:
        create_record(root, rel, text)
    except OutputError as exc:
        raise (RecordExists if isinstance(exc, Exists) else ScaffoldError)(str(exc)) from None
    return rel


def new_log(root: Path, staff_id: str | None, day: date | None = None) -> str:
    """Write today's (or `day`'s) log of a staff member from templates/new/log.md.j2; return its path."""
    org = read_org(root)
    staff = known_staff(org, staff_id)
    return write_draft(root, *drafts.Drafts(root).log(staff, day or now().date()))


def one_of(value: str | None, option: str, what: str, options: dict[str, str]) -> str | None:
    """An option's id, also when given as its Chinese label (电话 -> phone); refused at once if neither.

    A value the record would refuse is refused here, before a file is written that fails
    validation; the file always gets the id, as the site and the handbook's examples write it.
    """
    if value is None:
        return None
    value = value.strip()
    if value in options:
        return value
    for id, label in options.items():
        if value == label:
            return id
    listed = "、".join(f"{id}（{label}）" for id, label in options.items())
    raise ScaffoldError(f"{option} {value} 不是可选的{what}{did_you_mean(value, options)}；可选：{listed}"
                        "（写编号或中文名都可以）")


def new_slip(root: Path, staff_id: str | None, opened: datetime | None = None, **fields) -> str:
    """A new slip with the next free number; a number taken meanwhile (a second `new slip`) is skipped."""
    org = read_org(root)
    staff = known_staff(org, staff_id)
    opened = opened or now()
    values = {name: fields.get(name) for name in ("channel", "category", "unit", "contact", "to")}
    departments = {d.id: d.name for d in org.departments.values()}
    for name, what, options in (("channel", "来源", slip.CHANNELS), ("category", "类别", slip.CATEGORIES),
                                ("to", "派往部门", departments)):
        values[name] = one_of(values[name], f"--{name}", what, options)
    lost = 0
    while True:
        slip_id = next_slip_id(root, staff.id, opened.date(), after=lost)
        try:
            return write_draft(root, *drafts.Drafts(root).slip(org, staff, slip_id, opened, **values))
        except RecordExists:
            lost = int(slip_id[-2:])


def new_minutes(root: Path, kind: str, day: date | None = None, chair_id: str | None = None) -> str:
    """Write the minutes of a `kind` of meeting, attendees prefilled from org.yml; return its path."""
    if kind not in minutes.KINDS:
        raise ScaffoldError(f"会议类型 {kind} 不存在；可选：{'、'.join(minutes.KINDS)}")
    org = read_org(root)
    supervisors = org.by_role("supervisor")
    chair = known_staff(org, chair_id or (supervisors[0].id if supervisors else None), "--chair", "主持人的")
    day = day or now().date()
    figures = _figures(root, Month.of(day), day) if kind == "monthly" else ([], "")
    return write_draft(root, *drafts.Drafts(root).minutes(org, kind, day, chair, figures))


def _figures(root: Path, month: Month, day: date | None) -> tuple[list[str], str]:
    """The month's figures in the phrasing the reconciliation reads (`validate.reconcile`), and a note when none.

    Counted from the whole repository as validated; with errors in the records they are left
    out (a figure counted over a half-written slip would be wrong) and the note says why.
    """
    from ..core.problems import ERROR
    from ..validate.pipeline import validate
    from ..validate.reconcile import figure_sentences

    report = validate(root)
    errors = sum(1 for p in report.problems if p.severity == ERROR)
    if errors:
        return [], (f"记录有 {errors} 个错误，本月数字未预填：运行 wutong validate 改正后，"
                    "删去本文件再运行一次本命令，数字会自动填好")
    return figure_sentences(report, month, day), ""


def new_report(root: Path, month: Month | str, by: str | None = None) -> str:
    """The supervisor's analysis of `month`, records/reports/YYYY-MM.md, with the month's figures pre-filled.

    The three headings (概况, 问题, 措施) are the department's habit for a monthly analysis;
    the 概况 paragraph holds the figures as of the month's end, written so that `wutong validate`
    reads them back and warns when a later correction of the records changes them.
    """
    from ..records import analysis

    org = read_org(root)
    supervisors = org.by_role("supervisor")
    author = known_staff(org, by or (supervisors[0].id if supervisors else None), "--by", "撰写人的")
    month = as_month(month)
    figures, note = _figures(root, month, None)
    today = now().date()
    text = draft_environment(root).get_template("new/report.md.j2").render(
        month=str(month), month_number=month.month, by=author, date=today if today >= month.first else None,
        figures=figures, figures_note=note)
    return write_draft(root, analysis.path_for(str(month)), text)


def new_weekly(root: Path, staff_id: str | None, day: date | None = None) -> str:
    """The weekly report of the ISO week holding `day` (default: this week)."""
    org = read_org(root)
    staff = known_staff(org, staff_id)
    submitted = now() if day is None else datetime.combine(day, time(14, 0))
    return write_draft(root, *drafts.Drafts(root).weekly(staff, submitted))


_NOTICE_HINTS = {
    "theme": "本月公示栏主题：写明主题、要点（如冬季防火、供暖注意事项），语句简短，适合张贴",
    "activity": "社区活动：写明活动名称、时间、地点、报名方式和注意事项",
    "outage": "停水停电：写明原因、起止时间、影响范围、注意事项，以及恢复后的提示",
    "greeting": "节日问候：写问候语，以及节日期间服务中心的值班安排",
    "renovation": "装修公示：写明装修期限、允许施工的时段和投诉渠道；不写业主姓名和房号",
    "dunning": "催缴函正文（每户相同）：说明费用用途、缴费方式；每户的金额和月份由欠费名单自动填入",
    "collection": "收缴情况公示：写说明和感谢语；收缴率和欠费户数由欠费名单和 org.yml 的户数自动算出，不写姓名、房号、金额",
    "general": "通知：写明事由、时间、范围和需要业主配合的事项",
}


def new_notice(root: Path, kind: str, posted: date | None = None, slug: str | None = None) -> str:
    """Write a notice of `kind` with posting and removal dates and targets prefilled; return its path."""
    from ..records import arrears, notice

    if kind not in notice.KINDS:
        listed = "、".join(f"{k}（{v}）" for k, v in notice.KINDS.items())
        raise ScaffoldError(f"通知类型 {kind} 不存在；可选：{listed}")
    org = read_org(root)
    posted = posted or now().date()
    slug = slug or f"{kind}-{posted:%Y%m%d}"
    if not notice.SLUG.match(slug):
        raise ScaffoldError(f"文件名 {slug} 写法不对：只用小写英文字母、数字和连字符，例如 winter-heating")
    if kind == "theme":  # a month's theme stays up until the month ends
        until = Month.of(posted).last
    else:
        until = posted + timedelta(days=10 if kind == "dunning" else 14)
    lists = sorted((root / "records" / "arrears").glob("*/*/*.csv"))
    latest = lists[-1].relative_to(root).as_posix() if lists else ""
    text = draft_environment(root).get_template("new/notice.md.j2").render(
        kind=kind, kind_label=notice.KINDS[kind], posted=posted, until=until,
        units="all" if kind in ("theme", "greeting", "dunning", "collection") else '""',
        arrears=latest if arrears.PATTERN.match(latest) else "", hint=_NOTICE_HINTS[kind],
        service_centre=org.service_centre)
    return write_draft(root, notice.path_for(posted, slug), text)


def new_roster(root: Path, month: Month | str) -> str:
    """The month's roster: everyone on working days; each rest day one front desk and one area manager, in turn.

    The duty book has both roles work 周一至周末 in turns; the draft rotates them in
    org.yml's order over the month's rest days (weekends and holidays by the
    working-day calendar), for the supervisor to adjust before committing.
    """
    from ..records import roster
    from ..reference.due import rest_reason
    from ..reference.workdays import CALENDAR_PATH, day_info
    from ..validate.pipeline import validated

    report = validated(root, [ORG_PATH, CALENDAR_PATH],
                       summary="{path} 有错误，请先运行 wutong validate {path} 并改正，再建排班表")
    org, overrides = report.org, report.overrides
    month = as_month(month)
    days = month.days()
    rest = [d for d in days if not day_info(d, overrides).workday]
    groups = [people for people in (org.by_role("front_desk"), org.by_role("area_manager")) if people]
    turns = [(d, [people[i % len(people)].id for people in groups]) for i, d in enumerate(rest)]
    labels = {d: rest_reason(d, overrides) for d in rest}
    # the comments' example rows name this estate's own staff (a front desk, an area manager), never the sample's
    people = [*org.by_role("front_desk"), *org.by_role("area_manager"), *org.staff.values()]
    examples = [people[0].id, (org.by_role("area_manager") or people)[0].id] if people else ["qian-li", "sun-yu"]
    text = draft_environment(root).get_template("new/roster.yml.j2").render(
        month=str(month), year=month.year, month_number=month.month, turns=turns if groups else [], labels=labels,
        examples=examples)
    return write_draft(root, roster.path_for(str(month)), text)


def new_desk(root: Path, staff_id: str | None, day: date | None = None) -> str:
    """The day's front-desk register from templates/new/desk.md.j2: the person at the desk, empty sections.

    The sections are written as empty lists, each under a comment showing one row,
    so a hand-typed row has its model just above it and `wutong desk …` appends to
    the list in place. An empty register is valid: a day may have no rows yet.
    Written under the register's lock (`record_lock.py`), the one quick entry holds when
    it makes the same file for the day's first row: whichever comes second sees the file.
    """
    from .record_lock import record_lock

    org = read_org(root)
    staff = known_staff(org, staff_id)
    draft = drafts.Drafts(root).desk(org, staff, day or now().date())
    with record_lock(root, draft.path):
        return write_draft(root, *draft)


def known_home(org: Org, home: str) -> str:
    """A home as `building-unit-room` whose building and unit org.yml knows; it names the case's file."""
    from ..reference.org import HOME_ID

    home = home.strip()
    m = HOME_ID.match(home)
    if not m:
        raise ScaffoldError(f"房号 {home} 写法不对：应为 楼栋-单元-房号，例如 3-2-501")
    if not org.has_unit(m.group(1), m.group(2)):
        raise ScaffoldError(f"房号 {home}：{m.group(1)} 栋 {m.group(2)} 单元不在 records/org.yml 中")
    return home


def new_survey(root: Path, home: str, staff_id: str | None, day: date | None = None) -> str:
    """A satisfaction survey of `home` on `day` (default today) by `staff_id`, every item of duties.yml listed.

    Each item is left without a score, under a comment giving the scale, so a survey
    saved before the visit is finished fails validation (WT961) and names the item;
    one home is one file a day, so a second `new survey` of it that day is refused.
    """
    from ..records import survey
    from ..reference.duty_book import DUTIES_PATH
    from ..validate.pipeline import validated

    report = validated(root, [ORG_PATH, DUTIES_PATH],
                       summary="{path} 有错误，请先运行 wutong validate {path} 并改正，再建满意度调查")
    items = report.duties.survey if report.duties else None
    if not items:
        raise ScaffoldError("records/duties.yml 中没有满意度调查项目（survey.items）：先在 duties.yml 中写 survey: "
                            "下一行 items:，每项一行“编号: 中文名称”，例如 cleaning: 保洁")
    org = report.org
    staff = known_staff(org, staff_id, "--by", "做调查的")
    home = known_home(org, home)
    day = day or now().date()
    text = draft_environment(root).get_template("new/survey.md.j2").render(
        home=home, date=day, staff=staff, items=items, width=max(len(id) for id in items))
    return write_draft(root, survey.path_for(day, home), text)


def new_renovation(root: Path, home: str, contractor: str, applied: date | None = None) -> str:
    """A renovation case of `home` applied for on `applied` (default today), from templates/new/renovation.md.j2.

    Only what is known at application is filled in: the home, the contractor and
    the date; the approval, deposit, passes and events are left empty under
    comments showing their format, and the case is open. Such a case validates,
    so `wutong renovation event` can add to it at once.
    """
    from ..records import renovation

    org = read_org(root)
    home = known_home(org, home)
    if not contractor.strip():
        raise ScaffoldError("请用 --contractor 写明施工单位，例如 --contractor 城南家装工程队")
    applied = applied or now().date()
    supervisors, patrollers = org.by_role("supervisor"), org.by_role("area_manager")
    text = draft_environment(root).get_template("new/renovation.md.j2").render(
        home=home, contractor=contractor.strip(), applied=applied, until=Month.of(applied).last,
        approver=supervisors[0].id if supervisors else "zhang-wei",
        patroller=(patrollers or supervisors)[0].id if (patrollers or supervisors) else "liu-yang")
    return write_draft(root, renovation.path_for(home, applied), text)


def _inspection_area(org: Org, area: str) -> str:
    """An area id of org.yml (also given as its name, A区), or `center` (服务中心); refused at once otherwise."""
    from ..records.inspection import CENTER, CENTER_NAME

    area = area.strip()
    if area in org.areas or area == CENTER:
        return area
    named = [a.id for a in org.areas.values() if a.name == area]
    if named or area == CENTER_NAME:
        return named[0] if named else CENTER
    listed = "、".join([*(f"{a.id}（{a.name}）" for a in org.areas.values()), f"{CENTER}（{CENTER_NAME}）"])
    raise ScaffoldError(f"--area {area} 不是 records/org.yml 中的片区{did_you_mean(area, [*org.areas, CENTER])}；"
                        f"可选：{listed}")


def _checklist(root: Path, kind: str) -> tuple[str, ...]:
    """The items of `kind` from records/checklists.yml (the shipped list when the repository has none)."""
    from ..core.problems import ERROR
    from ..reference.checklists import CHECKLISTS_PATH, load_checklists, shipped_checklists

    lists, found = load_checklists(root)
    if any(p.severity == ERROR for p in found):
        raise ScaffoldError(f"{CHECKLISTS_PATH} 有错误，请先运行 wutong validate {CHECKLISTS_PATH} 并改正，再建检查记录")
    return (lists or shipped_checklists()).of(kind)


def new_inspection(root: Path, kind: str, area: str, staff_id: str | None, day: date | None = None) -> str:
    """An inspection of `kind` of `area` on `day` (default today) by `staff_id`, every checklist item listed.

    The items come from records/checklists.yml, each with its result left empty, so the
    draft is a form: saved before every item is judged, it fails validation and names
    the item. One kind of one area is one file a day; a second is refused, never overwritten.
    """
    from ..records import inspection
    from ..reference.checklists import KINDS, kind_id

    org = read_org(root)
    found = kind_id(kind)
    if found is None:
        listed = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
        raise ScaffoldError(f"--kind {kind.strip()} 不是检查的种类{did_you_mean(kind.strip(), KINDS)}；可选：{listed}")
    staff = known_staff(org, staff_id, "--by", "检查人的")
    area = _inspection_area(org, area)
    day = day or now().date()
    text = draft_environment(root).get_template("new/inspection.md.j2").render(
        date=day, staff=staff, kind=found, kind_name=KINDS[found], area=area,
        area_name=inspection.area_name(org, area), items=_checklist(root, found),
        departments=org.departments.values())
    return write_draft(root, inspection.path_for(day, found, area), text)
