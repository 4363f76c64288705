"""`wutong serve` rewrites only the pages a saved record changed: what it serves must be what a cold build writes.

Each case serves a copy of tests/fixtures/sample_desk (a fixed "now"), changes
records while it runs, waits until the served page shows the change, then
builds the same tree cold (`wutong build`, no cache) and compares the served
pages with the built files, byte for byte, except what the preview itself adds:
the live-reload script and the canonical link to the preview's address.
Pages compared: the changed month page, a person page, the slip board, an
unchanged handbook page and an unchanged generated one, and the search index.
"""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path

from conftest import FIXTURES, build_site
from test_serve import next_line, serving, until

NOW = "2026-11-28 12:00"
LOG = "records/logs/2026/11/2026-11-02-li-na.md"
PAGES = ["records/log/2026-11.html", "records/people/li-na-2026.html", "records/slip/board.html",
         "procedures/key-loan.html", "records/minutes/2026-11.html", "index.html", "reports/2026-11.html",
         "reports/2026-10.html"]
CANONICAL = re.compile(r'[ ]*<link rel="canonical" href="[^"]*">\n[ ]*\n')   # the theme's line, and the blank one after it
RELOAD = re.compile(r"<script>\nvar livereload = .*?</script>", re.S)


def served(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=60) as response:
        return response.read()


def as_built(page: bytes) -> bytes:
    """A served page without the preview's additions (live-reload script, canonical link to the preview)."""
    return CANONICAL.sub("", RELOAD.sub("", page.decode("utf-8"), count=1), count=1).encode("utf-8")


def assert_like_cold_build(repo: Path, tmp_path: Path, base: str, pages: list[str]) -> None:
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(repo, cold, ignore=shutil.ignore_patterns(".wutong-cache", "site"))
    site = build_site(cold, NOW)
    differ = [p for p in pages if as_built(served(base, p)) != (site / p).read_bytes()]
    assert differ == []
    for name in ["search/wutong-index.js"] + sorted(   # (sitemap.xml names the preview address)
            p.relative_to(site).as_posix() for p in (site / "search").glob("p*.js")):
        assert served(base, name) == (site / name).read_bytes(), name


def test_an_edited_log_is_served_as_a_cold_build_writes_it(tmp_path):
    repo = shutil.copytree(FIXTURES / "sample_desk", tmp_path / "repo")
    log = repo / LOG
    with serving(repo, WUTONG_NOW=NOW) as (base, lines):
        next_line(lines, "站点预览")
        for i in range(2):   # the second save is rebuilt from the first's state
            log.write_text(log.read_text(encoding="utf-8") + f"\n补记：预览标记{i}号，下午复查已清运。\n",
                           encoding="utf-8")
            until(base + PAGES[0], lambda page: f"预览标记{i}号" in page)
        assert_like_cold_build(repo, tmp_path, base, PAGES)


def test_a_record_in_a_new_month_and_a_deleted_record(tmp_path):
    """A new month changes the nav on every page; a deleted record changes its month page and its person's."""
    repo = shutil.copytree(FIXTURES / "sample_desk", tmp_path / "repo")
    new = repo / "records/logs/2026/12/2026-12-01-li-na.md"
    with serving(repo, WUTONG_NOW=NOW) as (base, lines):
        next_line(lines, "站点预览")
        new.parent.mkdir()
        text = (repo / LOG).read_text(encoding="utf-8").replace("date: 2026-11-02", "date: 2026-12-01")
        new.write_text(text.replace("2栋2单元门口装修垃圾", "十二月新记录的垃圾"), encoding="utf-8")
        until(base + "records/log/2026-12.html", lambda page: "十二月新记录" in page)
        assert_like_cold_build(repo, tmp_path, base, PAGES + ["records/log/2026-12.html"])
        gone = repo / "records/logs/2026/11/2026-11-01-li-na.md"
        gone.unlink()
        until(base + PAGES[0], lambda page: "2026-11-01-li-na" not in page and 'id="2026-11-01-li-na' not in page)
        assert_like_cold_build(repo, tmp_path, base, PAGES + ["records/log/2026-12.html"])


def test_a_draft_with_an_error_then_fixed_is_served_as_built(tmp_path):
    """The problems banner is on every page: adding and removing it is a full rebuild, and the site is right after."""
    repo = shutil.copytree(FIXTURES / "sample_desk", tmp_path / "repo")
    draft = repo / "records/logs/2026/11/2026-11-27-li-na.md"
    with serving(repo, WUTONG_NOW=NOW) as (base, lines):
        next_line(lines, "站点预览")
        draft.write_text("---\ndate: 2026-11-27\nstaff: li-na\n---\n", encoding="utf-8")
        until(base + PAGES[3], lambda page: "wutong-problems" in page)
        draft.unlink()
        log = repo / LOG
        log.write_text(log.read_text(encoding="utf-8") + "\n补记：草稿删去后的改动。\n", encoding="utf-8")
        until(base + PAGES[0], lambda page: "草稿删去后的改动" in page)
        assert "wutong-problems" not in served(base, PAGES[3]).decode("utf-8")
        assert_like_cold_build(repo, tmp_path, base, PAGES)


def test_the_pages_left_alone_are_not_written_again(tmp_path):
    """The point of it all: after a log is saved, only its month page and its person's page are written again."""
    repo = shutil.copytree(FIXTURES / "sample_desk", tmp_path / "repo")
    temp = tmp_path / "tmp"   # the server's temporary folder, where the served site is
    temp.mkdir()
    log = repo / LOG
    with serving(repo, WUTONG_NOW=NOW, TMPDIR=str(temp)) as (base, lines):
        next_line(lines, "站点预览")
        site, = temp.glob("wutong-serve-*/site")
        before = {p: (site / p).stat().st_mtime_ns for p in PAGES}
        log.write_text(log.read_text(encoding="utf-8") + "\n补记：只改这一页。\n", encoding="utf-8")
        until(base + PAGES[0], lambda page: "只改这一页" in page)
        written = [p for p in PAGES if (site / p).stat().st_mtime_ns != before[p]]
    # the month page (the person page lists the log unchanged; the report counts logs by day); not the others
    assert written == PAGES[:1]


def test_only_a_change_to_records_may_rewrite_pages_in_place(tmp_path):
    """org.yml, duties.yml, calendar.yml, the handbook and mkdocs.yml feed every page: they mean a full build."""
    from wutong_docs.outputs.site.serve import only_records

    root = tmp_path
    assert only_records(root, {str(root / LOG), str(root / "records/logs/2026/12")})
    for other in ["records/org.yml", "records/duties.yml", "records/calendar.yml", "records", "handbook/index.md",
                  "mkdocs.yml", "records-old/x.md"]:
        assert not only_records(root, {str(root / LOG), str(root / other)}), other
    assert not only_records(root, set())   # nothing known to have changed: build in full
