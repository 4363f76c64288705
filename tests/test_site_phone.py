"""The site on a phone (issue 13), at 390×844 in Chromium: slips as cards, the role page leads with today."""

from __future__ import annotations

import pytest

from test_site_build import built  # noqa: F401  (the fixture)
import probe

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(probe.chromium_path() is None, reason="chromium 未安装：apt-get install -y chromium")

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone(built, browser):  # noqa: F811
    with probe.serve(built) as base:
        page = browser.new_page(viewport=PHONE)
        yield page, base
        page.close()


BOXES = """() => [...document.querySelectorAll('.wt-slips tbody tr')].map(tr => {
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; };
  return {id: tr.querySelector('td a').textContent, overdue: tr.classList.contains('wt-row--overdue'),
          status: box(tr.querySelector('.wt-badge')), why: box(tr.querySelector('.wt-overdue-why')),
          badge: box(tr.querySelector('.wt-badge--overdue'))};
})"""


@pytest.mark.parametrize("path", ["records/slip/board.html", "records/slip/2026-11.html"])
def test_each_slips_status_and_overdue_reason_lie_inside_the_viewport(phone, path):
    page, base = phone
    page.goto(base + path)
    rows = page.evaluate(BOXES)
    assert len(rows) >= 10
    assert any(r["overdue"] for r in rows)
    for row in rows:
        boxes = [row["status"]] + ([row["why"], row["badge"]] if row["overdue"] else [])
        for box in boxes:
            assert box is not None and box[2] > 0 and 0 <= box[0] and box[1] <= PHONE["width"], row
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_role_page_leads_with_todays_agenda(phone):
    page, base = phone
    page.goto(base + "roles/area_manager.html")
    first = page.evaluate("() => { const h = document.querySelector('article h1'); "
                          "const next = h.nextElementSibling; return [next.className, next.innerText]; }")
    assert first[0] == "wt-agenda"
    assert first[1].startswith("今天 · 11月27日 周五") and "14:00 交周报" in first[1]
    box = page.locator(".wt-agenda__today").bounding_box()
    assert box["y"] < PHONE["height"] / 2 and box["x"] + box["width"] <= PHONE["width"]
    # the month grid keeps all seven days on the screen, header included
    grid = page.locator("table.wt-cal-grid").first.bounding_box()
    assert grid["x"] >= 0 and grid["x"] + grid["width"] <= PHONE["width"]
