"""The monthly report's charts and its PDF (issue 12): inline SVG with Chinese labels, inert, one A4 page per section.

Figures come from the frozen fixture tests/fixtures/sample_desk (November 2026);
the 12-month trend and the survey are dicts built here, in the shapes the
helpers computing them pin (handbook: reference/reports.md), so these tests do not wait for them.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, wutong
from wutong_docs.outputs.report.charts import charts
from wutong_docs.outputs.report.figures import figures
from wutong_docs.outputs.report.render import body_html, html_page
from wutong_docs.validate.pipeline import validated

SAMPLE_DESK = FIXTURES / "sample_desk"
HEADINGS = ("一、投诉与报修（传递单）", "二、欠费", "三、工程质量", "四、人员（考勤与绩效）", "五、前台", "六、满意度调查", "七、检查与整改",
            "八、欠费案件", "九、历史遗留问题", "十、车位租用", "十一、对外工作单", "十二、分析与整改")


@pytest.fixture(scope="module")
def report():
    return validated(SAMPLE_DESK, summary="{errors}")


@pytest.fixture(scope="module")
def november(report) -> dict:
    return figures(report, "2026-11")


def trend(recorded=range(3, 12)) -> list[dict]:
    """Twelve months, 2025-12 … 2026-11; only the months in `recorded` (by index) have records."""
    months = ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]
    return [{"month": m, "recorded": i in recorded, "opened": 10 + i, "done": 8 + i, "done_on_time": 5 + i,
             "open_at_end": 3, "overdue_at_end": 1} if i in recorded else
            {"month": m, "recorded": False, "opened": 0, "done": 0, "done_on_time": 0, "open_at_end": 0,
             "overdue_at_end": 0} for i, m in enumerate(months)]


SURVEY = {"responses": 12, "rate": 0.75,
          "items": [{"id": "attitude", "label": "服务态度", "responses": 12, "satisfied": 10, "rate": 0.8333, "mean": 4.3},
                    {"id": "repair_speed", "label": "维修及时", "responses": 12, "satisfied": 8, "rate": 0.6667,
                     "mean": 3.9}],
          "by_area": {"A": {"responses": 7, "satisfied": 6, "rate": 0.8571},
                      "B": {"responses": 5, "satisfied": 3, "rate": 0.6}}}


def _all(figs, report) -> dict:
    return charts(figs, report.org, report.known_names)


def test_charts_carry_chinese_labels_and_nothing_that_runs_or_fetches(report, november):
    drawn = _all({**november, "trend": trend(), "survey": SURVEY}, report)
    assert set(drawn) == {"slips", "arrears", "survey"}
    svg = "".join(drawn.values())
    for label in ("传递单按类别：本月与上月", "报修", "房屋质量", "近 12 个月传递单走势", "按时完成", "月末逾期",
                  "各片区欠费户数：月初与月末", "A区", "月末", "各调查项目满意率", "维修及时", "各片区满意率"):
        assert label in svg, label
    assert svg.count("<svg") == 5
    assert "<script" not in svg and "<!--" not in svg
    assert not re.search(r"https?:|//[a-z]|href|src=|url\(|@import|@font-face", svg), re.findall(r"https?:\S{0,40}", svg)


def test_charts_are_the_same_for_the_same_figures(report, november):
    """No random id, no date: the site keys its cached PDFs by the report's HTML."""
    assert _all(november, report) == _all(deepcopy(november), report)


def test_the_trend_is_drawn_only_when_the_figures_have_it(report, november):
    without = {k: v for k, v in november.items() if k != "trend"}
    assert "趋势" not in _all(without, report)["slips"] and "走势" not in _all(without, report)["slips"]
    drawn = _all({**november, "trend": trend(recorded=range(3, 12))}, report)["slips"]
    trend_svg = drawn[drawn.index('id="chart-trend-figure"'):]
    assert "25年12月" in trend_svg and "26年1月" in trend_svg and "11月" in trend_svg
    # four lines, a dot for each recorded month only: the three months without records are gaps, not zeros
    assert len(re.findall(r'<circle[^>]*class="dot', trend_svg)) == 4 * 9


def test_a_month_without_an_arrears_list_or_survey_has_no_such_chart(report, november):
    figs = {**november, "arrears": {**november["arrears"], "lists": []}, "survey": {**SURVEY, "responses": 0}}
    assert set(_all(figs, report)) == {"slips"}


def test_html_shows_the_charts_beside_the_tables(report, november):
    body = body_html({**november, "trend": trend()}, report.org, report.known_names)
    slips, arrears = (s for s in body.split('<section class="wt-section"')[1:3])
    assert "传递单按类别" in slips and "走势" in slips and "<table>" in slips
    assert "各片区欠费户数" in arrears and "<table>" in arrears
    assert "wtchart" not in body


def test_record_text_never_becomes_html(report, november):
    """Raw HTML stays off: a name that is markup shows as text, and text shaped like a chart's place stays text."""
    figs = deepcopy(november)
    figs["people"][0]["name"] = '<script>alert(1)</script><p>wtchartslips</p>'
    figs["people"][1]["name"] = "wtchartabcdefslips"
    body = body_html(figs, report.org, report.known_names)
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert body.count("<svg") == 3   # slips (categories, trend) and arrears, each once
    assert "wtchartabcdefslips" in body


def test_pdf_needs_an_output_file(monkeypatch):
    # a terminal: click's runner captures the output, so the terminal is stood in (a real one: test_report_output.py)
    monkeypatch.setattr("wutong_docs.cli.report.stdout_is_terminal", lambda: True)
    result = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "pdf")
    assert result.exit_code == 1
    assert result.output == "错误：PDF 月报是打印文件，不能输出到屏幕：请用 -o 写入文件，例如 -o 11月月报.pdf\n"


def _pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_pdf_has_one_page_per_section_with_its_heading_and_chart_text(tmp_path, report):
    target = tmp_path / "11月月报.pdf"
    result = wutong(SAMPLE_DESK, "report", "--month", "2026-11", "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0, result.output
    pages = _pages(target.read_bytes())
    assert len(pages) == len(HEADINGS)
    for text, heading in zip(pages, HEADINGS):
        assert heading in text
    assert "传递单按类别：本月与上月" in pages[0] and "房屋质量" in pages[0]
    assert "各片区欠费户数：月初与月末" in pages[1]
    assert report.known_names and not any(name in "".join(pages) for name in report.known_names)


def test_pdf_fits_twenty_staff_and_a_trend_on_their_pages(report, november):
    """The page-per-section rule holds for a department of ~20, and for 60 (that section is set denser, pdf.py)."""
    from wutong_docs.outputs.report.pdf import report_pdf

    figs = deepcopy(november)
    figs["trend"] = trend()
    base = figs["people"]
    figs["people"] = [{**base[i % len(base)], "staff": f"s{i}", "name": f"员工{i:02d}"} for i in range(60)]
    pages = _pages(report_pdf(html_page(figs, report.org, report.known_names)))
    assert len(pages) == len(HEADINGS)
    for text, heading in zip(pages, HEADINGS):
        assert heading in text
    people = HEADINGS.index("四、人员（考勤与绩效）")
    assert "员工00" in pages[people] and "员工59" in pages[people]
    assert "近 12 个月传递单走势" in pages[0]


def test_every_id_in_the_page_is_unique(report, november):
    """Several charts share a page: pygal's legend ids would repeat in each (an HTML page allows an id once)."""
    empty = {"responses": 0, "satisfied": 0, "rate": None}
    survey = {**SURVEY, "by_area": {a: SURVEY["by_area"].get(a, empty) for a in report.org.areas}}
    body = body_html({**november, "trend": trend(), "survey": survey}, report.org, report.known_names)
    ids = re.findall(r'\bid="([^"]+)"', body)
    assert body.count("<svg") >= 4 and len(ids) == len(set(ids))
