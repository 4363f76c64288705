"""The printed calendar's band under each week (issue 23): the front desk's duties are all everyday ones,
so its grid used to be empty cells with everything in the list below. The band puts them on the days
they are done, written out once (the widest run of each kind), 同上/同下/同左/同右 elsewhere, and the sheet
stays one A4 page.
"""

from __future__ import annotations

import html as htmllib
import io
import re

from pypdf import PdfReader

from conftest import SAMPLE, wutong
from test_calendar_print import print_pdf

WORK = ("工作日 08:00–12:00、14:00–15:30 前台接待、内部传递单、协助入伙、协助装修手续、车位租用、质量问题汇总上报、"
        "系统录入、钥匙保管借用、代收包裹、前台区域保洁、顶替收费；08:25 前台早会；08:25–09:00 前台打扫卫生、汇报前台、前台交日志")
REST = ("休息日 08:00–12:00、14:00–15:30 前台接待、内部传递单、协助入伙、协助装修手续、车位租用、质量问题汇总上报、"
        "系统录入、钥匙保管借用、代收包裹、前台区域保洁、顶替收费")


def bands(page: str) -> list[list[tuple[int, str]]]:
    """Each week's band as (columns, text)."""
    return [[(int(span), " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", text)).split()))
             for span, text in re.findall(r'<td colspan="(\d)" class="band[^"]*">(.*?)</td>', row, re.S)]
            for row in re.findall(r'<tr class="band">(.*?)</tr>', page, re.S)]


def front_desk(month: str) -> str:
    result = wutong(SAMPLE, "calendar", "--role", "front_desk", "--month", month)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_front_desks_november_has_its_daily_duties_under_each_week():
    assert bands(front_desk("2026-11")) == [
        [(6, ""), (1, "休息日 同下")],
        [(5, WORK), (2, REST)],
        [(5, "工作日 同上"), (2, "休息日 同上")],
        [(5, "工作日 同上"), (2, "休息日 同上")],
        [(5, "工作日 同上"), (2, "休息日 同上")],
        [(1, "工作日 同上"), (6, "")],
    ]


def test_the_bands_follow_the_holidays_and_the_makeup_day():
    # October 2026: 国庆 1–7 are rest days, Saturday the 10th is a working day (调休上班)
    assert bands(front_desk("2026-10")) == [
        [(3, ""), (4, REST)],                                         # 1–4 国庆
        [(3, "休息日 同上"), (3, "工作日 同下"), (1, "休息日 同上")],  # 5–7 国庆, 8–10 working (10th 调休), 11 rest
        [(5, WORK), (2, "休息日 同上")],
        [(5, "工作日 同上"), (2, "休息日 同上")],
        [(5, "工作日 同上"), (1, "休息日 同上"), (1, "")],
    ]


def test_the_list_under_the_grid_no_longer_repeats_the_daily_duties():
    page = front_desk("2026-11")
    lists = page[page.index('<div class="wt-cal-lists">'):]
    assert "每个工作日（" not in lists and "每天（周一至周末）</h4>" not in lists
    assert "前台早会" not in lists.split('class="wt-cal-proofs"')[0]
    assert "每个工作日和每天（周一至周末）都做的事写在每周下面的一行" in page


def test_the_front_desks_months_print_on_one_sheet_with_short_cells(browser):
    for month in ("2026-10", "2026-11", "2026-02"):
        page = front_desk(month)
        assert "height: 8mm" in page   # its cells hold only their dates: the bands say the rest
        reader = PdfReader(io.BytesIO(print_pdf(browser, page)))
        assert len(reader.pages) == 1, month
