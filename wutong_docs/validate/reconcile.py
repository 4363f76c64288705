"""Reconciliation 核对: the figures a person wrote in the monthly minutes or the analysis, against the records.

The supervisor used to type the month's figures into the monthly minutes by
hand, and nothing noticed when they disagreed with the slips or finance's list.
Here every figure written in the convention of `phrasing.py` is compared with the
count the report itself makes (`slips.slip_figures`, `arrears.tally`: the same
functions, so the report and the warning never disagree), and a difference is a
warning naming both numbers, the file and the line. Which moment is compared
(handbook 参考 › 月报, 会议记录和月度分析中的数字):

- the monthly minutes (records/minutes/YYYY/MM/…-monthly.md): 本月 means the meeting's
  month, counted as of the end of the meeting day (slips opened from the 1st to that day,
  each as it stood at 23:59:59 of it); an earlier month named (10月) is counted whole;
- the analysis (records/reports/YYYY-MM.md): its month, as of the month's last moment,
  the moment the report's own table uses;
- arrears: finance's latest list dated on or before that day (the date in the list's
  file name, 2026-11-10.csv; a list without one counts from the 1st of its folder's month).

Warnings, not errors: the records may be right and the minutes wrong, or the other
way round; a person decides which to correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from ..core import problems as P
from ..core.dates import Month
from ..core.problems import Problem, problem
from ..core.rules import RECORDS, rule
from ..records.analysis import MonthlyAnalysis
from ..records.arrears_figures import tally
from ..records.minutes import Minutes
from ..records.slip import CATEGORIES, Slip
from ..records.slip_figures import last_moment, slip_figures
from .figure_phrasing import ARREARS, SLIPS, Claim, read_claims

CODES = (P.SLIP_FIGURE_DIFFERS, P.ARREARS_FIGURE_DIFFERS, P.FIGURE_NOT_COMPARABLE)
_LIST_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Written:
    """A document whose figures are compared: where it is, what it is called, its body, and its moment."""
    path: str
    label: str           # 会议记录 | 月度分析
    body: str
    first_line: int
    month: Month         # the month 本月 means
    as_of: datetime      # the moment its figures are compared at


def documents(records: list) -> list[Written]:
    """The monthly minutes and the analyses among `records`, with the moment each is compared at."""
    found = []
    for r in records:
        if isinstance(r, Minutes) and r.kind == "monthly" and r.date and r.body:
            month = Month.of(r.date)
            found.append(Written(r.source.path, "会议记录", r.body, r.lines["body"], month, moment(month, r.date)))
        elif isinstance(r, MonthlyAnalysis) and r.month and r.body:
            month = Month.parse(r.month)
            found.append(Written(r.source.path, "月度分析", r.body, r.lines["body"], month, moment(month)))
    return found


def slip_folders(month: Month) -> list[str]:
    """The slip folders a document of `month` may be compared with: its month and the one before."""
    return [f"records/slips/{m.folder}/" for m in (month - 1, month)]


def list_day(path: str) -> date:
    """The day of a finance list: the date its file name starts with, else the 1st of its folder's month."""
    name = path.rsplit("/", 1)[-1]
    m = _LIST_DATE.match(name)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    year, mon = path.split("/")[2:4]
    return date(int(year), int(mon), 1)


def latest_list(arrears: dict, day: date) -> tuple[str, object] | None:
    """(path, list) of finance's latest readable list dated on or before `day`, or None."""
    dated = sorted((list_day(path), path) for path, lst in arrears.items() if lst is not None and list_day(path) <= day)
    return (dated[-1][1], arrears[dated[-1][1]]) if dated else None


def _claim_month(doc: Written, claim: Claim) -> Month:
    """The month a slip figure is about: 本月, or the latest month of that number not after the document's."""
    month = doc.month
    if claim.month is None or claim.month == month.month:
        return month
    return Month(month.year if claim.month < month.month else month.year - 1, claim.month)


def _basis(doc: Written, month: Month, until: datetime | None) -> str:
    named = month.label(year=False, spaced=True)
    if until is None:
        return f"{named}开单，按月末的状态"
    return f"{named} 1—{until.day} 日开单，按 {until.day} 日的状态"


def has_uncounted(root, counted: set[str], month: Month) -> bool:
    """Whether the slip folder of `month` holds a slip that could not be counted (it has errors).

    Its own error is reported; a count without it would be a wrong figure, so the
    figures written for that month are not compared until it is fixed.
    """
    folder = root / f"records/slips/{month.folder}"
    return any(p.relative_to(root).as_posix() not in counted for p in folder.glob("*.md"))


def compare(docs: list[Written], slips: list[Slip], org, arrears: dict, root=None) -> list[Problem]:
    """A warning for each figure of `docs` that the records count differently (or cannot count).

    With `root`, the slip figures of a month holding a slip with errors are not compared (`has_uncounted`).
    """
    areas = {a.id: a.name for a in org.areas.values()}
    usable: list[Slip] | None = None   # worked out at the first slip figure: most runs compare none
    broken: dict[Month, bool] = {}
    cache: dict[tuple, dict] = {}
    found = []
    for doc in docs:
        for claim in read_claims(doc.body, doc.first_line, areas):
            if claim.what == SLIPS and claim.month is not None and not 1 <= claim.month <= 12:
                found.append(problem(P.FIGURE_NOT_COMPARABLE, doc.path, claim.line,
                                     f"{doc.label}写“{claim.quoted}”，{claim.month}月不是月份，无法核对："
                                     "改成 1—12 月之一，或写“本月”"))
            elif claim.what == SLIPS:
                if usable is None:
                    usable = [s for s in slips if s.opened and s.due and s.unit and s.category in CATEGORIES]
                    counted = {s.source.path for s in usable}
                month = _claim_month(doc, claim)
                if root is not None and month not in broken:
                    broken[month] = has_uncounted(root, counted, month)
                if not broken.get(month):
                    found += _compare_slip(doc, claim, usable, org, cache)
            elif claim.what == ARREARS:
                found += _compare_arrears(doc, claim, org, arrears)
    return found


def _compare_slip(doc: Written, claim: Claim, slips: list[Slip], org, cache: dict) -> list[Problem]:
    month = _claim_month(doc, claim)
    if month > doc.month:   # unreachable by _claim_month; kept so a later change cannot compare the future
        return []
    last_day = doc.as_of.date() == Month.of(doc.as_of).last
    until = doc.as_of if month == doc.month and not last_day else None   # None: the whole month, as the report
    key = (month, until)
    if key not in cache:
        cache[key] = slip_figures(slips, org, month, until)
    figures = cache[key]
    counted = figures["opened"] if claim.key == "opened" else figures["by_category"].get(claim.key, figures.get(claim.key))
    if counted == claim.written:
        return []
    return [problem(P.SLIP_FIGURE_DIFFERS, doc.path, claim.line,
                    f"{doc.label}写“{claim.quoted}”，记录统计为 {counted} 张（{_basis(doc, month, until)}）："
                    "核对后改正其中一处")]


def _compare_arrears(doc: Written, claim: Claim, org, arrears: dict) -> list[Problem]:
    latest = latest_list(arrears, doc.as_of.date())
    if latest is None:
        return [problem(P.FIGURE_NOT_COMPARABLE, doc.path, claim.line,
                        f"{doc.label}写“{claim.quoted}”，但 {doc.as_of.date()} 及以前没有财务欠费名单，无法核对："
                        "把财务的名单放进 records/arrears/YYYY/MM/（文件名写名单日期，如 2026-11-10.csv）")]
    path, lst = latest
    counted = tally(org, lst)[claim.key][0]
    if counted == claim.written:
        return []
    return [problem(P.ARREARS_FIGURE_DIFFERS, doc.path, claim.line,
                    f"{doc.label}写“{claim.quoted}”，财务欠费名单 {path} 为 {counted} 户：核对后改正其中一处")]


@rule(*CODES, scope=RECORDS)
def figures_agree_with_records(records: list, context) -> list[Problem]:
    """The figures written in the monthly minutes and the analysis agree with what the records count.

    Only figures written in the convention are read (handbook 参考 › 月报);
    other sentences are left alone. When only some files are checked (wutong validate PATH,
    the commit hook), the slips of the documents' months are read from disk.

    WT975 会议记录或月度分析中的传递单数字与传递单统计不一致
    处理：按警告中的两个数核对传递单和文字，改正写错的一处（数字按“本月传递单 44 张（报修 16 张…），已关闭 29 张，作废 1 张”的写法）

    WT976 会议记录或月度分析中的片区欠费户数与财务欠费名单不一致
    处理：按财务最新的欠费名单改正户数（写成“A区欠费 16 户”），或把财务新发的名单放进 records/arrears/

    WT977 会议记录或月度分析中的数字无从核对
    处理：把所依据的记录（如财务欠费名单）放进 records/，或删去这个数字
    """
    docs = documents(records)
    if not docs or context.org is None:
        return []
    slips = [r for r in records if isinstance(r, Slip)]
    if context.partial:
        slips = _slips_on_disk(context.root, {f for d in docs for f in slip_folders(d.month)})
        from ..records.notice import load_arrears
        from ..records.notice_privacy import all_lists
        all_lists(context.root, context.arrears, load_arrears)
    return compare(docs, slips, context.org, context.arrears, context.root)


def _slips_on_disk(root, folders: set[str]) -> list[Slip]:
    """The slips filed in `folders`, read from disk (their own problems are reported when they are checked)."""
    from .loader import load_records

    rels = sorted(p.relative_to(root).as_posix() for f in folders for p in (root / f).glob("*.md")
                  if p.is_file() and not p.is_symlink())
    return [r for r in load_records(root, rels)[0] if isinstance(r, Slip)]


def moment(month: Month, day: date | None = None) -> datetime:
    """The moment figures of `month` are counted at: the end of `day` (a monthly meeting), else the month's end."""
    return datetime.combine(day, time(23, 59, 59)) if day else last_moment(month)


def figure_sentences(report, month: Month, day: date | None = None) -> list[str]:
    """The month's figures written in the convention, as `compare` will read them back: for `wutong new`.

    `day`: the meeting's day (figures as of its end), or None for the month's end (the analysis).
    """
    from .figure_phrasing import arrears_sentence, slip_sentence

    as_of = moment(month, day)
    last_day = as_of.date() == Month.of(as_of).last
    slips = [r for r in report.records if isinstance(r, Slip)]
    found = [slip_sentence(slip_figures(slips, report.org, month, None if last_day else as_of))]
    latest = latest_list(report.arrears, as_of.date())
    if latest:
        counts = {area: n for area, (n, _) in tally(report.org, latest[1]).items()}
        found.append(arrears_sentence(counts, {a.id: a.name for a in report.org.areas.values()},
                                      latest[0].rsplit("/", 1)[-1].removesuffix(".csv")))
    return found
