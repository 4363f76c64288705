"""The monthly report as an A4 PDF: the report's own HTML printed by WeasyPrint, one page per section.

Why a second layout pass: the print CSS (render.py) starts each section on a new
page and sizes tables and charts to fit one A4 page for a usual department
(about 20 staff), but a month with more rows than that would spill onto a second
page. After laying out we look where each section ends (the `wt-end-N` mark
render.py puts at its end); a section that ends on a later page than it starts is
set smaller (`wt-tight`, then `wt-tighter`) and the document laid out again.
Fonts and Pango are checked as for notices (`notices.pdf`), and only data: URLs
load: nothing is fetched.
"""

from __future__ import annotations

import re

from ..notices.pdf import INSTALL_FONT, PdfError, cjk_fonts

DENSER = ("wt-tight", "wt-tighter")


def _layout(html: str):
    try:
        import weasyprint
    except OSError as exc:  # WeasyPrint is installed but the Pango library is not
        raise PdfError(f"无法加载排版库 Pango（{exc}）：请安装 libpango-1.0-0 和 libpangoft2-1.0-0") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render()


def spilled(pages) -> list[int]:
    """The sections (numbered from 1) that end on a later page than the one they start on."""
    start, end = {}, {}
    for number, page in enumerate(pages):
        for anchor in page.anchors:
            found = re.fullmatch(r"wt-(section|end)-(\d+)", anchor)
            if found:  # a section split over pages has its anchor on each: keep where it starts
                (start if found.group(1) == "section" else end).setdefault(int(found.group(2)), number)
    return sorted(n for n in start if end.get(n, start[n]) != start[n])


def report_pdf(html: str) -> bytes:
    """The report's HTML page printed to A4, each section on one page (made denser where it would not fit)."""
    if not cjk_fonts():
        raise PdfError(INSTALL_FONT)
    document = _layout(html)
    for denser in DENSER:
        over = spilled(document.pages)
        if not over:
            break
        for n in over:
            html = re.sub(rf'<section class="wt-section[^"]*" id="wt-section-{n}">',
                          f'<section class="wt-section {denser}" id="wt-section-{n}">', html)
        document = _layout(html)
    return document.write_pdf()
