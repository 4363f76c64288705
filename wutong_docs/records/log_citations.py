"""Whether a daily log's 【short】 lines name duties of the duty book, and duties of its author's role.

A line of a log that begins with 【钥匙核查】 is the evidence of a `record: cite` duty
(records/log.py reads them; `wutong check` counts them). A label the duty book does not
have proves nothing, so the clerk is told at once, with the label they probably meant;
a label of another role's duty is told too, since it counts only for the role whose duty
it is. Both are warnings: the log itself is sound, and `validate` still passes.
"""

from __future__ import annotations

import difflib

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import Context, rule
from ..reference.duty_book import duties_by_short
from ..reference.org import ROLES
from .log import DailyLog

# where the labels are listed, for a label with nothing close to it
WHERE_LABELS = "每条职责的简称见工作手册站点「岗位职责」各页的“记录：”，或工作日历的“怎样留记录”"


def _meant(label: str, own: list[str], every: list[str]) -> str | None:
    """The label most like `label`: the author's own role's first, then any role's."""
    for labels in (own, every):
        close = difflib.get_close_matches(label, labels, n=1, cutoff=0.5)
        if close:
            return close[0]
    return None


@rule(P.UNKNOWN_CITATION, P.OTHER_ROLE_CITATION)
def citations_name_duties(records: list, context: Context) -> list[Problem]:
    """WT303 工作日志里的【简称】不是职责书里任何一条职责的简称
    处理：改成提示的简称（写法与职责书的 short 一字不差）；各职责的简称见岗位职责页或工作日历的“怎样留记录”

    WT304 工作日志引用了别的岗位的职责
    处理：只引用本岗位的职责；替别人做的事照常写文字，不加【】，或由该岗位的人在自己的日志里引用
    """
    book = context.duties
    if book is None:
        return []
    labels = duties_by_short(book)
    every = list(labels)
    staff = context.org.staff if context.org else {}
    found: list[Problem] = []
    for log in records:
        if not isinstance(log, DailyLog) or not log.citations:
            continue
        author = staff.get(log.staff)
        author_role = author.role if author else None
        own = [short for short, (role, _) in labels.items() if role == author_role]
        for c in log.citations:
            if c.label in labels:
                role, duty = labels[c.label]
                if author_role and role != author_role:
                    found.append(problem(P.OTHER_ROLE_CITATION, log.source.path, c.line,
                                         f"【{c.label}】是{ROLES.get(role, role)}的职责（{duty.text}），"
                                         f"不是{ROLES.get(author_role, author_role)}的：这一行不算作{author.name}的记录；"
                                         "只引用本岗位的职责，替别人做的事照常写文字、不加【】"))
                continue
            meant = _meant(c.label, own, every)
            hint = f"是不是【{meant}】？" if meant else WHERE_LABELS
            found.append(problem(P.UNKNOWN_CITATION, log.source.path, c.line,
                                 f"【{c.label}】不是职责书里的简称，这一行不算作任何职责的记录：{hint}"))
    return found
