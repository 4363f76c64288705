"""The desk register and the search on a phone (issue 23), at 390×844 in Chromium, over tests/fixtures/sample_desk.

The November desk register holds 55 tables; on a phone each row is a card, as on the 前台看板, and no
element of the page reaches past the screen. A shared search link (`?q=漏水`) opens the results, the
leak slips first and the home page's own search help last.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import probe
from conftest import FIXTURES, build_site

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(probe.chromium_path() is None, reason="chromium 未安装：apt-get install -y chromium")

PHONE = {"width": 390, "height": 844}
NOW = "2026-11-30 10:00"

# every element of the header and the content whose box reaches past the viewport (a table inside a
# scrolling box included); the navigation drawer, off the screen until opened, is not one
TOO_WIDE = """w => [...document.querySelectorAll('.md-header *, .md-content *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5);
}).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WUTONG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("desk") / "repo"
    shutil.copytree(FIXTURES / "sample_desk", root)
    return build_site(root, NOW)


@pytest.fixture(scope="module")
def phone(desk_site, browser):
    with probe.serve(desk_site) as base:
        page = browser.new_page(viewport=PHONE)
        yield page, base
        page.close()


def test_the_november_desk_register_has_nothing_wider_than_the_screen(phone, shots):
    page, base = phone
    page.goto(base + "records/desk/2026-11.html")
    assert page.locator("article .wt-desk-rows table").count() == 55
    assert page.evaluate(TOO_WIDE, PHONE["width"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "desk-register-phone.png"))


def test_a_desk_row_is_a_card_with_every_column_labelled(phone):
    page, base = phone
    page.goto(base + "records/desk/2026-11.html")
    card = page.locator("tr#P-20261101-01")
    assert card.evaluate("tr => getComputedStyle(tr).display") == "flex"
    # each cell as a reader sees it: the label the stylesheet puts before it (innerText leaves it out), then its text
    cells = card.evaluate("tr => [...tr.cells].map(td => (getComputedStyle(td, '::before').content.replace(/^\"|\"$/g, '')"
                          " .replace(/^none$/, '') + td.innerText).trim())")
    assert cells == ["P-20261101-01", "房号 7-2-202", "快递 京东", "到达 08:31", "通知 08:38",
                     "取件 2026-11-02 11:40", "经手 周雪"]
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_on_a_wide_screen_the_desk_register_stays_a_table(browser, desk_site):
    with probe.serve(desk_site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "records/desk/2026-11.html")
        assert page.locator("tr#P-20261101-01").evaluate("tr => getComputedStyle(tr).display") == "table-row"
        assert page.locator("article .wt-desk-rows thead").first.is_visible()
        page.close()


def _results(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.wt-search-result .wt-search__page')]"
                         ".map(a => a.getAttribute('href'))")


def test_a_shared_search_link_opens_the_results_with_a_leak_slip_first(phone):
    page, base = phone
    page.goto(base + "index.html?q=%E6%BC%8F%E6%B0%B4")
    summary = probe.wait_for_results(page, "漏水")
    assert page.input_value(".wt-search__input") == "漏水"
    pages = _results(page)
    assert summary == f"含“漏水”的页面共 {len(pages)} 页：" and len(pages) >= 3   # the slips' month and more
    assert pages[0].endswith("records/slip/2026-11.html"), pages
    assert pages[-1].endswith("index.html"), pages
    first_hit = page.locator(".wt-search__hit-title").first.inner_text()
    assert first_hit.startswith("传递单 S-20261120-wang-fang-02")


def test_typing_a_query_puts_it_in_the_address_to_share(phone):
    page, base = phone
    page.goto(base + "procedures/index.html")
    probe.type_query(page, "漏水")
    probe.wait_for_results(page, "漏水")
    assert page.url == base + "procedures/index.html?q=%E6%BC%8F%E6%B0%B4"
    # the address opened again gives the same results
    shared = page.url
    found = _results(page)
    page.goto(base + "index.html")
    page.goto(shared)
    probe.wait_for_results(page, "漏水")
    assert _results(page) == found
