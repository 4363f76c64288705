"""The survey section 满意度调查: satisfaction rates per item and per area, from the month's surveys.

One definition (the report prints it under its table, `DEFINITIONS`): the surveys
counted are those dated in the month; a score of 4 or 5 is satisfied; a household
is satisfied when the mean of the items it scored is 4 or more. Items written 不评
are left out of that item's counts and of the household's mean. Only counts,
rates and means leave this module: no home, no comment.
"""

from __future__ import annotations

from ...core.dates import Month
from ...records.slip_figures import NO_AREA, area_of
from ...records.survey import SATISFIED, Survey, rated
from ...reference.org import Org

DEFINITIONS = (
    ("统计对象", "调查日期（date）在本月的满意度调查，一户一份"),
    ("满意", f"分数 {SATISFIED} 或 5（5 非常满意、4 满意、3 一般、2 不满意、1 非常不满意）"),
    ("各项满意率", "该项打 4、5 分的份数 ÷ 该项打了分的份数；写“不评”的不计入"),
    ("总体满意率（按户）", "各项平均分不低于 4 分的户数 ÷ 调查户数；片区按户所在楼栋归属（records/org.yml）"),
    ("平均分", "该项打了分的各份的平均分，保留两位小数"),
)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def survey_section(records: list, org: Org, items: dict[str, str] | None, month: Month) -> dict:
    """The month's responses, the household satisfaction rate, and per item and per area counts and rates.

    With no survey in the month `responses` is 0 and every rate None (null in JSON): "no survey", not 0%.
    """
    items = items or {}
    surveys = [(s, rated(s, items)) for s in records if isinstance(s, Survey) and s.date in month]
    by_area = {area: [0, 0] for area in org.areas}
    satisfied = 0
    for survey, scores in surveys:
        happy = bool(scores) and sum(scores.values()) / len(scores) >= SATISFIED
        satisfied += happy
        counts = by_area.setdefault(area_of(org, survey.home), [0, 0])
        counts[0] += 1
        counts[1] += happy
    rows = []
    for id, label in items.items():
        given = [scores[id] for _, scores in surveys if id in scores]
        happy = sum(1 for score in given if score >= SATISFIED)
        rows.append({"id": id, "label": label, "responses": len(given), "satisfied": happy,
                     "rate": _rate(happy, len(given)),
                     "mean": round(sum(given) / len(given), 2) if given else None})
    if NO_AREA in by_area and not by_area[NO_AREA][0]:
        del by_area[NO_AREA]
    return {"responses": len(surveys), "rate": _rate(satisfied, len(surveys)), "items": rows,
            "by_area": {area: {"responses": n, "satisfied": happy, "rate": _rate(happy, n)}
                        for area, (n, happy) in by_area.items()}}
