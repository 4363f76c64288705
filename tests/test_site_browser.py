"""The built site in a real browser (Playwright + Debian's chromium), served by a plain local server.

It searches as staff would, checks literal recall and precision over a fixed
list of queries, asserts that no request leaves localhost, and takes the
screenshots people look at (kept in $WUTONG_SCREENSHOTS, default a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from test_site_build import built  # noqa: F401  (the fixture)
import probe

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(probe.chromium_path() is None,
                                reason="chromium 未安装：apt-get install -y chromium")


@pytest.fixture(scope="module")
def site(built) -> Path:
    """The sample site, built once for this module by test_site_build's fixture."""
    return built




@pytest.fixture(scope="module")
def browser_page(site, browser):
    with probe.serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside = probe.OutsideRequests(page, base)
        yield page, base, outside
        page.close()
    assert not outside.urls, f"requests left localhost: {outside.urls}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WUTONG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def result_pages(page) -> list[str]:
    return page.eval_on_selector_all(".wt-search-result > a.wt-search__page", "els => els.map(e => e.href)")


@pytest.mark.parametrize("query, expected", [
    ("钥匙", ["procedures/key-loan.html", "roles/front_desk.html"]),
    ("回访", ["procedures/complaints-repairs.html", "records/slip/2026-11.html"]),
    ("装修垃圾", ["procedures/renovation.html", "roles/area_manager.html"]),
    ("禁卡", ["records/slip/2026-11.html"]),          # inside 门禁卡: a fragment of a word
])
def test_search_finds_the_right_pages(browser_page, query, expected):
    page, base, _ = browser_page
    page.goto(base + "index.html")
    probe.type_query(page, query)
    status = probe.wait_for_results(page, query)
    assert "没有找到" not in status
    while page.is_visible(".wt-search__more"):
        page.click(".wt-search__more")
        probe.wait_for_results(page, query)
    found = [u.removeprefix(base) for u in result_pages(page)]
    for rel in expected:
        assert rel in found, (query, found)
    marks = page.eval_on_selector_all(".wt-search__snippet mark", "els => els.map(e => e.textContent)")
    assert marks and all(m.lower() == query.lower() for m in marks)


def test_a_page_named_after_the_query_comes_first(browser_page):
    page, base, _ = browser_page
    page.goto(base + "index.html")
    probe.type_query(page, "钥匙")
    probe.wait_for_results(page, "钥匙")
    assert result_pages(page)[0].endswith("procedures/key-loan.html")


def test_a_result_opens_the_record(browser_page):
    page, base, _ = browser_page
    page.goto(base + "index.html")
    probe.type_query(page, "禁卡")
    probe.wait_for_results(page, "禁卡")
    page.click('a.wt-search__hit[href$="records/slip/2026-11.html#S-20261127-wang-fang-01"]')
    page.wait_for_load_state("load")
    assert page.url.endswith("records/slip/2026-11.html#S-20261127-wang-fang-01")
    assert page.is_visible("#S-20261127-wang-fang-01")


def test_recall_and_precision_over_the_fixed_queries(browser_page, site):
    page, base, _ = browser_page
    page.goto(base + "index.html")
    rows = probe.recall_precision(page, site)
    for r in rows:
        print(f"{r['query']:<8} 含有 {r['relevant']:>3} 页  返回 {r['returned']:>3} 页  "
              f"召回 {r['recall']:.2f}  准确 {r['precision']:.2f}  候选 {r['candidates']} 页")
    recall, precision = probe.summary(rows)
    print(f"总计：召回率 {recall:.3f}，准确率 {precision:.3f}（{len(rows)} 个查询）")
    assert all(not r["missed"] for r in rows), [(r["query"], r["missed"]) for r in rows if r["missed"]]
    assert all(not r["extra"] for r in rows), [(r["query"], r["extra"]) for r in rows if r["extra"]]


def test_screenshots(browser_page, shots):
    page, base, _ = browser_page
    for name, rel in (("home", "index.html"), ("role", "roles/area_manager.html"),
                      ("slip-board", "records/slip/board.html"), ("slips", "records/slip/2026-11.html")):
        page.goto(base + rel)
        page.screenshot(path=str(shots / f"{name}.png"))
    page.goto(base + "procedures/index.html")
    probe.type_query(page, "回访")
    probe.wait_for_results(page, "回访")
    page.screenshot(path=str(shots / "search.png"))
    assert all((shots / f"{n}.png").stat().st_size > 10_000 for n in ("home", "role", "slip-board", "search"))


def test_search_works_from_a_shared_folder(site, browser):
    """Opened as file://…/index.html (no server at all), the search still answers."""
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / "index.html").as_uri())
    probe.type_query(page, "装修垃圾")
    assert "没有找到" not in probe.wait_for_results(page, "装修垃圾")
    assert any(h.endswith("procedures/renovation.html") for h in result_pages(page))
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
    page.close()
