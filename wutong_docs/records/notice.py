"""Bulletin notices 单元公示 / 催缴函 / 社区活动: what goes on the unit boards.

The duty book has the supervisor plan each month's theme and content of every
unit's bulletin board (单元公示栏) and make the community posters; area managers
distribute and collect notices, promote activities, send holiday greetings and
post dunning letters on entrance doors by the 20th of each month.
Path: records/notices/YYYY/MM/<slug>.md, YYYY/MM being the month it is posted.

Dunning follows the Personal Information Protection Law (art. 25): a dunning
letter (`kind: dunning`) is private, one per household of finance's arrears
list; the board notice about collection (`kind: collection`) shows aggregates
only; no notice may carry a mobile or ID-card number, and no board notice may
name a household of any arrears list (`notice_privacy`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import problems as P
from ..fields import Field, a_date, choice, optional, read_fields, text
from ..org import BOARD_ID, HOME_ID, PLACE_ID, Org
from ..problems import Problem, problem
from ..source import Doc, read_text
from . import arrears as arrears_kind
from . import notice_privacy
from .arrears import ArrearsList
from .common import UNIT, Ref, Source, check_path, field_lines, require_body, source_of

PATTERN = re.compile(r"^records/notices/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/notices/2026/12/winter-heating.md"

KINDS = {"theme": "月度主题", "activity": "社区活动", "outage": "停水停电", "greeting": "节日问候",
         "renovation": "装修公示", "dunning": "催缴函", "collection": "收缴情况公示", "general": "通知"}
PRIVATE = frozenset({"dunning"})           # one letter per household: never on a board or the site
WITH_ARREARS = frozenset({"dunning", "collection"})
SIGNED = "梧桐墅物业服务中心"
ALL = "all"
TITLE_MAX = 30        # two lines of the sheet's title type on A4
DUNNING_BY_DAY = 20   # the duty book: 每月20日前完成入户门催缴函的张贴

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Notice:
    kind: str
    title: str
    posted: date
    until: date
    units: tuple[str, ...]     # ("all",), building ids and/or building-unit ids
    signed: str
    arrears: str | None
    as_of: date | None
    body: str
    slug: str
    source: Source
    lines: dict

    @property
    def on_board(self) -> bool:
        return self.kind not in PRIVATE

    def references(self):
        for i, target in enumerate(self.units):
            if BOARD_ID.match(target):
                yield Ref(UNIT, target, self.lines.get(("units", i), self.lines.get("units", 1)))


SCHEMA = {
    "kind": Field(choice(KINDS)), "title": Field(text), "posted": Field(a_date), "until": Field(a_date),
    "units": Field(lambda value: value), "signed": optional(text), "arrears": optional(text),
    "as_of": optional(a_date),
}


def path_for(posted: date, slug: str) -> str:
    return f"records/notices/{posted:%Y/%m}/{slug}.md"


def parse(doc: Doc) -> tuple[Notice | None, list[Problem]]:
    found: list[Problem] = []
    v = read_fields(doc, (), doc.data, SCHEMA, found)
    if v is None:
        return None, found
    lines = field_lines(doc)
    slug = Path(doc.path).stem
    if not SLUG.match(slug):
        found.append(problem(P.BAD_NOTICE_NAME, doc.path, 1,
                             f"文件名 {slug}.md 写法不对：只用小写英文字母、数字和连字符，例如 winter-heating.md"))
    elif v["posted"]:
        found += check_path(doc, path_for(v["posted"], slug), lines["posted"])
    if v["title"] and len(v["title"]) > TITLE_MAX:
        found.append(problem(P.NOTICE_TITLE_TOO_LONG, doc.path, lines["title"],
                             f"标题有 {len(v['title'])} 个字，超过 {TITLE_MAX} 个字，A4 纸上放不下："
                             "请缩短标题，细节写进正文"))
    if v["posted"] and v["until"] and v["until"] < v["posted"]:
        found.append(problem(P.NOTICE_ENDS_BEFORE_POSTED, doc.path, lines["until"],
                             f"撤下日期 until: {v['until']} 早于张贴日期 posted: {v['posted']}；"
                             "请改到张贴当天或之后"))
    if v["kind"] == "dunning" and v["posted"] and v["posted"].day > DUNNING_BY_DAY:
        found.append(problem(P.DUNNING_AFTER_20TH, doc.path, lines["posted"],
                             f"催缴函 {v['posted']} 才张贴：职责说明要求每月 {DUNNING_BY_DAY} 日前"
                             "完成入户门催缴函的张贴；如日期写错请改正"))
    units = _targets(doc, v["units"], found) if "units" in doc.data else ()
    found += _arrears_field(doc, v, lines)
    found += _personal_numbers(doc, v, lines)
    found += require_body(doc, "通知正文")
    lines.update({("units", i): doc.line("units", i) for i in range(len(units))})
    lead = doc.body[:len(doc.body) - len(doc.body.lstrip())]
    lines["body"] = doc.body_line + lead.count("\n")
    if None in (v["kind"], v["title"], v["posted"], v["until"]) or not units:
        return None, found
    return Notice(v["kind"], v["title"], v["posted"], v["until"], units, v["signed"] or SIGNED,
                  v["arrears"], v["as_of"], doc.body.strip(), slug, source_of(doc), lines), found


def _targets(doc: Doc, value, found: list[Problem]) -> tuple[str, ...]:
    """`all`, one building (`3` or "3"), one board ("3-2"), or a list of buildings and boards."""
    def bad(line: int, message: str):
        found.append(problem(P.BAD_BOARD_TARGET, doc.path, line, message))

    hint = "；写 all、一个楼栋号（如 \"3\"）或单元列表（如 [\"3-1\", \"3-2\"]）"
    if value is None or value == "":
        return ()  # read_fields reported the missing field
    if value == []:
        bad(doc.line("units"), f"units 是空的，这份通知不会贴到任何公示栏{hint}")
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for i, item in enumerate(items):
        line = doc.line("units", i) if isinstance(value, list) else doc.line("units")
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            bad(line, f"units 中的 {item!r} 不是楼栋号或单元号{hint}")
            continue
        target = str(item).strip()
        if target == ALL and len(items) == 1:
            return (ALL,)
        if target == ALL:
            bad(line, "all 不能和具体单元写在同一个列表里：要全部单元就只写 units: all")
        elif HOME_ID.match(target):
            b, u, _ = target.split("-")
            bad(line, f"{target} 是房号：公示栏按单元张贴，请写单元 {b}-{u}（催缴函的住户来自欠费名单）")
        elif not (PLACE_ID.match(target) or BOARD_ID.match(target)):
            bad(line, f"units 中的 {target} 写法不对{hint}")
        elif target not in out:
            out.append(target)
    return tuple(out)


def _arrears_field(doc: Doc, v: dict, lines: dict) -> list[Problem]:
    kind, path = v["kind"], v["arrears"]
    if kind in WITH_ARREARS and not path and "arrears" not in doc.data:
        return [problem(P.BAD_ARREARS_FIELD, doc.path, lines["kind"],
                        f"{KINDS[kind]}须写欠费名单：加上 arrears: {arrears_kind.EXAMPLE}（财务导出的 CSV）")]
    if kind and kind not in WITH_ARREARS and path:
        return [problem(P.BAD_ARREARS_FIELD, doc.path, lines["arrears"],
                        f"{KINDS[kind]}不用欠费名单：删去 arrears 这一行（只有催缴函和收缴情况公示使用）")]
    if path and not arrears_kind.PATTERN.match(path):
        return [problem(P.BAD_ARREARS_FIELD, doc.path, lines["arrears"],
                        f"arrears: {path} 不在规定位置：欠费名单放在 records/arrears/YYYY/MM/名称.csv，"
                        f"例如 {arrears_kind.EXAMPLE}（路径从仓库根目录写起）")]
    return []


def _personal_numbers(doc: Doc, v: dict, lines: dict) -> list[Problem]:
    places = [(v[name] or "", lines.get(name, 1)) for name in ("title", "signed")]
    places += [(text_, doc.body_line + i) for i, text_ in enumerate(doc.body.split("\n"))]
    return notice_privacy.personal_numbers(doc.path, places)


def _said(notice: Notice) -> list[tuple[str, int]]:
    """What a notice says, as (text, line): its title, its signature and each line of its body."""
    said = [(notice.title, notice.lines["title"]), (notice.signed, notice.lines.get("signed", notice.lines["title"]))]
    return said + [(text_, notice.lines["body"] + i) for i, text_ in enumerate(notice.body.split("\n"))]


# --- rules that need org.yml and the arrears list ------------------------------------

def boards_of(notice: Notice, org: Org) -> list[tuple[str, str]]:
    """The (building, unit) boards a notice targets, in org.yml order, each once."""
    wanted = []
    for target in notice.units:
        if target == ALL:
            wanted += [(b.id, u) for b in org.buildings.values() for u in b.units]
        elif BOARD_ID.match(target):
            wanted.append(tuple(target.split("-")))
        elif target in org.buildings:
            wanted += [(target, u) for u in org.buildings[target].units]
    known = [(b, u) for b, u in dict.fromkeys(wanted) if org.has_unit(b, u)]
    return known


def _is_file(path: Path) -> bool:
    """Path.is_file, but False for a name the system cannot even look up (too long, bad bytes)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def load_arrears(root: Path, rel: str) -> tuple[ArrearsList | None, list[Problem]]:
    text_, found = read_text(root / rel, rel)
    if text_ is None:
        return None, found
    return arrears_kind.parse_text(text_, rel)


def check_notices(root: Path, records: list, org: Org, lists: dict[str, ArrearsList | None]) -> list[Problem]:
    """Targets exist, the arrears list is there, a collection notice can be computed, and no board notice names anyone.

    `lists` holds the arrears lists read so far, by path (those being validated); a list
    read from disk here (validating some files only) is added to it, so that nothing
    reads the same list twice in one run.
    """
    found: list[Problem] = []
    notices = [r for r in records if isinstance(r, Notice)]
    for notice in notices:  # the lists the notices cite, first: when read from disk, their problems are reported
        cited = notice.arrears
        if not cited or not arrears_kind.PATTERN.match(cited) or cited in lists:
            continue
        if not _is_file(root / cited):
            lists[cited] = None
            found.append(problem(P.BAD_ARREARS_FIELD, notice.source.path, notice.lines["arrears"],
                                 f"找不到欠费名单 {cited}：请把财务导出的 CSV 放到这个位置，或改正路径"))
            continue
        lists[cited], more = load_arrears(root, cited)
        found += more
    every_list = notice_privacy.all_lists(root, lists, load_arrears) if any(n.on_board for n in notices) else []
    for notice in notices:
        if notice.on_board:
            found += notice_privacy.arrears_on_board(notice.source.path, _said(notice), every_list)
        path = notice.source.path
        for i, target in enumerate(notice.units):
            if PLACE_ID.match(target) and target != ALL and target not in org.buildings:
                found.append(problem(P.UNKNOWN_UNIT, path, notice.lines[("units", i)],
                                     f"{target} 栋不在 records/org.yml 中"))
        if not notice.arrears or notice.arrears not in lists:
            continue
        arrears = lists[notice.arrears]
        if arrears is None:
            continue
        boards = boards_of(notice, org)
        if notice.kind == "dunning" and boards and not arrears.in_boards(boards):
            found.append(problem(P.BAD_ARREARS_FIELD, path, notice.lines["arrears"],
                                 f"欠费名单 {notice.arrears} 中没有 units 所选单元的住户，不会生成任何催缴函；"
                                 "请核对 units 或 arrears"))
        if notice.kind == "collection":
            found += _check_collection(notice, boards, arrears, org)
    return found


def _check_collection(notice: Notice, boards, arrears: ArrearsList, org: Org) -> list[Problem]:
    found, path = [], notice.source.path
    owing: dict[tuple[str, str], int] = {}
    for h in arrears.households:
        owing[h.board] = owing.get(h.board, 0) + 1
    for b, u in boards:
        homes = org.homes_of(b, u)
        if homes is None:
            found.append(problem(P.HOMES_UNKNOWN, path, notice.lines["units"],
                                 f"org.yml 没有写 {b} 栋 {u} 单元的户数，算不出收缴率：在楼栋 {b} 下加 homes: 每单元户数"
                                 "（或按单元写 homes: {\"1\": 22, \"2\": 20}）"))
        elif owing.get((b, u), 0) > homes:
            found.append(problem(P.HOMES_UNKNOWN, path, notice.lines["arrears"],
                                 f"欠费名单中 {b} 栋 {u} 单元有 {owing[(b, u)]} 户，多于 org.yml 中的 {homes} 户；"
                                 "请核对欠费名单或 org.yml 的 homes"))
    return found
