"""The handbook's 月报 section (issue 12): a page per month with its charts and a printable PDF beside it.

Built from the frozen fixture tests/fixtures/sample_desk (records August–December 2026).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import build_site, copy_fixture
from wutong_docs.outputs.report.figures import figures
from wutong_docs.outputs.report.render import body_html
from wutong_docs.outputs.site import report_pages
from wutong_docs.outputs.site.data import collect
from wutong_docs.validate.pipeline import validated

NOW = "2026-11-27 12:00"
MONTHS = ["2026-11", "2026-10", "2026-09", "2026-08"]   # the sample has December notices and a roster, but
                                                         # December has not begun on the 27th: no report yet


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(copy_fixture("sample_desk", tmp_path_factory.mktemp("reports") / "repo"), NOW)


def test_the_index_lists_every_month_with_records_newest_first_with_its_pdf(site):
    index = (site / "reports/index.html").read_text(encoding="utf-8")
    assert not (site / "reports/2026-12.html").exists()
    assert re.findall(r'<a href="(\d{4}-\d\d)\.html">', index) == MONTHS
    assert re.findall(r'<a href="(\d{4}-\d\d)\.pdf">打印版 PDF</a>', index) == MONTHS
    assert '<a class="md-tabs__link" href="index.html">' in index or "月报" in index


def test_the_month_page_shows_the_report_and_its_charts_in_the_theme(site):
    page = (site / "reports/2026-11.html").read_text(encoding="utf-8")
    assert "md-header" in page and "<h1" in page and "2026年11月 月报" in page
    content = page[page.index('<article'):page.index('</article>')]   # the theme has its own icons (svg)
    assert content.count("<svg") == 3 and "近 12 个月传递单走势" in content and "传递单按类别：本月与上月" in content and "各片区欠费户数：月初与月末" in content
    assert "一、投诉与报修（传递单）" in content and "四、人员（考勤与绩效）" in content
    assert "<script" not in content and "http" not in content


def test_no_owner_name_or_phone_on_the_report_pages(site, tmp_path):
    report = validated(copy_fixture("sample_desk", tmp_path / "r"), summary="{errors}")
    assert report.known_names
    for path in (site / "reports").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in report.known_names if n in text], path
        assert not re.search(r"(?<![\d.])1[3-9]\d{9}(?![\d.])", text), path


def test_the_pdf_link_resolves_to_the_months_report(site):
    page = (site / "reports/2026-11.html").read_text(encoding="utf-8")
    assert '<a class="md-button" href="2026-11.pdf">打印版 PDF</a>' in page
    pages = [p.extract_text() for p in PdfReader(io.BytesIO((site / "reports/2026-11.pdf").read_bytes())).pages]
    sections = page.count('class="wt-section"')   # one printed page per section of the report
    assert sections >= 6 and len(pages) == sections
    assert "一、投诉与报修（传递单）" in pages[0] and "传递单按类别" in pages[0]


def test_each_months_page_has_the_figures_of_wutong_report(tmp_path):
    """The site groups records by month to stay fast over years; it must not change one figure."""
    root = copy_fixture("sample_desk", tmp_path / "repo")
    report = validated(root, summary="{errors}")
    from datetime import datetime
    data = collect(root, report, datetime(2026, 11, 27, 12))
    monthly = report_pages.monthly_reports(data)
    assert list(monthly) == MONTHS
    for month, got in monthly.items():
        assert got["body"] == body_html(figures(report, month), report.org, report.known_names, root), month


def test_pdfs_are_kept_by_the_hash_of_their_html_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("WUTONG_REPORT_PDF_CACHE")
    monkeypatch.delenv("WUTONG_NO_CACHE")
    root = copy_fixture("sample_desk", tmp_path / "repo")
    report = validated(root, summary="{errors}")
    from datetime import datetime
    data = collect(root, report, datetime(2026, 11, 27, 12))
    data.monthly = {m: r for m, r in report_pages.monthly_reports(data).items() if m == "2026-11"}
    first = report_pages.pdf_files(data)
    cached = list((root / ".wutong-cache/report-pdf").iterdir())
    assert [p.name for p in cached] == [f"{__import__('hashlib').sha256(data.monthly['2026-11']['page'].encode()).hexdigest()}.pdf"]
    assert cached[0].read_bytes() == first["reports/2026-11.pdf"]
    cached[0].write_bytes(b"%PDF-kept")   # a second build reads the kept file instead of printing again
    assert report_pages.pdf_files(data) == {"reports/2026-11.pdf": b"%PDF-kept"}
    monkeypatch.setenv("WUTONG_NO_CACHE", "1")   # as `wutong --no-cache`: the kept file is neither read nor replaced
    assert report_pages.pdf_files(data)["reports/2026-11.pdf"].startswith(b"%PDF-1.")
    assert cached[0].read_bytes() == b"%PDF-kept"


def test_report_pages_in_chromium_fit_a_desktop_and_a_phone(site, browser, tmp_path):
    import probe

    folder = Path(os.environ.get("WUTONG_SCREENSHOTS") or tmp_path)
    with probe.serve(site) as base:
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            outside = probe.OutsideRequests(page, base)
            page.goto(base + "reports/2026-11.html")
            boxes = page.eval_on_selector_all("figure.wt-chart svg", "els => els.map(e => e.getBoundingClientRect().toJSON())")
            assert len(boxes) == 3   # categories, the 12-month trend, arrears by area
            for box in boxes:
                assert box["left"] >= 0 and box["right"] <= width and box["width"] >= min(300, width - 60), box
            assert page.locator("figure.wt-chart text", has_text="房屋质量").count() >= 1
            page.screenshot(path=str(folder / f"report-2026-11-{width}.png"), full_page=True)
            assert not outside.urls, outside.urls
            page.close()
