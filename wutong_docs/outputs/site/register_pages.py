"""The register pages of the arrears cases 欠费案件 and the legacy problems 历史遗留问题, as of the build's day.

Why apart from the month pages: a case or a problem runs for months, so "what is
open now, at which stage" cannot be read off any month. Arrears cases are personal
data (records/case.py): their page shows only counts and states, never a home or an
owner; each legacy problem has a page of its own (`Kind.own_pages`) and this register
lists them all, open ones first, with their overdue steps marked.
"""

from __future__ import annotations

from ...core.dates import Month
from ...records.case import CLOSING, STATES, Case
from ...records.case_figures import cases_section, open_cases
from ...records.legacy import Legacy
from .data import SiteData
from .page import Page

CASES = "records/case/register.md"
LEGACY = "records/legacy/register.md"
MONTHS = 12   # months of history the cases' page counts


def _cases(data: SiteData) -> list[Case]:
    return [r for r in (data.report.records if data.report else []) if isinstance(r, Case)]


def pages(data: SiteData) -> list[Page]:
    """The two registers, each only when its kind has records."""
    found = []
    if _cases(data):
        found.append(cases_page(data))
    if any(isinstance(p.record, Legacy) for p in data.placed):
        found.append(legacy_page(data))
    return found


def cases_page(data: SiteData) -> Page:
    """Counts and states only: open now by stage, and each of the last months' opened, closed and recovered."""
    records = _cases(data)
    today = data.today
    now = open_cases(records, today)
    page = Page(CASES, "欠费案件", in_nav=True, order=22, searchable=False)
    stages = {s: n for s, n in ((s, sum(1 for c in now if c.state_on(today) == s)) for s in STATES) if n}
    summary = "，".join(f"{STATES[s]}阶段 {n} 件" for s, n in stages.items())
    page.markdown(f"截至 {today:%Y-%m-%d}：在办 {len(now)} 件" + (f"，其中{summary}。" if summary else "。")
                  + "\n\n只列件数和阶段，不列房号和业主（欠费案件属个人信息）。")
    month, rows = Month.of(today), []
    first = min(c.opened for c in records)
    for _ in range(MONTHS):
        if month.last < first:
            break
        s = cases_section(records, month)
        closed = "，".join(f"{STATES[k]} {n}" for k, n in s["closed_by_stage"].items() if n and k in CLOSING)
        rows.append(f"| {month.label()} | {s['opened']} | {s['closed']}{f'（{closed}）' if closed else ''} | "
                    f"{s['open']} | {s['recovered_month']:,.2f} |")
        month -= 1
    page.heading(2, "按月", "months")
    page.markdown("| 月份 | 新建 | 结案 | 月末在办 | 追回（元） |\n| --- | ---: | --- | ---: | ---: |\n" + "\n".join(rows))
    return page


def legacy_page(data: SiteData) -> Page:
    """Every legacy problem, open ones first (oldest first), each linking to its own page."""
    placed = [p for p in data.placed if isinstance(p.record, Legacy)]
    today = data.today
    open_now = [p for p in placed if p.record.closed is None or p.record.closed > today]
    settled = [p for p in placed if p not in open_now]
    page = Page(LEGACY, "历史遗留问题", in_nav=True, order=22, searchable=False)
    overdue = sum(1 for p in open_now for s in p.record.plan if s.overdue_on(today))
    page.markdown(f"截至 {today:%Y-%m-%d}：未结 {len(open_now)} 项，逾期未完成的步骤 {overdue} 步。")
    page.heading(2, f"未结（{len(open_now)}）", "open")
    page.html("legacy_register.html.j2", rows=open_now, today=today, empty="没有。")
    page.heading(2, f"处理完毕（{len(settled)}）", "closed")
    page.html("legacy_register.html.j2", rows=settled, today=today, empty="没有。")
    return page
