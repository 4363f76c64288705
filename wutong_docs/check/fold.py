"""Many gaps, one line: what keeps a person's part of `wutong check` on one screen.

Why a module of its own: once every duty is checked in its windows, a month without
citations is hundreds of gaps (one per duty, per day, per person). The supervisor acts
on them as a few sentences: "11-02—11-30 没有【系统录入】【钥匙保管借用】", "W45—W48 没有
【抽查片区】…". So the lines are folded twice, within one person's (or the department's) part:

1. the same gap of one duty on several days, weeks or months (a missing log, a missing
   citation, a meeting not held) is one line with the days as ranges;
2. the citations missing over the very same days are one line naming every label, and
   the same message in the same windows (the month's analysis proving four duties, the morning
   meeting five) is one line.

A gap about a slip, a patrol count or a draft with errors is never folded: each needs its own act.
Days and weeks read short (11-02, W45); longer windows as the check labels them (2026-11（1日—10日）).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .gap import Gap

FOLDED = ("日志", "职责", "会议")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(.*)$")
_WHERE = re.compile(r"（[^（）]*都算）$")
_LABEL = re.compile(r"【[^】]*】")


def when(label: str, bare: bool = False) -> str:
    """How a gap's date reads in a line: 11-02, W45 (with a meeting's note unless `bare`); a month's or longer
    window as the check labels it (2026-11, 2026-11（1日—10日）, 2026-Q4)."""
    if m := _DAY.match(label):
        return f"{m.group(2)}-{m.group(3)}"
    if m := _WEEK.match(label):
        return f"W{m.group(2)}" + ("" if bare else m.group(3))
    return label


def _foldable(gaps: list[Gap], draft: str) -> bool:
    gap = gaps[0]
    return (len(gaps) == 1 and not draft and not gap.slip and gap.category in FOLDED
            and (gap.category != "日志" or gap.message == "没有工作日志"))


def cited(gap: Gap) -> bool:
    """A gap a log's 【简称】 line would close: its line names the duty by that label."""
    return gap.expected.startswith("工作日志中以【")


def fold(entries: list[tuple[list[Gap], str]]) -> list[list[Gap]]:
    """Each (gaps of one line, its draft path) folded as the module says, person by person (the department is
    staff ""); the lines keep their first one's place."""
    by_duty: dict = {}
    once: list[list[Gap]] = []
    for gaps, draft in entries:
        if not _foldable(gaps, draft):
            once.append(gaps)
            continue
        g = gaps[0]
        key = (g.staff, g.category, g.duty_id, g.message)
        if key not in by_duty:
            by_duty[key] = []
            once.append(by_duty[key])
        by_duty[key].extend(gaps)
    by_window: dict = {}
    out: list[list[Gap]] = []
    for gaps in once:
        g = gaps[0]
        if g.category not in ("职责", "会议") or g.slip:
            out.append(gaps)
            continue
        key = (g.staff, tuple(x.date for x in gaps), "cite" if cited(g) else g.message)
        if key not in by_window:
            by_window[key] = []
            out.append(by_window[key])
        by_window[key].extend(gaps)
    return out


def folded(gaps: list[Gap]) -> bool:
    """Whether these gaps are one folded line (not a slip's gaps, which listing.py words itself)."""
    return len(gaps) > 1 and not gaps[0].slip


def _day(label: str) -> date | None:
    m = _DAY.match(label)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Runs of days, a run bridging only Saturdays and Sundays (a working week missed whole reads as one run)."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs:
            between = [runs[-1][1] + timedelta(days=i) for i in range(1, (day - runs[-1][1]).days)]
            if all(d.weekday() >= 5 for d in between):
                runs[-1][1] = day
                continue
        runs.append([day, day])
    return [(a, b) for a, b in runs]


def date_text(gaps: list[Gap]) -> str:
    """The days, weeks or months of a folded line: 11-02—11-30（共 21 天）, W45—W48, 2026-10、2026-11."""
    labels = list(dict.fromkeys(g.date for g in gaps))
    days = [_day(label) for label in labels]
    if len(labels) > 1 and all(days):
        runs = "、".join(f"{a:%m-%d}" if a == b else f"{a:%m-%d}—{b:%m-%d}" for a, b in _runs(days))
        return f"{runs}（共 {len(labels)} 天）"
    weeks = [_WEEK.match(label) for label in labels]
    if len(labels) > 2 and all(weeks) and len({m.group(1) for m in weeks}) == 1:
        numbers = [int(m.group(2)) for m in weeks]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"W{numbers[0]:02d}—W{numbers[-1]:02d}"
    return "、".join(when(label, bare=True) for label in labels)


def text(gaps: list[Gap]) -> str:
    """What a folded line says is missing: 没有【a】【b】, or the one message they share."""
    labels = list(dict.fromkeys(label for g in gaps if cited(g) for label in _LABEL.findall(g.message)))
    return f"没有{''.join(labels)}" if len(labels) > 1 else gaps[0].message


def _each(gaps: list[Gap]) -> str:
    if all(_day(g.date) for g in gaps):
        return "（缺的每一天各写，写在当天的日志里）"
    if all(_WEEK.match(g.date) for g in gaps):
        return "（缺的每一周各写，写在当周任一天的日志里）"
    return "（每段时间各写，写在那段时间内任一天的日志里）"


def action(gaps: list[Gap]) -> str:
    """What to write for a folded line: one act for all, the logs' folder for missing logs."""
    actions = list(dict.fromkeys(g.action for g in gaps))
    first = gaps[0]
    if len(actions) == 1:
        return actions[0]
    if first.category == "日志":
        return f"补写这些天的工作日志（如 {first.expected}）"
    if cited(first):
        labels = list(dict.fromkeys(label for g in gaps for label in _LABEL.findall(g.message)))
        where = {_WHERE.search(a).group(0) for a in actions if _WHERE.search(a)}
        what = "每项各写一行，以它的【简称】开头" if len(labels) > 1 else f"写一行{labels[0]}"
        return f"在工作日志里{what}{where.pop() if len(where) == 1 else _each(gaps)}"
    return f"{actions[0]} 等 {len(actions)} 处"
