"""Every duty declares its evidence (issue 21): `record:` and `short:` on every duty, `how_proven`, citations in logs.

The duty book names what proves each duty; a log proves a `record: cite` duty with a
body line that begins with 【short】. These tests read the duty book and logs directly;
the codes' exact messages through `wutong validate` are in tests/fixtures/bad/WT81x.
"""

from __future__ import annotations

import pytest

from conftest import SAMPLE, copy_fixture, wutong
from wutong_docs.read.front_matter import parse_markdown
from wutong_docs.read.yaml_lines import parse_yaml
from wutong_docs.records.log import Citation, citations
from wutong_docs.records.log import parse as parse_log
from wutong_docs.reference.duty_book import RECORDS, Cadence, duties_by_short, load_duties, parse_duties
from wutong_docs.reference.evidence import how_proven, proof_line

PATH = "records/duties.yml"


def parse(text: str):
    doc, found = parse_yaml(text, PATH)
    assert found == [] and doc is not None
    book, found = parse_duties(doc)
    return book, [p.as_text() for p in found]


def one_role(duties: str, cadence: str = "{every: month, days: [11, 20]}") -> str:
    return ("version: 1\nroles:\n  - id: supervisor\n    name: 主管\n    periods:\n"
            f"      - id: p\n        name: 分组\n        cadence: {cadence}\n        duties:\n{duties}")


def test_every_duty_of_the_sample_declares_its_record_and_a_short_label_fit_for_a_cell():
    book, found = load_duties(SAMPLE)
    assert found == []
    duties = [d for role in book.roles.values() for d in role.duties]
    assert len(duties) == 80
    assert all(d.record in RECORDS and 0 < len(d.short) <= 8 for d in duties)
    assert len({d.short for d in duties}) == 80
    assert all(d.reason for d in duties if d.record == "none")
    by_short = book.by_short
    assert by_short == duties_by_short(book)
    role, duty = by_short["钥匙核查"]
    assert (role, duty.id, duty.record) == ("supervisor", "key-management-audit", "cite")
    assert by_short["前台周汇总"][0] == "front_desk" and by_short["前台周汇总"][1].id == "weekly-summary"


def test_how_a_duty_is_proven_is_one_phrase():
    book, _ = load_duties(SAMPLE)
    sup = {d.id: d for d in book.roles["supervisor"].duties}
    am = {d.id: d for d in book.roles["area_manager"].duties}
    assert how_proven(sup["key-management-audit"]) == "在工作日志里写【钥匙核查】"
    assert how_proven(am["weekly-report"]) == "提交周报（records/weekly/）"
    assert how_proven(sup["weekly-meetings"]) == "部门周例会会议记录（records/minutes/）"
    assert how_proven(sup["complaint-analysis"]) == "写当月的月度分析（records/reports/）"
    assert how_proven(am["training"]) == "培训记录（records/minutes/）"
    clean = am["clean-office"]
    assert clean.record == "none" and how_proven(clean) == f"不需要记录：{clean.reason}"
    # the line calendars and role pages print; without folders on the wall sheet and the phone
    assert proof_line(sup["key-management-audit"]) == "记录：在工作日志里写【钥匙核查】"
    assert proof_line(am["weekly-report"], folders=False) == "记录：提交周报"
    assert proof_line(clean) == how_proven(clean)
    # every record value of the sample has a phrase of its own, never the bare value
    for role in book.roles.values():
        for duty in role.duties:
            assert how_proven(duty) != duty.record


def test_record_none_keeps_its_reason():
    book, found = parse(one_role("          - {id: a, text: A, short: 甲, record: none, reason: 常设规定，做到即可}\n"))
    assert found == []
    duty = book.roles["supervisor"].duties[0]
    assert (duty.record, duty.reason, how_proven(duty)) == ("none", "常设规定，做到即可", "不需要记录：常设规定，做到即可")


@pytest.mark.parametrize("cadence, expected", [
    ("{every: year}", Cadence(every="year")),
    ('{every: year, by: "12-20"}', Cadence(every="year", by=(12, 20))),
    ('{every: year, by: "02-29"}', Cadence(every="year", by=(2, 29))),
])
def test_a_yearly_cadence_may_name_its_deadline(cadence, expected):
    book, found = parse(one_role(f"          - {{id: a, text: A, short: 甲, record: cite, cadence: {cadence}}}\n"))
    assert found == []
    assert book.roles["supervisor"].duties[0].cadence == expected


@pytest.mark.parametrize("cadence, message", [
    ('{every: year, by: "13-01"}', 'by: 13-01 不是“月-日”：写成带引号的 "MM-DD"，例如 by: "12-20"'),
    ('{every: year, by: "12"}', 'by: 12 不是“月-日”：写成带引号的 "MM-DD"，例如 by: "12-20"'),
    ('{every: month, by: "12-20"}',
     "周期写法不对：every: month 不能与 by 同用；写法见工作手册站点「参考 › 岗位职责数据格式」"),
])
def test_a_bad_yearly_deadline_is_refused(cadence, message):
    book, found = parse(one_role(f"          - {{id: a, text: A, short: 甲, record: cite, cadence: {cadence}}}\n"))
    assert found == [f"{PATH}:10: error WT801 {message}"]


def test_every_register_of_issue_22_proves_its_duties():
    """The supervisor's registers have all landed: each value is accepted and worded (WT815, "still to come", retired)."""
    values = [f"inspection:{k}" for k in ("monthly", "spot", "cleanliness", "vacant", "renovation")]
    for value in values + ["case", "legacy", "lease", "workorder"]:
        book, found = parse(one_role(f"          - {{id: a, text: A, short: 甲, record: \"{value}\"}}\n"))
        assert found == []
        duty = book.roles["supervisor"].duties[0]
        assert duty.record == value and "records/" in how_proven(duty)
    assert how_proven(duty).endswith("（records/workorders/）")


def test_an_empty_record_or_short_is_reported_as_missing():
    _, found = parse(one_role("          - {id: a, text: A, short: \"\", record: }\n"))
    assert [p.split(" ")[2] for p in found] == ["WT811", "WT812"]


def test_a_short_label_may_not_be_shared_with_another_role():
    text = one_role("          - {id: a, text: A, short: 周例会, record: cite}\n") + (
        "  - id: front_desk\n    name: 前台\n    periods:\n      - id: w\n        name: 每周\n"
        "        cadence: {every: week}\n        duties:\n          - {id: b, text: B, short: 周例会, record: cite}\n")
    book, found = parse(text)
    assert found == [f"{PATH}:18: error WT813 简称 周例会 已用于主管的职责 a（第 10 行）：整本职责书的简称不能重复，"
                     "工作日志里的【周例会】才认得出是哪一条；请换一个简称"]
    assert book.roles["front_desk"].duties == []


LOG = """---
date: 2026-11-16
staff: li-na
---
## 今日完成情况

1. 【钥匙核查】核对钥匙箱 86 把，借出均已归还，无过夜
- 【业主档案更新】 更新 3-2-501 业主电话
  * 【社区宣传】上门发放元旦活动通知
１．【空置房检查】2 栋空置房 4 户
　2) 【培训计划】拟定下月培训
文中提到【钥匙核查】不算引用

```
【宣传海报】代码块里的不算
```

## 次日工作计划

1. 【宣传海报】明天做完：计划里的事还没做，不算引用
"""


def test_a_log_line_that_begins_with_a_label_cites_a_duty():
    doc, found = parse_markdown(LOG, "records/logs/2026/11/2026-11-16-li-na.md")
    assert found == []
    log, found = parse_log(doc)
    assert found == []
    assert log.citations == (
        Citation("钥匙核查", 7, "核对钥匙箱 86 把，借出均已归还，无过夜"),
        Citation("业主档案更新", 8, "更新 3-2-501 业主电话"),
        Citation("社区宣传", 9, "上门发放元旦活动通知"),
        Citation("空置房检查", 10, "2 栋空置房 4 户"),
        Citation("培训计划", 11, "拟定下月培训"),
    )


def test_citations_of_a_body_count_lines_from_where_the_body_starts():
    assert citations("\n【甲】一\n~~~\n【乙】\n~~~\n【丙】", 5) == (Citation("甲", 6, "一"), Citation("丙", 10, ""))


def test_the_shipped_duty_book_is_valid_and_complete(tmp_path):
    from click.testing import CliRunner

    from wutong_docs.cli.main import cli
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    book, found = load_duties(tmp_path / "new")
    assert found == []
    assert sum(len(r.duties) for r in book.roles.values()) == 80


def test_the_calendars_say_how_each_duty_is_proven():
    md = wutong(SAMPLE, "calendar", "--role", "supervisor", "--month", "2026-11", "--format", "md").stdout
    assert "## 怎样留记录\n\n1. 交考勤表与绩效　记录：在工作日志里写【交考勤表与绩效】\n" in md
    assert "不需要记录：" not in md   # the supervisor has no such duty
    assert "20. 钥匙核查　记录：在工作日志里写【钥匙核查】\n" in md
    assert "3. 投诉统计分析　记录：写当月的月度分析（records/reports/）\n" in md
    html = wutong(SAMPLE, "calendar", "--role", "supervisor", "--month", "2026-11").stdout
    # the printed sheet: one line per kind of record, no folders
    assert "<h4>怎样留记录</h4>" in html
    assert "<li>在工作日志里写一行【简称】：交考勤表与绩效、记录资料存档、培训计划、" in html
    assert "<li>写入月度分析：投诉统计分析、满意度汇总分析、欠费分析报告、工程质量问题统计</li>" in html
    front = wutong(SAMPLE, "calendar", "--role", "front_desk", "--month", "2026-11").stdout
    assert "前台周汇总" in front.split("怎样留记录")[1]
    assert "<li>不需要记录（例行打扫，主管每天的卫生检查查它）：前台打扫卫生</li>" in front


def test_a_yearly_duty_is_listed_under_the_grid_like_a_quarterly_one(good_repo):
    (good_repo / "records/duties.yml").write_text(one_role(
        '          - {id: a, text: 年度消防演练, short: 消防演练, record: cite, cadence: {every: year, by: "12-20"}}\n'
        "          - {id: b, text: 年度总结, short: 年度总结, record: report, cadence: {every: year}}\n"
        '          - {id: c, text: 早会, short: 早会, record: "minutes:morning", cadence: {every: workday, at: "08:25"}}\n'),
        encoding="utf-8")
    assert wutong(good_repo, "validate").exit_code == 0
    md = wutong(good_repo, "calendar", "--role", "supervisor", "--month", "2026-11", "--format", "md").stdout
    assert "## 每年\n\n1. 每年 12月20日前 年度消防演练\n2. 每年一次 年度总结\n" in md
    ics = wutong(good_repo, "calendar", "--role", "supervisor", "--month", "2026-11", "--format", "ics").stdout
    assert "本年内：消防演练、年度总结" in ics.replace("\r\n ", "").replace("\\,", ",")


def test_citation_warnings_come_in_a_run_of_the_log_alone_too(tmp_path):
    """The pre-commit hook validates only the staged log: the duty book is read for its labels all the same."""
    root = copy_fixture("sample", tmp_path / "repo")
    log = root / "records/logs/2026/11/2026-11-26-li-na.md"
    log.write_text(log.read_text(encoding="utf-8").replace("## 次日工作计划", "1. 【业主档案跟新】3-2-501\n\n## 次日工作计划", 1),
                   encoding="utf-8")
    result = wutong(root, "validate", str(log))
    line = log.read_text(encoding="utf-8").splitlines().index("1. 【业主档案跟新】3-2-501") + 1
    assert result.stdout.splitlines()[0] == (
        f"records/logs/2026/11/2026-11-26-li-na.md:{line}: warning WT303 【业主档案跟新】不是职责书里的简称，"
        "这一行不算作任何职责的记录：是不是【业主档案更新】？")
    assert result.exit_code == 0


def test_a_log_without_a_duty_book_is_not_judged(good_repo):
    log = good_repo / "records/logs/2026/11/2026-11-26-li-na.md"
    log.write_text(log.read_text(encoding="utf-8").replace("1. 上午", "1. 【随便】上午"), encoding="utf-8")
    result = wutong(good_repo, "validate")
    assert (result.exit_code, "WT303" in result.stdout) == (0, False)


def test_a_phone_event_says_how_its_duties_are_proven():
    ics = wutong(SAMPLE, "calendar", "--role", "area_manager", "--month", "2026-11", "--format", "ics").stdout
    unfolded = ics.replace("\r\n ", "").replace("\n ", "").replace("\\,", ",")
    friday = unfolded.split("UID:area_manager-20261106-1400@wutong")[0].rsplit("BEGIN:VEVENT", 1)[1]
    assert "SUMMARY:交周报" in friday and "DESCRIPTION:每周五周报下午14点上交\\n记录：提交周报\n" in unfolded
