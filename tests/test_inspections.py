"""Issue 22, item 1: the inspection register (records/inspections/), end to end.

Fixture: tests/fixtures/sample_desk with the overlay tests/fixtures/registers/inspection/records
(the November 2026 inspections, records/checklists.yml, and the duty book with the five
inspection duties switched to `inspection:<kind>`). The report's figures are counted here
again, from the files' YAML, not through wutong's reader.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import FIXTURES, copy_fixture, wutong

OVERLAY = FIXTURES / "registers" / "inspection"
MONTHLY_B = "records/inspections/2026/11/2026-11-17-monthly-B.md"   # 绿化部's item, fix_by 2026-11-27, never fixed


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_fixture("sample_desk", tmp_path / "repo")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    root = copy_fixture("sample_desk", tmp_path_factory.mktemp("insp") / "repo")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    return root


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def check_json(root: Path, day: str, since: str = "2026-11-01") -> list[dict]:
    result = wutong(root, "check", "--date", day, "--since", since, "--format", "json")
    return json.loads(result.stdout)["gaps"]


# ── wutong new inspection ──

def test_new_lists_the_kinds_checklist_as_a_form_that_fails_until_filled(repo):
    result = wutong(repo, "new", "inspection", "--kind", "月检", "--area", "A区", "--by", "zhang-wei",
                    "--date", "2026-12-16")
    rel = "records/inspections/2026/12/2026-12-16-monthly-A.md"
    assert (result.exit_code, result.stdout) == (0, f"{rel}\n")
    text = (repo / rel).read_text(encoding="utf-8")
    items = yaml.safe_load((repo / "records/checklists.yml").read_text(encoding="utf-8"))["monthly"]
    front = yaml.safe_load(text.split("---\n")[1])
    assert [f["item"] for f in front["findings"]] == items and all(f["result"] is None for f in front["findings"])
    assert (front["kind"], front["area"], front["by"]) == ("monthly", "A", "zhang-wei")
    draft = wutong(repo, "validate", str(repo / rel))
    assert draft.exit_code == 1 and f"{rel}:13: error WT113 result:" in draft.output
    filled = text.replace("result: }", "result: 合格}").replace(
        "<!-- 写检查的经过：看了哪些地方、发现的问题、当场整改的情况 -->", "检查A区，全部合格。")
    (repo / rel).write_text(filled, encoding="utf-8")
    assert wutong(repo, "validate", str(repo / rel)).exit_code == 0


def test_new_takes_the_departments_own_checklist_and_the_service_centre(repo):
    write(repo, "records/checklists.yml", "version: 1\n卫生:\n  - 前台台面\n  - 饮水机\n")
    result = wutong(repo, "new", "inspection", "--kind", "cleanliness", "--area", "服务中心", "--by", "张伟",
                    "--date", "2026-12-01")
    rel = "records/inspections/2026/12/2026-12-01-cleanliness-center.md"
    assert (result.exit_code, result.stdout) == (0, f"{rel}\n")
    front = yaml.safe_load((repo / rel).read_text(encoding="utf-8").split("---\n")[1])
    assert [f["item"] for f in front["findings"]] == ["前台台面", "饮水机"]


@pytest.mark.parametrize("args, message", [
    (("--kind", "monthy", "--area", "A", "--by", "zhang-wei"),
     "错误：--kind monthy 不是检查的种类（是不是 monthly？）；可选：monthly（月检）、spot（抽查）、cleanliness（卫生）、"
     "vacant（空置房）、renovation（装修）\n"),
    (("--kind", "monthly", "--area", "E", "--by", "zhang-wei"),
     "错误：--area E 不是 records/org.yml 中的片区；可选：A（A区）、B（B区）、C（C区）、D（D区）、center（服务中心）\n"),
    (("--kind", "monthly", "--area", "A", "--by", "zhang-wie"),
     "错误：员工 zhang-wie 不在 records/org.yml 中（是不是 zhang-wei？）；已有：zhang-wei（张伟）、li-na（李娜）、"
     "chen-lei（陈磊）、liu-yang（刘洋）、huang-jing（黄静）、wang-fang（王芳）、zhou-xue（周雪）、xu-ting（徐婷）\n"),
    (("--kind", "monthly", "--area", "B", "--by", "zhang-wei", "--date", "2026-11-17"),
     f"错误：{MONTHLY_B} 已存在，未做任何改动；请直接编辑该文件\n"),
])
def test_new_refuses_a_wrong_kind_area_or_person_and_never_overwrites(repo, args, message):
    before = (repo / MONTHLY_B).read_bytes()
    result = wutong(repo, "new", "inspection", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert (repo / MONTHLY_B).read_bytes() == before
    assert sorted(p.name for p in (repo / "records/inspections/2026/11").glob("*-monthly-*")) == [
        "2026-11-16-monthly-C.md", "2026-11-17-monthly-B.md", "2026-11-18-monthly-A.md", "2026-11-19-monthly-D.md"]


def test_new_refuses_while_the_checklist_file_is_bad(repo):
    write(repo, "records/checklists.yml", "version: 1\nmontly:\n  - 楼道\n")
    result = wutong(repo, "new", "inspection", "--kind", "spot", "--area", "A", "--by", "zhang-wei")
    assert (result.exit_code, result.stderr) == (
        1, "错误：records/checklists.yml 有错误，请先运行 wutong validate records/checklists.yml 并改正，再建检查记录\n")
    assert [p.name for p in (repo / "records/inspections").glob("*/*/*-spot-A.md")] == ["2026-11-05-spot-A.md"]


# ── wutong check: the fixes ──

def fix_gaps(root: Path, day: str) -> list[dict]:
    return [g for g in check_json(root, day) if g["category"] == "整改"]


def test_an_unfixed_item_is_not_a_gap_on_its_fix_by_day_and_is_one_the_day_after(frozen):
    assert fix_gaps(frozen, "2026-11-27") == []
    gaps = fix_gaps(frozen, "2026-11-28")
    assert len(gaps) == 1
    gap = gaps[0]
    assert (gap["date"], gap["staff"], gap["name"], gap["duty_id"], gap["due"]) == (
        "2026-11-28", "", "绿化部", "supervisor/area-site-inspection", "2026-11-27")
    assert gap["message"] == ("11-17 月检记录不合格项目“绿化养护（修剪、补种、浇水）”（6栋北侧绿化带）逾期未整改"
                              "（整改期限 2026-11-27），责任部门：绿化部")
    assert gap["action"] == f"整改后在 {MONTHLY_B} 该项写上 fixed: 整改日期"


def test_a_fix_dated_after_the_checked_day_is_not_yet_made(frozen):
    # 10-1-1201's waste: fix_by 11-20, fixed 11-22 (late): a gap on the 21st and 22nd's eve, none from the 22nd
    on_21 = [g for g in fix_gaps(frozen, "2026-11-21") if g["staff"] == "liu-yang"]
    assert [(g["date"], g["name"]) for g in on_21] == [("2026-11-21", "刘洋（liu-yang）")]
    assert [g for g in fix_gaps(frozen, "2026-11-22") if g["staff"] == "liu-yang"] == []


def test_a_failed_item_without_fix_by_is_its_owners_gap_from_the_inspection_day(repo):
    rel = "records/inspections/2026/11/2026-11-26-spot-A.md"
    write(repo, rel, "---\ndate: 2026-11-26\nby: zhang-wei\nkind: spot\narea: A\nfindings:\n"
                     "  - {item: 单元公示栏通知, result: 不合格, place: 2-1, owner: li-na}\n---\n\n## 检查情况\n\n"
                     "2栋1单元公示栏贴着上月的停水通知。\n")
    assert [g for g in fix_gaps(repo, "2026-11-25") if g["staff"] == "li-na"] == []
    gaps = [g for g in fix_gaps(repo, "2026-11-26") if g["staff"] == "li-na"]
    assert [(g["date"], g["name"], g["message"], g["action"]) for g in gaps] == [
        ("2026-11-26", "李娜（li-na）", "11-26 抽查记录不合格项目“单元公示栏通知”（2-1）没有整改期限",
         f"在 {rel} 该项写上 fix_by: 整改期限")]


def test_the_text_check_names_the_department_under_the_departments_items(frozen):
    text = wutong(frozen, "check", "--date", "2026-11-30", "--since", "2026-11-01").stdout
    department = text[text.index("客服部（全部门）"):]
    assert "逾期未整改（整改期限 2026-11-27），责任部门：绿化部" in department


# ── wutong check: the duty windows ──

def test_each_working_day_without_a_cleanliness_check_is_the_supervisors_gap(frozen):
    gaps = [g for g in check_json(frozen, "2026-11-30") if g["duty_id"] == "supervisor/check-office-hygiene"]
    assert [(g["date"], g["staff"]) for g in gaps] == [("2026-11-12", "zhang-wei"), ("2026-11-24", "zhang-wei")]
    assert gaps[0]["message"] == "没有卫生检查记录"
    assert gaps[0]["action"] == ("写一份卫生检查记录：wutong new inspection --kind cleanliness --area center "
                                 "--by zhang-wei --date 2026-11-12")


def test_the_sample_has_every_other_inspection_its_windows_ask_for(frozen):
    proven = {"supervisor/area-site-inspection", "supervisor/spot-check-areas", "supervisor/vacant-unit-inspection",
              "supervisor/renovation-inspection"}
    assert [g for g in check_json(frozen, "2026-11-30", since="2026-10-31") if g["duty_id"] in proven
            and g["category"] == "职责"] == []


def test_an_inspection_counts_only_inside_its_window_and_by_the_role(repo):
    for path in (repo / "records/inspections/2026/11").glob("*-vacant-*.md"):
        path.unlink()
    duty = "supervisor/vacant-unit-inspection"
    gaps = [g for g in check_json(repo, "2026-11-30") if g["duty_id"] == duty]
    assert [(g["date"], g["message"]) for g in gaps] == [("2026-11（11日—20日）", "没有空置房检查记录")]
    assert gaps[0]["action"].endswith("--date 2026-11-11（日期可为 11-11—11-20 内任一天）")
    body = "---\ndate: {}\nby: {}\nkind: 空置房\narea: D\nfindings:\n  - {{item: 门窗关闭, result: 合格}}\n---\n\n## 检查情况\n\n正常。\n"
    write(repo, "records/inspections/2026/11/2026-11-21-vacant-D.md", body.format("2026-11-21", "zhang-wei"))
    write(repo, "records/inspections/2026/11/2026-11-13-vacant-D.md", body.format("2026-11-13", "huang-jing"))
    assert [g["date"] for g in check_json(repo, "2026-11-30") if g["duty_id"] == duty] == ["2026-11（11日—20日）"]
    write(repo, "records/inspections/2026/11/2026-11-20-vacant-D.md", body.format("2026-11-20", "zhang-wei"))
    assert [g for g in check_json(repo, "2026-11-30") if g["duty_id"] == duty] == []


# ── the monthly report ──

def counted(root: Path, month: str) -> dict:
    """The section's figures counted again from the files' YAML: the month's inspections, each failed item at month end."""
    end = date(int(month[:4]), int(month[5:]), 30)
    totals = {"inspections": 0, "failed": 0, "fixed_on_time": 0, "fixed_late": 0, "overdue": 0, "pending": 0,
              "no_deadline": 0}
    by_area: dict = {}
    for path in sorted((root / "records/inspections").rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if f"{front['date']:%Y-%m}" != month:
            continue
        rows = [totals, by_area.setdefault(front["area"], dict.fromkeys(totals, 0))]
        for row in rows:
            row["inspections"] += 1
        for f in front["findings"]:
            if f["result"] not in ("不合格", "fail"):
                continue
            fixed, fix_by = f.get("fixed"), f.get("fix_by")
            if fixed and fixed <= end:
                key = "fixed_late" if fix_by and fixed > fix_by else "fixed_on_time"
            elif not fix_by:
                key = "no_deadline"
            else:
                key = "overdue" if fix_by < end else "pending"
            for row in rows:
                row["failed"] += 1
                row[key] += 1
    return {"totals": totals, "by_area": by_area}


@pytest.fixture(scope="module")
def figures(frozen) -> dict:
    result = wutong(frozen, "report", "--month", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["inspections"]


def test_the_report_figures_match_an_independent_count(frozen, figures):
    expected = counted(frozen, "2026-11")
    assert {k: figures[k] for k in expected["totals"]} == expected["totals"]
    assert expected["totals"] == {"inspections": 29, "failed": 10, "fixed_on_time": 6, "fixed_late": 2, "overdue": 1,
                                  "pending": 1, "no_deadline": 0}
    for area, row in expected["by_area"].items():
        assert {k: figures["by_area"][area][k] for k in row} == row, area
    assert sum(r["inspections"] for r in figures["by_kind"].values()) == figures["inspections"]
    assert figures["by_kind"]["cleanliness"]["inspections"] == 19   # 21 working days, two mornings missed
    assert figures["carried_overdue"] == 0
    assert [(i["date"], i["area"], i["owner"], i["fix_by"]) for i in figures["overdue_items"]] == [
        ("2026-11-17", "B", "绿化部", "2026-11-27")]


def test_an_item_still_overdue_is_carried_into_the_next_months_report(frozen):
    december = json.loads(wutong(frozen, "report", "--month", "2026-12", "--format", "json").stdout)["inspections"]
    assert (december["inspections"], december["failed"], december["carried_overdue"]) == (0, 0, 2)
    assert [i["item"] for i in december["overdue_items"]] == ["绿化养护（修剪、补种、浇水）", "地下车库清洁与照明"]


def test_the_markdown_section_sits_before_the_analysis(frozen):
    text = wutong(frozen, "report", "--month", "2026-11", "--format", "md").stdout
    section = text[text.index("## 七、检查与整改"):text.index("## 八、欠费案件")]
    assert section.startswith("## 七、检查与整改\n\n本月检查 29 次，发现不合格项目 10 项：按时整改 6 项，逾期后整改 2 项，"
                              "逾期未整改 1 项，整改中 1 项。\n")
    assert "| 月检 | 4 | 4 | 1 | 1 | 1 | 1 |" in section and "| 服务中心 | 19 | 2 | 2 | 0 | 0 | 0 |" in section
    assert "| B区 | 绿化养护（修剪、补种、浇水） | 6栋北侧绿化带 | 绿化部 |" in section


def test_the_xlsx_sheet_carries_the_json_figures(frozen, figures, tmp_path):
    path = tmp_path / "月报.xlsx"
    result = wutong(frozen, "report", "--month", "2026-11", "--format", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result.output
    ws = load_workbook(path)["检查与整改"]
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    keys = ("inspections", "failed", "fixed_on_time", "fixed_late", "overdue", "pending", "no_deadline")
    assert rows[0][:8] == ("种类", "检查次数", "不合格项目", "按时整改", "逾期后整改", "逾期未整改", "整改中", "未定期限")
    by_label = {row[0]: list(row[1:8]) for row in rows if row and row[0]}
    for kind in figures["by_kind"].values():
        assert by_label[kind["label"]] == [kind[k] for k in keys]
    for area in figures["by_area"].values():
        assert by_label[area["label"]] == [area[k] for k in keys]
    assert by_label["合计"] == [figures[k] for k in keys]
    overdue = [row[:7] for row in rows if row and row[0] == "2026-11-17"]
    assert overdue == [("2026-11-17", "monthly", "B", "绿化养护（修剪、补种、浇水）", "6栋北侧绿化带", "绿化部", "2026-11-27")]


# ── privacy: an owner's name and phone written into a finding reach nothing that leaves ──

OWNER, PHONE = "欧阳春花", "13912345678"


def test_no_planted_owner_name_or_phone_reaches_the_check_the_report_or_the_site(repo, tmp_path):
    rel = "records/inspections/2026/11/2026-11-26-spot-C.md"
    write(repo, rel, "---\ndate: 2026-11-26\nby: zhang-wei\nkind: spot\narea: C\nfindings:\n"
                     f"  - {{item: 公共区域清洁, result: 不合格, place: 10-1-1201 业主{OWNER} {PHONE}, owner: cleaning}}\n"
                     f"---\n\n## 检查情况\n\n10-1-1201 业主{OWNER}（{PHONE}）门口堆放纸箱。\n")
    # the owner is known as an owner: a slip's contact names the same person
    write(repo, "records/slips/2026/11/S-20261126-liu-yang-01.md",
          f"---\nid: S-20261126-liu-yang-01\nopened: 2026-11-26 10:00\nby: liu-yang\nchannel: patrol\ncategory: other\n"
          f"unit: 10-1-1201\ncontact: {OWNER} {PHONE}\nto: cleaning\ndue: 2026-11-27 18:00\n---\n\n门口堆放纸箱。\n")
    assert wutong(repo, "validate").exit_code == 0
    outputs = [wutong(repo, "check", "--date", "2026-11-30", *fmt).stdout for fmt in ((), ("--format", "json"))]
    outputs += [wutong(repo, "report", "--month", "2026-11", "--format", fmt).stdout for fmt in ("json", "md", "html")]
    assert any("10-1-1201" in text for text in outputs)   # the finding did reach them, masked
    for text in outputs:
        assert OWNER not in text and PHONE not in text
    site = tmp_path / "site"
    import os
    os.environ["WUTONG_NOW"] = "2026-11-30 18:00"
    try:
        result = wutong(repo, "build", "-d", str(site))
    finally:
        del os.environ["WUTONG_NOW"]
    assert result.exit_code == 0, result.output
    register = (site / "records/inspection/register.html").read_text(encoding="utf-8")
    assert "公共区域清洁" in register
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert OWNER not in text and PHONE not in text, page


# ── the site ──

def test_the_register_lists_open_items_overdue_first_and_the_month_page_shows_each_card(frozen, tmp_path):
    import os
    import re
    site = tmp_path / "site"
    os.environ["WUTONG_NOW"] = "2026-11-30 18:00"
    try:
        result = wutong(frozen, "build", "-d", str(site))
    finally:
        del os.environ["WUTONG_NOW"]
    assert result.exit_code == 0, result.output
    register = (site / "records/inspection/register.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr(?: class=\"wt-row--overdue\")?><td data-label=\"检查\">.*?</tr>", register, re.S)
    text = [re.sub(r"<[^>]+>", " ", row).split() for row in rows]
    assert [(t[0], t[2], t[-1]) for t in text] == [("2026-11-17", "B区", "逾期未整改"),
                                                  ("2026-11-19", "D区", "整改中（未到期限）")]
    assert 'class="wt-row--overdue"' in rows[0] and "wt-row--overdue" not in rows[1]
    month = (site / "records/inspection/2026-11.html").read_text(encoding="utf-8")
    assert month.count('class="wt-record wt-record--inspection"') == 29
