"""How a figure is written in the monthly minutes and the supervisor's analysis, read back, and written out.

The supervisor types figures into the monthly minutes (会议记录) and the analysis
(records/reports/YYYY-MM.md); `reconcile.py` compares them with what the records
compute. For that, a figure must be written in one small convention (handbook
reference/reports.md, "会议记录和月度分析中的数字"), natural Chinese:

    本月传递单 44 张（报修 17 张、投诉 7 张、咨询 6 张、房屋质量 5 张、其他 9 张），已完成 34 张，已关闭 29 张，作废 1 张。
    欠费户（财务名单 2026-11-10）：A区欠费 16 户，B区欠费 7 户，C区欠费 7 户，D区欠费 12 户。

Read tolerantly: full-width digits and punctuation, spaces anywhere, 本月 or 11月,
传递单：本月共开 41 张, A区 / A 片区 / A, 欠费户：A区 16 户、B区 7 户. A sentence
that does not follow the convention (A区由26户降至20户) is not guessed at: it
yields nothing. `figure_lines` writes the convention, so what `wutong new`
pre-fills is read back exactly (the round trip the tests check).
Sentences are read one line at a time: a figure and its sentence stay on one line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..records.slip import CATEGORIES

SLIPS, ARREARS = "slips", "arrears"
# the slip states a sentence may give after the total, and how it names them
STATES = {"done": ("已完成", "完成"), "closed": ("已关闭", "关闭"), "cancelled": ("作废", "已作废")}
_MONTH = r"本月|(?<!\d)\d{1,2}月份?"
_TOTAL = re.compile(rf"(?:(?P<m1>{_MONTH}))?(?:共开|共|开)?传递单:?(?:(?P<m2>{_MONTH}))?"
                    r"(?:共开|共计|合计|共|开)?(?P<n>\d+)张")
_CATEGORY = re.compile("(?P<c>" + "|".join(map(re.escape, CATEGORIES.values())) + r"):?(?P<n>\d+)(?!\d)张?")
# 未完成 3 张 / 尚未关闭 2 张 count something else: a state word after 未, 没, 不 or 尚 is not that state
_STATE = {key: re.compile("(?<![未没不尚])(?:" + "|".join(words) + r"):?(?P<n>\d+)张") for key, words in STATES.items()}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LABEL = {label: key for key, label in CATEGORIES.items()}


@dataclass(frozen=True)
class Claim:
    """One figure a person wrote: what it counts, the number written, its line, and how to quote it back."""
    what: str           # SLIPS | ARREARS
    key: str            # slips: opened, a category id, done, closed, cancelled; arrears: an area id
    written: int
    line: int
    quoted: str         # the figure as the convention writes it: 传递单 41 张, A区欠费 20 户
    month: int | None = None   # slips: the month number written (11月), None for 本月


def normal(text: str) -> str:
    """Full-width digits and punctuation as ASCII (NFKC), and no spaces: 本月传递单 ４４ 张 -> 本月传递单44张."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _area_pattern(areas: dict[str, str]) -> tuple[re.Pattern, dict[str, str]]:
    """An area as people write it: its name (A区), id + 片区 / 区 (A 片区), or the id alone, then the count.

    Returns the pattern and each written form -> area id.
    """
    spelt = {}
    for id, name in areas.items():
        for form in (name, f"{id}片区", f"{id}区", id):
            spelt.setdefault(normal(form), id)
    forms = "|".join(re.escape(f) for f in sorted(spelt, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?P<a>{forms})(?:欠费户数|欠费户|欠费)?:?(?P<n>\d+)户"), spelt


def read_claims(body: str, first_line: int, areas: dict[str, str]) -> list[Claim]:
    """Every figure of `body` written in the convention, with its line (`first_line` is the body's first line).

    `areas`: area id -> name, from org.yml, so that A区 and A 片区 both name area A.
    """
    pattern, spelt = _area_pattern(areas)
    claims: list[Claim] = []
    body = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), body)   # a comment's example is no figure
    for offset, raw in enumerate(body.splitlines()):
        line = first_line + offset
        for sentence in normal(raw).split("。"):
            total = _TOTAL.search(sentence)
            if total:
                written = total.group("m1") or total.group("m2") or "本月"
                month = None if written == "本月" else int(written.rstrip("份").rstrip("月"))
                claims.append(Claim(SLIPS, "opened", int(total.group("n")), line,
                                    f"{_month_text(month)}传递单 {total.group('n')} 张", month))
                rest = sentence[:total.start()] + "|" + sentence[total.end():]
                for m in _CATEGORY.finditer(rest):
                    claims.append(Claim(SLIPS, _LABEL[m.group("c")], int(m.group("n")), line,
                                        f"{m.group('c')} {m.group('n')} 张", month))
                for key, state in _STATE.items():
                    for m in state.finditer(rest):
                        claims.append(Claim(SLIPS, key, int(m.group("n")), line,
                                            f"{STATES[key][0]} {m.group('n')} 张", month))
            if "欠费" in sentence:
                for m in pattern.finditer(sentence):
                    area = spelt[m.group("a")]
                    claims.append(Claim(ARREARS, area, int(m.group("n")), line,
                                        f"{areas[area]}欠费 {m.group('n')} 户"))
    return claims


def _month_text(month: int | None) -> str:
    return "本月" if month is None else f"{month}月"


def slip_sentence(figures: dict) -> str:
    """The slip figures (`slips.slip_figures`) as the convention writes them."""
    parts = "、".join(f"{label} {figures['by_category'][key]} 张" for key, label in CATEGORIES.items())
    states = "，".join(f"{STATES[key][0]} {figures[key]} 张" for key in ("done", "closed", "cancelled"))
    return f"本月传递单 {figures['opened']} 张（{parts}），{states}。"


def arrears_sentence(per_area: dict[str, int], areas: dict[str, str], source: str) -> str:
    """Households owing per area (area id -> count) as the convention writes them, naming the list they come from."""
    parts = "，".join(f"{areas[id]}欠费 {count} 户" for id, count in per_area.items())
    return f"欠费户（财务名单 {source}）：{parts}。"
