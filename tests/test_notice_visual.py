"""Looking at a notice as a person would: a Chromium screenshot of the HTML, and a PDF page as a picture.

These tests check what can be checked by machine (the sheet is A4-shaped, has
ink where the title and the signature go, and the board's name is on it);
the pictures themselves were also looked at by a person when the layout changed
(see handbook/reference/notices.md). They skip only where Chromium or
poppler-utils is truly absent; .ci/run installs both.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import SAMPLE, wutong

Image = pytest.importorskip("PIL.Image")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
COLLECTION = "records/notices/2026/11/property-fee-collection.md"


def dark_share(image, box) -> float:
    """Share of pixels in `box` (fractions of width and height) darker than mid-grey."""
    w, h = image.size
    region = image.convert("L").crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    counts = region.histogram()
    return sum(counts[:128]) / sum(counts)


def looks_like_a_sheet(image):
    w, h = image.size
    assert abs(h / w - 297 / 210) < 0.02, image.size                    # A4 portrait
    assert dark_share(image, (0.25, 0.12, 0.75, 0.30)) > 0.01            # the title
    assert dark_share(image, (0.60, 0.80, 0.95, 0.92)) > 0.002           # signature and date
    assert dark_share(image, (0.05, 0.05, 0.95, 0.95)) < 0.25            # not a black page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_chromium_screenshot_of_a_sheet(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    html = tmp_path / "collection.html"
    result = wutong(SAMPLE, "notice", "render", str(SAMPLE / COLLECTION), "-o", str(html))
    assert result.exit_code == 0, result.output
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1300})
        page.goto(html.as_uri())
        sheets = page.locator("section.sheet")
        assert sheets.count() == 39
        first = sheets.first
        assert "1栋1单元" in first.locator(".place").inner_text()
        assert first.locator(".figures tbody tr").count() == 2   # a unit of 22 homes: its building and the community
        box = first.bounding_box()
        assert round(box["width"]) == 794  # 210 mm at 96 px per inch
        shot = tmp_path / "sheet.png"
        first.screenshot(path=str(shot))
        browser.close()
    looks_like_a_sheet(Image.open(shot))


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm is not installed (apt-get install poppler-utils)")
def test_pdf_page_rendered_to_png(tmp_path):
    pdf = tmp_path / "outage.pdf"
    result = wutong(SAMPLE, "notice", "render", str(SAMPLE / "records/notices/2026/11/building-9-water-outage.md"),
                    "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    subprocess.run([PDFTOPPM, "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    looks_like_a_sheet(Image.open(png))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts  # the Chinese text was set in a CJK font, not boxes
