"""Every duty in its window (check/duty_windows.py), the check's start (check/span.py) and the personal view.

The walk: every duty of the shipped duty book (wutong_docs/data/duties.yml) is checked by some
check; a duty proven by a citation, the month's analysis or minutes the meeting check skips
gives a gap with its duty_id when its evidence is missing, and none when it is there.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest

from conftest import SAMPLE, wutong
from wutong_docs.check.duty_gaps import check
from wutong_docs.check.duty_windows import CHECKED, covered_by_meetings, windows
from wutong_docs.data import DUTIES
from wutong_docs.read.yaml_lines import parse_yaml
from wutong_docs.records.analysis import MonthlyAnalysis
from wutong_docs.records.common import Source
from wutong_docs.records.log import Citation, DailyLog, Patrol
from wutong_docs.records.minutes import KINDS as MEETING_KINDS
from wutong_docs.records.minutes import Minutes
from wutong_docs.records.notice import Notice
from wutong_docs.reference.duty_book import Cadence, parse_duties
from wutong_docs.reference.org import Org, Staff
from wutong_docs.reference.workdays import Overrides

NO_OVERRIDES = Overrides({}, {}, frozenset())
PATROLS = (Patrol(time(9, 30), "正常", 1), Patrol(time(15, 30), "正常", 1))   # the patrol count check (duty_gaps._logs)
SINCE, ON = date(2026, 10, 1), date(2026, 12, 31)   # Q4 whole: every cadence of the book closes in it
PEOPLE = {"supervisor": "zhao-min", "area_manager": "qian-li", "front_desk": "sun-yu"}
# what proves a duty -> the existing check that looks at it (check/duty_gaps.py, check/desk.py)
EXISTING = {"log": "_logs", "weekly": "_weekly_reports", "slip": "_slips", "desk": "desk_gaps",
            "desk:keys": "desk_gaps", "desk:parcels": "desk_gaps", "desk:cards": "desk_gaps",
            "renovation:waste": "desk_gaps", "renovation:passes": "desk_gaps", "renovation:refund": "desk_gaps",
            "case": "case_gaps", "legacy": "legacy_gaps",
            "lease": "lease_gaps", "workorder": "workorder_gaps",
            # an inspection record of the kind in each window (duty_windows._inspection_gaps), and the fixes of its
            # failed items (check/inspection.py)
            **{f"inspection:{kind}": "_inspection_gaps" for kind in
               ("monthly", "spot", "cleanliness", "vacant", "renovation")}}


def book():
    doc, problems = parse_yaml(DUTIES.read_text(encoding="utf-8"), "records/duties.yml")
    parsed, problems = parse_duties(doc)
    assert problems == []
    return parsed


def org(roles=PEOPLE, since=None) -> Org:
    return Org(staff={sid: Staff(sid, sid, role, "A" if role == "area_manager" else None, 1)
                      for role, sid in roles.items()}, since=since)


def days(first=SINCE, last=ON):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def evidence(duties, leave_out: tuple[str, str] | None = None, roles=PEOPLE) -> list:
    """Every day a log by everyone citing every label of their role; minutes of every kind; every analysis.

    `leave_out` ("cite", label) / ("report", "") / ("minutes", kind) / ("notice", "") removes that one piece of
    evidence; a notice goes up on the 1st, 11th and 21st of every month and each Monday.
    """
    labels = {role.id: [d.short for d in role.duties] for role in duties.roles.values()}
    records = []
    for day in days():
        for role, sid in roles.items():
            cites = tuple(Citation(label, 10, "做了") for label in labels[role] if leave_out != ("cite", label))
            records.append(DailyLog(day, sid, PATROLS, (), {}, Source(f"records/logs/{day}-{sid}.md", 1), {}, cites))
        for kind in MEETING_KINDS:
            if leave_out != ("minutes", kind):
                records.append(Minutes(kind, day, None, "zhao-min", (), (), None, (), "记录", Source("m.md", 1), {}))
        if leave_out != ("notice", "") and (day.day in (1, 11, 21) or day.weekday() == 0):
            records.append(Notice("general", "通知", day, day + timedelta(days=7), ("all",), None, None, None, "正文",
                                  f"n-{day}", Source(f"records/notices/{day:%Y/%m}/n-{day}.md", 1), {}))
    if leave_out != ("report", ""):
        records += [MonthlyAnalysis(m, "zhao-min", None, "分析", Source(f"records/reports/{m}.md", 1), {})
                    for m in ("2026-09", "2026-10", "2026-11")]
    return records


def gap_ids(duties, records, roles=PEOPLE) -> set[str]:
    return {g.duty_id for g in check(duties, org(roles), records, ON, NO_OVERRIDES, SINCE)}


def walked():
    """(role, duty, how it is checked) for every duty of the shipped book."""
    for role in book().roles.values():
        for duty in role.duties:
            if duty.record == "none":
                how = "none"
            elif duty.record in CHECKED or (duty.record.startswith("minutes:") and not covered_by_meetings(duty.cadence)):
                how = "window"
            elif duty.record.startswith("minutes:"):
                how = "_meetings"
            else:
                how = EXISTING.get(duty.record, "not checked yet")
            yield role.id, duty, how


def test_every_duty_of_the_shipped_book_is_checked_by_some_check_or_says_why_not():
    rows = list(walked())
    assert len(rows) == 80
    skipped = {f"{r}/{d.id}": d.reason for r, d, how in rows if how == "none"}
    assert skipped and all(skipped.values())   # record: none always says why (WT814)
    unchecked = {d.record for _, d, how in rows if how == "not checked yet"}
    assert not unchecked, unchecked
    print("\nskipped (record: none):\n" + "\n".join(f"  {k}: {v}" for k, v in skipped.items()))


def test_with_all_the_evidence_no_windowed_duty_has_a_gap():
    duties = book()
    windowed = {f"{r}/{d.id}" for r, d, how in walked() if how == "window"}
    assert windowed and not gap_ids(duties, evidence(duties)) & windowed


@pytest.mark.parametrize("role, duty_id", [(r, d.id) for r, d, how in walked() if how == "window"])
def test_a_windowed_duty_without_its_evidence_is_a_gap_with_its_duty_id(role, duty_id):
    duties = book()
    duty = next(d for d in duties.roles[role].duties if d.id == duty_id)
    if duty.record == "cite":
        missing = ("cite", duty.short)
    elif duty.record in ("report", "notice"):
        missing = (duty.record, "")
    else:
        missing = ("minutes", duty.record.split(":", 1)[1])
    assert f"{role}/{duty_id}" in gap_ids(duties, evidence(duties, missing))


def test_a_role_with_nobody_leaves_its_duties_to_the_department():
    duties = book()
    roles = {"supervisor": "zhao-min", "area_manager": "qian-li"}   # no front desk
    found = check(duties, org(roles), evidence(duties, roles=roles), ON, NO_OVERRIDES, SINCE)
    weekly = [g for g in found if g.duty_id == "front_desk/weekly-summary"]
    assert weekly and {(g.staff, g.name) for g in weekly} == {("", "客服部")}
    assert "服务中心前台无人在岗，任何人的日志都算" in weekly[0].action


def test_a_shared_duty_is_done_once_for_the_role_by_anyone_of_it():
    """前台周汇总 (shared: true): one clerk's 【前台周汇总】 serves the desk; without it, one item for the role, not one each."""
    duties = book()
    two_clerks = Org(staff={"zhao-min": Staff("zhao-min", "赵敏", "supervisor", None, 1),
                            "sun-yu": Staff("sun-yu", "孙雨", "front_desk", None, 2),
                            "zhou-mei": Staff("zhou-mei", "周梅", "front_desk", None, 3)})
    records = [r for r in evidence(duties, ("cite", "前台周汇总"), roles={"supervisor": "zhao-min", "front_desk": "sun-yu"})]
    records += [DailyLog(d, "zhou-mei", PATROLS, (), {}, Source(f"records/logs/{d}-zhou-mei.md", 1), {},
                         tuple(Citation(x.short, 10, "做了") for x in duties.roles["front_desk"].duties
                               if x.short != "前台周汇总")) for d in days()]
    missing = [g for g in check(duties, two_clerks, records, ON, NO_OVERRIDES, SINCE)
               if g.duty_id == "front_desk/weekly-summary"]
    weeks = {g.date for g in missing}
    assert len(missing) == len(weeks) == 13   # W40–W52 of Q4, once each: not once per clerk
    assert {(g.staff, g.name) for g in missing} == {("", "客服部")}
    assert missing[0].action.endswith("任一天的日志都算，服务中心前台任何一人写的都算）")
    friday = date(2026, 11, 20)
    records.append(DailyLog(friday, "zhou-mei", PATROLS, (), {}, Source("x.md", 1), {}, (Citation("前台周汇总", 8, "本周"),)))
    left = {g.date for g in check(duties, two_clerks, records, ON, NO_OVERRIDES, SINCE)
            if g.duty_id == "front_desk/weekly-summary"}
    assert left == weeks - {"2026-W47"}


def test_shared_must_be_true_or_false(tmp_path):
    text = DUTIES.read_text(encoding="utf-8").replace("shared: true ", "shared: 是 ", 1)
    doc, _ = parse_yaml(text, "records/duties.yml")
    _, problems = parse_duties(doc)
    assert [(p.code, p.message) for p in problems] == [("WT103", "shared: 这里写 true 或 false，而不是 '是'")]


# ── windows and their boundaries ──

def forum_gaps(records, on):
    duties = book()
    return [g for g in check(duties, org(), records, on, NO_OVERRIDES, date(2026, 10, 1))
            if g.duty_id == "supervisor/owner-forum"]


def test_the_quarterly_forum_is_a_gap_once_the_quarters_last_working_day_has_passed():
    duties = book()
    without = evidence(duties, ("minutes", "owner-forum"))
    assert forum_gaps(without, date(2026, 12, 30)) == []        # Q4 still open
    gaps = forum_gaps(without, date(2026, 12, 31))               # its last working day (a Thursday)
    assert [(g.category, g.date, g.staff, g.name, g.message, g.due) for g in gaps] == [
        ("会议", "2026-Q4", "", "客服部", "没有业主座谈会记录", "2026-12-31")]
    assert forum_gaps(evidence(duties), date(2026, 12, 31)) == []   # with forum minutes in Q4: none


def test_a_quarter_ending_on_a_rest_day_closes_on_its_last_working_day():
    # 2029-09-30 is a Sunday: Q3 2029 closes on Friday 09-28, though a citation on the 30th still counts
    found = windows(Cadence(every="quarter"), date(2029, 9, 1), date(2029, 9, 28), NO_OVERRIDES)
    assert [(w.label, w.first, w.last, w.due) for w in found] == [
        ("2029-Q3", date(2029, 7, 1), date(2029, 9, 30), date(2029, 9, 28))]
    assert windows(Cadence(every="quarter"), date(2029, 9, 1), date(2029, 9, 27), NO_OVERRIDES) == []


def test_a_monthly_by_day_window_closes_on_its_day_after_the_rest_day_rule():
    c = Cadence(every="month", by_day=5)
    # 2026-11-05 is a Thursday: due that day, not the day before
    assert windows(c, date(2026, 11, 1), date(2026, 11, 4), NO_OVERRIDES) == []
    [w] = windows(c, date(2026, 11, 1), date(2026, 11, 5), NO_OVERRIDES)
    assert (w.first, w.last, w.due, w.label) == (date(2026, 11, 1), date(2026, 11, 5), date(2026, 11, 5), "2026-11（5日前）")
    # 2026-12-20 is a Sunday: 20日前 is due on Friday 12-18, so the window closes there
    c20 = Cadence(every="month", by_day=20)
    assert windows(c20, date(2026, 12, 1), date(2026, 12, 17), NO_OVERRIDES) == []
    [w] = windows(c20, date(2026, 12, 1), date(2026, 12, 18), NO_OVERRIDES)
    assert (w.first, w.last, w.due) == (date(2026, 12, 1), date(2026, 12, 18), date(2026, 12, 18))


def test_a_monthly_day_range_and_a_whole_month():
    c = Cadence(every="month", days=(11, 20))
    assert windows(c, date(2026, 11, 1), date(2026, 11, 19), NO_OVERRIDES) == []
    [w] = windows(c, date(2026, 11, 1), date(2026, 11, 20), NO_OVERRIDES)
    assert (w.first, w.last, w.label) == (date(2026, 11, 11), date(2026, 11, 20), "2026-11（11日—20日）")
    [w] = windows(Cadence(every="month"), date(2026, 11, 1), date(2026, 11, 30), NO_OVERRIDES)
    assert (w.first, w.last, w.label) == (date(2026, 11, 1), date(2026, 11, 30), "2026-11")
    assert windows(Cadence(every="month"), date(2026, 11, 1), date(2026, 11, 29), NO_OVERRIDES) == []


def test_weekly_windows_are_whole_iso_weeks_or_run_to_their_weekday():
    whole = windows(Cadence(every="week"), date(2026, 11, 2), date(2026, 11, 14), NO_OVERRIDES)
    assert [(w.label, w.first, w.due) for w in whole] == [("2026-W45", date(2026, 11, 2), date(2026, 11, 8))]
    friday = windows(Cadence(every="week", weekdays=(4,)), date(2026, 11, 2), date(2026, 11, 12), NO_OVERRIDES)
    assert [(w.label, w.first, w.due) for w in friday] == [("2026-W45", date(2026, 11, 2), date(2026, 11, 6))]


def test_daily_windows_follow_who_is_at_work_and_a_citation_the_day_before_does_not_count():
    duties = book()
    records = [r for r in evidence(duties) if not (isinstance(r, DailyLog) and r.date == date(2026, 11, 6)
                                                      and r.staff == "qian-li")]
    records.append(DailyLog(date(2026, 11, 6), "qian-li", PATROLS, (), {}, Source("x.md", 1), {}, ()))
    gaps = [g for g in check(duties, org(), records, ON, NO_OVERRIDES, SINCE)
            if g.staff == "qian-li" and g.category == "职责"]
    assert {g.date for g in gaps} == {"2026-11-06"}          # Friday, at work, nothing cited
    assert all(g.due == "2026-11-06" for g in gaps)
    assert "area_manager/update-owner-files" in {g.duty_id for g in gaps}
    weekend = [g for g in check(duties, org(), evidence(duties, ("cite", "业主档案更新")), ON, NO_OVERRIDES, SINCE)
               if g.duty_id == "area_manager/update-owner-files"]
    assert "2026-11-06" in {g.date for g in weekend}
    assert date(2026, 11, 7).isoformat() not in {g.date for g in weekend}   # Saturday: no one at work


def test_a_day_without_a_log_is_asked_for_once_as_the_log_not_again_for_each_citation():
    duties = book()
    records = [r for r in evidence(duties) if not (isinstance(r, DailyLog) and r.date == date(2026, 11, 6)
                                                      and r.staff == "qian-li")]
    gaps = [g for g in check(duties, org(), records, ON, NO_OVERRIDES, SINCE)
            if g.staff == "qian-li" and g.date == "2026-11-06"]
    assert [(g.category, g.message) for g in gaps] == [("日志", "没有工作日志")]


# ── the check starts when the estate does ──

def test_a_new_estates_first_check_lists_nothing_from_before_it_and_a_day_later_only_that_day(tmp_path, monkeypatch):
    from datetime import datetime

    from click.testing import CliRunner

    from wutong_docs.cli.main import cli
    from wutong_docs.core import dates

    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 12, 7, 9, 0))   # a Monday
    root = tmp_path / "银杏苑"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    assert "\nsince: 2026-12-07   #" in (root / "records/org.yml").read_text(encoding="utf-8")
    yesterday = wutong(root, "check")                                     # the default: the day before, 12-06
    assert (yesterday.exit_code, yesterday.stdout) == (0, "")
    assert yesterday.stderr == "检查到 2026-12-06：记录从 2026-12-07 开始，在此之前没有要检查的工作\n"
    first = wutong(root, "check", "--date", "2026-12-07", "--format", "json")
    gaps = json.loads(first.stdout)["gaps"]
    assert gaps and {g["due"] for g in gaps} == {"2026-12-07"}          # only what that day required
    asked = wutong(root, "check", "--date", "2026-12-07", "--since", "2026-11-01")
    assert asked.stderr.startswith("记录从 2026-12-07 开始（records/org.yml 的 since）：2026-12-07 之前的工作不检查\n")


def test_a_bad_since_in_org_yml_is_an_error_with_its_line(good_repo):
    org_yml = good_repo / "records/org.yml"
    org_yml.write_text("since: 2026-13-01\n" + org_yml.read_text(encoding="utf-8"), encoding="utf-8")
    result = wutong(good_repo, "validate")
    assert result.stdout == "records/org.yml:1: error WT104 since: 日期 2026-13-01 不存在，请核对月份和日\n"
    assert result.exit_code == 1


def test_without_since_the_default_span_starts_at_the_first_record(good_repo):
    from test_check import repo_with_duties

    # the good fixture's first record of daily work is the W48 report (Monday 11-23)
    result = wutong(repo_with_duties(good_repo), "check", "--date", "2026-12-01")
    assert result.stderr.splitlines()[-1].startswith("检查 2026-11-23 至 2026-12-01：")


# ── the personal view ──

def check_sample(*args, env=None):
    from click.testing import CliRunner

    from wutong_docs.cli.main import cli
    return CliRunner(env=env).invoke(cli, ["--root", str(SAMPLE), "check", "--date", "2026-11-30",
                                           "--since", "2026-11-01", *args], catch_exceptions=False)


def test_staff_shows_one_persons_gaps_and_their_roles_department_items():
    whole = json.loads(check_sample("--format", "json").stdout)
    mine = json.loads(check_sample("--staff", "zhang-wei", "--format", "json").stdout)
    assert mine.keys() == whole.keys()
    assert [p["staff"] for p in mine["people"]] == ["zhang-wei"]
    assert {g["staff"] for g in mine["gaps"]} == {"zhang-wei", ""}
    assert all(g["duty_id"].startswith("supervisor/") for g in mine["gaps"] if not g["staff"])
    assert mine["gaps"] == [g for g in whole["gaps"] if g["staff"] == "zhang-wei"
                            or (not g["staff"] and g["duty_id"].startswith("supervisor/"))]
    text = check_sample("--staff", "li-na")
    headings = [line for line in text.stdout.splitlines() if line.endswith(" 项")]
    assert headings == ["李娜（li-na）：3 项", "客服部（全部门）：1 项"]   # the morning meetings her role attends
    assert text.stderr.splitlines()[-1] == "检查 2026-11-01 至 2026-11-30：4 项缺失（李娜 3、客服部 1）"
    assert check_sample(env={"WUTONG_STAFF": "li-na"}).stdout == text.stdout


@pytest.mark.parametrize("staff", ["zhang-wei", "li-na", "chen-lei", "liu-yang", "huang-jing", "wang-fang",
                                   "zhou-xue", "xu-ting"])
def test_each_persons_check_of_the_sample_month_fits_one_screen(staff):
    assert len(check_sample("--staff", staff).stdout.splitlines()) <= 25


def test_role_shows_its_people_and_its_department_items():
    data = json.loads(check_sample("--role", "front_desk", "--format", "json").stdout)
    assert [p["staff"] for p in data["people"]] == ["wang-fang", "zhou-xue", "xu-ting"]
    assert all(g["duty_id"].startswith("front_desk/") for g in data["gaps"] if not g["staff"])


def test_an_unknown_staff_id_or_role_is_refused_with_a_suggestion():
    result = check_sample("--staff", "li-nna")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("错误：员工 li-nna 不在 records/org.yml 中（是不是 li-na？）；已有：zhang-wei、li-na、chen-lei、"
                             "liu-yang、huang-jing、wang-fang、zhou-xue、xu-ting\n")
    result = check_sample("--role", "supervisr")
    assert result.exit_code == 2 and "supervisr 不是可选的值（是不是 supervisor？）" in result.stderr
    result = check_sample("--staff", "li-na", "--role", "supervisor")
    assert result.exit_code == 2 and "错误：--staff 和 --role 只能给一个" in result.stderr


# ── the sample month (issue 21, item 9) ──

def cited_in_sample() -> dict[tuple[str, str], set[str]]:
    """(staff, label) -> the days a sample log cites it: read from the files here, not through the package."""
    import re
    found: dict = {}
    for path in (SAMPLE / "records/logs/2026/11").glob("*.md"):
        staff = path.stem[11:]
        today = path.read_text(encoding="utf-8").split("## 次日工作计划")[0]
        for label in re.findall(r"(?m)^\d+\. 【([^】]+)】", today):
            found.setdefault((staff, label), set()).add(path.stem[:10])
    return found


def test_the_sample_month_cites_most_duties_and_the_check_lists_exactly_the_ones_it_does_not():
    """A diligent but human month: every duty proven by a citation is cited in November except these."""
    data = json.loads(check_sample("--format", "json").stdout)
    missing = sorted((g["staff"], g["duty_id"], g["date"]) for g in data["gaps"] if g["category"] == "职责")
    assert missing == sorted([
        ("chen-lei", "area_manager/update-owner-files", "2026-11-11"),   # 陈磊 updated files but wrote no 【】
        ("chen-lei", "area_manager/update-owner-files", "2026-11-24"),
        ("zhang-wei", "supervisor/check-office-hygiene", "2026-11-18"),  # a busy day: no 【卫生检查】
        ("zhang-wei", "supervisor/complaint-rate-control", "2026-11（11日—20日）"),
        ("zhang-wei", "supervisor/community-posters", "2026-11（20日—月末）"),
        ("", "front_desk/weekly-summary", "2026-W46"),                   # the desk's summary of W46, by no one
        ("liu-yang", "area_manager/cover-duties", "2026-W47"),
        ("zhang-wei", "supervisor/parking-enforcement", "2026-W47"),
    ])
    cited = cited_in_sample()
    # and the files agree: no 【投诉率监控】 in November, 【车辆乱停整治】 in every week but W47, 陈磊 on the other days
    assert ("zhang-wei", "投诉率监控") not in cited
    assert sorted(date.fromisoformat(d).isocalendar()[1] for d in cited[("zhang-wei", "车辆乱停整治")]) == [45, 46, 48]
    assert {"2026-11-11", "2026-11-24"}.isdisjoint(cited[("chen-lei", "业主档案更新")])
    his_logs = len(list((SAMPLE / "records/logs/2026/11").glob("*-chen-lei.md")))
    assert len(cited[("chen-lei", "业主档案更新")]) == his_logs - 2   # every other day he wrote a log
    import yaml
    book_yml = yaml.safe_load((SAMPLE / "records/duties.yml").read_text(encoding="utf-8"))
    supervisor = next(r for r in book_yml["roles"] if r["id"] == "supervisor")
    to_cite = {d["short"] for p in supervisor["periods"] for d in p["duties"] if d["record"] == "cite"}
    supervisor_labels = {label for (staff, label) in cited if staff == "zhang-wei"}
    assert to_cite - supervisor_labels == {"投诉率监控", "宣传海报"}   # the two never cited in the month
