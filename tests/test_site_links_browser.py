"""Hostile links and pictures in records, opened and clicked in Chromium: nothing runs, nothing leaves.

The site is built from tests/fixtures/good with tests/fixtures/hostile_links laid
over it: one record of each kind the site shows with a body (log, slip, minutes,
weekly report, notice), each body the same list of tricks (script links in
every spelling, reference links, autolinks, outside pictures) and of links that
must keep working. Every page that shows those bodies is opened with every
request routed through the test: anything not for the local server is recorded
and refused. Every link in the hostile records is clicked. No dialog may open,
and the only outside requests allowed are the ones a reader asked for by
clicking an http(s) link. The screenshot of a refused link is kept in
$WUTONG_SCREENSHOTS (default: a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import build_site, copy_fixture
import probe

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(probe.chromium_path() is None,
                                reason="chromium 未安装：apt-get install -y chromium")

NOW = "2026-11-27 12:00"
# page -> the element holding the hostile record there
PAGES = {
    "records/log/2026-11.html": "article[id='2026-11-25-li-na']",
    "records/slip/2026-11.html": "article[id='S-20261125-wang-fang-01']",
    "records/minutes/2026-11.html": "article[id='2026-11-24-morning']",
    "records/weekly/2026-11.html": "article[id='2026-W47-li-na']",
    "records/notice/2026-11.html": "article[id='hostile-links']",
    "records/notice/sheets/2026-11-hostile-links.html": ".content",   # the printed sheet, also on the site
}
# the links a body wrote, not the card's own (people, slips, permalink), which every page has
BODY_LINKS = " a:not(.wt-person):not(.wt-slip-ref):not(.headerlink)"
REFUSED_TEXTS = ["脚本 inline", "脚本 case", "脚本 space", "脚本 tab", "脚本 j", "脚本 colon", "脚本 ref",
                 "脚本 data", "脚本 vb", "本机文件", "共享"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_fixture("good", tmp_path_factory.mktemp("hostile") / "repo")
    copy_fixture("hostile_links", root)
    return build_site(root, NOW)




class Watched:
    """A browser tab whose every request is routed: local ones pass, outside ones are recorded and refused.

    An outside page the reader clicked is answered here with 204 No Content,
    which leaves the browser where it was (nothing reaches the network, and the
    test need not reload the page after each click); anything else is aborted.
    """

    def __init__(self, browser, local: tuple[str, ...]):
        self.local, self.outside, self.dialogs = local, [], []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route, request):
        if request.url.startswith(self.local):
            route.continue_()
        else:
            navigation = request.is_navigation_request()
            self.outside.append((request.url, navigation))
            route.fulfill(status=204) if navigation else route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def settle(self):
        """Give a script or a late request the moment it would need to show itself."""
        self.page.wait_for_timeout(100)

    def close(self):
        self.context.close()


@pytest.fixture
def watched(site, browser):
    with probe.serve(site) as base:
        tab = Watched(browser, (base, "data:", "blob:", "about:"))
        tab.base = base
        yield tab
        tab.close()


def test_the_harness_sees_a_dialog_and_an_outside_request(watched):
    """Without this, a test that sees nothing might be a test that cannot see."""
    page = watched.page
    page.goto(watched.base + "records/slip/2026-11.html")
    page.evaluate("""() => {
        const a = document.createElement('a'); a.id = 'control'; a.href = 'javascript:alert("control")';
        a.textContent = 'control'; document.body.prepend(a);
        const img = document.createElement('img'); img.src = 'http://example.com/control.png'; document.body.prepend(img);
    }""")
    page.click("#control")
    watched.settle()
    assert watched.dialogs == ["control"]
    assert ("http://example.com/control.png", False) in watched.outside


@pytest.mark.parametrize("rel", PAGES)
def test_opening_a_page_with_hostile_records_fetches_nothing_from_outside(watched, rel):
    page = watched.page
    page.goto(watched.base + rel)
    page.wait_for_load_state("load")
    watched.settle()
    record = page.locator(PAGES[rel])
    assert "以下每一行都试图" in record.inner_text()
    assert watched.outside == [] and watched.dialogs == []
    # every link the browser parsed, on the whole page: a web, mail or phone link, never a script
    protocols = page.eval_on_selector_all("a[href]", "els => els.map(a => a.protocol)")
    assert protocols and set(protocols) <= {"http:", "https:", "mailto:", "tel:"}, protocols
    outside_links = page.eval_on_selector_all(
        "a[href]", "(els, base) => els.filter(a => a.protocol.startsWith('http') && !a.href.startsWith(base))"
                   ".map(a => a.href)", watched.base)
    assert outside_links and all(h.startswith("https://example.com/") or h.startswith("http://example.com/")
                                 for h in outside_links)
    # every picture on the page comes from the site itself
    images = page.eval_on_selector_all("img", "els => els.map(i => i.src)")
    assert all(src.startswith(watched.base) for src in images), images
    refused = record.locator(".wt-link-refused").all_inner_texts()
    assert all(text in refused for text in REFUSED_TEXTS), refused


@pytest.mark.parametrize("rel", PAGES)
def test_clicking_every_link_of_a_hostile_record_runs_nothing(watched, rel):
    page = watched.page
    url = watched.base + rel
    page.goto(url)
    count = page.locator(PAGES[rel] + BODY_LINKS).count()
    assert count >= 8
    asked = []
    for i in range(count):
        if page.url.split("#")[0] != url:
            page.goto(url)
        link = page.locator(PAGES[rel] + BODY_LINKS).nth(i)
        href = link.evaluate("a => a.href")
        if href.startswith(("http://", "https://")) and not href.startswith(watched.base):
            asked.append(href)
        link.click()
        watched.settle()
    assert watched.dialogs == []
    # only navigations the reader chose, to an http(s) link they clicked; no picture, no script
    assert all(nav and u in asked for u, nav in watched.outside), (watched.outside, asked)
    assert asked, "the fixture's allowed outside links were not clicked"


def test_from_a_shared_folder_no_request_leaves_the_machine(site, browser):
    """Opened as file://, a `//host` link or picture would reach another machine; none does."""
    tab = Watched(browser, ("file://", "data:", "blob:", "about:"))
    try:
        for rel in PAGES:
            tab.page.goto((site / rel).as_uri())
            tab.settle()
            refused = tab.page.locator(".wt-link-refused", has_text="共享")
            assert refused.count() == 1
            refused.click()
            tab.settle()
        assert tab.outside == [] and tab.dialogs == []
    finally:
        tab.close()


def test_screenshot_of_refused_links(watched, tmp_path_factory):
    folder = Path(os.environ.get("WUTONG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    page = watched.page
    page.goto(watched.base + "records/slip/2026-11.html")
    record = page.locator(PAGES["records/slip/2026-11.html"])
    record.screenshot(path=str(folder / "hostile-links.png"))
    assert (folder / "hostile-links.png").stat().st_size > 10_000
    assert watched.outside == []
