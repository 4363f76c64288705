"""The daily check of the legacy problems (records/legacy/): plans made, and their steps done on time.

Two duties are proven by these files (`record: legacy`): the supervisor's
制定历史遗留问题的处理计划 and the area managers' 历史问题跟进处理. So:

- an open problem whose plan has no step at all is a gap for the supervisor
  (制定处理计划), dated the day it was opened;
- a step past its `by` day and not done is a gap for its owner: a staff member by
  id, or a department (staff "" and the department's name). The `by` day itself is
  not late; the day after is, and the gap is dated that day. A step owned by
  someone holding the follow-up duty's role (an area manager) names that duty; any
  other owner (the supervisor, a department) names the plan's duty.

States at the checked day's end, like an overdue slip: listed while they last.
A problem opened after the checked day, or closed by it, is not looked at.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..records.legacy import Legacy, owner_of
from ..reference.duty_book import DutyBook
from ..reference.org import Org
from .gap import Gap, duties_with, staff_label

RECORD = "legacy"
CATEGORY = "遗留问题"
PLAN_ROLE = "supervisor"     # the role whose duty is the plan (制定…处理计划); the others' is the follow-up


def legacy_gaps(book: DutyBook, org: Org, records: list, on: date) -> list[Gap]:
    """Plans not made and steps overdue, as they stood at `on`'s end."""
    duties = duties_with(book, RECORD)
    if not duties:
        return []
    plan_role, plan_duty = next(((r, d) for r, d in duties if r == PLAN_ROLE), duties[0])
    follow = {r: d for r, d in duties if r != plan_role}
    problems = sorted((r for r in records if isinstance(r, Legacy) and r.open_on(on)), key=lambda r: r.id)
    gaps = []
    for problem in problems:
        path = problem.source.path
        if not problem.plan:
            who = next((p.id for p in org.by_role(plan_role)), "")
            gaps.append(Gap(CATEGORY, problem.opened.isoformat(), who, staff_label(org, who) if who else "客服部",
                            plan_duty.text, f"{path} 中的 plan（处理计划）",
                            f"遗留问题 {problem.id}（{problem.title}）还没有处理计划",
                            f"制定处理计划：在 {path} 的 plan 下写明每一步、负责人和期限",
                            f"{plan_role}/{plan_duty.id}", due=problem.opened.isoformat()))
        for step in problem.plan:
            if not step.overdue_on(on):
                continue
            staff, department = owner_of(org, step.owner) or (step.owner, "")
            person = org.staff.get(staff)
            role, duty = ((person.role, follow[person.role]) if person and person.role in follow
                          else (plan_role, plan_duty))
            late = step.by + timedelta(days=1)
            gaps.append(Gap(CATEGORY, late.isoformat(), staff, department or staff_label(org, staff), duty.text,
                            f"{path} 中这一步的 done（完成日期）",
                            f"遗留问题 {problem.id}（{problem.title}）的“{step.step}”已过期限 {step.by}，尚未完成",
                            f"催办，办完在 {path} 这一步写 done: 完成日期；改期的写明原因并改 by",
                            f"{role}/{duty.id}", due=late.isoformat()))
    return gaps
