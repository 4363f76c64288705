"""The 前台周汇总 pages on the site (issue 21, item 8): one page per ISO week with desk registers, and their index.

The repository is tests/fixtures/sample_desk (registers 2026-11-01 to 11-30, renovation cases,
slips) with an owner's name and mobile written into a renovation note of week 47, built as of
2026-11-30 12:00. The figures on a page are the ones `wutong report week` prints, counted again
from the files by test_report_week.count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import probe
from conftest import build_site, copy_fixture
from probe import content_text
from test_report_week import count

NOW = "2026-11-30 12:00"
OWNER, PHONE = "龚建华", "13812345678"
WEEKS = ["2026-W49", "2026-W48", "2026-W47", "2026-W46", "2026-W45", "2026-W44"]   # newest first


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_fixture("sample_desk", tmp_path_factory.mktemp("week") / "repo")
    case = root / "records/renovations/10-1-1201-202610.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "note: 催促后清运}", f"note: 催促后清运，业主{OWNER}{PHONE}已知悉}}"), encoding="utf-8")
    return build_site(root, NOW)


def text(site: Path, rel: str) -> str:
    return " ".join(content_text((site / rel).read_text(encoding="utf-8")).split())


def test_a_page_per_week_with_registers_and_an_index_newest_first(site):
    assert sorted(p.name for p in (site / "records/desk").glob("2026-W*.html")) == sorted(f"{w}.html" for w in WEEKS)
    index = (site / "records/desk/weeks.html").read_text(encoding="utf-8")
    linked = re.findall(r'<a href="(2026-W\d\d)\.html">', index)
    assert linked == WEEKS
    assert "2026-W47（11-16—11-22）：登记表 7 份" in text(site, "records/desk/weeks.html")


def test_the_index_is_in_the_navigation_under_records_beside_the_desk_board(site):
    for page in ("records/index.html", "records/desk/board.html", "records/desk/weeks.html"):
        html = (site / page).read_text(encoding="utf-8")
        nav = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<',
                         html)
        targets = {label: href for href, label in nav}
        assert targets.get("前台周汇总", "").endswith("weeks.html"), (page, nav)
        assert targets.get("前台看板", "").endswith("board.html"), (page, nav)


def test_each_week_page_links_to_its_neighbours_the_index_and_the_registers(site):
    html = (site / "records/desk/2026-W47.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="wt-month-nav" aria-label="按周翻看">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', nav) == [
        ("2026-W46.html", "← 2026-W46"), ("weeks.html", "前台周汇总"), ("board.html", "前台看板"),
        ("2026-11.html", "2026年11月前台登记"), ("2026-W48.html", "2026-W48 →")]
    first = (site / "records/desk/2026-W44.html").read_text(encoding="utf-8")   # 10-26 to 11-01: only November has registers
    assert "← " not in re.search(r'aria-label="按周翻看">(.*?)</nav>', first, re.S).group(1)
    assert 'href="2026-10.html"' not in first and 'href="2026-11.html"' in first


@pytest.mark.parametrize("week", ["2026-W45", "2026-W47", "2026-W48"])
def test_the_page_shows_the_weeks_figures(site, week):
    page, want = text(site, f"records/desk/{week}.html"), count(Path(site).parent, week)
    for label, value in (("前台登记表（份）", want["registers"]), ("包裹代收（件）", want["received"]),
                         ("包裹领取（件）", want["picked"]), ("周末仍待领取的包裹（件）", want["waiting"]),
                         ("钥匙借出（次）", want["lent"]), ("钥匙过夜（次）", want["key_late"]),
                         ("其中业主卡（张）", want["owner"]), ("业主卡未按时通知（张）", want["card_late"]),
                         ("放行条（张）", want["release"]), ("装修工人出入证本周到期（张）", want["expiring"]),
                         ("前台开的传递单（张）", want["opened"]), ("前台的传递单本周关闭（张）", want["closed"]),
                         ("装修档案记录（条）", want["events"])):
        assert f"{label} {value} " in page, (label, value)
    assert f"前台周汇总 {week}" in page and f"wutong report week --week {week}" in page


def test_owners_are_masked_on_the_week_pages(site):
    for week in WEEKS:
        html = (site / f"records/desk/{week}.html").read_text(encoding="utf-8")
        assert OWNER not in html and PHONE not in html
    assert f"业主龚**138****5678已知悉" in text(site, "records/desk/2026-W47.html")
    search = (site / "search/wutong-index.js").read_text(encoding="utf-8")
    assert OWNER not in search and PHONE not in search


def test_the_page_fetches_nothing_from_outside(site):
    html = (site / "records/desk/2026-W47.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)


@pytest.mark.skipif(probe.chromium_path() is None, reason="chromium 未安装：apt-get install -y chromium")
def test_on_a_phone_the_week_page_fits_the_screen(site, browser, tmp_path):
    pytest.importorskip("playwright.sync_api")
    with probe.serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        try:
            page.goto(base + "records/desk/2026-W47.html")
            page.screenshot(path=str(tmp_path / "week-phone.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            table = page.locator(".wt-report table").first.bounding_box()
            assert table["x"] >= 0 and table["x"] + table["width"] <= 390
            cell = page.locator(".wt-report td", has_text="包裹代收（件）").bounding_box()
            assert 0 <= cell["x"] and cell["x"] + cell["width"] <= 390
            assert page.locator("h1").inner_text().startswith("前台周汇总 2026-W47")
        finally:
            page.close()
