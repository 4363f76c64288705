"""The printed calendar (issue 13): every role's month of 2026 on one A4 landscape sheet, lists included."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import SAMPLE, wutong

ROLES = ("supervisor", "area_manager", "front_desk")
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def print_pdf(browser, html: str) -> bytes:
    page = browser.new_page()
    page.set_content(html, wait_until="load")
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    page.close()
    return pdf


@pytest.mark.parametrize("role", ROLES)
def test_each_month_of_2026_prints_on_one_sheet(browser, role):
    pages = {}
    for month in MONTHS:
        result = wutong(SAMPLE, "calendar", "--role", role, "--month", month)
        assert result.exit_code == 0, result.output
        reader = PdfReader(io.BytesIO(print_pdf(browser, result.stdout)))
        pages[month] = len(reader.pages)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)
        text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())   # ⼯ (U+2F2F) is 工
        assert "工作日历" in text and "records/" not in text and ".yml" not in text
    assert pages == {month: 1 for month in MONTHS}


def test_a_staff_calendar_with_lists_prints_on_one_sheet(browser):
    result = wutong(SAMPLE, "calendar", "--staff", "li-na", "--month", "2026-08")   # six weeks
    reader = PdfReader(io.BytesIO(print_pdf(browser, result.stdout)))
    assert len(reader.pages) == 1
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", reader.pages[0].extract_text()))
    assert "每个工作日" in text and "每天(周一至周末)" in text and "常设规定" in text
