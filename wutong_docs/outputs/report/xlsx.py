"""The monthly report as an Excel workbook (`wutong report --format xlsx`): one sheet per section, real numbers.

The company's office works in Excel, so the figures go there as numbers it can sum
and chart: counts as int cells, amounts and hours as float cells with a number
format, rates as 0–1 floats shown with a % format (never the text "91.9%").

Two steps, as the rest of the report: each section's function turns its part of
`figures(...)` into plain `Block`s (a header and rows of values, testable without
Excel); `workbook` lays the blocks out with openpyxl (header style, frozen header
row, column widths fitted to Chinese text) and returns the file's bytes. The CLI
writes them through `output.write_file`.

Adding a sheet is one function: `@sheet("survey", "满意度调查")` over
`def _survey(section, ctx) -> list[Block]`. A key of the figures with no function
(a section added by another part of issue 12) still gets a sheet, laid out
generically from its JSON shape (`generic_blocks`), so no figure is left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Callable, NamedTuple

from ...core.dates import Month, as_month
from ...core.privacy import mask_numbers
from ...records.case import STATES as CASE_STATES
from ...records.slip import CATEGORIES
from ...records.slip_figures import DEFINITIONS
from ...reference.org import ROLES, Org
from .inspections import DEFINITIONS as INSPECTION_DEFINITIONS
from .survey import DEFINITIONS as SURVEY_DEFINITIONS

NONE = "—"          # no figure (no list this month, a duty the role does not have): as the Markdown report shows it
PERCENT = "0.0%"
MONEY = "#,##0.00"
ONE_DECIMAL = "0.0"
TWO_DECIMALS = "0.00"


class Num(NamedTuple):
    """A number with the Excel format it is shown in (a rate: PERCENT, an amount: MONEY)."""
    value: float | None
    fmt: str


def pct(value: float | None) -> Num:
    """A rate 0–1, shown as a percentage (the cell holds the number)."""
    return Num(value, PERCENT)


def ratio(part: int, whole: int) -> Num:
    """part / whole as a rate, or no figure when nothing was counted."""
    return pct(round(part / whole, 4) if whole else None)


@dataclass
class Block:
    """One table of a sheet: an optional caption above, a header row, data rows, notes below (text, not fitted)."""
    header: list[str]
    rows: list[list[Any]]
    caption: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ctx:
    """What a sheet function may need besides its section: the org (area and role names) and the month."""
    org: Org
    month: Month     # "YYYY-MM" (the figures' JSON form) is read into a Month on the way in

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", as_month(self.month))

    @property
    def month_label(self) -> str:
        """2026-11 -> 2026年11月."""
        return self.month.label()


SheetFunction = Callable[[Any, Ctx], list[Block]]
SHEETS: dict[str, tuple[str, SheetFunction]] = {}
# sheet names of sections other parts of issue 12 add, until they register a function of their own
TITLES = {"survey": "满意度调查", "quality": "工程质量", "trend": "趋势", "analysis": "分析与整改", "charts": "图表"}


def sheet(key: str, title: str):
    """Register the function that lays out the figures' `key` as the sheet `title`."""
    def register(function: SheetFunction) -> SheetFunction:
        SHEETS[key] = (title, function)
        return function
    return register


# -- the sections ---------------------------------------------------------------------------------------------
_SLIP_COUNTS = (("开单", "opened"), ("已完成", "done"), ("按时完成", "done_on_time"), ("已回访", "revisited"),
                ("满意", "satisfied"), ("不满意", "unsatisfied"), ("重新打开", "reopened"), ("已关闭", "closed"),
                ("已作废", "cancelled"), ("月末未关闭", "open_at_end"), ("月末逾期", "overdue_at_end"))
_SLIP_RATES = (("完成率（已完成 ÷ 开单）", "done", "opened"), ("按时完成率（按时 ÷ 已完成）", "done_on_time", "done"),
               ("回访率（已回访 ÷ 已完成）", "revisited", "done"), ("满意率（满意 ÷ 已回访）", "satisfied", "revisited"))


@sheet("slips", "传递单")
def _slips(slips: dict, ctx: Ctx) -> list[Block]:
    before = slips["previous"]
    rows: list[list[Any]] = [[label, slips[key], before[key]] for label, key in _SLIP_COUNTS]
    rows += [[label, *(ratio(s[part], s[whole]) for s in (slips, before))] for label, part, whole in _SLIP_RATES]
    rows.append(["完成用时中位数（小时）", *(Num(s["median_hours_to_done"], ONE_DECIMAL) for s in (slips, before))])
    for column, part in ((1, slips), (2, before)):
        if part.get("recorded") is False:   # a month with no record at all: 无记录, not a column of zeros
            for row in rows:
                row[column] = "无记录" if row is rows[0] else NONE
    areas = [(a.id, a.name) for a in ctx.org.areas.values() if a.id in slips["by_area"]]
    areas += [(a, a) for a in slips["by_area"] if a not in ctx.org.areas]
    by_area = [[name, *(slips["by_area"][a][c] for c in CATEGORIES), sum(slips["by_area"][a].values())]
               for a, name in areas]
    by_area.append(["合计", *(slips["by_category"][c] for c in CATEGORIES), slips["opened"]])
    return [Block(["项目", ctx.month_label, f"{Month.parse(before['month']).label()}（上月）"], rows),
            Block(["片区", *CATEGORIES.values(), "合计"], by_area, caption=f"按类别与片区（{ctx.month_label}开单）",
                  notes=["口径：", *(f"{term}：{meaning}" for term, meaning in DEFINITIONS)])]


@sheet("arrears", "欠费")
def _arrears(arrears: dict, ctx: Ctx) -> list[Block]:
    header = ["片区", "户数", "月初欠费户数", "月末欠费户数", "月初欠费金额（元）", "月末欠费金额（元）", "月末收缴率"]
    if not arrears["lists"]:
        folder = f"records/arrears/{ctx.month.folder}/"
        return [Block(header, [], notes=[f"本月没有财务的欠费名单（{folder}）。"])]

    def row(name: str, r: dict) -> list[Any]:
        return [name, r["homes"], r["households_start"], r["households_end"], Num(r["amount_start"], MONEY),
                Num(r["amount_end"], MONEY), pct(r["collection_rate_end"])]

    rows = [row(ctx.org.areas[a].name if a in ctx.org.areas else a, r) for a, r in arrears["by_area"].items()]
    rows.append(row("合计", arrears))
    lists = arrears["lists"]
    source = (f"依据财务欠费名单 {lists[0]}（本月只有这一份，月初与月末相同）。" if len(lists) == 1
              else f"依据财务欠费名单：月初 {lists[0]}，月末 {lists[-1]}（本月共 {len(lists)} 份）。")
    blocks = [Block(header, rows, notes=[source, "收缴率按户数计：（户数 − 欠费户数）÷ 户数，户数取 records/org.yml 的 homes。"])]
    dunning = arrears.get("dunning")
    if dunning and dunning["households"] is not None:
        keys = ("households", "posted_by_20th", "posted_later", "not_posted")
        dun = [[ctx.org.areas[a].name if a in ctx.org.areas else a, *(r[k] for k in keys)]
               for a, r in dunning["by_area"].items()]
        dun.append(["合计", *(dunning[k] for k in keys)])
        blocks.append(Block(["片区", "月初欠费户数", "20 日前张贴", "20 日以后张贴", "未张贴"], dun,
                            caption="催缴函（每月 20 日前完成入户门催缴函的张贴）",
                            notes=["月初名单的每一户，按本月最早送达它的催缴函的张贴日期计（report/dunning.py）。"]))
    return blocks


@sheet("people", "人员")
def _people(people: list, ctx: Ctx) -> list[Block]:
    header = ["员工", "编号", "岗位", "在岗天数", "有日志天数", "在岗无日志", "两次巡查天数", "周报按时", "周报迟交",
              "周报缺交", "会议", "培训"]
    rows = [[p["name"], p["staff"], ROLES.get(p["role"], p["role"]), p["duty_days"], p["log_days"],
             p["duty_days_without_log"], p["patrol_days"], p["weekly_on_time"], p["weekly_late"],
             p["weekly_missing"], p["meetings"], p["training"]] for p in people]
    rostered = bool(people) and {p["duty_basis"] for p in people} == {"roster"}
    basis = (f"在岗天数按 records/roster/{ctx.month}.yml 排班表。" if rostered
             else "本月没有排班表，在岗天数按法定工作日（含调休上班日）计。")
    return [Block(header, rows, notes=[basis, "会议含早会、例会和座谈会（主持或出席），培训另计；“—”表示该岗位没有这项职责。"])]


@sheet("desk", "前台")
def _desk(desk: dict, ctx: Ctx) -> list[Block]:
    header = ["种类", "办理张数", "收费张数", "金额（元）"]
    if not desk["registers"]:
        return [Block(header, [], notes=["暂无登记。"])]
    rows = [[f["label"], f["count"], f["charged"], f["total"]] for f in desk["fees"]]
    rows.append(["合计", *(sum(f[k] for f in desk["fees"]) for k in ("count", "charged", "total"))])
    return [Block(header, rows, notes=[f"本月前台登记表 {desk['registers']} 份；业主卡、车卡、钥匙扣的办理与收费（每月 28 日前统计）。"])]


_LEASE_ROWS = (("车位（有登记的）", "spaces"), ("月末在租", "active"), ("月末有人租用的车位", "spaces_let"),
               ("下月到期", "ending_next_month"), ("其中尚未续租", "not_renewed"), ("其中业主不续租", "declined"),
               ("本月新签（含续租）", "new"), ("其中续租", "renewals"))
_WORKORDER_COLUMNS = (("本月发出", "sent"), ("本月答复", "answered"), ("本月办结", "closed"), ("月末未办结", "open"),
                      ("月末未答复", "unanswered"), ("其中超过 7 个工作日", "overdue"))


@sheet("leases", "车位租用")
def _leases(leases: dict, ctx: Ctx) -> list[Block]:
    rows = [[label, leases[key]] for label, key in _LEASE_ROWS]
    return [Block(["项目", "份数"], rows, notes=["只列份数；车位、住户和车牌留在登记簿里，不出现在月报中。"])]


@sheet("workorders", "对外工作单")
def _workorders(orders: dict, ctx: Ctx) -> list[Block]:
    header = ["接收单位", *(label for label, _ in _WORKORDER_COLUMNS)]
    rows = [[r["to"], *(r[key] for _, key in _WORKORDER_COLUMNS)] for r in orders["by_recipient"]]
    rows.append(["合计", *(orders[key] for _, key in _WORKORDER_COLUMNS)])
    overdue = "、".join(orders["overdue_ids"])
    return [Block(header, rows, notes=[f"发出超过 7 个工作日仍未答复：{overdue}。"] if overdue else [])]


@sheet("survey", "满意度调查")
def _survey(survey: dict, ctx: Ctx) -> list[Block]:
    notes = ["口径：", *(f"{term}：{meaning}" for term, meaning in SURVEY_DEFINITIONS)]
    if not survey["responses"]:
        return [Block(["项目", "答卷户数", "满意户数", "满意率", "平均分"], [], notes=["本月无调查记录。"])]
    items = [[i["label"], i["responses"], i["satisfied"], pct(i["rate"]), Num(i["mean"], TWO_DECIMALS)]
             for i in survey["items"]]
    areas = [[ctx.org.areas[a].name if a in ctx.org.areas else a, r["responses"], r["satisfied"], pct(r["rate"])]
             for a, r in survey["by_area"].items()]
    areas.append(["合计", survey["responses"], sum(r["satisfied"] for r in survey["by_area"].values()),
                  pct(survey["rate"])])
    return [Block(["项目", "答卷户数", "满意户数", "满意率", "平均分"], items, caption="按调查项目"),
            Block(["片区", "答卷户数", "满意户数", "满意率"], areas, caption="按片区（按户）", notes=notes)]


_FIX_COUNTS = ("inspections", "failed", "fixed_on_time", "fixed_late", "overdue", "pending", "no_deadline")
_FIX_HEADER = ["检查次数", "不合格项目", "按时整改", "逾期后整改", "逾期未整改", "整改中", "未定期限"]


@sheet("inspections", "检查与整改")
def _inspections(section: dict, ctx: Ctx) -> list[Block]:
    notes = ["口径：", *(f"{term}：{meaning}" for term, meaning in INSPECTION_DEFINITIONS)]
    total = ["合计", *(section[k] for k in _FIX_COUNTS)]
    kinds = [[r["label"], *(r[k] for k in _FIX_COUNTS)] for r in section["by_kind"].values()] + [total]
    areas = [[r["label"], *(r[k] for k in _FIX_COUNTS)] for r in section["by_area"].values()] + [total]
    overdue = [[i["date"], i["kind"], i["area"], i["item"], i["place"] or NONE, i["owner"], i["fix_by"]]
               for i in section["overdue_items"]]
    return [Block(["种类", *_FIX_HEADER], kinds),
            Block(["片区", *_FIX_HEADER], areas, caption="按片区"),
            Block(["检查日期", "种类", "片区", "项目", "位置", "整改责任人", "整改期限"], overdue,
                  caption=f"月末逾期未整改（其中以前月份 {section['carried_overdue']} 项）", notes=notes)]


@sheet("trend", "趋势")
def _trend(trend: list, ctx: Ctx) -> list[Block]:
    keys = ("opened", "done", "done_on_time", "open_at_end", "overdue_at_end")
    rows = [[Month.parse(t["month"]).label(), *((t[k] for k in keys) if t["recorded"]
                                                else ("无记录", *([NONE] * (len(keys) - 1))))]
            for t in trend]
    return [Block(["月份", "开单", "已完成", "按时完成", "月末未关闭", "月末逾期"], rows,
                  notes=["近 12 个月的传递单：每月按当月开单的传递单、当月月末的状态统计，口径同“传递单”表；"
                         "无记录：该月没有任何记录。"])]


@sheet("quality", "工程质量")
def _quality(quality: dict, ctx: Ctx) -> list[Block]:
    keys = ("opened", "done", "done_on_time", "open_at_end", "overdue_at_end")
    header = ["片区", "开单", "已完成", "按时完成", "月末未关闭", "月末逾期"]
    if not quality["recorded"]:
        return [Block(header, [], notes=[f"{ctx.month_label}无记录。"])]
    rows = [[ctx.org.areas[a].name if a in ctx.org.areas else a, *(r[k] for k in keys)]
            for a, r in quality["by_area"].items()]
    rows.append(["合计", *(quality[k] for k in keys)])
    ids = [[i, "逾期" if i in quality["overdue_ids"] else "未关闭", ctx.month_label] for i in quality["open_ids"]]
    ids += [[i, "未关闭", "此前各月"] for i in quality["earlier_open_ids"]]
    return [Block(header, rows, notes=[f"{ctx.month_label}开单的房屋质量传递单和派往开发商工程部的传递单："
                                       f"类别为房屋质量的 {quality['quality_category']} 张，"
                                       f"派往开发商工程部的 {quality['to_developer']} 张（可以是同一张）。"]),
            Block(["传递单编号", "月末状态", "开单"], ids, caption="月末仍未关闭的")]


@sheet("analysis", "分析与整改")
def _analysis(analysis: dict, ctx: Ctx) -> list[Block]:
    """The supervisor's own words, one paragraph a row, as written (masked, as every string of the workbook)."""
    if not analysis["file"]:
        return [Block(["分析与整改"], [], notes=[f"主管尚未填写本月分析（wutong new report --month {ctx.month}）。"])]
    paragraphs = [line.strip() for line in analysis["body"].split("\n") if line.strip()]
    return [Block(["分析与整改"], [[line] for line in paragraphs], caption=analysis["file"],
                  notes=["核对警告：", *analysis["warnings"]] if analysis["warnings"] else [])]


@sheet("cases", "欠费案件")
def _cases(cases: dict, ctx: Ctx) -> list[Block]:
    """Counts, states and sums only: never a home or an owner (records/case_figures.py)."""
    counts = [["月初在办", cases["open_start"]], ["本月新建", cases["opened"]], ["本月结案（含撤诉、和解）", cases["closed"]],
              *([f"  其中{CASE_STATES[stage]}", n] for stage, n in cases["closed_by_stage"].items()),
              ["月末在办", cases["open"]], ["超过 60 天没有进展", cases["stalled"]],
              ["本月追回（元）", Num(cases["recovered_month"], MONEY)], ["累计追回（元）", Num(cases["recovered_total"], MONEY)]]
    states = [[CASE_STATES[state], n] for state, n in cases["by_state"].items()]
    return [Block(["项目", ctx.month_label], counts),
            Block(["月末阶段", "在办件数"], states, caption="在办案件的阶段（到月末的最后一条记录）",
                  notes=["只列件数，不列房号和业主。"])]


@sheet("legacy", "历史遗留问题")
def _legacy(legacy: dict, ctx: Ctx) -> list[Block]:
    counts = [["月末未结", legacy["open"]], ["本月新建", legacy["opened"]], ["本月处理完毕", legacy["closed"]],
              ["尚无处理计划", legacy["without_plan"]], ["本月到期的步骤", legacy["steps_due"]],
              ["其中按期完成", legacy["steps_due_done"]], ["本月完成的步骤", legacy["steps_done"]],
              ["月末逾期未完成的步骤", legacy["steps_overdue"]]]
    areas = {a.id: a.name for a in ctx.org.areas.values()}
    rows = [[p["id"], p["title"], areas.get(p["area"], p["area"]), p["opened"], p["closed"] or "", p["steps"],
             p["steps_done"], p["steps_overdue"], p["next_step"] or "", p["next_by"] or ""] for p in legacy["problems"]]
    return [Block(["项目", ctx.month_label], counts),
            Block(["编号", "问题", "片区", "建档", "处理完毕", "步骤", "已完成", "逾期", "下一步", "期限"], rows,
                  caption="未结及本月处理完毕的问题")]


# -- a section nobody has laid out yet ------------------------------------------------------------------------
def _cell(key: str, value: Any) -> Any:
    """A JSON value as a cell: a rate (key ends in `rate`, 0–1) as a percentage, a list or mapping as its text."""
    if isinstance(value, float) and key.endswith("rate"):
        return pct(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _table(rows: list[dict], first: str | None = None) -> Block:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    header = ([first] if first else []) + keys
    return Block(header, [[*([row.get(first)] if first else []), *(_cell(k, row.get(k)) for k in keys)]
                          for row in rows])


def generic_blocks(section: Any, ctx: Ctx) -> list[Block]:
    """Any JSON-shaped section as tables: scalars as 项目/数值 rows, a list of objects or an object of objects as a
    table (one row each), anything else as text. Headers are the JSON keys: a section gets Chinese headers by
    registering its own function.
    """
    if isinstance(section, list):
        if section and all(isinstance(r, dict) for r in section):
            return [_table(section)]
        return [Block(["值"], [[_cell("", v)] for v in section])]
    if not isinstance(section, dict):
        return [Block(["值"], [[_cell("", section)]])]
    scalars = [[k, _cell(k, v)] for k, v in section.items() if not isinstance(v, (dict, list))]
    blocks = [Block(["项目", "数值"], scalars)] if scalars else []
    for key, value in section.items():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            table = _table(value)
        elif isinstance(value, dict) and value and all(isinstance(r, dict) for r in value.values()):
            table = _table([{"": k, **r} for k, r in value.items()])
        elif isinstance(value, (dict, list)):
            table = Block(["项目", "数值"], [[k, _cell(k, v)] for k, v in
                                          (value.items() if isinstance(value, dict) else enumerate(value, 1))])
        else:
            continue
        table.caption = key
        blocks.append(table)
    return blocks or [Block(["项目", "数值"], [])]


def section_sheets(figures: dict, ctx: Ctx) -> list[tuple[str, list[Block]]]:
    """(sheet title, blocks) for every section of the figures, in their order: the plain values the workbook shows."""
    out = []
    for key, section in figures.items():
        if key == "month" or not isinstance(section, (dict, list)):   # month, recorded: the title says them
            continue
        title, function = SHEETS.get(key, (TITLES.get(key, key), generic_blocks))
        out.append((title, function(section, ctx)))
    return out


# -- laying it out --------------------------------------------------------------------------------------------
def display_width(value: Any) -> int:
    """How many columns a value takes on screen: a Chinese character counts two, as Excel's width unit needs."""
    if isinstance(value, Num):
        if value.value is None:
            return 2
        value = f"{value.value:.1%}" if value.fmt == PERCENT else f"{value.value:,.2f}"
    elif isinstance(value, float):
        value = f"{value:,.2f}"
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def styles():
    """The workbook's few styles, made once per workbook (openpyxl objects)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {"header_font": Font(bold=True), "header_fill": PatternFill("solid", fgColor="E7E6E6"),
            "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "border": Border(left=thin, right=thin, top=thin, bottom=thin), "bold": Font(bold=True),
            "title": Font(bold=True, size=14), "note": Font(color="555555")}


# Text Excel would run or convert when it is typed into a cell (a formula: = + - @, and the tab and CR of the
# spreadsheet-injection list), and the error literals openpyxl would store as error cells.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
ERROR_LITERALS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
# What an .xlsx cannot hold as it is: control characters (XML refuses them; a CR is read back as LF) are
# written in OOXML's own escape _xHHHH_, and an "_xHHHH_" really written in the text gets its "_" escaped
# (_x005F_), so that Excel shows exactly the text of the record.
_NOT_AS_IS = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def text_cell(cell, text: str):
    """Put `text` in `cell` as text, never as a formula or an error value: every string of both workbooks comes
    through here (`write`).

    openpyxl makes a formula of any string starting with "=" and an error cell of "#N/A"; the type is set
    back to text after the value, and a text Excel would take for a formula when someone edits the cell
    carries Excel's leading-apostrophe mark (quotePrefix), so editing it does not run it either.
    """
    cell.value = _NOT_AS_IS.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    cell.data_type = "s"
    if text.startswith(FORMULA_LEADS) or text in ERROR_LITERALS:
        cell.quotePrefix = True
    return cell


def write(ws, row: int, column: int, value: Any):
    """One cell of any value: text through `text_cell`, numbers (and None) as they are."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        return text_cell(cell, value)
    cell.value = value
    return cell


def put(ws, row: int, column: int, value: Any, style: dict, border: bool = True):
    """One cell of a table: a Num becomes its number and format, None the dash, anything else as it is."""
    if isinstance(value, Num):
        cell = write(ws, row, column, NONE if value.value is None else value.value)
        if value.value is not None:
            cell.number_format = value.fmt
    else:
        cell = write(ws, row, column, NONE if value is None else value)
    if cell.value == NONE:
        cell.alignment = style["center"]
    if border:
        cell.border = style["border"]
    return cell


def fit_widths(ws, widths: dict[int, int], least: int = 6, most: int = 60, pad: int = 2) -> None:
    """Column widths from the widest value each column holds (in display columns, Chinese counted double)."""
    from openpyxl.utils import get_column_letter

    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + pad, least), most)


def print_setup(ws, header: str, landscape: bool = False) -> None:
    """A4, fitted to the page width, with the report's name printed at the top of every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if landscape:
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.oddHeader.center.text = header.replace("&", "&&")   # "&" starts a code (&P, &D) in Excel's headers


def _write_blocks(ws, blocks: list[Block], style: dict) -> None:
    widths: dict[int, int] = {}
    row = 1
    for i, block in enumerate(blocks):
        if i:
            row += 1   # a blank row between tables
        if block.caption:
            write(ws, row, 1, block.caption).font = style["bold"]
            row += 1
        for column, text in enumerate(block.header, 1):
            cell = put(ws, row, column, text, style)
            cell.font, cell.fill, cell.alignment = style["header_font"], style["header_fill"], style["center"]
            widths[column] = max(widths.get(column, 0), display_width(text))
        if i == 0:
            ws.freeze_panes = ws.cell(row=row + 1, column=1)
        row += 1
        for values in block.rows:
            for column, value in enumerate(values, 1):
                put(ws, row, column, value, style)
                widths[column] = max(widths.get(column, 0), display_width(value))
            row += 1
        for note in block.notes:
            write(ws, row, 1, note).font = style["note"]
            row += 1
    fit_widths(ws, widths)


def safe_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the workbook."""
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "表"
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]}({n})"
        n += 1
    taken.add(name)
    return name


def to_bytes(wb) -> bytes:
    """The workbook as the bytes of an .xlsx file, every text cell masked once more (`privacy.mask_numbers`:
    the values were masked one by one, this pass holds whatever a sheet put together from them).
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    masked = mask_numbers(cell.value)
                    if masked != cell.value:
                        cell.value = masked
                        cell.data_type = "s"   # assigning a "=…" would make it a formula again (`text_cell`)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def workbook(figures: dict, org: Org, title: str) -> bytes:
    """The report as an .xlsx file: one sheet per section of `figures` (already masked), headers frozen."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title, wb.properties.creator = title, "wutong"
    style, taken = styles(), set()
    for name, blocks in section_sheets(figures, Ctx(org, figures["month"])):
        ws = wb.create_sheet(safe_title(name, taken))
        _write_blocks(ws, blocks, style)
        print_setup(ws, f"{title} · {name}")
    return to_bytes(wb)
