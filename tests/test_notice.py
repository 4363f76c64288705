"""Bulletin notices: records, validation, rendering to HTML and A4 PDF, and lawful dunning.

`notice_repo` is tests/fixtures/good with tests/fixtures/notices laid over it:
an outage notice for building 1, a dunning letter and a collection notice over
the same arrears list, and a notice full of untrusted text.
"""

from __future__ import annotations

import io
import re
import shutil

import pytest

from conftest import copy_fixture, wutong

pypdf = pytest.importorskip("pypdf")

NOTICES = "records/notices/2026/11"
ARREARS = "records/arrears/2026/11/2026-11-10.csv"
NEEDS_FONT = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")


@pytest.fixture
def notice_repo(tmp_path):
    root = copy_fixture("good", tmp_path / "repo")
    return copy_fixture("notices", root)


def render(root, name, *args):
    return wutong(root, "notice", "render", str(root / NOTICES / f"{name}.md"), *args)


def pdf_pages(path) -> list[str]:
    """The text of each page, whitespace removed (CJK lines break anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def arrears_rows(root):
    import csv
    with open(root / ARREARS, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def row_months(row) -> int:
    first, _, last = row["months"].partition("~")
    last = last or first
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1


def write(root, rel, text):
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


NOTICE = """---
kind: {kind}
title: {title}
posted: 2026-11-20
until: 2026-11-27
units: {units}
---
{body}
"""


def a_notice(root, name="test", kind="general", title="测试通知", units='"1"', body="正文。"):
    write(root, f"{NOTICES}/{name}.md", NOTICE.format(kind=kind, title=title, units=units, body=body))
    return name


# --- validation --------------------------------------------------------------------

def test_the_fixture_notices_validate_cleanly(notice_repo):
    result = wutong(notice_repo, "validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_unit_or_building_not_in_org_yml_is_rejected_with_its_line(notice_repo):
    a_notice(notice_repo, units='["1-1", "9-1", "7"]')
    result = wutong(notice_repo, "validate")
    assert result.stdout == (f"{NOTICES}/test.md:6: error WT111 9 栋 1 单元不在 records/org.yml 中\n"
                             f"{NOTICES}/test.md:6: error WT111 7 栋不在 records/org.yml 中\n")
    rendered = render(notice_repo, "test", "-o", str(notice_repo / "out.html"))
    assert rendered.exit_code == 1 and "WT111" in rendered.stderr and "未生成" in rendered.stderr
    assert not (notice_repo / "out.html").exists()


def test_units_forms(notice_repo):
    for units, sheets in (("all", 6), ("2", 2), ("[\"3-2\", \"1\"]", 3), ("[\"1-1\", \"1-1\"]", 1)):
        a_notice(notice_repo, units=units)
        result = render(notice_repo, "test")
        assert result.exit_code == 0, result.output
        assert result.stdout.count('<section class="sheet"') == sheets, units
    a_notice(notice_repo, units="[]")
    assert "WT603 units 是空的" in wutong(notice_repo, "validate").stdout
    a_notice(notice_repo, units="[all, \"1-1\"]")
    assert "WT603 all 不能和具体单元写在同一个列表里" in wutong(notice_repo, "validate").stdout


def test_an_overlong_title_is_rejected_and_not_rendered(notice_repo):
    a_notice(notice_repo, title="关于" + "冬季供暖" * 8 + "的通知")
    result = render(notice_repo, "test")
    assert result.exit_code == 1
    assert "WT601 标题有 37 个字，超过 30 个字" in result.stderr and result.stdout == ""


def test_personal_numbers_are_rejected_in_every_kind(notice_repo):
    a_notice(notice_repo, kind="activity", body="报名请联系 13812345678，或持身份证 110101199003071234 到前台。")
    out = wutong(notice_repo, "validate").stdout
    assert out.count("WT604") == 2 and "手机号 138…" in out and "身份证号 110…" in out
    a_notice(notice_repo, body="服务中心电话：0571-8888 6666（座机可以）")
    assert wutong(notice_repo, "validate").exit_code == 0


def test_arrears_only_with_dunning_and_collection(notice_repo):
    write(notice_repo, f"{NOTICES}/test.md", NOTICE.format(
        kind="theme", title="主题", units="all", body="正文").replace("units: all", f"units: all\narrears: {ARREARS}"))
    assert "WT605 月度主题不用欠费名单" in wutong(notice_repo, "validate").stdout
    text = (notice_repo / NOTICES / "fee-dunning.md").read_text(encoding="utf-8")
    (notice_repo / NOTICES / "fee-dunning.md").write_text(text.replace("2026-11-10.csv", "missing.csv"), encoding="utf-8")
    (notice_repo / NOTICES / "test.md").unlink()
    result = wutong(notice_repo, "validate", str(notice_repo / NOTICES / "fee-dunning.md"))
    assert result.stdout == (f"{NOTICES}/fee-dunning.md:7: error WT605 找不到欠费名单 records/arrears/2026/11/missing.csv："
                             "请把财务导出的 CSV 放到这个位置，或改正路径\n")


def test_every_malformed_arrears_row_is_reported_with_its_csv_line(notice_repo):
    write(notice_repo, ARREARS, "\ufeffunit,owner,amount,months\r\n"
          "1-1-101,陈建国,1234.5,2026-07~2026-11\r\n"
          "1-1,刘芳,480,2026-10~2026-11\r\n"
          "1-2-302,,-5,2026-13\r\n"
          "\r\n"
          "1-1-101,陈建国,1,2026-11\r\n"
          "2-1-1101,赵敏,2400\r\n"
          "2-2-101,王强,100,2026-11~2026-10\r\n")
    out = wutong(notice_repo, "validate").stdout.splitlines()
    assert [(line.split(":")[1], line.split()[2]) for line in out] == [
        ("3", "WT606"), ("4", "WT606"), ("4", "WT606"), ("4", "WT606"), ("6", "WT606"), ("7", "WT606"), ("8", "WT606")]
    assert "unit 1-1 写法不对" in out[0] and "owner（业主姓名）是空的" in out[1]
    assert "房号 1-1-101 出现了两次（第一次在第 2 行）" in out[4] and "这一行有 3 列，表头有 4 列" in out[5]
    write(notice_repo, ARREARS, "房号,业主,金额\n1-1-101,陈建国,100\n")
    out = wutong(notice_repo, "validate").stdout
    assert f"{ARREARS}:1: error WT606 表头缺少列 unit、owner、amount、months" in out


def test_the_arrears_list_is_checked_against_org_yml(notice_repo):
    write(notice_repo, ARREARS, "unit,owner,amount,months\n9-1-101,陈建国,100,2026-11\n")
    out = wutong(notice_repo, "validate").stdout
    assert f"{ARREARS}:2: error WT111 9 栋 1 单元不在 records/org.yml 中" in out


# --- rendering -----------------------------------------------------------------------

def test_untrusted_text_is_escaped_not_run(notice_repo):
    result = render(notice_repo, "untrusted")
    assert result.exit_code == 0, result.output
    html = re.sub(r'<span class="keep">(.*?)</span>', r"\1", result.stdout)   # the last characters bound together
    assert "<script" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html.replace("&quot;", "&#34;")
    assert "<b>" not in html and "&lt;b&gt;通知&lt;/b&gt; {{ 7*7 }}" in html
    assert "{{ config }} {% raw %} 与 {{ 7*7 }} 照原样显示" in html and "49" not in html
    assert "<img" not in html and "［图：外链图片］" in html


@NEEDS_FONT
def test_untrusted_text_prints_as_text_in_the_pdf(notice_repo, tmp_path):
    assert render(notice_repo, "untrusted", "--pdf", str(tmp_path / "u.pdf")).exit_code == 0
    (page,) = pdf_pages(tmp_path / "u.pdf")
    assert '<script>alert("x")</script>' in page and "{{7*7}}" in page and "<b>通知</b>" in page


@NEEDS_FONT
def test_one_a4_page_per_unit_board_with_the_board_named(notice_repo, tmp_path):
    result = render(notice_repo, "water-outage", "--pdf", str(tmp_path / "w.pdf"), "-o", str(tmp_path / "w.html"))
    assert result.exit_code == 0, result.output
    assert result.stderr == "2 张：1栋1单元、1栋2单元\n"
    reader = pypdf.PdfReader(tmp_path / "w.pdf")
    assert [round(float(p.mediabox.width) / 72 * 25.4) for p in reader.pages] == [210, 210]
    assert [round(float(p.mediabox.height) / 72 * 25.4) for p in reader.pages] == [297, 297]
    pages = pdf_pages(tmp_path / "w.pdf")
    for page, board in zip(pages, ("1栋1单元", "1栋2单元")):
        assert f"张贴位置：{board}公示栏" in page
        assert "关于1栋计划停水的通知" in page and "1栋暂停供水" in page
        assert "梧桐墅物业服务中心" in page and "2026年11月12日" in page
    assert (tmp_path / "w.html").read_text(encoding="utf-8").count('<section class="sheet"') == 2


@NEEDS_FONT
def test_dunning_letters_one_per_household_each_with_its_own_amount(notice_repo, tmp_path):
    result = render(notice_repo, "fee-dunning", "--pdf", str(tmp_path / "d.pdf"))
    assert result.exit_code == 0, result.output
    pages = pdf_pages(tmp_path / "d.pdf")
    rows = arrears_rows(notice_repo)
    assert len(pages) == len(rows) == 4
    amounts = ["1,234.50", "480.00", "2,400.00", "960.50"]
    for page, row, amount in zip(pages, rows, amounts):
        b, u, room = row["unit"].split("-")
        assert f"{b}栋{u}单元{room}室" in page and f"人民币{amount}元" in page and f"（共{row_months(row)}个月）" in page
        assert all(other not in page for other in amounts if other != amount)
        assert "上门催收" in page and "律师函" in page and "2026年11月30日前" in page
        assert row["phone"] not in page and row["owner"] not in page  # the letter needs neither


@NEEDS_FONT
def test_collection_notice_carries_aggregates_and_no_one(notice_repo, tmp_path):
    result = render(notice_repo, "fee-collection", "--pdf", str(tmp_path / "c.pdf"))
    assert result.exit_code == 0, result.output
    pages = pdf_pages(tmp_path / "c.pdf")
    assert len(pages) == 3
    # 1-1: 22 homes, 1 owing; building 1: 44 homes, 2 owing; building 2: 42 homes, 1 owing. A unit of
    # fewer than 30 homes gets no row, a row with fewer than 3 owing its rate alone (neighbours would know who)
    assert "1栋1单元" not in pages[0].replace("张贴位置：1栋1单元", "") and "1栋———95.5%" in pages[0]
    assert "2栋———97.6%" in pages[2] and "本单元不足30户，不单独公布" in pages[2]
    assert "全小区" not in pages[0]  # building 3 has no homes in org.yml: no community-wide rate
    for page in pages:
        assert "元" not in page.replace("单元", "")  # no amount at all


@NEEDS_FONT
def test_no_name_phone_or_room_of_the_arrears_list_on_any_board_sheet(notice_repo, tmp_path):
    rows = arrears_rows(notice_repo)
    secrets = [r["owner"] for r in rows] + [r["phone"] for r in rows] + [r["unit"] for r in rows]
    secrets += ["{}栋{}单元{}".format(*r["unit"].split("-")) for r in rows] + [r["amount"] for r in rows]
    for name in ("water-outage", "fee-collection", "untrusted"):
        assert render(notice_repo, name, "--pdf", str(tmp_path / f"{name}.pdf")).exit_code == 0
        for page in pdf_pages(tmp_path / f"{name}.pdf"):
            assert not [s for s in secrets if s.replace(" ", "") in page], name


def test_a_collection_notice_that_names_a_household_is_refused(notice_repo):
    path = notice_repo / NOTICES / "fee-collection.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n特别提醒孙丽华业主尽快缴费。\n", encoding="utf-8")
    out = wutong(notice_repo, "validate").stdout
    assert out == (f"{NOTICES}/fee-collection.md:12: error WT608 出现了欠费名单上的业主姓名（{ARREARS} 第 5 行）："
                   "公示栏通知不得公布欠费住户的姓名、房号和金额，请删去；个人欠费只写进催缴函\n")


def test_a_collection_notice_needs_the_homes_of_every_unit(notice_repo):
    path = notice_repo / NOTICES / "fee-collection.md"
    path.write_text(path.read_text(encoding="utf-8").replace('units: ["1", "2-1"]', "units: all"), encoding="utf-8")
    out = wutong(notice_repo, "validate").stdout
    assert out.count("WT607") == 2 and "org.yml 没有写 3 栋 1 单元的户数" in out


@NEEDS_FONT
def test_without_a_cjk_font_the_pdf_is_refused_with_the_fix(notice_repo, tmp_path, monkeypatch):
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # fontconfig now knows no font at all
    result = render(notice_repo, "water-outage", "--pdf", str(tmp_path / "w.pdf"))
    assert result.exit_code == 1
    assert "没有找到中文字体" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert not (tmp_path / "w.pdf").exists()


def test_without_fontconfig_the_pdf_is_refused_too(notice_repo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list to ask
    result = render(notice_repo, "water-outage", "--pdf", str(tmp_path / "w.pdf"))
    assert result.exit_code == 1 and "没有找到中文字体" in result.stderr


@NEEDS_FONT
def test_a_body_too_long_for_one_sheet_is_refused(notice_repo, tmp_path):
    a_notice(notice_repo, body="\n\n".join(["冬季供暖期间请注意室内通风，发现暖气漏水请及时报修。"] * 40))
    result = render(notice_repo, "test", "--pdf", str(tmp_path / "t.pdf"))
    assert result.exit_code == 1
    assert "正文太长，一张 A4 放不下（1栋1单元、1栋2单元）" in result.stderr
    assert not (tmp_path / "t.pdf").exists()
    # 13 one-line paragraphs run into the space of the seal and signature; 12 leave it clear
    a_notice(notice_repo, body="\n\n".join(["冬季供暖期间请注意室内通风，发现暖气漏水请及时报修。"] * 13))
    result = render(notice_repo, "test", "--pdf", str(tmp_path / "t.pdf"))
    assert result.exit_code == 1 and "正文太长" in result.stderr
    a_notice(notice_repo, body="\n\n".join(["冬季供暖期间请注意室内通风，发现暖气漏水请及时报修。"] * 12))
    assert render(notice_repo, "test", "--pdf", str(tmp_path / "t.pdf")).exit_code == 0


def test_output_never_goes_into_records(notice_repo):
    target = notice_repo / NOTICES / "water-outage.md"
    before = target.read_bytes()
    result = render(notice_repo, "water-outage", "-o", str(target))
    assert result.exit_code == 1 and "不能把输出写到 records/ 里" in result.stderr
    assert target.read_bytes() == before


def test_only_notices_render(notice_repo):
    result = wutong(notice_repo, "notice", "render", str(notice_repo / "records/logs/2026/11/2026-11-26-li-na.md"))
    assert result.exit_code == 1 and "不是公示栏通知" in result.stderr


def test_the_department_can_change_the_layout_without_code(notice_repo):
    write(notice_repo, "templates/notices/outage.html.j2",
          '{% extends "notices/_sheet.html.j2" %}{% block contact %}停水期间请联系工程部值班室{% endblock %}')
    result = render(notice_repo, "water-outage")
    assert '<p class="contact">停水期间请联系工程<span class="keep">部值班室</span></p>' in result.stdout


# --- wutong new notice -------------------------------------------------------------------

def test_new_notice_scaffold_fails_until_filled_in_then_renders(notice_repo):
    result = wutong(notice_repo, "new", "notice", "--kind", "collection", "--posted", "2026-11-28", "--name", "fees")
    assert (result.exit_code, result.stdout) == (0, f"{NOTICES}/fees.md\n")
    path = notice_repo / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert f'arrears: "{ARREARS}"' in text and "until: 2026-12-12" in text
    assert [line.split()[2] for line in wutong(notice_repo, "validate", str(path)).stdout.splitlines()] == [
        "WT113", "WT409"]
    path.write_text(text.replace('title: ""', "title: 11月物业费收缴情况公示").replace("units: all", 'units: "1"')
                    + "现将收缴情况公示如下。\n", encoding="utf-8")
    assert wutong(notice_repo, "validate").exit_code == 0
    assert render(notice_repo, "fees").stdout.count('<section class="sheet"') == 2
    again = wutong(notice_repo, "new", "notice", "--kind", "collection", "--posted", "2026-11-28", "--name", "fees")
    assert again.exit_code == 1 and "已存在" in again.stderr


def test_new_notice_refuses_a_bad_kind_or_name(notice_repo):
    result = wutong(notice_repo, "new", "notice", "--kind", "poster")
    assert result.exit_code == 1 and "通知类型 poster 不存在" in result.stderr
    result = wutong(notice_repo, "new", "notice", "--kind", "theme", "--name", "12月主题")
    assert result.exit_code == 1 and "文件名 12月主题 写法不对" in result.stderr


def test_theme_scaffold_stays_up_to_the_end_of_the_month(notice_repo):
    result = wutong(notice_repo, "new", "notice", "--kind", "theme", "--posted", "2026-12-01")
    assert "until: 2026-12-31" in (notice_repo / result.stdout.strip()).read_text(encoding="utf-8")


def test_homes_in_org_yml_must_name_real_units(good_repo):
    org = good_repo / "records/org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace('{"1": 22, "2": 20}', '{"1": 22, "5": 20}'),
                   encoding="utf-8")
    out = wutong(good_repo, "validate").stdout
    assert "records/org.yml:13: error WT111 楼栋 2 的 homes 写了单元 5，但 units 中没有这个单元" in out
    org.write_text(org.read_text(encoding="utf-8").replace("homes: 22}", "homes: -1}"), encoding="utf-8")
    assert "WT103 homes: 户数应是正整数" in wutong(good_repo, "validate").stdout


def test_render_refuses_a_malformed_arrears_list_naming_its_csv_line(notice_repo, tmp_path):
    write(notice_repo, ARREARS, "unit,owner,amount,months\n1-1-101,陈建国,100,2026-11\n1-2-302,刘芳,一百,2026-11\n")
    result = render(notice_repo, "fee-dunning", "-o", str(tmp_path / "d.html"))
    assert result.exit_code == 1
    assert f"{ARREARS}:3: error WT606 amount 一百 不是欠费金额" in result.stderr
    assert not (tmp_path / "d.html").exists()


def test_dunning_for_units_with_no_household_in_arrears_is_refused(notice_repo):
    path = notice_repo / NOTICES / "fee-dunning.md"
    path.write_text(path.read_text(encoding="utf-8").replace("units: all", 'units: ["2-2"]'), encoding="utf-8")
    out = wutong(notice_repo, "validate").stdout
    assert "WT605 欠费名单 records/arrears/2026/11/2026-11-10.csv 中没有 units 所选单元的住户" in out


def test_dunning_letters_for_one_building_only(notice_repo):
    path = notice_repo / NOTICES / "fee-dunning.md"
    path.write_text(path.read_text(encoding="utf-8").replace("units: all", 'units: "1"'), encoding="utf-8")
    result = render(notice_repo, "fee-dunning")
    assert result.stderr == "2 张：1栋1单元101室、1栋2单元302室\n"


@pytest.mark.parametrize("estate, signed", [("estate: 银杏苑\n", "银杏苑物业服务中心"), ("", "物业服务中心")])
def test_a_notice_without_signed_is_signed_by_the_estate_org_yml_names(notice_repo, tmp_path, estate, signed):
    org = notice_repo / "records/org.yml"
    text = org.read_text(encoding="utf-8")
    assert "estate: 梧桐墅" in text
    org.write_text(re.sub(r"(?m)^estate:.*\n", estate, text), encoding="utf-8")
    result = render(notice_repo, "water-outage", "-o", str(tmp_path / "w.html"))
    assert result.exit_code == 0, result.output
    html = re.sub(r'<span class="keep">(.*?)</span>', r"\1", (tmp_path / "w.html").read_text(encoding="utf-8"))
    assert html.count(f'<span class="org">{signed}</span>') == 2 and html.count(f'<p class="signed">{signed}</p>') == 2
    assert "梧桐墅" not in html
