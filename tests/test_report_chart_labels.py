"""The charts' axis labels never overlap (issue 23): on a phone and in the PDF the SVG is scaled as a whole,
so labels that overlap in the SVG's own coordinates overlap everywhere, and ones apart there stay apart.

A label's width is estimated by its characters at the chart's label size: a Chinese character 1 em, a digit
or Latin letter 0.6 em (pygal's own guess; Noto Sans CJK's digits are narrower still). The labels are
centred on their x (pygal's `text-anchor: middle` for an unrotated x axis).
"""

from __future__ import annotations

import re

import pytest

from wutong_docs.outputs.report.charts import _STYLE, slips_by_category, slips_trend

SIZE = _STYLE.label_font_size
WIDTH = 560


def width(text: str) -> float:
    return sum(SIZE * (0.6 if ord(ch) < 0x2E80 else 1.0) for ch in text)


def x_labels(svg: str) -> list[tuple[float, str]]:
    """(x in the SVG's coordinates, text) of each x-axis label, the plot's own offset added."""
    offset = float(re.search(r'<g transform="translate\(([\d.]+), [\d.]+\)" class="plot"', svg).group(1))
    axis = svg[svg.index('class="axis x'):]
    axis = axis[:axis.index('<g class="series')]   # the axis ends where the drawn series begin
    return [(offset + float(x), text) for x, text in re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="[^"]*">([^<]+)<', axis)]


def overlaps(labels: list[tuple[float, str]], gap: float = 2.0) -> list[str]:
    """Neighbouring labels whose boxes come closer than `gap`, and labels running past the chart's edges."""
    found = []
    for (x1, t1), (x2, t2) in zip(labels, labels[1:]):
        if x1 + width(t1) / 2 + gap > x2 - width(t2) / 2:
            found.append(f"{t1}|{t2}")
    found += [t for x, t in labels if x - width(t) / 2 < 0 or x + width(t) / 2 > WIDTH]
    return found


def twelve_months(first_year: int, first_month: int) -> list[dict]:
    out = []
    for i in range(12):
        y, m = divmod(first_month - 1 + i, 12)
        out.append({"month": f"{first_year + y}-{m + 1:02d}", "recorded": True, "opened": 10 + i, "done": 8,
                    "done_on_time": 5, "open_at_end": 3, "overdue_at_end": 1})
    return out


def test_the_estimate_sees_the_overlap_staff_saw():
    # the labels as they were: 25年12月 and 26年1月, 46 px apart
    assert overlaps([(37.1, "25年12月"), (83.0, "26年1月"), (128.9, "2月")]) == ["25年12月|26年1月"]


@pytest.mark.parametrize("first_month", range(1, 13))
def test_the_trends_twelve_month_labels_do_not_overlap(first_month):
    svg = str(slips_trend(twelve_months(2025, first_month), frozenset()))
    labels = x_labels(svg)
    assert len(labels) == 12
    assert overlaps(labels) == []


def test_the_year_is_in_the_title_and_where_it_turns():
    svg = str(slips_trend(twelve_months(2025, 12), frozenset()))
    assert "近 12 个月传递单走势（2025年12月—2026年11月）" in svg
    assert [t for _, t in x_labels(svg)] == ["12月", "26年1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月",
                                             "9月", "10月", "11月"]


def test_the_category_labels_do_not_overlap():
    slips = {"by_category": {}, "previous": {"month": "2026-10", "by_category": {}}}
    labels = x_labels(str(slips_by_category(slips, frozenset())))
    assert len(labels) >= 5
    assert overlaps(labels) == []
