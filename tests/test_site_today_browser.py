"""我的今天 on a phone (issue 23): 390×844 Chromium whose clock is fixed, over a site built days before.

The sample is built on 2026-11-30 with a Gitea server in mkdocs.yml; the phone's clock says Friday
2026-12-04 10:37 in Beijing. The page must show that Friday and the Saturday after it (a rest day with
no roster), the Friday's weekly report among its duties, and buttons whose new-file links decode to
exactly what `wutong new` writes for 李娜 that day — the slip with the phone's time as its opening
time. A clock past the 14 embedded days says the page is too old. Nothing is wider than the screen.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import probe
from conftest import FIXTURES, build_site, wutong
from test_site_phone_desk import TOO_WIDE
from test_site_today import SERVER, with_server

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(probe.chromium_path() is None, reason="chromium 未安装：apt-get install -y chromium")

PHONE = {"width": 390, "height": 844}
BEIJING = timezone(timedelta(hours=8))
FRIDAY = datetime(2026, 12, 4, 10, 37, tzinfo=BEIJING)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("today") / "repo"
    shutil.copytree(FIXTURES / "sample", root)
    with_server(root, f"repo_url: {SERVER}", "edit_uri: _edit/main/")
    return build_site(root, "2026-11-30 10:00")


@pytest.fixture(scope="module")
def phone(site, browser):
    with probe.serve(site) as base:
        context = browser.new_context(viewport=PHONE, timezone_id="Asia/Shanghai")
        yield context, base
        context.close()


def open_at(phone, moment: datetime, staff: str = "li-na"):
    context, base = phone
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    page.goto(base + f"records/people/{staff}-2026.html")
    return page


def decoded(href: str) -> tuple[str, str, str]:
    """(the form's folder URL, the file name, the text) a new-file link carries."""
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query["filename"][0], query["value"][0]


def wutong_new(tmp_path: Path, *args: str) -> tuple[str, str]:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "sample", root)
    result = wutong(root, "new", *args)
    assert result.exit_code == 0, result.output
    rel = result.output.strip().splitlines()[-1]
    return rel, (root / rel).read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WUTONG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_today_and_tomorrow_by_the_phones_clock(phone, shots):
    page = open_at(phone, FRIDAY)
    titles = page.locator(".wt-today__title").all_inner_texts()
    assert titles == ["今天 · 12月4日 周五", "明天 · 12月5日 周六"]
    today, tomorrow = page.locator(".wt-today__day").all()
    names = today.locator(".wt-today__name").all_inner_texts()
    assert {"交周报", "写工作日志", "巡视片区", "片管早会"} <= set(names)
    assert tomorrow.locator(".wt-today__rest").inner_text() == "按排班表休息，没有要做的职责。"
    assert tomorrow.locator(".wt-today__name").count() == 0
    assert today.locator(".wt-today__form").all_inner_texts() == ["写12月4日的工作日志", "写第49周的周报", "开一张传递单"]
    assert page.evaluate(TOO_WIDE, PHONE["width"]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "my-today-390.png"))
    page.close()


@pytest.mark.parametrize(("form", "args"), [
    ("log", ("log", "--staff", "li-na", "--date", "2026-12-04")),
    # a slip opened from the phone has the phone's time as its opening time
    ("slip", ("slip", "--staff", "li-na", "--opened", "2026-12-04 10:37")),
])
def test_a_button_opens_the_draft_wutong_new_writes(phone, tmp_path, form, args):
    page = open_at(phone, FRIDAY)
    today = page.locator(".wt-today__day").first
    href = today.locator(f'[data-form="{form}"]').get_attribute("href")
    rel, text = wutong_new(tmp_path, *args)
    folder, _, name = rel.rpartition("/")
    assert decoded(href) == (f"{SERVER}/_new/main/{folder}", name, text)
    if form == "log":   # the duty proven by the log links to the same form
        assert today.locator("a.wt-today__name", has_text="写工作日志").get_attribute("href") == href
    page.close()


def test_a_page_older_than_its_fourteen_days_says_so(phone):
    page = open_at(phone, datetime(2026, 12, 20, 9, 0, tzinfo=BEIJING))
    assert page.locator(".wt-today__day").count() == 0
    assert page.locator(".wt-today__stale").inner_text() == (
        "这一页只排了 2026-11-30 到 2026-12-13 的职责，不含今天（2026-12-20）：请主管重新生成站点（wutong build），"
        "或检查手机的日期。")
    page.close()


def test_a_phone_a_day_behind_the_build_says_so_and_still_shows_tomorrow(phone):
    page = open_at(phone, datetime(2026, 11, 29, 22, 0, tzinfo=BEIJING))
    assert page.locator(".wt-today__stale").inner_text().endswith("不含今天（2026-11-29）：请主管重新生成站点（wutong build），"
                                                                  "或检查手机的日期。")
    assert page.locator(".wt-today__title").all_inner_texts() == ["明天 · 11月30日 周一"]
    page.close()


def test_the_last_embedded_day_still_shows_today(phone):
    page = open_at(phone, datetime(2026, 12, 13, 23, 30, tzinfo=BEIJING))
    assert page.locator(".wt-today__title").all_inner_texts() == ["今天 · 12月13日 周日"]
    page.close()
