"""Notices refuse personal data with the site's own detection (issue 8, finding 8).

`notice_repo` is tests/fixtures/good with tests/fixtures/notices laid over it
(an arrears list for 2026-11), plus a second, older arrears list that no notice
cites: a board notice must name no household of any list of the repository.
"""

from __future__ import annotations

import pytest

from conftest import copy_fixture, wutong

NOTICES = "records/notices/2026/11"
CITED = "records/arrears/2026/11/2026-11-10.csv"
OLDER = "records/arrears/2026/10/2026-10-10.csv"
WT604 = "张贴或发布的通知不得出现个人号码，请删去（联系方式写服务中心电话）"
WT608 = "公示栏通知不得公布欠费住户的姓名、房号和金额，请删去；个人欠费只写进催缴函"

NOTICE = """---
kind: {kind}
title: 测试通知
posted: 2026-11-20
until: 2026-11-27
units: ["1-1"]{arrears}
---
{body}
"""


@pytest.fixture
def notice_repo(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    copy_fixture("notices", root)
    (root / OLDER).parent.mkdir(parents=True)
    (root / OLDER).write_text("unit,owner,amount,months,phone\n1-1-501,刘春梅,633.60,2026-07~2026-10,138-0000-0002\n"
                              "2-1-101,孙淑珍,314.60,2026-09~2026-10,13900000003\n", encoding="utf-8")
    return root


def a_notice(root, body, kind="general"):
    arrears = f"\narrears: {CITED}" if kind in ("collection", "dunning") else ""
    path = root / NOTICES / "test.md"
    path.write_text(NOTICE.format(kind=kind, arrears=arrears, body=body), encoding="utf-8")
    return f"{NOTICES}/test.md"


def validate(root, *paths):
    return wutong(root, "validate", *[str(root / p) for p in paths])


def test_the_fixture_validates_cleanly(notice_repo):
    result = validate(notice_repo)
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize("written,label,first", [
    ("138-1234-5678", "手机号", "138"), ("138 1234 5678", "手机号", "138"), ("+8613812345678", "手机号", "138"),
    ("１３８１２３４５６７８", "手机号", "138"), ("(+86)138.1234.5678", "手机号", "138"),
    ("110101 19900307 1234", "身份证号", "110"), ("110101900307123", "身份证号", "110"),
])
def test_a_general_notice_with_a_personal_number_in_any_spelling_is_refused(notice_repo, written, label, first):
    rel = a_notice(notice_repo, f"失物招领，请失主联系 {written} 认领。")
    result = validate(notice_repo)
    assert result.stdout == f"{rel}:8: error WT604 通知中有{label} {first}…：{WT604}\n"
    assert result.exit_code == 1


def test_the_centres_landline_is_allowed(notice_repo):
    a_notice(notice_repo, "服务中心电话 0571-8866 1234，值班电话 8866 1234。")
    assert validate(notice_repo).exit_code == 0


def test_a_general_notice_naming_a_household_of_the_arrears_list_is_refused(notice_repo):
    rel = a_notice(notice_repo, "孙丽华（3-2-501）欠费960.50元，请尽快缴纳。")
    result = validate(notice_repo)
    assert result.stdout == f"{rel}:8: error WT608 出现了欠费名单上的业主姓名（{CITED} 第 5 行）：{WT608}\n"
    assert result.exit_code == 1


def test_a_list_no_notice_cites_is_checked_too_even_when_only_the_notice_is_validated(notice_repo):
    rel = a_notice(notice_repo, "孙淑珍（1-1-501）欠费314.60元。")
    expected = (f"{rel}:8: error WT608 出现了欠费名单上的房号（{OLDER} 第 2 行）：{WT608}\n"
                f"{rel}:8: error WT608 出现了欠费名单上的业主姓名（{OLDER} 第 3 行）：{WT608}\n")
    assert validate(notice_repo).stdout == expected
    assert validate(notice_repo, rel).stdout == expected


@pytest.mark.parametrize("line,what", [
    ("特别提醒刘 春 梅业主。", "业主姓名"), ("特别提醒刘春梅业主。", "业主姓名"),
    ("1 栋 1 单元 501 室尚未缴费。", "房号"), ("1-1-501 尚未缴费。", "房号"),
    ("有一户欠 633.60 元。", "欠费金额"), ("有一户欠633.6元。", "欠费金额"), ("有一户欠 ¥633.60。", "欠费金额"),
    ("有一户欠 ￥６３３．６０。", "欠费金额"),
])
def test_a_collection_notice_refuses_spaced_names_and_formatted_numbers(notice_repo, line, what):
    rel = a_notice(notice_repo, f"现将收缴情况公示如下。\n\n{line}", kind="collection")
    result = validate(notice_repo)
    assert result.stdout == f"{rel}:11: error WT608 出现了欠费名单上的{what}（{OLDER} 第 2 行）：{WT608}\n"


def test_a_phone_from_the_arrears_list_in_a_collection_notice_is_refused(notice_repo):
    rel = a_notice(notice_repo, "现将收缴情况公示如下。有疑问请联系 138-0000-0002。", kind="collection")
    assert validate(notice_repo).stdout == f"{rel}:9: error WT604 通知中有手机号 138…：{WT604}\n"


def test_counts_dates_and_rates_are_not_amounts(notice_repo):
    a_notice(notice_repo, "截至2026年11月10日，本单元22户中欠费2户，收缴率90.9%，请于11月30日前缴纳。", kind="collection")
    assert validate(notice_repo).exit_code == 0


def test_a_dunning_letter_is_private_and_may_name_the_household(notice_repo):
    a_notice(notice_repo, "刘春梅业主：您家（1-1-501）尚欠633.60元。", kind="dunning")
    assert validate(notice_repo).exit_code == 0
