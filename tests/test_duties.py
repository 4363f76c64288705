"""The duty book, `records/duties.yml`, read on its own: typed cadences, inherited defaults, and exact problems.

The calendar and `wutong check` trust these values (a duty with `times: 2`
needs two patrols in the log; `days: [20, end]` runs to the month's last day),
so the values are checked here, once, from the YAML a supervisor writes.
test_duty_book_seed.py checks the sample's wording against the seed; the codes'
bad-file fixtures check one mistake each through `wutong validate`.
"""

from __future__ import annotations

from datetime import time

import pytest

from conftest import SAMPLE
from wutong_docs.reference.duty_book import END, Cadence, load_duties, parse_duties
from wutong_docs.read.yaml_lines import parse_yaml

PATH = "records/duties.yml"
FORMAT = "写法见工作手册站点「参考 › 岗位职责数据格式」"


def parse(text: str):
    """The duty book of `text`, and its problems as the lines `wutong validate` prints."""
    doc, found = parse_yaml(text, PATH)
    assert found == [] and doc is not None
    book, found = parse_duties(doc)
    return book, [p.as_text() for p in found]


def one_role(duties: str, period_cadence: str = "{every: day}") -> str:
    """A duty book with one role and one period holding `duties` (YAML list items at 10 spaces)."""
    return ("version: 1\nroles:\n  - id: front_desk\n    name: 服务中心前台\n    periods:\n"
            f"      - id: daily\n        name: 每天\n        cadence: {period_cadence}\n        duties:\n{duties}")


def by_id(role) -> dict:
    return {d.id: d for d in role.duties}


def test_the_sample_duty_book_gives_each_role_its_periods_and_typed_cadences():
    book, found = load_duties(SAMPLE)
    assert found == []
    assert [(r.id, r.name, r.cycle, len(r.duties)) for r in book.roles.values()] == [
        ("supervisor", "主管", "每月", 43), ("area_manager", "片区管理员", "每日", 19), ("front_desk", "服务中心前台", "每日", 18)]
    am = book.roles["area_manager"]
    assert [p.id for p in am.periods] == ["workday-morning", "daily", "weekly"]
    daily = am.periods[1]
    assert daily.cadence.windows == ((time(8), time(12)), (time(14), time(18)))
    assert daily.handoffs == ("部门主管", "项目各主管")
    duties = by_id(am)
    # a duty without its own cadence takes its period's
    assert duties["clean-office"].cadence == Cadence(every="workday", start=time(8, 25), end=time(9))
    assert duties["morning-meeting"].cadence == Cadence(every="workday", at=time(8, 25))
    patrol = duties["area-patrol"]
    assert (patrol.cadence.every, patrol.cadence.times, patrol.period, patrol.line) == ("day", 2, "daily", 362)
    rule = patrol.standards[2]
    assert (rule.text, rule.cadence.is_rule, rule.cadence.limit_days) == ("装修垃圾堆放不允许超过3天", True, 3)
    report = duties["weekly-report"]
    assert (report.cadence.weekdays, report.cadence.at, report.record) == ((4,), time(14), "weekly")
    supervisor = by_id(book.roles["supervisor"])
    assert supervisor["submit-attendance"].cadence.by_day == 2
    assert supervisor["complaint-analysis"].cadence.days == (1, 10)
    assert supervisor["monthly-meeting"].cadence.days == (20, END)   # 20日-月末, whatever the month's length
    assert supervisor["monthly-meeting"].record == "minutes:monthly"
    keys = by_id(book.roles["front_desk"])["key-custody"].standards
    assert [s.cadence.limit_days for s in keys if s.cadence] == [0]   # 无过夜: not even overnight


@pytest.mark.parametrize("cadence, expected", [
    ('{every: workday, from: "08:25", to: "09:00"}', Cadence(every="workday", start=time(8, 25), end=time(9))),
    ('{every: day, times: 2}', Cadence(every="day", times=2)),
    ('{every: day, before: "18:00"}', Cadence(every="day", before=time(18))),
    ('{every: day, windows: [["08:00", "12:00"], ["14:00", "15:30"]]}',
     Cadence(every="day", windows=((time(8), time(12)), (time(14), time(15, 30))))),
    ('{every: week, weekday: fri, at: "14:00"}', Cadence(every="week", weekdays=(4,), at=time(14))),
    ('{every: week, weekday: [sat, sun]}', Cadence(every="week", weekdays=(5, 6))),
    ('{every: month, days: [20, end]}', Cadence(every="month", days=(20, END))),
    ('{every: month, by_day: 28}', Cadence(every="month", by_day=28)),
    ('{every: quarter}', Cadence(every="quarter")),
    ('{rule: true, limit_days: 0}', Cadence(limit_days=0)),
])
def test_each_form_of_cadence_is_read_into_its_values(cadence, expected):
    book, found = parse(one_role(f"          - {{id: x, text: 一条职责, short: 一条, record: cite, cadence: {cadence}}}\n"))
    assert found == []
    assert by_id(book.roles["front_desk"])["x"].cadence == expected


def test_every_mistake_is_reported_at_its_duty_line_in_one_pass():
    book, found = parse(one_role("""\
          - {id: a, text: A, short: A, record: cite, cadence: {at: "08:00"}}
          - {id: b, text: B, short: B, record: cite, cadence: {every: day, from: "08:00"}}
          - {id: c, text: C, short: C, record: cite, cadence: {every: month, days: [5]}}
          - {id: d, text: D, short: D, record: cite, cadence: {rule: true}}
          - {id: e, text: E, short: E, record: cite, cadence: {every: day, windows: [["08:00"]]}}
          - {id: f, text: F, short: F, record: cite, cadence: {every: month, by_day: 32}}
          - {id: g, text: G, short: G, record: cite, cadence: {every: week, weekday: friday}}
          - {id: a, text: A2, short: A2, record: cite}
          - {id: j, text: J, short: J, record: minute}
"""))
    assert found == [
        f"{PATH}:10: error WT801 周期写法不对：缺少 every（workday、day、week、month、quarter、year 之一）或 rule: true；{FORMAT}",
        f"{PATH}:11: error WT801 周期写法不对：from 和 to 要成对写；{FORMAT}",
        f"{PATH}:12: error WT801 周期写法不对：days 写成 [起始日, 截止日]，月末写 end，例如 [20, end]；{FORMAT}",
        f"{PATH}:13: error WT801 周期写法不对：常设规定写成 {{rule: true, limit_days: N}}；{FORMAT}",
        f"{PATH}:14: error WT801 windows: 每个时段写成 [\"开始\", \"结束\"]，例如 [\"08:00\", \"12:00\"]",
        f"{PATH}:15: error WT801 by_day: 日期 32 不在 1–31 之间",
        f"{PATH}:16: error WT108 weekday: friday 不是允许的取值（是不是 fri？）；可选：mon（周一）、tue（周二）、"
        "wed（周三）、thu（周四）、fri（周五）、sat（周六）、sun（周日）",
        f"{PATH}:17: error WT802 职责 id a 在岗位 front_desk 中重复（第一次在第 10 行）；同一岗位内每条职责的 id 必须唯一",
        f"{PATH}:18: error WT108 record: minute 不是允许的取值（是不是 minutes:weekly？）；可选：cite（工作日志里写【简称】）、"
        "report（月度分析（records/reports/））、none（不需要记录（须写 reason））、log（工作日志）、"
        "weekly（周报）、slip（内部工作信息传递单）、notice（公示/催缴函）、minutes:morning（会议记录（早会））、"
        "minutes:weekly（会议记录（部门周例会））、minutes:monthly（会议记录（部门月度例会））、"
        "minutes:company-weekly（会议记录（公司周例会））、minutes:owner-forum（会议记录（业主座谈会））、"
        "minutes:training（会议记录（培训））、desk（前台登记表（每个工作日一份））、desk:keys（前台登记：钥匙借用）、"
        "desk:parcels（前台登记：包裹代收）、desk:cards（前台登记：业主卡）、renovation:waste（装修档案：装修垃圾）、"
        "renovation:passes（装修档案：施工人员出入证）、renovation:refund（装修档案：押金退还）、"
        "inspection:monthly（检查记录（月检））、inspection:spot（检查记录（抽查））、inspection:cleanliness（检查记录（卫生））、"
        "inspection:vacant（检查记录（空置房））、inspection:renovation（检查记录（装修））、"
        "case（欠费案件（records/cases/））、legacy（历史遗留问题（records/legacy/））、"
        "lease（车位租用登记（records/leases/））、workorder（对外工作单（records/workorders/））",
    ]
    duties = by_id(book.roles["front_desk"])
    assert duties["a"].text == "A"   # the first of two ids is the one kept


def test_a_period_whose_cadence_is_refused_takes_its_duties_with_it():
    book, found = parse(one_role("          - {id: k, text: K, short: K, record: cite}\n", "{every: monthly}"))
    assert found == [
        f"{PATH}:8: error WT108 every: monthly 不是允许的取值（是不是 month？）；可选：workday（工作日）、day（每天）、"
        "week（每周）、month（每月）、quarter（每季度）、year（每年）",
        f"{PATH}:8: error WT801 周期写法不对：缺少 every（workday、day、week、month、quarter、year 之一）或 rule: true；{FORMAT}",
    ]
    assert book.roles["front_desk"].periods == ()


def test_a_role_written_twice_keeps_the_first():
    text = one_role("          - {id: x, text: X, short: X, record: cite}\n") + "  - id: front_desk\n    name: 又一个前台\n    periods: []\n"
    book, found = parse(text)
    assert found == [f"{PATH}:11: error WT201 岗位 front_desk 写了两次；每个岗位只写一次"]
    assert book.roles["front_desk"].name == "服务中心前台"


def test_another_format_version_is_refused_whole():
    book, found = parse("version: 2\nroles:\n  - id: front_desk\n    name: 前台\n    periods: []\n")
    assert found == [f"{PATH}:1: error WT810 version: 2 不受支持：本版 wutong 只读 version: 1 的格式，"
                     "请写 version: 1（格式见工作手册站点「参考 › 岗位职责数据格式」）"]
    assert book.roles == {}


def test_a_repository_without_a_duty_book_is_not_an_error(tmp_path):
    assert load_duties(tmp_path) == (None, [])
