"""The front desk on the site: registers by month, the open-now board, renovation cases, desk days on person pages.

The repository is tests/fixtures/good with tests/fixtures/desk_good and
tests/fixtures/desk_site laid over it: registers of the 24th and 26th (a key
lent to an owner and never returned, parcels unpicked, a car card not
collected) and a renovation case whose worker's pass expired and whose waste
is still piled. The build is as of 2026-11-27 12:00.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site
from probe import content_text

NOW = "2026-11-27 12:00"
# every owner's and worker's name the overlay writes in rows, passes, notes and bodies
NAMES = ("龚建华", "蔡师傅", "韦建军", "建华", "建军")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("desk") / "repo"
    for name in ("good", "desk_good", "desk_site"):
        shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
    return build_site(root, NOW)


def text(site: Path, rel: str) -> str:
    return " ".join(content_text((site / rel).read_text(encoding="utf-8")).split())


def rows(site: Path, rel: str, css: str) -> list[str]:
    """The text of each table row of one class on a page."""
    html = (site / rel).read_text(encoding="utf-8")
    return [" ".join(re.sub(r"<[^>]+>", " ", m).split())
            for m in re.findall(rf'<tr class="{css}[^"]*">(.*?)</tr>', html, re.S)]


def test_register_month_page_shows_every_row_with_home_and_staff_masked(site):
    page = text(site, "records/desk/2026-11.html")
    assert "11月24日 周二 前台登记在前台：王芳、李娜 钥匙借用（2）" in page
    assert "钥匙借用（2）" in page and "包裹代收（3）" in page and "业主卡、车卡、钥匙扣（1）" in page
    assert "2-1-301 装修工 蔡** 装修 08:30 17:10 王芳" in page
    assert "1-1-602 业主 龚** 忘带钥匙 19:40 未归还 李娜" in page
    assert "P-20261124-01 1-2-302 中通 09:15 09:30 待取 王芳" in page
    assert "车卡 2-1-301 14:00 15:00 未领取 100 元 王芳" in page
    assert "F-20261126-01 1-2-902 旧沙发一套 张伟 15:00 门岗" in page
    assert "交接 1-1-602 业主龚**晚上借的钥匙未还，已电话提醒。蔡**明天继续施工。" in page
    html = (site / "records/desk/2026-11.html").read_text(encoding="utf-8")
    assert 'id="2026-11-24"' in html and 'id="P-20261124-01"' in html


def test_board_lists_exactly_what_is_open_at_build_time(site):
    board = "records/desk/board.html"
    assert "截至 2026-11-27 12:00：钥匙未归还 1 把；包裹待取 3 件；卡未领取 1 张；装修待处理 1 户" in text(site, board)
    assert rows(site, board, "wt-desk-open") == [
        "1-1-602 业主 龚** 忘带钥匙 2026-11-24 19:40 3 天 过夜 李娜",
        # P-20261124-02 was picked at 11:00 on the 27th, before the build: not listed;
        # P-20261124-03 is picked at 18:00 on the 27th, after the build: still waiting
        "P-20261124-01 1-2-302 中通 2026-11-24 09:15 3 天 王芳",
        "P-20261124-03 3-1-101 顺丰 2026-11-24 11:00 3 天 李娜",
        "P-20261126-01 3-1-302 顺丰 2026-11-26 10:05 1 天 王芳",
        "车卡 2-1-301 2026-11-24 14:00 15:00 3 天 王芳",
    ]
    assert rows(site, board, "wt-desk-case") == ["2-1-301 2026-11-25 09:00 起堆放，已 2 天未清运 蔡**（2026-11-20 到期）"]
    html = (site / board).read_text(encoding="utf-8")
    assert 'href="2026-11.html#P-20261124-01"' in html and 'href="../renovation/2-1-301-202611.html#2-1-301-202611"' in html


def test_a_parcel_past_the_duty_books_days_is_marked(tmp_path):
    root = tmp_path / "repo"
    for name in ("good", "desk_good", "desk_site"):
        shutil.copytree(FIXTURES / name, root, dirs_exist_ok=True)
    later = build_site(root, "2026-11-28 09:00")  # the 24th's parcel has waited 4 days: past the limit of 3
    assert rows(later, "records/desk/board.html", "wt-desk-open") == [
        "1-1-602 业主 龚** 忘带钥匙 2026-11-24 19:40 4 天 过夜 李娜",
        "P-20261124-01 1-2-302 中通 2026-11-24 09:15 4 天 超期 王芳",   # picked ones (27th) are gone
        "车卡 2-1-301 2026-11-24 14:00 15:00 4 天 王芳",
    ]


def test_each_case_has_its_own_page(site):
    html = (site / "records/renovation/2-1-301-202611.html").read_text(encoding="utf-8")
    assert 'id="2-1-301-202611"' in html and "<title>装修档案 2-1-301-202611" in html
    assert 'href="2026-11.html"' in html  # back to the month's list
    page = text(site, "records/renovation/2-1-301-202611.html")
    assert "2-1-301 装修档案 施工中城东装饰" in page
    assert "出入证 蔡** 至 2026-11-20 已过期" in page and "出入证 韦** 至 2026-12-31" in page
    assert "2026-11-25 09:00 李娜 开始堆放装修垃圾 楼道口堆放旧地板" in page
    assert "3-2-501" not in page  # the other case is on its own page
    assert 'id="3-2-501-202611"' in (site / "records/renovation/3-2-501-202611.html").read_text(encoding="utf-8")


def test_the_month_page_lists_the_cases_applied_for_and_links_to_each(site):
    month = "records/renovation/2026-11.html"
    listed = rows(site, month, "wt-case-row")
    assert [row.split()[0] for row in listed] == ["3-2-501", "2-1-301"]  # in order of application
    assert listed[1] == "2-1-301 城东装饰 2026-11-05 2026-11-06 施工中 2 条"
    html = (site / month).read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+-2026\d\d\.html[^"]*)"', html) == [
        "3-2-501-202611.html#3-2-501-202611", "2-1-301-202611.html#2-1-301-202611"]
    assert "wt-record--renovation" not in html  # the cards are on the cases' pages


def test_person_pages_link_to_the_cases_pages(site):
    html = (site / "records/people/li-na-2026.html").read_text(encoding="utf-8")
    assert 'href="../renovation/2-1-301-202611.html#2-1-301-202611"' in html


def test_person_pages_list_the_days_at_the_desk(site):
    html = (site / "records/people/wang-fang-2026.html").read_text(encoding="utf-8")
    days = re.search(r"<dt>前台值班 · 前台登记</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
    assert re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', days) == [
        ("../desk/2026-11.html#2026-11-24", "24日"), ("../desk/2026-11.html#2026-11-26", "26日")]
    html = (site / "records/people/li-na-2026.html").read_text(encoding="utf-8")
    assert re.search(r"<dt>前台值班 · 前台登记</dt>\s*<dd><a [^>]*>24日</a></dd>", html)


def test_no_owner_or_worker_name_reaches_the_site(site):
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".js", ".json", ".xml", ".ics", ".txt")]
    assert len(files) > 20
    leaks = [(p.relative_to(site).as_posix(), name) for p in files for name in NAMES
             if name in p.read_text(encoding="utf-8", errors="replace")]
    assert leaks == []
    # the name of desk_good's worker, too, off every record page (the handbook's privacy page cites 王师傅 as an example)
    for rel in ("records/desk/2026-11.html", "records/desk/board.html", "records/renovation/2026-11.html",
                "records/renovation/2-1-301-202611.html", "records/renovation/3-2-501-202611.html"):
        assert "王师傅" not in (site / rel).read_text(encoding="utf-8")
