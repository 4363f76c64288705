"""The monthly report's figures as a document: JSON (pinned keys), Markdown, or a self-contained HTML page.

Pure: `render(figures, org, known, fmt)` returns the text; the CLI writes it.
Markdown comes from one Jinja template (`templates/report/month.md.j2`, the
department may override it); HTML is that Markdown through markdown-it with raw
HTML off, in a page with its own style, so the two never disagree and nothing is
fetched when the page opens. Every string that leaves, JSON included, passes
`privacy.mask` (the figures hold counts only, but a staff name or a file name is
text, and text is masked wherever it leaves the records), and the finished
Markdown and HTML pass once more (`mask_numbers`, `mask_html`), so an analysis
whose Markdown splits a number cannot carry it out; the PDF is printed from that HTML.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
import string
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from ...core.dates import Month, as_month
from ...core.markdown_text import md_text
from ...core.privacy import mask, mask_html, mask_numbers, mask_strings
from ...core.templates import environment
from ...records.case import STATES as CASE_STATES
from ...records.notice import DUNNING_BY_DAY
from ...records.slip import CATEGORIES
from ...records.slip_figures import DEFINITIONS
from ...reference.org import ROLES, Org
from .analysis import body_markdown
from .charts import charts as draw_charts
from .inspections import DEFINITIONS as INSPECTION_DEFINITIONS
from .survey import DEFINITIONS as SURVEY_DEFINITIONS

FORMATS = ("json", "md", "html", "pdf")
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 60em; padding: 0 1em; color: #222; line-height: 1.5; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #999; padding: .25em .6em; }
th { background: #eee; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; border-bottom: 1px solid #ccc; }
""" + """
.wt-charts { display: flex; flex-wrap: wrap; gap: .5em 1.5em; margin: .5em 0; }
.wt-chart { flex: 1 1 20em; max-width: 34em; min-width: 0; margin: 0; }
.wt-chart svg { display: block; width: 100%; height: auto; }
.wt-table-scroll { overflow-x: auto; }
@page { size: A4; margin: 12mm 12mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
@media print {
  body { font-size: 9pt; line-height: 1.35; margin: 0; max-width: none; padding: 0; }
  h1 { font-size: 14pt; margin: 0 0 .3em; } h2 { font-size: 12pt; margin: 0 0 .4em; }
  section.wt-section + section.wt-section { break-before: page; }
  table { margin: .2em 0 .5em; } th, td { padding: .1em .4em; }
  .wt-charts { display: flex; flex-wrap: nowrap; gap: 4mm; }
  .wt-chart { flex: 1 1 0; max-width: 92mm; }
  .wt-chart svg { width: 100%; max-height: 55mm; }
  section.wt-tight { font-size: 7.5pt; line-height: 1.2; } section.wt-tight .wt-chart svg { max-height: 42mm; }
  section.wt-tighter { font-size: 6.5pt; line-height: 1.1; } section.wt-tighter .wt-chart svg { max-height: 32mm; }
  p, ul { margin: .2em 0; }
}
"""


def masked(value, known: frozenset[str]):
    """Every string of a JSON-ready value masked (numbers and None as they are): JSON and xlsx pass it."""
    return mask_strings(value, lambda text: mask(text, known))


def _number(text) -> Markup:
    """A figure formatted by us: shown as written (Markup), not escaped as record text is."""
    return Markup(text)


def _pct(part: int, whole: int) -> Markup:
    return _number(f"{part}（{part / whole:.1%}）" if whole else str(part))


LISTED = 20           # slip ids listed in the text at most (the quality section's earlier open slips); JSON has all
NO_RECORD = "无记录"   # a month without any record (report/recorded.py): never a column of zeros


def _slip_rows(now: dict, before: dict) -> list[tuple[str, str, str]]:
    """The slip table's rows, this month and the previous; a month without any record says 无记录 in each cell."""
    def row(label, key, whole=None):
        return (label, *(_number(NO_RECORD) if not s.get("recorded", True) else _pct(s[key], s[whole]) if whole
                         else s[key] for s in (now, before)))

    def hours(s):
        if not s.get("recorded", True):
            return _number(NO_RECORD)
        return _number("—" if s["median_hours_to_done"] is None else s["median_hours_to_done"])

    return [row("开单", "opened"), row("已完成", "done", "opened"), row("按时完成（占已完成）", "done_on_time", "done"),
            row("已回访（占已完成）", "revisited", "done"), row("满意（占已回访）", "satisfied", "revisited"),
            row("不满意", "unsatisfied"), row("重新打开", "reopened"), row("已关闭", "closed"),
            row("已作废", "cancelled"), row("月末未关闭", "open_at_end"), row("月末逾期", "overdue_at_end"),
            ("完成用时中位数（小时）", hours(now), hours(before))]


def title(org: Org, month: Month | str) -> str:
    """The report's title, e.g. 梧桐墅客服部 2026 年 11 月月报 (the page's, the workbook's)."""
    return f"{org.estate or ''}客服部 {as_month(month).label(spaced=True)}月报"


@jinja2.pass_context
def _finalize(context, value):
    """Record text masked and escaped; our own formatted figures (Markup) as they are."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return md_text(mask(value, context.get("owner_names", frozenset())))
    return value


def masked_environment(root: Path | None) -> jinja2.Environment:
    """A Markdown environment whose every record text is masked and escaped (`_finalize`): the month's report and
    the front desk's weekly summary (week_render.py) add their own filters to it."""
    return environment(root, finalize=_finalize, trim_blocks=True, lstrip_blocks=True)


@functools.lru_cache(maxsize=8)
def _environment(root: Path | None) -> jinja2.Environment:
    """One environment per repository, so the template is compiled once, not once per month (the site makes
    a report for every month); Jinja still reloads a template the department edits.
    """
    env = masked_environment(root)
    env.filters.update(
        money=lambda v: _number("—" if v is None else f"{v:,.2f}"),
        rate=lambda v: _number("—" if v is None else f"{v:.1%}"),
        count=lambda v: _number("—") if v is None else v,
        pct=_pct,
        month_name=lambda m: _number(Month.parse(m).label(spaced=True)),
    )
    return env


def markdown(figures: dict, org: Org, known: frozenset[str], root: Path | None = None,
             charts: dict | None = None) -> str:
    """The report as Markdown: one table per section, the slip definitions under the slip table.

    `charts` maps a section to the placeholder its charts replace in HTML (none in plain Markdown).
    """
    month = Month.parse(figures["month"])
    before = Month.parse(figures["slips"]["previous"]["month"]).label(year=False, spaced=True)
    rostered = {p["duty_basis"] for p in figures["people"]} == {"roster"}
    # the last pass (privacy.py): numbers the template put together from masked values, or wrote itself
    return mask_numbers(_environment(root).get_template("report/month.md.j2").render(
        owner_names=known, title=title(org, figures["month"]),
        month_label=month.label(year=False, spaced=True), previous_label=f"上月（{before}）",
        slips=figures["slips"], slip_rows=_slip_rows(figures["slips"], figures["slips"]["previous"]),
        categories=CATEGORIES, areas=[(a.id, a.name) for a in org.areas.values()],
        definitions=DEFINITIONS, arrears=figures["arrears"], arrears_folder=f"records/arrears/{month.folder}/",
        people=figures["people"], roles=ROLES, desk=figures["desk"], month=_number(figures["month"]),
        recorded=figures["recorded"], no_record=_number(NO_RECORD), trend=figures["trend"],
        quality=figures["quality"], listed=LISTED, dunning=figures["arrears"]["dunning"], dunning_by=DUNNING_BY_DAY,
        survey=figures["survey"], survey_definitions=SURVEY_DEFINITIONS,
        leases=figures["leases"], workorders=figures["workorders"],
        inspections=figures["inspections"], inspection_definitions=INSPECTION_DEFINITIONS,
        analysis=figures["analysis"], analysis_body=body_markdown(figures["analysis"]["body"], known),
        charts=charts or {},
        cases=figures.get("cases"), case_states=CASE_STATES,
        legacy=figures.get("legacy"), area_names={a.id: a.name for a in org.areas.values()},
        duty_basis=f"按 records/roster/{figures['month']}.yml 排班表" if rostered
        else "本月没有排班表，按法定工作日（含调休上班日）计",
    ))


def _sections(html: str) -> str:
    """Each `<h2>` with what follows it, up to the next, wrapped in `<section class="wt-section">`."""
    head, *parts = re.split(r"(?=<h2>)", html)
    return head + "".join(f'<section class="wt-section" id="wt-section-{n}">\n{part}'
                          f'<span id="wt-end-{n}"></span></section>\n' for n, part in enumerate(parts, 1))


def body_html(figures: dict, org: Org, known: frozenset[str], root: Path | None = None) -> str:
    """The report as an HTML fragment: the title, then one `<section>` per section, charts in place.

    Each chart's place is a paragraph holding only a fresh random token (Markup, so the
    template leaves it alone); record text cannot know the token, so only our SVG
    replaces it.
    """
    drawn = draw_charts(figures, org, known)
    # letters only: a run of digits in it could read as a phone number to the masking the Markdown passes
    token = "".join(secrets.choice(string.ascii_lowercase) for _ in range(24))
    places = {key: Markup(f"wtchart{token}{key}") for key in drawn}
    html = _MARKDOWN.render(markdown(figures, org, known, root, places))
    for key, svg in drawn.items():
        html = html.replace(f"<p>{places[key]}</p>", f'<div class="wt-charts">{svg}</div>')
    html = re.sub(r"<table>(.*?)</table>", r'<div class="wt-table-scroll"><table>\1</table></div>', html, flags=re.S)
    return _sections(mask_html(html))   # the last pass: what Markdown and the charts made of the masked text


def html_page(figures: dict, org: Org, known: frozenset[str], root: Path | None = None,
              body: str | None = None) -> str:
    """The report as one self-contained HTML page (styles inline, charts inline, nothing fetched); `body` when the
    caller has body_html's fragment already.
    """
    body = body if body is not None else body_html(figures, org, known, root)
    title = re.search(r"<h1>(.*?)</h1>", body)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title.group(1) if title else ''}</title>\n"
            f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def render(figures: dict, org: Org, known: frozenset[str], fmt: str, root: Path | None = None) -> str | bytes:
    """The report in `fmt` (json, md, html, or pdf as bytes)."""
    if fmt == "json":
        return json.dumps(masked(figures, known), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(figures, org, known, root)
    html = html_page(figures, org, known, root)
    if fmt == "pdf":
        from .pdf import report_pdf
        return report_pdf(html)
    return html
