"""The handbook's 月报 section: one page per month that has records, each with its printable PDF beside it.

Why here and not a second renderer: each page shows exactly what `wutong report`
writes (report/render.py's HTML fragment, charts included, every string masked),
inside the site's theme; the PDF beside it is `wutong report --format pdf` of the
same month. Two costs are kept down for a repository of years:
- figures: the bulk kinds (slips, logs, minutes, desk registers; the report
  counts each by one date) are grouped by month once, and each month's report
  reads those of its own 13 months (itself, the previous month, the 12-month
  trend) plus every record of the other kinds, not all five years of slips;
- PDFs (about 1 s each): kept under `.wutong-cache/report-pdf/<sha256 of the
  report's HTML>.pdf` (git-ignored), so only a month whose report changed is
  printed again. A cache that cannot be written costs time, never the build; when Git
  tracks a file of `.wutong-cache/` (`validate.cache.usable`) it is neither read nor written,
  and a kept file that is not a regular file holding a PDF (`%PDF-`) is printed again.
  $WUTONG_REPORT_PDF_CACHE names another folder (CI may keep one between runs;
  the tests share one, since they build the same fixture many times).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from ...core.dates import Month
from ...core.output import OutputError, write_file
from ...validate.cache import FOLDER, enabled, fingerprint, read_file, usable
from .data import SiteData
from .page import Page
from .render import month_label

REPORTS_INDEX = "reports/index.md"
CACHE = Path(FOLDER) / "report-pdf"
WINDOW = 13   # months of records a month's report reads: itself and the twelve before (previous month, trend)
log = logging.getLogger("mkdocs.plugins.wutong")


def month_page(month: str) -> str:
    """The 月报 page of one month: reports/2026-11.md."""
    return f"reports/{month}.md"


def pdf_uri(month: str) -> str:
    """The printable PDF beside the month's page: reports/2026-11.pdf."""
    return f"reports/{month}.pdf"


def _month_of(record) -> str | None:
    """The month a report counts this record in, for the kinds it counts by one date (the bulk of the records:
    slips by `opened`, logs, minutes and desk registers by `date`); None for every other kind, read whole.
    """
    slip, dated = _dated_kinds()
    if isinstance(record, slip):
        return f"{record.opened:%Y-%m}"
    if isinstance(record, dated):
        return f"{record.date:%Y-%m}"
    return None


@functools.cache
def _dated_kinds() -> tuple:
    """(Slip, the kinds counted by `date`), imported once: `_month_of` runs for every record."""
    from ...records.desk import DeskRegister
    from ...records.log import DailyLog
    from ...records.minutes import Minutes
    from ...records.slip import Slip

    return Slip, (DailyLog, Minutes, DeskRegister)


def _window(month: str) -> list[str]:
    """The months (YYYY-MM, as `_month_of` files records) a month's report reads records of, oldest first, ending with
    `month`.
    """
    last = Month.parse(month)
    return [str(last - back) for back in range(WINDOW - 1, -1, -1)]


def monthly_reports(data: SiteData, memo: dict | None = None) -> dict[str, dict]:
    """Month (newest first) -> {"body": the report's HTML fragment, "page": the standalone page the PDF prints}.

    `memo` (`wutong serve`: a dict kept between rebuilds) keeps each month's report under a key naming all it
    reads (`_keys`); a month whose key is unchanged is not figured and rendered again (at 20,000 records
    the 61 months took 7 of the 11 seconds of a rebuild after one save).
    """
    from ..report.figures import figures
    from ..report.render import body_html, html_page

    report = data.report
    if report is None:
        return {}
    by_month, undated = defaultdict(list), []
    for record in report.records:
        month = _month_of(record)
        (by_month[month] if month else undated).append(record)
    months = [m for m in data.months() if m <= f"{data.now:%Y-%m}"]   # a month not yet begun has no report
    keys = _keys(data, memo, months, by_month, undated) if memo is not None else {}
    out = {}
    for month in months:
        kept = memo.get(month) if month in keys else None
        if kept is not None and kept[0] == keys[month]:
            out[month] = kept[1]
            continue
        records = [r for m in _window(month) for r in by_month.get(m, ())] + undated
        figs = figures(replace(report, records=records), month)
        body = body_html(figs, data.org, data.known_names, data.root)
        out[month] = {"body": body, "page": html_page(figs, data.org, data.known_names, data.root, body)}
        if month in keys:
            memo[month] = (keys[month], out[month])
    return out


def _keys(data: SiteData, memo: dict, months, by_month, undated) -> dict[str, str]:
    """Month -> a name of everything its report reads: the tool, the records of its window (each by its full
    content), every undated record, org.yml, the duty book, the calendar, the arrears lists, every problem
    (its warnings quote some), the names to mask, the repository's own templates and its slip folder's files.
    Empty when something cannot be named (then every month is made again).
    """
    from .cache import Namer, Uncacheable

    report = data.report
    namer = memo.get("namer")
    if namer is None or namer.size() > 3 * len(report.records) + 1000:   # old records pile up: start again
        namer = memo["namer"] = Namer()
    templates = data.root / "templates"
    own = sorted((p.relative_to(templates).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                 for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    try:
        common = namer.key(fingerprint(), str(data.root), own, report.org, sorted(data.known_names),
                           report.duties, report.overrides, report.arrears, report.problems, undated)
        named = {m: namer.key(records) for m, records in by_month.items()}
    except Uncacheable:
        return {}
    out = {}
    for month in months:
        folder = data.root / f"records/slips/{Month.parse(month).folder}"
        files = sorted(p.name for p in folder.glob("*.md"))
        out[month] = namer.key(common, month, [named.get(m) for m in _window(month)], files)
    return out


def pages(data: SiteData) -> list[Page]:
    """The 月报 index (months newest first, each with its PDF) and one page per month."""
    reports = data.monthly
    index = Page(REPORTS_INDEX, "月报", in_nav=True, order=25, searchable=False)
    index.html("reports_index.html.j2", months=[(m, month_page(m), pdf_uri(m)) for m in reports])
    out = [index]
    for month, report in reports.items():
        body = report["body"].split("</h1>", 1)[-1]    # the page's own title replaces the report's
        page = Page(month_page(month), f"{month_label(month)} 月报", order=25, wide=True)
        page.html("report_month.html.j2", body=Markup(body), pdf=pdf_uri(month))
        out.append(page)
    return out


def cache_folder(root: Path) -> Path | None:
    """Where printed reports are kept: $WUTONG_REPORT_PDF_CACHE, else .wutong-cache/report-pdf/ in the repository,
    unless the caches are switched off (`wutong --no-cache`, WUTONG_NO_CACHE) or Git tracks a file of the
    repository's cache (`validate.cache.usable`): then None, nothing read or kept."""
    given = os.environ.get("WUTONG_REPORT_PDF_CACHE")
    if given:   # a folder named on purpose, outside the repository (CI, the tests): that choice stands
        return Path(given)
    return root / CACHE if enabled() and usable(root) else None


def pdf_files(data: SiteData) -> dict[str, bytes]:
    """URI -> the month's printable PDF, from the cache when its report's HTML has been printed before."""
    folder = cache_folder(data.root)
    out, todo = {}, []
    for month, report in data.monthly.items():
        cached = folder / f"{hashlib.sha256(report['page'].encode('utf-8')).hexdigest()}.pdf" if folder else None
        pdf = _cached_pdf(cached) if cached is not None else None
        if pdf is not None:
            out[pdf_uri(month)] = pdf
        else:
            todo.append((month, cached, report["page"]))
    from ..report.pdf_workers import print_all

    for (month, cached, _), pdf in zip(todo, print_all([page for _, _, page in todo])):
        out[pdf_uri(month)] = pdf
        if cached is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_file(data.root, cached, pdf)
        except (OSError, OutputError) as exc:
            log.warning("wutong: 月报 PDF 未能存入缓存 %s（%s），下次生成站点时会重新排版", folder, exc)
    if todo:
        log.info("wutong: 排版了 %d 份月报 PDF，%d 份取自缓存 %s", len(todo), len(out) - len(todo),
                 folder or "（这次不用缓存）")
    return out


def _cached_pdf(path: Path) -> bytes | None:
    """The PDF kept at `path`, or None when there is none there or what is there is not a PDF file (it is removed,
    to be printed and kept again): a cache holds data, and only what it was written to hold."""
    data = read_file(path)   # a regular file only, never through a link
    if data is not None and data.startswith(b"%PDF-"):
        return data
    if not os.path.lexists(path):
        return None
    try:
        path.unlink()
    except OSError:   # then it is printed again each time, and the warning below says it cannot be kept
        pass
    return None
