"""The monthly report's figures as a document: JSON (pinned keys), Markdown, or a self-contained HTML page.

Pure: `render(figures, org, known, fmt)` returns the text; the CLI writes it.
Markdown comes from one Jinja template (`templates/report/month.md.j2`, the
department may override it); HTML is that Markdown through markdown-it with raw
HTML off, in a page with its own style, so the two never disagree and nothing is
fetched when the page opens. Every string that leaves, JSON included, passes
`privacy.mask` (the figures hold counts only, but a staff name or a file name is
text, and text is masked wherever it leaves the records).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..markdown_text import md_text
from ..org import ROLES, Org
from ..privacy import mask
from ..records.notice import DUNNING_BY_DAY
from ..records.slip import CATEGORIES
from ..templates import environment
from .slips import DEFINITIONS
from .survey import DEFINITIONS as SURVEY_DEFINITIONS

FORMATS = ("json", "md", "html")
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 60em; padding: 0 1em; color: #222; line-height: 1.5; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #999; padding: .25em .6em; }
th { background: #eee; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; border-bottom: 1px solid #ccc; }
"""


def masked(value, known: frozenset[str]):
    """Every string of a JSON-ready value masked (numbers and None as they are): JSON and xlsx pass it."""
    if isinstance(value, str):
        return mask(value, known)
    if isinstance(value, dict):
        return {k: masked(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, known) for v in value]
    return value


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


def title(org: Org, month: str) -> str:
    """The report's title, e.g. 梧桐墅客服部 2026 年 11 月月报 (the page's, the workbook's)."""
    year, mon = month.split("-")
    return f"{org.estate or ''}客服部 {year} 年 {int(mon)} 月月报"


def markdown(figures: dict, org: Org, known: frozenset[str], root: Path | None = None) -> str:
    """The report as Markdown: one table per section, the slip definitions under the slip table."""
    def finalize(value):  # record text masked and escaped; our own formatted figures (Markup) as they are
        return md_text(mask(value, known)) if isinstance(value, str) and not isinstance(value, Markup) else value

    env = environment(root, finalize=finalize,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        money=lambda v: _number("—" if v is None else f"{v:,.2f}"),
        rate=lambda v: _number("—" if v is None else f"{v:.1%}"),
        count=lambda v: _number("—") if v is None else v,
        pct=_pct,
        month_name=lambda m: _number(f"{int(m[:4])} 年 {int(m[5:])} 月"),
    )
    year, mon = figures["month"].split("-")
    before = figures["slips"]["previous"]["month"].split("-")
    rostered = {p["duty_basis"] for p in figures["people"]} == {"roster"}
    return env.get_template("report/month.md.j2").render(
        title=title(org, figures["month"]),
        month_label=f"{int(mon)} 月", previous_label=f"上月（{int(before[1])} 月）",
        slips=figures["slips"], slip_rows=_slip_rows(figures["slips"], figures["slips"]["previous"]),
        categories=CATEGORIES, areas=[(a.id, a.name) for a in org.areas.values()],
        definitions=DEFINITIONS, arrears=figures["arrears"], arrears_folder=f"records/arrears/{year}/{mon}/",
        people=figures["people"], roles=ROLES, desk=figures["desk"],
        recorded=figures["recorded"], no_record=_number(NO_RECORD), trend=figures["trend"],
        quality=figures["quality"], listed=LISTED, dunning=figures["arrears"]["dunning"], dunning_by=DUNNING_BY_DAY,
        survey=figures["survey"], survey_definitions=SURVEY_DEFINITIONS,
        duty_basis=f"按 records/roster/{figures['month']}.yml 排班表" if rostered
        else "本月没有排班表，按法定工作日（含调休上班日）计",
    )


def render(figures: dict, org: Org, known: frozenset[str], fmt: str, root: Path | None = None) -> str:
    """The report in `fmt` (json, md or html)."""
    if fmt == "json":
        return json.dumps(masked(figures, known), ensure_ascii=False, indent=2) + "\n"
    text = markdown(figures, org, known, root)
    if fmt == "md":
        return text
    title = text.splitlines()[0].lstrip("# ")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n{_MARKDOWN.render(text)}</body>\n</html>\n")
