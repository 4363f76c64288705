"""Issue 12, part 分析与整改 and 核对: the supervisor's analysis in the report, and written figures against the records.

Fixtures: tests/fixtures/sample_desk (a frozen copy of the sample month) with an overlay from
tests/fixtures/report_reconcile/: `disagree/` holds monthly minutes whose figures the records
do not bear out, `agree/` the corrected minutes and an analysis of November. The November
figures the warnings name are pinned by tests/test_report.py (44 slips by the month's end;
41 opened by the 25th, 15 of them repairs; finance's list of 11-10: A 16, B 7, C 7, D 12).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_fixture, wutong

OVERLAY = FIXTURES / "report_reconcile"
MINUTES = "records/minutes/2026/11/2026-11-25-monthly.md"
ANALYSIS = "records/reports/2026-11.md"
DISAGREE = (
    f"{MINUTES}:17: warning WT975 会议记录写“本月传递单 44 张”，记录统计为 41 张（11 月 1—25 日开单，按 25 日的状态）："
    "核对后改正其中一处\n"
    f"{MINUTES}:17: warning WT975 会议记录写“报修 17 张”，记录统计为 15 张（11 月 1—25 日开单，按 25 日的状态）："
    "核对后改正其中一处\n"
    f"{MINUTES}:20: warning WT976 会议记录写“A区欠费 20 户”，财务欠费名单 records/arrears/2026/11/2026-11-10.csv "
    "为 16 户：核对后改正其中一处\n")


def sample(tmp_path: Path, overlay: str | None = None) -> Path:
    root = copy_fixture("sample_desk", tmp_path / "repo")
    if overlay:
        shutil.copytree(OVERLAY / overlay, root, dirs_exist_ok=True)
    return root


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def analysis(body: str) -> str:
    return f"---\nmonth: 2026-11\nby: zhang-wei\ndate: 2026-12-05\n---\n{body}"


def test_minutes_that_disagree_get_one_warning_per_figure(tmp_path):
    """44 slips written on the 25th (41 then), 17 repairs (15 then), A 20 (16): named with both numbers.

    B 片区欠费 7 户 and C区 7 户 agree; D区由35户降至19户 is not in the convention and is not guessed at.
    """
    root = sample(tmp_path, "disagree")
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (0, DISAGREE)
    assert result.stderr.endswith("0 个错误，3 个警告\n")


def test_checking_only_the_minutes_reads_the_slips_from_disk(tmp_path, monkeypatch):
    """`wutong validate PATH` (and the hook) check one file: the same warnings, the month's slips read for it."""
    root = sample(tmp_path, "disagree")
    monkeypatch.chdir(root)
    result = wutong(root, "validate", MINUTES)
    assert (result.exit_code, result.stdout) == (0, DISAGREE)


def test_the_commit_hook_reports_them_too(tmp_path):
    from wutong_docs.core.gitrepo import git
    from wutong_docs.validate.staged_files import validate_staged

    root = sample(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample")
    shutil.copytree(OVERLAY / "disagree", root, dirs_exist_ok=True)
    git(root, "add", MINUTES)
    outcome = validate_staged(root)
    assert "".join(p.as_text() + "\n" for p in outcome.report.problems) == DISAGREE


def test_corrected_minutes_and_the_analysis_agree(tmp_path):
    root = sample(tmp_path, "agree")
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.endswith("0 个错误，0 个警告\n")


@pytest.mark.parametrize("body, expected", [
    ("本月传递单 ４５ 张（报修 １７ 张），已关闭 ２９ 张，作废 １ 张。\n",
     f"{ANALYSIS}:6: warning WT975 月度分析写“本月传递单 45 张”，记录统计为 44 张（11 月开单，按月末的状态）：核对后改正其中一处\n"),
    ("欠费户：Ａ 片区 １７ 户、Ｂ区欠费７户。\n",
     f"{ANALYSIS}:6: warning WT976 月度分析写“A区欠费 17 户”，财务欠费名单 records/arrears/2026/11/2026-11-10.csv 为 16 户："
     "核对后改正其中一处\n"),
    ("本月传递单　４４　张，已关闭２９张，未关闭 15 张。\n欠费：A区由26户降至20户。\n", ""),  # agrees; the rest not read
    ("10月传递单 3 张。\n", f"{ANALYSIS}:6: warning WT975 月度分析写“10月传递单 3 张”，记录统计为 0 张（10 月开单，按月末的状态）："
                          "核对后改正其中一处\n"),
    ("<!-- 例：本月传递单 1 张，A区欠费 1 户 -->\n本月平稳。\n", ""),   # a comment's example is no figure
    # a month that does not exist is said, not counted as this month nor a crash
    ("13月传递单 5 张。\n", f"{ANALYSIS}:6: warning WT977 月度分析写“13月传递单 5 张”，13月不是月份，无法核对："
                           "改成 1—12 月之一，或写“本月”\n"),
    ("0月份传递单 2 张。\n", f"{ANALYSIS}:6: warning WT977 月度分析写“0月传递单 2 张”，0月不是月份，无法核对："
                            "改成 1—12 月之一，或写“本月”\n"),
])
def test_full_width_and_loose_spacing_are_read_and_other_sentences_are_not(tmp_path, body, expected):
    root = sample(tmp_path)
    write(root, ANALYSIS, analysis(body))
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (0, expected)


def test_an_arrears_figure_before_any_list_cannot_be_checked(tmp_path):
    root = sample(tmp_path)
    write(root, "records/reports/2026-10.md", analysis("A区欠费 3 户。\n").replace("2026-11", "2026-10"))
    result = wutong(root, "validate")
    assert result.stdout == ("records/reports/2026-10.md:6: warning WT977 月度分析写“A区欠费 3 户”，但 2026-10-31 及以前"
                             "没有财务欠费名单，无法核对：把财务的名单放进 records/arrears/YYYY/MM/（文件名写名单日期，如 2026-11-10.csv）\n")


# --- the drafts: wutong new minutes --kind monthly, wutong new report ------------------------------------------


def test_the_monthly_minutes_draft_is_prefilled_and_reconciles(tmp_path):
    root = sample(tmp_path)
    (root / MINUTES).unlink()
    result = wutong(root, "new", "minutes", "--kind", "monthly", "--date", "2026-11-25")
    assert (result.exit_code, result.stdout) == (0, MINUTES + "\n")
    text = (root / MINUTES).read_text(encoding="utf-8")
    assert ("## 11月工作情况（截至25日）\n\n"
            "- 本月传递单 41 张（报修 15 张、投诉 7 张、咨询 5 张、房屋质量 5 张、其他 9 张），已完成 34 张，已关闭 28 张，作废 1 张。\n"
            "- 欠费户（财务名单 2026-11-10）：A区欠费 16 户，B区欠费 7 户，C区欠费 7 户，D区欠费 12 户。\n") in text
    (root / MINUTES).write_text(text.replace('time: ""', 'time: "16:00"'), encoding="utf-8")  # what the scaffold leaves
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_weekly_minutes_draft_has_no_figures(tmp_path):
    root = sample(tmp_path)
    wutong(root, "new", "minutes", "--kind", "weekly", "--date", "2026-11-26")
    text = (root / "records/minutes/2026/11/2026-11-26-weekly.md").read_text(encoding="utf-8")
    assert "本月传递单" not in text and text.endswith("---\n<!-- 会议内容：逐条记录汇报、点评、布置的工作 -->\n")


def test_the_analysis_draft_validates_and_reconciles(tmp_path, monkeypatch):
    root = sample(tmp_path)
    monkeypatch.setattr("wutong_docs.authoring.new_record.now", lambda: datetime(2026, 12, 5, 9, 0))
    result = wutong(root, "new", "report", "--month", "2026-11")
    assert (result.exit_code, result.stdout) == (0, ANALYSIS + "\n")
    text = (root / ANALYSIS).read_text(encoding="utf-8")
    assert "month: 2026-11\nby: zhang-wei\ndate: 2026-12-05\n---\n## 一、本月概况\n\n本月传递单 44 张（报修 17 张、" in text
    assert "\n## 二、存在问题\n" in text and "\n## 三、整改措施\n" in text
    assert "A区欠费 16 户" in text
    result = wutong(root, "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    again = wutong(root, "new", "report", "--month", "2026-11")
    assert again.exit_code == 1 and "已存在" in again.stderr
    assert (root / ANALYSIS).read_text(encoding="utf-8") == text


def test_drafts_leave_the_figures_out_while_records_have_errors(tmp_path):
    root = sample(tmp_path)
    slip = next((root / "records/slips/2026/11").glob("*.md"))
    slip.write_text(slip.read_text(encoding="utf-8").replace("category: ", "category: 天气", 1), encoding="utf-8")
    assert wutong(root, "new", "report", "--month", "2026-11").exit_code == 0
    text = (root / ANALYSIS).read_text(encoding="utf-8")
    assert "传递单 " not in text
    assert "<!-- 记录有 1 个错误，本月数字未预填：运行 wutong validate 改正后，删去本文件再运行一次本命令，数字会自动填好 -->" in text


# --- the report's section 七 ---------------------------------------------------------------------------------------

PHONE = "13912345678"
BODY = (f"## 一、本月概况\n\n业主陈建国 {PHONE} 多次来电，<script>alert(1)</script> **地板**问题未解决。\n\n"
        "## 二、存在问题\n\n1. 回访不及时\n")


@pytest.fixture
def with_body(tmp_path) -> Path:
    root = sample(tmp_path, "disagree")
    write(root, ANALYSIS, analysis(BODY))
    return root


def test_the_analysis_in_markdown_masked_no_html_headings_under_the_section(with_body):
    text = wutong(with_body, "report", "--month", "2026-11", "--format", "md").stdout
    section = text[text.index("## 十二、分析与整改"):]
    assert section.startswith("## 十二、分析与整改\n\n以下为主管所写的本月分析（records/reports/2026-11.md）。\n\n"
                              "### 一、本月概况\n\n业主陈\\*\\* 139\\*\\*\\*\\*5678 多次来电，&lt;script&gt;alert(1)&lt;/script&gt; "
                              "**地板**问题未解决。\n\n### 二、存在问题\n\n1. 回访不及时\n")
    assert PHONE not in text and "陈建国" not in text and "<script" not in text
    assert "**数字核对**" in section and section.count("warning WT97") == 3


def test_the_analysis_in_html(with_body):
    html = wutong(with_body, "report", "--month", "2026-11").stdout
    assert "<h3>一、本月概况</h3>" in html and "<strong>地板</strong>" in html
    assert "139****5678" in html and PHONE not in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "会议记录写“A区欠费 20 户”，财务欠费名单" in html


def test_the_analysis_in_json_is_masked(with_body):
    got = json.loads(wutong(with_body, "report", "--month", "2026-11", "--format", "json").stdout)["analysis"]
    assert got["file"] == ANALYSIS
    assert got["body"] == BODY.strip().replace(PHONE, "139****5678").replace("陈建国", "陈**")
    assert [w.split(": warning ")[0] for w in got["warnings"]] == [f"{MINUTES}:17", f"{MINUTES}:17", f"{MINUTES}:20"]


def test_without_an_analysis_the_section_says_how_to_write_one(tmp_path):
    root = sample(tmp_path)
    got = json.loads(wutong(root, "report", "--month", "2026-11", "--format", "json").stdout)["analysis"]
    assert got == {"file": None, "body": "", "warnings": []}
    text = wutong(root, "report", "--month", "2026-11", "--format", "md").stdout
    assert text.rstrip().endswith("## 十二、分析与整改\n\n主管尚未填写本月分析（wutong new report --month 2026-11）。")
