"""The satisfaction survey 满意度调查: one household's scores, 1–5, for each item the department asks about.

Path: records/surveys/YYYY/MM/YYYY-MM-DD-<home>.md, the day of the visit and the
home (楼栋-单元-房号), so two staff adding surveys the same day never pick the
same name, and one home surveyed twice the same day is the same file (a merge
conflict, which is what it is). The items are listed once, in the duty book's
`survey:` block (records/duties.yml); a survey's `scores` give each item id (or
its Chinese label) a whole number 1–5, or 不评 when the owner would not judge it.
The comment is the body. A survey holds no owner's name or phone, and is never
published on the site: per-home data leaves only as counts (the monthly report).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import rule
from ..read.fields import Field, Invalid, a_date, did_you_mean, text
from ..read.yaml_lines import Doc
from ..reference.org import HOME_ID
from .common import STAFF, Ref, Source, field_lines, source_of
from .kind import Kind, Read

PATTERN = re.compile(r"^records/surveys/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/surveys/2026/11/2026-11-12-3-2-501.md"
LOWEST, HIGHEST = 1, 5
SATISFIED = 4          # a score of 4 or 5 is 满意 (the report's definition)
NOT_RATED = "不评"     # the owner would not judge this item: left out of its counts
SCALE = "5 非常满意、4 满意、3 一般、2 不满意、1 非常不满意"


@dataclass(frozen=True)
class Survey:
    """One household's answers on one day: the home, who asked, the raw scores as written, the comment."""
    home: str
    date: date
    by: str
    scores: dict[Any, Any] | None  # as written: item id or label -> score (None: missing or not a mapping)
    comment: str
    source: Source
    lines: dict                 # field -> line
    score_lines: dict           # key in scores -> line

    @property
    def id(self) -> str:
        """The survey's id, its file name: YYYY-MM-DD-<home>."""
        return self.source.path.rsplit("/", 1)[-1][:-3]

    def references(self):
        """The staff member who asked, for the cross-reference check (the home has its own rule, WT963)."""
        if self.by:
            yield Ref(STAFF, self.by, self.lines["by"])


def _scores(value):
    if not isinstance(value, dict):
        raise Invalid(P.NOT_A_MAPPING, "应写成每项一行的“项目: 分数”，例如 cleaning: 5")
    return value


SCHEMA = {"home": Field(text), "date": Field(a_date), "by": Field(text), "scores": Field(_scores)}


def path_for(day: date, home: str) -> str:
    """Where the survey of `home` on `day` lives: validate and `wutong new survey` agree on it."""
    return f"records/surveys/{day:%Y/%m}/{day:%Y-%m-%d}-{home}.md"


def _build(read: Read) -> Survey:
    doc, v = read.doc, read.values
    return Survey(v["home"], v["date"], v["by"], v["scores"], doc.body.strip(), source_of(doc), read.lines,
                  field_lines(doc, "scores"))


def _expected_path(v: dict, doc: Doc):
    if not v["home"] or v["date"] is None:
        return None
    return path_for(v["date"], v["home"]), "date"


# --- the rules ----------------------------------------------------------------------------------

def _key(key, items: dict[str, str]) -> str | None:
    """The item id a key of `scores` names: its id, or its Chinese label."""
    if not isinstance(key, str):
        return None
    key = key.strip()
    if key in items:
        return key
    return next((id for id, label in items.items() if label == key), None)


def rated(survey: Survey, items: dict[str, str]) -> dict[str, int]:
    """Item id -> score of a valid survey (不评 and anything the rules refuse left out): what the report counts."""
    out = {}
    for key, value in (survey.scores or {}).items():
        id = _key(key, items)
        if id is not None and id not in out and _score(value)[0] is not None:
            out[id] = _score(value)[0]
    return out


def _score(value) -> tuple[int | None, str | None]:
    """(the score, None), (None, None) for 不评, or (None, what is wrong and what to type)."""
    if isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST:
        return value, None
    if isinstance(value, str) and value.strip() == NOT_RATED:
        return None, None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, f"还没有打分：填 {LOWEST}–{HIGHEST} 的整数（{SCALE}）；业主不评价这一项的写 {NOT_RATED}"
    if isinstance(value, bool):
        return None, f"应写 {LOWEST}–{HIGHEST} 的整数，而不是 {'yes/true' if value else 'no/false'}"
    if isinstance(value, float):
        return None, f"分数 {value} 不是整数：只能打 {LOWEST}–{HIGHEST} 的整数"
    if isinstance(value, int):
        return None, f"分数 {value} 不在 {LOWEST}–{HIGHEST} 之间：{SCALE}"
    if isinstance(value, str):
        plain = unicodedata.normalize("NFKC", value).strip().removesuffix("分").strip()
        if plain.isascii() and plain.isdigit() and LOWEST <= int(plain) <= HIGHEST:
            return None, f"分数写成了“{value.strip()}”：请只写半角数字 {int(plain)}（不带“分”，不用全角数字）"
    if not isinstance(value, str):
        shown = "一个列表" if isinstance(value, list) else "“字段: 值”"
        return None, f"这里应写一个分数 {LOWEST}–{HIGHEST}，而不是{shown}"
    return None, f"“{value}”不是分数：写 {LOWEST}–{HIGHEST} 的整数（{SCALE}），业主不评价的写 {NOT_RATED}"


def _listed(items: dict[str, str]) -> str:
    return "、".join(f"{id}（{label}）" for id, label in items.items())


@rule(P.UNKNOWN_SURVEY_ITEM, on=Survey)
def items_known(survey: Survey, context) -> list[Problem]:
    """Every key of `scores` is an item of the duty book's survey block, each item written once.

    WT960 满意度调查中有未定义的项目，或同一项目写了两次
    处理：改成 records/duties.yml 中 survey.items 列出的编号或中文名称，每项只写一次；要新增项目，先改 duties.yml
    """
    items = context.survey_items
    if not items or survey.scores is None:
        return []
    found, seen = [], {}
    for key in survey.scores:
        line = survey.score_lines.get(key, survey.lines["scores"])
        id = _key(key, items)
        if id is None:
            hint = did_you_mean(str(key), [*items, *items.values()])
            found.append(problem(P.UNKNOWN_SURVEY_ITEM, survey.source.path, line,
                                 f"调查项目 {key} 不在 records/duties.yml 的 survey.items 中{hint}；"
                                 f"可选：{_listed(items)}"))
        elif id in seen:
            found.append(problem(P.UNKNOWN_SURVEY_ITEM, survey.source.path, line,
                                 f"调查项目 {id}（{items[id]}）写了两次（第一次在第 {seen[id]} 行）：只保留一行"))
        else:
            seen[id] = line
    return found


@rule(P.BAD_SURVEY_SCORE, on=Survey)
def scores_in_range(survey: Survey, context) -> list[Problem]:
    """Each score is a whole number 1–5 (or 不评), written as staff would type it on a Chinese keyboard, fixed.

    WT961 满意度调查的分数不是 1–5 的整数，或没有一项打了分
    处理：每项写半角数字 1–5（5 非常满意、4 满意、3 一般、2 不满意、1 非常不满意），不带“分”；业主不评价的项目写 不评
    """
    if survey.scores is None:
        return []
    found, any_score = [], False
    for key, value in survey.scores.items():
        score, wrong = _score(value)
        any_score = any_score or score is not None
        if wrong:
            found.append(problem(P.BAD_SURVEY_SCORE, survey.source.path,
                                 survey.score_lines.get(key, survey.lines["scores"]), f"{key}: {wrong}"))
    if not found and not any_score:
        found.append(problem(P.BAD_SURVEY_SCORE, survey.source.path, survey.lines["scores"],
                             f"没有一项打了分：至少一项写 {LOWEST}–{HIGHEST} 的分数；业主拒绝调查的不必建这份记录"))
    return found


@rule(P.MISSING_SURVEY_ITEM, on=Survey)
def every_item_answered(survey: Survey, context) -> list[Problem]:
    """Every item of the survey block has a line: a score, or 不评 when the owner would not judge it.

    A warning: the survey still counts for the items it has; but a deleted line and
    an owner who declined look the same, so the fix is to write which one it was.

    WT962 满意度调查缺少某个项目（警告）
    处理：补上该项目的分数；业主不评价这一项的写 不评
    """
    items = context.survey_items
    if not items or survey.scores is None:
        return []
    written = {_key(key, items) for key in survey.scores}
    return [problem(P.MISSING_SURVEY_ITEM, survey.source.path, survey.lines["scores"],
                    f"缺少 {id}（{label}）的分数：补上 {id}: 1–5；业主不评价这一项的写 {id}: {NOT_RATED}")
            for id, label in items.items() if id not in written]


@rule(P.SURVEY_HOME, on=Survey)
def home_known(survey: Survey, context) -> list[Problem]:
    """A survey is of one household: building-unit-room, whose building and unit org.yml lists.

    WT963 满意度调查的房号写法不对，或楼栋、单元不在 records/org.yml 中
    处理：写成 楼栋-单元-房号，例如 3-2-501，楼栋和单元须在 org.yml 中；调查是按户做的，不写 3-2 这样的单元
    """
    if context.org is None or not survey.home:
        return []
    m = HOME_ID.match(survey.home)
    line = survey.lines["home"]
    if not m:
        return [problem(P.SURVEY_HOME, survey.source.path, line,
                        f"房号 {survey.home} 写法不对：调查按户做，写成 楼栋-单元-房号，例如 3-2-501")]
    if not context.org.has_unit(m.group(1), m.group(2)):
        return [problem(P.SURVEY_HOME, survey.source.path, line,
                        f"房号 {survey.home}：{m.group(1)} 栋 {m.group(2)} 单元不在 records/org.yml 中")]
    return []


@rule(P.SURVEY_TWICE)
def one_survey_a_month(records: list, context) -> list[Problem]:
    """One household is surveyed once a month; a second survey of it in the same month is named (a warning).

    The other surveys are found by file name in the month's folder (the path rule keeps
    it YYYY-MM-DD-<home>), so the pre-commit check, which reads only the staged files,
    sees the month's other surveys too.

    WT964 同一户本月已有满意度调查（警告）
    处理：每户每月调查一次：确认是否重复录入，重复的删去一份；确需再访的（如整改后回访）可保留
    """
    found = []
    listing: dict[str, list[str]] = {}
    for survey in records:
        if not isinstance(survey, Survey) or not survey.home:
            continue
        folder, name = survey.source.path.rsplit("/", 1)
        if folder not in listing:
            try:
                listing[folder] = sorted(p.name for p in (context.root / folder).iterdir())
            except OSError:
                listing[folder] = []
        others = [f"{folder}/{n}" for n in listing[folder]
                  if n != name and n.endswith(f"-{survey.home}.md") and len(n) == len(name)]
        if others:
            found.append(problem(P.SURVEY_TWICE, survey.source.path, survey.lines["home"],
                                 f"{survey.home} 本月已有调查（{'、'.join(others)}）：每户每月调查一次，"
                                 "重复录入的删去一份"))
    return found


@rule(P.NO_SURVEY_ITEMS)
def items_defined(records: list, context) -> list[Problem]:
    """Surveys cannot be checked, or counted, without the items: said once, at the first survey.

    WT966 有满意度调查，但 records/duties.yml 中没有可用的调查项目（survey.items）
    处理：在 records/duties.yml 中写 survey: 下一行 items:，每项一行“编号: 中文名称”；duties.yml 有错误的先改正（wutong validate records/duties.yml）
    """
    if context.survey_items:
        return []
    surveys = sorted((r for r in records if isinstance(r, Survey)), key=lambda r: r.source.path)
    if not surveys:
        return []
    first = surveys[0]
    more = f"（共 {len(surveys)} 份调查无法核对）" if len(surveys) > 1 else ""
    return [problem(P.NO_SURVEY_ITEMS, first.source.path, first.lines.get("scores", first.source.line),
                    "records/duties.yml 中没有可用的满意度调查项目（survey.items），分数无法核对" + more +
                    "：在 duties.yml 中写 survey: 下一行 items:，每项一行“编号: 中文名称”；"
                    "duties.yml 有错误的先改正（wutong validate records/duties.yml）")]


KIND = Kind(
    "survey", "满意度调查", PATTERN, EXAMPLE, Survey, _build, SCHEMA,
    expected_path=_expected_path, path_for=path_for,
    # per-home answers: never on the site (the issue: per-home data appears only as counts);
    # the monthly report gives the rates per area and per item
    published=False)


parse = KIND.parse  # one file -> (record, problems of its schema and path); the rules judge it later
