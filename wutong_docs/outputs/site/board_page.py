"""The slip board 传递单看板: every slip not yet closed, by status, overdue ones first and marked.

Why: the supervisor's morning check (跟踪业主报修、投诉及项目内部工作信息传递的
工作进度) needs one page that answers "what is still open, and what is late".
Closed and cancelled slips are only counted per month here, with links to
their month pages, so the board stays short however many years pass.
"""

from __future__ import annotations

from collections import Counter

from ...records.slip import AWAITING, SETTLED, STATUSES, UNFINISHED, Slip
from .data import SiteData
from .page import Page
from .render import when

BOARD = "records/slip/board.md"
SECTIONS = {"open": "待派工", "dispatched": "已派工", "in_progress": "处理中", "reopened": "重新打开",
            "done": "已完成，待回访", "revisited": "已回访，待关闭"}


def page(data: SiteData) -> Page:
    """The slip board (传递单看板): overdue and unfinished slips first, settled ones only counted per month."""
    slips = [p for p in data.placed if isinstance(p.record, Slip)]
    board = Page(BOARD, "传递单看板", in_nav=True, order=20, wide=True, searchable=False, cached=True)
    overdue = [p for p in slips if data.overdue(p.record)]
    counts = Counter(p.record.status for p in slips)
    board.html("board_summary.html.j2", now=when(data.now), overdue=len(overdue),
               unfinished=sum(counts[s] for s in UNFINISHED), awaiting=sum(counts[s] for s in AWAITING),
               sections=[(status, label, counts[status]) for status, label in SECTIONS.items()])
    for status, label in SECTIONS.items():
        rows = [p for p in slips if p.record.status == status]
        rows.sort(key=lambda p: (not data.overdue(p.record), p.record.due, p.record.id))
        board.heading(2, f"{label}（{len(rows)}）", status.replace("_", "-"))
        board.html("slip_table.html.j2", rows=rows, empty="没有。")
    board.heading(2, "已关闭和已作废", "settled")
    months: dict[str, Counter] = {}
    for p in slips:
        if p.record.status in SETTLED:
            months.setdefault(p.month, Counter())[p.record.status] += 1
    board.html("board_settled.html.j2", months=sorted(months.items(), reverse=True),
               labels={s: STATUSES[s] for s in SETTLED})
    return board
