"""The site publishes one calendar feed per person, linked from the person's page and the role page."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin

import pytest
from icalendar import Calendar

from conftest import SAMPLE, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("feeds") / "repo"
    shutil.copytree(SAMPLE / "records", root / "records")
    return build_site(root, "2026-12-10 09:00")


def href_to(site: Path, page: str, pattern: str) -> Path:
    """The file a link on `page` whose href matches `pattern` points at."""
    html = (site / page).read_text(encoding="utf-8")
    hrefs = [h for h in re.findall(r'href="([^"]+)"', html) if re.search(pattern, h)]
    assert hrefs, f"{page} has no link matching {pattern}"
    return Path(urljoin((site / page).as_posix(), hrefs[0]))


def test_each_person_has_a_feed_of_this_month_and_the_next(site):
    feed = site / "records/people/li-na.ics"
    cal = Calendar.from_ical(feed.read_bytes())
    assert str(cal["x-wr-calname"]) == "李娜（片区管理员）工作日历"
    months = set()
    for e in cal.walk("VEVENT"):
        start = e.decoded("dtstart")
        months.add((start.date() if isinstance(start, datetime) else start).replace(day=1))
    assert months == {date(2026, 12, 1), date(2027, 1, 1)}
    assert sorted(p.name for p in (site / "records/people").glob("*.ics")) == [
        "chen-lei.ics", "huang-jing.ics", "li-na.ics", "liu-yang.ics", "wang-fang.ics", "xu-ting.ics",
        "zhang-wei.ics", "zhou-xue.ics"]


def test_the_person_page_and_the_role_page_link_the_feed(site):
    assert href_to(site, "records/people/li-na-2026.html", r"\.ics$") == site / "records/people/li-na.ics"
    assert href_to(site, "roles/area_manager.html", r"li-na\.ics$") == site / "records/people/li-na.ics"
