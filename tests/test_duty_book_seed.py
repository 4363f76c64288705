"""The duty book seed (seed/000_90065267b3338202.txt) must survive intact in the sample duty book.

The duty book checked is the frozen copy tests/fixtures/sample/records/duties.yml
(records/duties.yml as it was in issue 9), not the live one: the department may
reword, move or retire a duty, or add a role or a record kind, and that is its
right, not a failing test. The live duty book is validated (schema, cadences,
records) by tests/test_live_records.py like every other live record.

Every duty the seed lists is written out below, per role and per period, in the seed's own
wording (without its "N、" number and trailing ";"/"。"), together with the cadence the seed
gives it. Each must be present in the duty book under that role and period with exactly
that cadence (its own, or its period's default). The seed's standards (完成标准及记录) and
hand-offs (工作衔接) are checked the same way. Should the sample be refreshed from a
changed records/duties.yml, update this list in the same commit.

Plain PyYAML only; no project imports.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DUTIES = Path(__file__).resolve().parent / "fixtures" / "sample" / "records" / "duties.yml"

# ---------------------------------------------------------------------------------------
# cadences used by the seed
WORKDAY_MORNING = {"every": "workday", "from": "08:25", "to": "09:00"}
WEEK = {"every": "week"}
M_01_10 = {"every": "month", "days": [1, 10]}
M_11_20 = {"every": "month", "days": [11, 20]}
M_20_END = {"every": "month", "days": [20, "end"]}
AM_DAY = {"every": "day", "windows": [["08:00", "12:00"], ["14:00", "18:00"]]}
FD_DAY = {"every": "day", "windows": [["08:00", "12:00"], ["14:00", "15:30"]]}

# role -> period id -> (seed heading, [(seed wording, cadence), ...])
SEED: dict[str, dict[str, tuple[str, list[tuple[str, dict]]]]] = {
    "supervisor": {
        "month-01-10": ("1日-10日", [
            ("2日前提交办公室考勤表、绩效考核资料提交办公室", {"every": "month", "by_day": 2}),
            ("5日前收齐本部门的记录、资料进行检查并存档", {"every": "month", "by_day": 5}),
            ("统计上月投诉情况,分析原因,并作出整改措施", M_01_10),
            ("统计满意度调查汇总及分析报告及对不满意的处理办法", M_01_10),
            ("统计上月各项费用欠费情况及提交分析报告及处理办法", M_01_10),
            ("统计上月工程质量问题完成情况", M_01_10),
            ("制定培训计划并按时组织培训", M_01_10),
            ("制定片管员本月工作重点及经营目标", M_01_10),
            ("制定客服前台本月工作重点", M_01_10),
            ("制定本月满意度调查工作计划", M_01_10),
            ("制定历史遗留问题的处理计划", M_01_10),
            ("组织各项费用的催收(短信、电话、张贴入户门催缴函及单元公示)", M_01_10),
        ]),
        "month-11-20": ("11日-20日", [
            ("组织欠费户数的起诉", M_11_20),
            ("组织装修专项检查", M_11_20),
            ("组织空置房入户的专项检查", M_11_20),
            ("组织各片区现场检查及月检不合格项目的整改", M_11_20),
            ("监控、控制客户投诉率", M_11_20),
            ("协调对外之间的沟通:社区居委会、业主舞蹈队、环卫站等", M_11_20),
            ("每月单元公示栏的主题、公示内容及计划安排", M_11_20),
            ("核查每月钥匙管理工作", M_11_20),
        ]),
        "month-20-end": ("20日-月末", [
            ("组织片区上门服务:月度满意度调查的实施、投诉报修的回访、历史问题的处理、费用的催收", M_20_END),
            ("收集本部门员工月度工作计划及总结", M_20_END),
            ("组织部门月度例会,点评各片区管理员及客服前台工作情况,介绍近期工作重点", M_20_END),
            ("制定本部门月度工作计划及总结", M_20_END),
            ("提交排班表、部门采购计划", M_20_END),
            ("每月28号前统计上月办理车卡、钥匙扣、包裹费用的收取情况", {"every": "month", "by_day": 28}),
            ("本月社区活动效果评估、制定下月社区文化活动方案", M_20_END),
            ("组织业主座谈处理业主问题(每季度一次)", {"every": "quarter"}),
            ("完成小区海报的制作", M_20_END),
        ]),
        "workday-morning": ("其他工作日(8:25—9:00)", [
            ("检查客服部前一天工作完成情况、安排当日工作重点", WORKDAY_MORNING),
            ("工作日志、前台值班记录", WORKDAY_MORNING),
            ("检查服务中心卫生情况", WORKDAY_MORNING),
            ("统计需各部门协调处理工作并及时沟通", WORKDAY_MORNING),
            ("跟踪业主报修、投诉及项目内部工作信息传递的工作进度", WORKDAY_MORNING),
        ]),
        "weekly": ("每周日常工作", [
            ("参加公司周例会、组织部门例会", WEEK),
            ("对外工作单的发送情况", WEEK),
            ("业主房屋装修竣工验收单的审批", WEEK),
            ("抽查各片区管理情况,发现问题并及时处理", WEEK),
            ("协调处理与开发商有关的维修、投诉的沟通工作", WEEK),
            ("小区车辆乱停放,安排整治工作", WEEK),
            ("周报的收齐及审核", WEEK),
            ("客服部的培训", WEEK),
            # the seed's unnumbered closing sentence after the weekly list
            ("根据片区管理员实地查勘的问题进行汇总,并报至开发商工程部进行维修", WEEK),
        ]),
    },
    "area_manager": {
        "workday-morning": ("周一至周五(早8:25-9:00)", [
            ("服务中心卫生的打扫", WORKDAY_MORNING),
            ("参加主管组织的早会", {"every": "workday", "at": "08:25"}),
            ("汇报前天本片区派工工作完成情况", WORKDAY_MORNING),
            ("提交工作日志", WORKDAY_MORNING),
        ]),
        "daily": ("周一至周末(早8:00-12:00下14:00-18:00)", [
            ("服务前置台的接待工作", {"every": "day", "from": "08:00", "to": "09:00"}),
            ("巡视片区内清洁、绿化、治安、车辆停放情况、设施设备是否有问题及各种通知的发放及回收,"
             "负责片区空置房、杂物间、车库的巡查,装修巡查", {"every": "day", "times": 2}),
            ("落实片区所发出的内部工作信息传递单及各部门的完成情况,按时完成收到的内部信息传递单的工作", AM_DAY),
            ("负责向片区内业户进行社区活动的宣传和节日问候及上门访问、业户满意度调查工作",
             {"every": "day", "at": "14:00"}),
            ("负责服务中心前台顶岗工作;受理小区内业户的各种投诉、报修问题跟踪与回访;服务中心保洁工作;"
             "物业管理系统信息录入、更新", AM_DAY),
            # the seed numbers two items "6": both are kept
            ("业主档案资料的更新", AM_DAY),
            ("完成工作日志", {"every": "day", "before": "18:00"}),
            ("业主卡的办理", AM_DAY),
        ]),
        "weekly": ("其他(每周)", [
            ("每周五周报下午14点上交", {"every": "week", "weekday": "fri", "at": "14:00"}),
            ("历史问题跟进处理", WEEK),
            ("费用的催缴(短信、电话、公示栏张贴、催缴函、上门催收、律师函),片区费用催缴的统计汇总", WEEK),
            ("参加主管的组织的周例会", WEEK),
            ("参加主管组织的培训", WEEK),
            ("办理业户入伙及装修手续、装修竣工的验收及退款", WEEK),
            ("其他片区、家和银苑、出纳收费的顶岗工作", WEEK),
        ]),
    },
    "front_desk": {
        "workday-morning": ("周一至周五(早8:25-9:00)", [
            ("服务中心卫生的打扫", WORKDAY_MORNING),
            ("参加主管组织的早会", {"every": "workday", "at": "08:25"}),
            ("汇报前天前台工作完成情况", WORKDAY_MORNING),
            ("提交工作日志", WORKDAY_MORNING),
        ]),
        "daily": ("周一至周末(早8:00-12:00下14:00-15:30)", [
            ("前台服务接待", FD_DAY),
            ("内部工作信息传递", FD_DAY),
            ("协助办理入伙手续", FD_DAY),
            ("协助办理装修手续", FD_DAY),
            ("负责办理车位租用手续", FD_DAY),
            ("房屋质量问题的统计汇总,每天将信息上报部门主管", FD_DAY),
            ("物业管理系统信息录入、更新", FD_DAY),
            ("钥匙的保管及办理借用手续", FD_DAY),
            ("代收、代存包裹", FD_DAY),
            ("服务中心区域保洁工作", FD_DAY),
            ("顶替临时收费工作", FD_DAY),
        ]),
        "weekly": ("其他(每周)", [
            ("参加主管的组织的周例会", WEEK),
            ("参加主管组织的培训", WEEK),
            ("汇总本周前台各项工作信息", WEEK),
        ]),
    },
}

SEED_COUNTS = {"supervisor": 43, "area_manager": 19, "front_desk": 18}

# The seed's 完成标准及记录, per role: (standard wording, owning duty's wording or None when
# the seed does not say which duty it belongs to (then it sits on the period), period id,
# the standard's own cadence or None).
STANDARDS: dict[str, list[tuple[str, str | None, str, dict | None]]] = {
    "supervisor": [
        ("服务中心客服人员资料整齐归档", "5日前收齐本部门的记录、资料进行检查并存档", "month-01-10", None),
        ("按公司标准进行分析,整改、与回访,并制作电子文档", None, "month-01-10", None),
        ("维修单等相关的表格", None, "month-11-20", None),
        ("每月一次", None, "month-11-20", None),
        ("无违章装修每月一次", "组织装修专项检查", "month-11-20", None),
        ("发现问题及时处理", None, "month-20-end", None),
    ],
    "area_manager": [
        ("无白色垃圾及灰尘,桌面物品摆放整齐", "服务中心卫生的打扫", "workday-morning", None),
        ("8点25分参加主管组织的早会", "参加主管组织的早会", "workday-morning", None),
        ("早8点-9点着工装在服务前置台接待", "服务前置台的接待工作", "daily", None),
        ("10点前处理完维护队移交的未处理完的车辆乱停放工作", "巡视片区内", "daily",
         {"every": "day", "before": "10:00"}),
        ("每日巡查2次片区,对发现问题与相关部门沟通,并跟进处理", "巡视片区内", "daily", None),
        ("装修垃圾堆放不允许超过3天", "巡视片区内", "daily", {"rule": True, "limit_days": 3}),
        ("巡视片区工作按规程实施以及接受考核", "巡视片区内", "daily", None),
        ("针对片区所收到的问题与各部门主管进行沟通,并按时完成", "落实片区所发出的内部工作信息传递单", "daily", None),
        ("下午14点,宣传近期社区文化活动及节日的问候(以上门及短信、电话、通知形式知会并做好满意度调查)",
         "负责向片区内业户进行社区活动的宣传", "daily", None),
        ("15点30分服务中心前台的顶岗工作", "负责服务中心前台顶岗工作", "daily", {"every": "day", "at": "15:30"}),
        ("按照服务中心前台内容进行操作", "负责服务中心前台顶岗工作", "daily", None),
        ("未顶岗的片管员在此时间段对业主档案资料进行更新", "业主档案资料的更新", "daily",
         {"every": "day", "at": "15:30"}),
        ("下午下班前完成当日工作完成情况与次日工作计划在《工作日志》表格的填写", "完成工作日志", "daily", None),
        ("12点之前办理的业主卡,需在12点下班前通知业主过来领取", "业主卡的办理", "daily",
         {"every": "day", "before": "12:00"}),
        ("下午18点前办理的业主卡,需在18点下班前通知业主领取", "业主卡的办理", "daily",
         {"every": "day", "before": "18:00"}),
        ("问题跟进处理记录", "历史问题跟进处理", "weekly", None),
        ("每月20日前完成入户门催缴函的张贴", "费用的催缴", "weekly", {"every": "month", "by_day": 20}),
        ("本周工作重点及对上周的工作进行回顾", "参加主管的组织的周例会", "weekly", None),
        ("会议记录", "参加主管的组织的周例会", "weekly", None),
        ("针对客服工作中不足之处加强培训,并做好培训记录", "参加主管组织的培训", "weekly", None),
        ("周末出纳岗位及家和银苑的顶岗工作", "其他片区、家和银苑、出纳收费的顶岗工作", "weekly",
         {"every": "week", "weekday": ["sat", "sun"]}),
    ],
    "front_desk": [
        ("无白色垃圾及灰尘,桌面物品摆放整齐", "服务中心卫生的打扫", "workday-morning", None),
        ("8点25分参加主管组织的早会", "参加主管组织的早会", "workday-morning", None),
        ("接待顾客咨询和投诉,接听顾客的咨询和投诉电话,解答顾客的咨询和投诉,并做好记录,"
         "及时将需处理的问题派发《内部工作信息传递单》给相关部门,并负责处理结果的跟进,及时回访",
         "前台服务接待", "daily", None),
        ("接受各部门的工作信息,下发《内部工作信息传递单》,并负责处理结果的跟进,及时回访",
         "内部工作信息传递", "daily", None),
        ("指导住户规范填写入住资料,定期将资料整理、核对、登记后交资料存档", "协助办理入伙手续", "daily", None),
        ("审核装修施工队的资格和装修工人的有效证件,办理《装修许可证》和《装修施工人员临时出入证》,并作好记录",
         "协助办理装修手续", "daily", None),
        ("认真核实车主的资料,签订《停车场车位租用协议书》和《停车场车位使用服务协议书》,"
         "将资料录入电脑并办理停车场IC卡,并作好登记工作", "负责办理车位租用手续", "daily", None),
        ("在每天早会上汇报", "房屋质量问题的统计汇总", "daily", None),
        ("业主资料的更新", "物业管理系统信息录入、更新", "daily", None),
        ("相关表格的记录,钥匙借还有记录,无过夜现象", "钥匙的保管及办理借用手续", "daily",
         {"rule": True, "limit_days": 0}),
        ("填写工整无误,无业主邮件丢失及业主投诉", "代收、代存包裹", "daily", None),
        ("地面整洁无杂物", "服务中心区域保洁工作", "daily", None),
        ("出纳或片管员不再,需完成收费工作", "顶替临时收费工作", "daily", None),
        ("会议记录", "参加主管的组织的周例会", "weekly", None),
        ("培训记录", "参加主管组织的培训", "weekly", None),
        ("入伙、装修、钥匙借用、放行条、业主卡车卡办理、内部工作信息传递单的完成情况、与开发商有关的售后工作等",
         "汇总本周前台各项工作信息", "weekly", None),
    ],
}

# The seed's 工作衔接 column, per role and period.
PERIOD_HANDOFFS = {
    "supervisor": {"month-01-10": ["公司领导", "办公室", "财务"],
                   "month-11-20": ["项目各部门"], "month-20-end": ["项目各部门"]},
    "area_manager": {"workday-morning": ["部门主管"], "daily": ["部门主管", "项目各主管"],
                     "weekly": ["部门主管"]},
    "front_desk": {"workday-morning": ["部门主管"], "daily": ["维护队", "工程部", "片管员"]},
}

# Parties a duty's own wording or standard names.
DUTY_HANDOFFS = {
    "supervisor": {
        "2日前提交办公室考勤表、绩效考核资料提交办公室": ["办公室"],
        "协调对外之间的沟通:社区居委会、业主舞蹈队、环卫站等": ["社区居委会", "业主舞蹈队", "环卫站"],
        "协调处理与开发商有关的维修、投诉的沟通工作": ["开发商"],
        "根据片区管理员实地查勘的问题进行汇总,并报至开发商工程部进行维修": ["片区管理员", "开发商工程部"],
    },
    "area_manager": {"其他片区、家和银苑、出纳收费的顶岗工作": ["其他片区", "家和银苑", "出纳"]},
    "front_desk": {"房屋质量问题的统计汇总,每天将信息上报部门主管": ["部门主管"],
                   "顶替临时收费工作": ["出纳", "片管员"]},
}

RECORD_KINDS = {"cite", "report", "none", "log", "weekly", "slip", "notice", "minutes:morning", "minutes:weekly",
                "minutes:monthly", "minutes:company-weekly", "minutes:owner-forum",
                "minutes:training"}
CADENCE_KEYS = {"every", "from", "to", "windows", "at", "before", "times", "weekday", "days",
                "by_day", "rule", "limit_days"}
WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def book() -> dict:
    with DUTIES.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _role(book: dict, role_id: str) -> dict:
    roles = [r for r in book["roles"] if r["id"] == role_id]
    assert len(roles) == 1, f"role {role_id!r} must appear exactly once"
    return roles[0]


def _period(book: dict, role_id: str, period_id: str) -> dict:
    periods = [p for p in _role(book, role_id)["periods"] if p["id"] == period_id]
    assert len(periods) == 1, f"{role_id}: period {period_id!r} must appear exactly once"
    return periods[0]


def _effective(duty: dict, period: dict) -> dict:
    return duty.get("cadence", period["cadence"])


def _seed_rows():
    for role_id, periods in SEED.items():
        for period_id, (_, duties) in periods.items():
            for text, cadence in duties:
                yield pytest.param(role_id, period_id, text, cadence, id=f"{role_id}/{period_id}/{text[:12]}")


def test_top_level(book):
    assert book["version"] == 1
    assert [r["id"] for r in book["roles"]] == ["supervisor", "area_manager", "front_desk"]
    assert [r["name"] for r in book["roles"]] == ["主管", "片区管理员", "服务中心前台"]


@pytest.mark.parametrize("role_id", SEED)
def test_period_headings(book, role_id):
    for period_id, (heading, _) in SEED[role_id].items():
        assert _period(book, role_id, period_id)["name"] == heading


@pytest.mark.parametrize("role_id,period_id,text,cadence", list(_seed_rows()))
def test_seed_duty_present_with_cadence(book, role_id, period_id, text, cadence):
    period = _period(book, role_id, period_id)
    matches = [d for d in period["duties"] if d["text"] == text]
    assert matches, f"{role_id}/{period_id}: seed duty missing: {text}"
    assert len(matches) == 1, f"{role_id}/{period_id}: seed duty listed twice: {text}"
    assert _effective(matches[0], period) == cadence, f"{role_id}/{period_id}: wrong cadence for {text}"


@pytest.mark.parametrize("role_id", SEED)
def test_seed_counts(book, role_id):
    listed = sum(len(duties) for _, duties in SEED[role_id].values())
    assert listed == SEED_COUNTS[role_id]
    in_file = {(p["id"], d["text"]) for p in _role(book, role_id)["periods"] for d in p["duties"]}
    seed = {(pid, t) for pid, (_, ds) in SEED[role_id].items() for t, _ in ds}
    assert seed <= in_file
    # the two items the seed numbers 6 are both kept, with their seed number
    if role_id == "area_manager":
        sixes = [d["text"] for d in _period(book, role_id, "daily")["duties"] if d.get("seq") == 6]
        assert sixes == ["业主档案资料的更新", "完成工作日志"]


@pytest.mark.parametrize("role_id", STANDARDS)
def test_seed_standards_present(book, role_id):
    for text, owner, period_id, cadence in STANDARDS[role_id]:
        period = _period(book, role_id, period_id)
        if owner is None:
            items = period.get("standards", [])
        else:
            duties = [d for d in period["duties"] if d["text"].startswith(owner)]
            assert len(duties) == 1, f"{role_id}: no single duty starting {owner!r}"
            items = duties[0].get("standard", [])
        found = [s for s in items if s["text"] == text]
        assert len(found) == 1, f"{role_id}/{period_id}: standard missing or misplaced: {text}"
        assert found[0].get("cadence") == cadence, f"{role_id}: wrong cadence on standard {text}"


@pytest.mark.parametrize("role_id", PERIOD_HANDOFFS)
def test_seed_handoffs_present(book, role_id):
    for period_id, names in PERIOD_HANDOFFS[role_id].items():
        assert _period(book, role_id, period_id).get("handoffs") == names
    duties = {d["text"]: d for p in _role(book, role_id)["periods"] for d in p["duties"]}
    for text, names in DUTY_HANDOFFS[role_id].items():
        assert duties[text].get("handoffs") == names, f"{role_id}: hand-offs of {text}"


def _check_cadence(c: dict, where: str) -> None:
    assert isinstance(c, dict) and set(c) <= CADENCE_KEYS, f"{where}: unknown cadence keys {c}"
    if c.get("rule"):
        assert c["rule"] is True and isinstance(c.get("limit_days"), int), where
        return
    assert c["every"] in {"workday", "day", "week", "month", "quarter"}, where
    times = [c[k] for k in ("from", "to", "at", "before") if k in c]
    times += [t for w in c.get("windows", []) for t in w]
    for t in times:
        assert isinstance(t, str) and TIME.match(t), f"{where}: time {t!r} must be a quoted 'HH:MM'"
    wd = c.get("weekday")
    if wd is not None:
        assert set(wd if isinstance(wd, list) else [wd]) <= WEEKDAYS, where


def test_shape(book):
    shorts = []
    for role in book["roles"]:
        ids = [d["id"] for p in role["periods"] for d in p["duties"]]
        shorts.extend(d["short"] for p in role["periods"] for d in p["duties"])
        assert len(ids) == len(set(ids)), f"{role['id']}: duplicate duty ids"
        for p in role["periods"]:
            assert SLUG.match(p["id"]), p["id"]
            _check_cadence(p["cadence"], f"{role['id']}/{p['id']}")
            for s in p.get("standards", []):
                if "cadence" in s:
                    _check_cadence(s["cadence"], s["text"])
            for d in p["duties"]:
                where = f"{role['id']}/{p['id']}/{d['id']}"
                assert SLUG.match(d["id"]), where
                assert isinstance(d["text"], str) and d["text"], where
                if "cadence" in d:
                    _check_cadence(d["cadence"], where)
                for s in d.get("standard", []):
                    if "cadence" in s:
                        _check_cadence(s["cadence"], where)
                # every duty says what proves it, and has a short label a log cites as 【short】 (issue 21)
                assert d["record"] in RECORD_KINDS, where
                assert d["record"] != "none" or d.get("reason"), where
                assert isinstance(d["short"], str) and 0 < len(d["short"]) <= 8, where
    assert len(shorts) == len(set(shorts)), "a short label used twice"
