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

from ..core import problems as P
from ..core.problems import Problem, problem
from ..core.rules import READ, rule
from ..read.fields import Field, a_date, choice, optional, text
from ..read.files import read_text
from ..read.yaml_lines import Doc
from ..reference.org import BOARD_ID, HOME_ID, PLACE_ID, Org
from . import arrears as arrears_kind
from . import notice_privacy
from .arrears import ArrearsList
from .common import BUILDING, UNIT, Ref, Source, source_of
from .kind import Kind, Read, SiteView

PATTERN = re.compile(r"^records/notices/\d{4}/\d{2}/[^/]+\.md$")
EXAMPLE = "records/notices/2026/12/winter-heating.md"

KINDS = {"theme": "月度主题", "activity": "社区活动", "outage": "停水停电", "greeting": "节日问候",
         "renovation": "装修公示", "dunning": "催缴函", "collection": "收缴情况公示", "general": "通知"}
PRIVATE = frozenset({"dunning"})           # one letter per household: never on a board or the site
WITH_ARREARS = frozenset({"dunning", "collection"})
ALL = "all"
TITLE_MAX = 30        # two lines of the sheet's title type on A4
DUNNING_BY_DAY = 20   # the duty book: 每月20日前完成入户门催缴函的张贴

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Notice:
    """A bulletin notice or dunning letter: what it says, where and when it goes up, and who signs it."""
    kind: str
    title: str
    posted: date
    until: date
    units: tuple[str, ...]     # ("all",), building ids and/or building-unit ids
    signed: str | None         # as written; None: the estate's service centre (`signature`)
    arrears: str | None
    as_of: date | None
    body: str
    slug: str
    source: Source
    lines: dict

    @property
    def on_board(self) -> bool:
        """Whether it goes on the unit boards (and the site); dunning letters are private, one per household."""
        return self.kind not in PRIVATE

    def references(self):
        """The buildings and units it targets, for the cross-reference check."""
        for i, target in enumerate(self.units):
            line = self.lines.get(("units", i), self.lines.get("units", 1))
            if BOARD_ID.match(target):
                yield Ref(UNIT, target, line)
            elif PLACE_ID.match(target) and target != ALL:
                yield Ref(BUILDING, target, line)


SCHEMA = {
    "kind": Field(choice(KINDS)), "title": Field(text), "posted": Field(a_date), "until": Field(a_date),
    "units": Field(lambda value: value), "signed": optional(text), "arrears": optional(text),
    "as_of": optional(a_date),
}


def path_for(posted: date, slug: str) -> str:
    """Where a notice posted on `posted` named `slug` lives: the month it goes up."""
    return f"records/notices/{posted:%Y/%m}/{slug}.md"


def _build(read: Read) -> Notice:
    doc, v, lines = read.doc, read.values, read.lines
    units = _targets(doc, v["units"], read.found) if "units" in doc.data else ()
    lines.update({("units", i): doc.line("units", i) for i in range(len(units))})
    lead = doc.body[:len(doc.body) - len(doc.body.lstrip())]
    lines["body"] = doc.body_line + lead.count("\n")
    return Notice(v["kind"], v["title"], v["posted"], v["until"], units, v["signed"],
                  v["arrears"], v["as_of"], doc.body.strip(), Path(doc.path).stem, source_of(doc), lines)


def _complete(notice: Notice) -> bool:
    """A notice the commands can print: the fields a sheet needs are there (the rest is the rules' to judge)."""
    return None not in (notice.kind, notice.title, notice.posted, notice.until) and bool(notice.units)


def _expected_path(v: dict, doc: Doc):
    slug = Path(doc.path).stem
    return (path_for(v["posted"], slug), "posted") if SLUG.match(slug) and v["posted"] else None


@rule(P.BAD_BOARD_TARGET, scope=READ)
def _targets(doc: Doc, value, found: list[Problem]) -> tuple[str, ...]:
    """`all`, one building (`3` or "3"), one board ("3-2"), or a list of buildings and boards.

    WT603 通知的张贴范围（units）写法不对
    处理：写 all（全部单元）、一个楼栋号（如 "3"），或单元列表（如 ["3-1", "3-2"]）；不写房号
    """
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


@rule(P.BAD_NOTICE_NAME, on=Notice)
def file_name(notice: Notice, context) -> list[Problem]:
    """A notice's file name is its address on the site and in print: plain ASCII words.

    WT610 通知的文件名写法不对
    处理：文件名用小写英文字母、数字和连字符，例如 winter-heating.md
    """
    if SLUG.match(notice.slug):
        return []
    return [problem(P.BAD_NOTICE_NAME, notice.source.path, 1,
                    f"文件名 {notice.slug}.md 写法不对：只用小写英文字母、数字和连字符，例如 winter-heating.md")]


@rule(P.NOTICE_TITLE_TOO_LONG, on=Notice)
def title_fits(notice: Notice, context) -> list[Problem]:
    """The title fits two lines of the sheet's title type on A4.

    WT601 通知标题太长，A4 纸上放不下
    处理：把标题缩短到 30 个字以内，细节写进正文
    """
    if notice.title and len(notice.title) > TITLE_MAX:
        return [problem(P.NOTICE_TITLE_TOO_LONG, notice.source.path, notice.lines["title"],
                        f"标题有 {len(notice.title)} 个字，超过 {TITLE_MAX} 个字，A4 纸上放不下："
                        "请缩短标题，细节写进正文")]
    return []


@rule(P.NOTICE_ENDS_BEFORE_POSTED, on=Notice)
def until_after_posted(notice: Notice, context) -> list[Problem]:
    """A notice comes down on or after the day it goes up.

    WT602 通知的撤下日期（until）早于张贴日期（posted）
    处理：把 until 改到 posted 当天或之后
    """
    if notice.posted and notice.until and notice.until < notice.posted:
        return [problem(P.NOTICE_ENDS_BEFORE_POSTED, notice.source.path, notice.lines["until"],
                        f"撤下日期 until: {notice.until} 早于张贴日期 posted: {notice.posted}；"
                        "请改到张贴当天或之后")]
    return []


@rule(P.DUNNING_AFTER_20TH, on=Notice)
def dunning_by_the_20th(notice: Notice, context) -> list[Problem]:
    """The duty book: 每月20日前完成入户门催缴函的张贴.

    WT609 催缴函张贴日期晚于当月 20 日
    处理：职责说明要求每月 20 日前完成入户门催缴函的张贴；核对 posted 日期
    """
    if notice.kind == "dunning" and notice.posted and notice.posted.day > DUNNING_BY_DAY:
        return [problem(P.DUNNING_AFTER_20TH, notice.source.path, notice.lines["posted"],
                        f"催缴函 {notice.posted} 才张贴：职责说明要求每月 {DUNNING_BY_DAY} 日前"
                        "完成入户门催缴函的张贴；如日期写错请改正")]
    return []


@rule(P.PERSONAL_NUMBER_IN_NOTICE, on=Notice)
def no_personal_numbers(notice: Notice, context) -> list[Problem]:
    """No notice carries a mobile or ID-card number: it is posted where anyone passes (`notice_privacy`).

    WT604 通知中出现了手机号或身份证号（任何写法）
    处理：删去个人号码；联系方式写服务中心电话，催缴只用 kind: dunning 的私人信函
    """
    lines = notice.lines
    places = [(notice.title or "", lines.get("title", 1)), (notice.signed if "signed" in lines else "", lines.get("signed", 1))]
    places.append((notice.body, lines["body"]))   # whole: a number may be broken over a line
    return notice_privacy.personal_numbers(notice.source.path, places)


@rule(P.BAD_ARREARS_FIELD, on=Notice)
def arrears_cited(notice: Notice, context) -> list[Problem]:
    """Dunning letters and collection notices cite finance's arrears list; it is there and concerns their units.

    WT605 欠费名单（arrears）缺少、多余或找不到
    处理：催缴函和收缴情况公示写 arrears: records/arrears/YYYY/MM/名称.csv，其他通知不写
    """
    kind, path, lines, here = notice.kind, notice.arrears, notice.lines, notice.source.path
    if kind in WITH_ARREARS and not path and "arrears" not in lines:
        return [problem(P.BAD_ARREARS_FIELD, here, lines["kind"],
                        f"{KINDS[kind]}须写欠费名单：加上 arrears: {arrears_kind.EXAMPLE}（财务导出的 CSV）")]
    if kind and kind not in WITH_ARREARS and path:
        return [problem(P.BAD_ARREARS_FIELD, here, lines["arrears"],
                        f"{KINDS[kind]}不用欠费名单：删去 arrears 这一行（只有催缴函和收缴情况公示使用）")]
    if path and not arrears_kind.PATTERN.match(path):
        return [problem(P.BAD_ARREARS_FIELD, here, lines["arrears"],
                        f"arrears: {path} 不在规定位置：欠费名单放在 records/arrears/YYYY/MM/名称.csv，"
                        f"例如 {arrears_kind.EXAMPLE}（路径从仓库根目录写起）")]
    if not path or context.org is None or not _complete(notice):
        return []
    if path in context.arrears_missing:
        return [problem(P.BAD_ARREARS_FIELD, here, lines["arrears"],
                        f"找不到欠费名单 {path}：请把财务导出的 CSV 放到这个位置，或改正路径")]
    arrears = context.arrears.get(path)
    if notice.kind == "dunning" and arrears is not None:
        boards = boards_of(notice, context.org)
        if boards and not arrears.in_boards(boards):
            return [problem(P.BAD_ARREARS_FIELD, here, lines["arrears"],
                            f"欠费名单 {path} 中没有 units 所选单元的住户，不会生成任何催缴函；"
                            "请核对 units 或 arrears")]
    return []


def _said(notice: Notice) -> list[tuple[str, int]]:
    """What a notice says, as (text, line): its title, its signature and each line of its body."""
    said = [(notice.title, notice.lines["title"]), (notice.signed or "", notice.lines.get("signed", notice.lines["title"]))]
    return said + [(text_, notice.lines["body"] + i) for i, text_ in enumerate(notice.body.split("\n"))]


# --- rules that need org.yml and the arrears list ------------------------------------

def signature(notice: Notice, org: Org) -> str:
    """The notice's 落款: what it writes, else the estate's service centre from org.yml (unknown to parse)."""
    return notice.signed or org.service_centre


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
    """Read one arrears list named by a notice; problems instead of an exception when it cannot be read."""
    text_, found = read_text(root / rel, rel)
    if text_ is None:
        return None, found
    return arrears_kind.parse_text(text_, rel)


def read_arrears(root: Path, notices: list, lists: dict[str, ArrearsList | None]) -> tuple[set[str], list[Problem]]:
    """Read the arrears lists the notices need that this run has not read: (paths not found, their problems).

    `lists` holds the lists read so far, by path (those being validated); each list read here
    is added to it, so nothing reads one twice in a run. The cited lists come first, with their
    problems; then, when a board notice is checked, every other list of the repository
    (`notice_privacy.all_lists`: no board notice may name anyone on any list).
    """
    missing, found = set(), []
    for notice in notices:
        cited = notice.arrears
        if not cited or not arrears_kind.PATTERN.match(cited) or cited in lists:
            continue
        if not _is_file(root / cited):
            lists[cited] = None
            missing.add(cited)
            continue
        lists[cited], more = load_arrears(root, cited)
        found += more
    if any(n.on_board for n in notices):
        notice_privacy.all_lists(root, lists, load_arrears)
    return missing, found


@rule(P.ARREARS_NAMED_ON_BOARD, on=Notice)
def names_nobody_on_board(notice: Notice, context) -> list[Problem]:
    """No board notice names a household of any arrears list (`notice_privacy.arrears_on_board`).

    WT608 公示栏通知中出现了欠费名单上的姓名、房号或金额
    处理：删去姓名、房号和金额：公示栏只公布收缴率和欠费户数，个人欠费只写进催缴函
    """
    if not notice.on_board or context.org is None or not _complete(notice):
        return []
    every_list = [a for a in context.arrears.values() if a is not None]
    return notice_privacy.arrears_on_board(notice.source.path, _said(notice), every_list)


@rule(P.HOMES_UNKNOWN, on=Notice)
def collection_computable(notice: Notice, context) -> list[Problem]:
    """A collection notice's rates need each board's number of homes, and no more owing homes than that.

    WT607 收缴情况公示所需的单元户数在 org.yml 中没有或不合理
    处理：在 org.yml 的楼栋下写 homes（每单元户数，或按单元写）；欠费户数不能多于户数
    """
    if notice.kind != "collection" or context.org is None or not _complete(notice):
        return []
    arrears = context.arrears.get(notice.arrears) if notice.arrears else None
    if arrears is None:
        return []
    found, path, org = [], notice.source.path, context.org
    owing = arrears.owing_per_board()
    for b, u in boards_of(notice, org):
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


KIND = Kind(
    "notice", "公示栏通知", PATTERN, EXAMPLE, Notice, _build, SCHEMA, body="通知正文",
    expected_path=_expected_path, path_for=path_for, complete=_complete, subkinds=KINDS,
    card="record_notice.html.j2",
    site_view=SiteView(lambda r: r.posted, lambda r: {}, lambda r: (r.posted or date.min, r.slug or "")))


parse = KIND.parse  # one file -> (record, problems of its schema, body and path); the rules judge it later
