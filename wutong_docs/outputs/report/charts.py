"""The monthly report's charts: inline SVG drawn with pygal when the report is made, nothing run when it is read.

Why pygal (design/report.md): pure Python, writes SVG and nothing else, so a chart
is text inside the HTML page, the site page and the PDF (WeasyPrint draws SVG
itself) with no JavaScript, no image file and no CDN. pygal by default adds a
`<script>` (its tooltips, from a CDN) and comments with today's date; `_clean`
removes both and the chart's id is fixed, so the same figures always give the
same SVG (the site keys its cached PDFs by the report's HTML) and nothing runs
or is fetched when the page opens.

Charts only show what a person would rather look at than read (this month
beside the last, first list beside the last, a 12-month trend); the tables
beside them keep the exact figures. Every label passes `privacy.mask`.
"""

from __future__ import annotations

import re

import pygal
from markupsafe import Markup
from pygal.style import Style

from ...core.dates import Month
from ...core.privacy import mask
from ...records.slip import CATEGORIES
from ...reference.org import Org

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
_LOOK = dict(
    font_family=FONT, background="white", plot_background="white", foreground="#333",
    foreground_strong="#222", foreground_subtle="#bbb", opacity=".9", opacity_hover=".9",
    title_font_size=17, legend_font_size=14, label_font_size=13, major_label_font_size=13,
    value_font_size=12, value_label_font_size=12, tooltip_font_size=12, no_data_font_size=14,
)
_STYLE = Style(colors=("#2f6fb0", "#9cbbe0", "#2e9d5b", "#d9822b", "#c0392b", "#7d5ba6"), **_LOOK)
_PAIR = Style(colors=("#9cbbe0", "#2f6fb0"), **_LOOK)   # two series compared: the earlier pale, the later strong
_COMMON = dict(style=_STYLE, max_scale=6, width=560, height=300, js=[], disable_xml_declaration=True, legend_at_bottom=True,
               print_values=True, print_values_position="top", print_zeroes=False, show_y_guides=True,
               no_data_text="无数据", truncate_label=-1, truncate_legend=-1, margin=8, spacing=6)
_SVG_NS = "{http://www.w3.org/2000/svg}"


def _clean(tree):
    """No `<script>`, no comment (pygal dates its output), nothing that could fetch or run: the SVG is inert text."""
    for parent in list(tree.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or tag.removeprefix(_SVG_NS) == "script":
                parent.remove(child)
    return tree


def _svg(chart, key: str) -> Markup:
    """The chart as an inline `<svg>` with a fixed id (its CSS is scoped to it), wrapped for the page's layout."""
    chart.uuid = f"wt-{key}"
    chart.add_xml_filter(_clean)
    svg = chart.render(is_unicode=True)
    # inline in HTML an <svg> is SVG without a namespace URI: leave none, so the page holds no URL at all
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", re.sub(r"<\?xml[^>]*\?>\s*", "", svg))
    # the legend's ids (for pygal's script, which is gone) repeat in every chart: an id is unique in a page
    svg = svg.replace('id="activate-serie-', f'id="{key}-activate-serie-')
    return Markup(f'<figure class="wt-chart" id="chart-{key}-figure">{svg}</figure>')


def _masked(labels, known: frozenset[str]) -> list[str]:
    return [mask(str(label), known) for label in labels]


def slips_by_category(slips: dict, known: frozenset[str]) -> Markup:
    """Slips opened per category: this month beside the previous month."""
    before = slips["previous"]
    chart = pygal.Bar(title="传递单按类别：本月与上月", legend_at_bottom_columns=2, **{**_COMMON, "style": _PAIR})
    chart.x_labels = _masked(CATEGORIES.values(), known)
    previous = Month.parse(before["month"]).label(year=False, spaced=True)
    chart.add(f"上月（{previous}）", [before["by_category"].get(c, 0) for c in CATEGORIES])
    chart.add("本月", [slips["by_category"].get(c, 0) for c in CATEGORIES])
    return _svg(chart, "slips")


def arrears_by_area(arrears: dict, org: Org, known: frozenset[str]) -> Markup | None:
    """Households owing per area at the month's first and last list (None without a list)."""
    if not arrears.get("lists"):
        return None
    areas = [a for a in org.areas if a in arrears["by_area"]]
    chart = pygal.Bar(title="各片区欠费户数：月初与月末", legend_at_bottom_columns=2, **{**_COMMON, "style": _PAIR})
    chart.x_labels = _masked((org.areas[a].name for a in areas), known)
    chart.add("月初", [arrears["by_area"][a]["households_start"] for a in areas])
    chart.add("月末", [arrears["by_area"][a]["households_end"] for a in areas])
    return _svg(chart, "arrears")


TREND_SERIES = (("opened", "开单"), ("done", "已完成"), ("done_on_time", "按时完成"), ("overdue_at_end", "月末逾期"))


def slips_trend(trend: list[dict], known: frozenset[str]) -> Markup:
    """The last 12 months as lines; a month without records has no point (a gap, not a zero)."""
    chart = pygal.Line(title=f"近 12 个月传递单走势（{_span(trend)}）", allow_interruptions=True, dots_size=3,
                       include_x_axis=True, legend_at_bottom_columns=len(TREND_SERIES),
                       x_label_rotation=0, show_minor_x_labels=True, **{**_COMMON, "print_values": False})
    chart.x_labels = _masked((_trend_label(m["month"], i + 1 == len(trend)) for i, m in enumerate(trend)), known)
    for key, label in TREND_SERIES:
        chart.add(label, [m[key] if m.get("recorded") else None for m in trend])
    return _svg(chart, "trend")


def _span(trend: list[dict]) -> str:
    """The months the trend covers, with their years (2025年12月—2026年11月): the title carries the years."""
    first, last = Month.parse(trend[0]["month"]), Month.parse(trend[-1]["month"])
    return first.label() if first == last else f"{first.label()}—{last.label()}"


def _trend_label(month: str, last: bool) -> str:
    """`11月`; a January `26年1月`, where the year turns. The first month has no year (the title has it):
    12 labels share 560 px, about 46 px each, and `25年12月` beside `26年1月` overlapped (issue 23). Nor has
    the last, whose centre is too near the chart's right edge for a label that long.
    """
    month = Month.parse(month)
    short = month.label(year=False)
    return f"{month.year % 100:02d}年{short}" if month.month == 1 and not last else short


def _wide_margin(labels: list[str]) -> int:
    """The room Chinese labels need beyond pygal's guess (it measures 0.6 em a character; a Chinese one is 1 em)."""
    return _COMMON["margin"] + int(0.4 * _STYLE.label_font_size * max(map(len, labels), default=0))


def survey_by_item(survey: dict, org: Org, known: frozenset[str]) -> list[Markup]:
    """Satisfaction rate (%) per survey item, and per area; nothing when there is no response."""
    if not survey.get("responses"):
        return []
    out = []
    items = [i for i in survey.get("items", []) if i.get("rate") is not None]
    if items:
        labels = _masked((i["label"] for i in items), known)
        chart = pygal.HorizontalBar(title="各调查项目满意率（%）", range=(0, 100), show_legend=False,
                                    margin_left=_wide_margin(labels),
                                    **{**_COMMON, "height": 90 + 34 * len(items)})
        chart.x_labels = labels
        chart.add("满意率", [round(i["rate"] * 100, 1) for i in items])
        out.append(_svg(chart, "survey-items"))
    areas = [(a, v) for a, v in survey.get("by_area", {}).items() if v.get("rate") is not None]
    if areas:
        chart = pygal.Bar(title="各片区满意率（%）", range=(0, 100), show_legend=False, **_COMMON)
        chart.x_labels = _masked((org.areas[a].name if a in org.areas else a for a, _ in areas), known)
        chart.add("满意率", [round(v["rate"] * 100, 1) for _, v in areas])
        out.append(_svg(chart, "survey-areas"))
    return out


def charts(figures: dict, org: Org, known: frozenset[str]) -> dict[str, Markup]:
    """The charts of one report by the section they go in: `slips` (categories, and the trend when
    figures["trend"] exists), `arrears` (when the month has a list), `survey` (when figures["survey"] has responses).
    """
    slips = [slips_by_category(figures["slips"], known)]
    if figures.get("trend"):
        slips.append(slips_trend(figures["trend"], known))
    out = {"slips": Markup("").join(slips)}
    drawn = arrears_by_area(figures["arrears"], org, known)
    if drawn is not None:
        out["arrears"] = drawn
    survey = survey_by_item(figures["survey"], org, known) if figures.get("survey") else []
    if survey:
        out["survey"] = Markup("").join(survey)
    return out
