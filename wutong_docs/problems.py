"""Problems found in the records, as values, and the one place that prints them.

Every check in wutong returns a list of `Problem`s instead of raising: the
validator collects all of them across all files and prints them at once, as
`path:line: severity CODE message` lines an editor can jump to, or as JSON.

Each code is registered here once, with its severity, a one-line summary and
the usual fix. The codes are stable: the handbook lists them, and staff may
search for them. Add a code by adding one `_code(...)` line (and a test).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    id: str
    severity: str
    summary: str
    fix: str


CODES: dict[str, Code] = {}


def _code(id: str, severity: str, summary: str, fix: str) -> str:
    assert id not in CODES, f"duplicate code {id}"
    CODES[id] = Code(id, severity, summary, fix)
    return id


# --- the file itself ---------------------------------------------------------
NOT_UTF8 = _code("WT001", ERROR, "文件不是 UTF-8 编码",
                 "用编辑器把文件另存为 UTF-8（Windows 记事本常存成 GBK/ANSI）")
NO_FRONT_MATTER = _code("WT002", ERROR, "文件开头没有 YAML 头信息（front matter）",
                        "第一行写 ---，接着写字段，再用一行 --- 结束；可用 wutong new 生成")
YAML_SYNTAX = _code("WT003", ERROR, "YAML 语法错误",
                    "按提示的行检查缩进、冒号后的空格和引号是否成对")
DUPLICATE_KEY = _code("WT004", ERROR, "同一字段写了两次",
                      "删去重复的一个；YAML 只会保留后一个，前一个会悄悄丢失")
NOT_A_MAPPING = _code("WT005", ERROR, "头信息或其中一项不是“字段: 值”的形式",
                      "按模板写成“字段: 值”，列表项写成“- 字段: 值”")
UNKNOWN_PLACE = _code("WT006", ERROR, "文件放在 records/ 下的未知位置",
                      "按记录种类放到规定的目录和文件名，见错误信息中的示例")
PATH_MISMATCH = _code("WT007", ERROR, "文件路径与记录内容不一致",
                      "按记录的字段改文件名或目录（或改正字段），使两者一致")

# --- bounded input: what the tool refuses to read (limits.py) ------------------------
NOT_A_FILE = _code("WT008", WARNING, "records/ 下有不是普通文件的东西（命名管道、套接字、设备等），已跳过",
                   "删去它；记录只能是普通文件")
SYMLINK = _code("WT009", ERROR, "记录或文件夹是符号链接（快捷方式），不予读取",
                "删去链接，把真正的文件复制或移动到这个位置，再提交")
UNREADABLE = _code("WT010", ERROR, "文件或文件夹无法读取（没有权限或读取出错）",
                   "检查文件权限（例如 chmod u+r），或找管理员恢复该文件")
FILE_TOO_LARGE = _code("WT011", ERROR, "文件太大",
                       "记录文件不超过 1 MB；大的附件不要写进记录，另行存放并在正文中注明")
YAML_TOO_DEEP = _code("WT012", ERROR, "YAML 嵌套层数太多",
                      "头信息和 .yml 文件的列表、“字段: 值”最多嵌套 32 层；按模板的写法改正")
YAML_TOO_MANY_VALUES = _code("WT013", ERROR, "YAML 的值太多（含别名 * 展开后）",
                             "一个文件最多 50,000 个值；不要用 & 和 * 别名，拆分过大的文件")
YAML_ALIAS_LOOP = _code("WT014", ERROR, "YAML 别名引用了它自身",
                        "不要用 & 和 * 别名；把内容直接写出来")
VALUE_TOO_LONG = _code("WT015", ERROR, "一个值太长",
                       "头信息中的一个值最多 10,000 个字符；长的内容写进正文")
BAD_TYPED_VALUE = _code("WT016", ERROR, "值无法按所写的类型读取（如 !!int、超长的数字）",
                        "去掉 !!int、!!float、!!bool 等标记，或给值加上引号写成文字")
KEY_NOT_TEXT = _code("WT017", ERROR, "字段名不是文字（是列表或“字段: 值”）",
                     "字段名只写文字，例如 note:；列表和“字段: 值”只能写在冒号后面")
BODY_TOO_LONG = _code("WT018", ERROR, "正文太长",
                      "正文最多 50,000 个字符；拆成几份记录，或把附件另行存放")
MARKDOWN_TOO_DEEP = _code("WT019", ERROR, "正文的 Markdown 嵌套太深或符号太多，排版会非常慢",
                          "列表、引用（>）最多嵌套 16 层；一段中没配对的 [ 和 ( 最多 16 个；链接地址最长 2,000 个字符；"
                          "很长的一段请空行分段，少用 * _ [ ] 等符号")

# --- fields -------------------------------------------------------------------
MISSING_FIELD = _code("WT101", ERROR, "缺少必填字段", "补上该字段，写法见模板")
UNKNOWN_FIELD = _code("WT102", WARNING, "未知字段（可能拼错）",
                      "按提示改成正确的字段名，或删去该字段")
WRONG_TYPE = _code("WT103", ERROR, "字段的值类型不对（应为文本、列表或“字段: 值”）",
                   "按模板的写法改正")
BAD_DATE = _code("WT104", ERROR, "日期格式不对", "写成 YYYY-MM-DD，例如 2026-11-26")
BAD_DATETIME = _code("WT105", ERROR, "日期时间格式不对",
                     "写成 YYYY-MM-DD HH:MM，例如 2026-11-26 09:30")
BAD_TIME = _code("WT106", ERROR, "时间格式不对", "写成带引号的 \"HH:MM\"，例如 \"09:30\"")
UNQUOTED_TIME = _code("WT107", WARNING, "时间没有加引号",
                      "写成 \"16:10\"；不加引号时别的 YAML 工具会把 16:10 读成数字 970")
BAD_CHOICE = _code("WT108", ERROR, "取值不在允许的范围内", "改成提示中列出的取值之一")
UNKNOWN_STAFF = _code("WT109", ERROR, "员工编号在 records/org.yml 中不存在",
                      "改成 org.yml 中的员工 id，或先在 org.yml 中添加该员工")
UNKNOWN_DEPARTMENT = _code("WT110", ERROR, "部门编号在 records/org.yml 中不存在",
                           "改成 org.yml 中的部门 id")
UNKNOWN_UNIT = _code("WT111", ERROR, "楼栋、单元或房号不存在或写法不对",
                     "写成 楼栋-单元-房号（如 3-2-501）或 楼栋-单元（如 3-2），楼栋和单元须在 org.yml 中")
UNKNOWN_SLIP = _code("WT112", ERROR, "引用的工作传递单不存在",
                     "改成已有传递单的编号（S-YYYYMMDD-员工-NN），或先建该传递单")
EMPTY_VALUE = _code("WT113", ERROR, "字段的值为空", "填写内容，或删去这个可选字段")

# --- org.yml --------------------------------------------------------------------
DUPLICATE_ID = _code("WT201", ERROR, "org.yml 中编号重复", "每个员工、部门、片区、楼栋的 id 必须唯一")
BAD_ID = _code("WT202", ERROR, "编号写法不对",
               "员工和部门 id 用小写英文字母、数字和连字符，例如 li-na；楼栋和单元 id 用数字或字母")
AREA_MISSING = _code("WT203", ERROR, "片区管理员没有片区，或片区不存在",
                     "给片区管理员写上 area，并确保该片区在 areas 中")
UNKNOWN_BUILDING = _code("WT204", ERROR, "片区引用的楼栋在 buildings 中不存在",
                         "在 buildings 中添加该楼栋，或从片区中删去")
MISSING_ORG = _code("WT205", ERROR, "缺少基础资料文件 records/org.yml",
                    "建立 records/org.yml，写明员工、部门、片区和楼栋单元")

# --- daily log ----------------------------------------------------------------------
MISSING_SECTION = _code("WT301", ERROR, "工作日志或周报缺少规定的小节",
                        "工作日志须有“## 今日完成情况”和“## 次日工作计划”，周报须有“## 本周工作”和“## 下周重点”")
EMPTY_SECTION = _code("WT302", ERROR, "工作日志或周报的小节是空的",
                      "在该小节下写明内容（注释 <!-- --> 不算内容）")

# --- work slip ------------------------------------------------------------------------
BAD_SLIP_ID = _code("WT401", ERROR, "传递单编号格式不对或与开单日期、开单人不一致",
                    "写成 S-开单日期-开单人-序号，例如 S-20261126-wang-fang-01")
EVENT_ORDER = _code("WT402", ERROR, "传递单的处理记录没有按时间先后排列，或早于开单时间",
                    "按发生的先后排列 events，时间不能早于 opened")
BAD_TRANSITION = _code("WT403", ERROR, "传递单状态的变化不合理",
                       "按 开单→派工→处理中→完成→回访→关闭 的顺序记录；关闭或作废后不能再有处理记录")
CLOSED_WITHOUT_REVISIT = _code("WT404", ERROR, "传递单未回访就关闭",
                               "在最后一次 done 之后、closed 之前加一条 revisited（回访）记录")
UNSATISFIED_NOT_REOPENED = _code("WT405", ERROR, "回访不满意后没有重新打开",
                                 "回访结果为 unsatisfied 时，下一条记录应为 reopened")
REVISIT_WITHOUT_RESULT = _code("WT406", ERROR, "回访记录缺少结果",
                               "给 revisited 记录加上 result: satisfied 或 result: unsatisfied")
DUE_BEFORE_OPENED = _code("WT407", ERROR, "传递单的完成期限早于开单时间", "把 due 改到 opened 之后")
DUPLICATE_SLIP = _code("WT408", ERROR, "传递单编号重复",
                       "合并后出现了两张同号的单：保留一张，另一张改用下一个空闲序号")
EMPTY_BODY = _code("WT409", ERROR, "正文是空的", "在头信息之后写明问题或会议内容")

# --- minutes ----------------------------------------------------------------------------
TRAINING_WITHOUT_TOPIC = _code("WT501", ERROR, "培训记录缺少培训主题", "加上 topic: 培训主题")
ATTENDED_AND_ABSENT = _code("WT502", ERROR, "同一人既在出席名单又在缺席名单",
                            "从 attendees 或 absent 中删去其一")

# --- bulletin notices and finance's arrears lists -------------------------------------------
NOTICE_TITLE_TOO_LONG = _code("WT601", ERROR, "通知标题太长，A4 纸上放不下",
                              "把标题缩短到 30 个字以内，细节写进正文")
NOTICE_ENDS_BEFORE_POSTED = _code("WT602", ERROR, "通知的撤下日期（until）早于张贴日期（posted）",
                                  "把 until 改到 posted 当天或之后")
BAD_BOARD_TARGET = _code("WT603", ERROR, "通知的张贴范围（units）写法不对",
                         "写 all（全部单元）、一个楼栋号（如 \"3\"），或单元列表（如 [\"3-1\", \"3-2\"]）；不写房号")
PERSONAL_NUMBER_IN_NOTICE = _code("WT604", ERROR, "通知中出现了手机号或身份证号（任何写法）",
                                  "删去个人号码；联系方式写服务中心电话，催缴只用 kind: dunning 的私人信函")
BAD_ARREARS_FIELD = _code("WT605", ERROR, "欠费名单（arrears）缺少、多余或找不到",
                          "催缴函和收缴情况公示写 arrears: records/arrears/YYYY/MM/名称.csv，其他通知不写")
BAD_ARREARS_ROW = _code("WT606", ERROR, "欠费名单 CSV 的表头或某一行写法不对",
                        "按提示改正该行：unit 写 楼栋-单元-房号，amount 写金额（元），months 写 YYYY-MM~YYYY-MM")
HOMES_UNKNOWN = _code("WT607", ERROR, "收缴情况公示所需的单元户数在 org.yml 中没有或不合理",
                      "在 org.yml 的楼栋下写 homes（每单元户数，或按单元写）；欠费户数不能多于户数")
ARREARS_NAMED_ON_BOARD = _code("WT608", ERROR, "公示栏通知中出现了欠费名单上的姓名、房号或金额",
                               "删去姓名、房号和金额：公示栏只公布收缴率和欠费户数，个人欠费只写进催缴函")
DUNNING_AFTER_20TH = _code("WT609", WARNING, "催缴函张贴日期晚于当月 20 日",
                           "职责说明要求每月 20 日前完成入户门催缴函的张贴；核对 posted 日期")
BAD_NOTICE_NAME = _code("WT610", ERROR, "通知的文件名写法不对",
                        "文件名用小写英文字母、数字和连字符，例如 winter-heating.md")


# --- weekly report -------------------------------------------------------------------
BAD_WEEK = _code("WT701", ERROR, "周报的周次写法不对", "写成 ISO 周次 YYYY-Www，例如 2026-W48")
SUBMITTED_BEFORE_WEEK = _code("WT702", ERROR, "周报的提交时间早于该周开始",
                              "核对 week 和 submitted：周报在本周内（周五 14:00 前）提交")

# --- duty book (records/duties.yml) -----------------------------------------------
BAD_CADENCE = _code("WT801", ERROR, "职责的周期（cadence）写法不对",
                    "按 handbook/reference/duties-format.md 中列出的周期写法之一改正")
DUPLICATE_DUTY = _code("WT802", ERROR, "同一岗位内职责 id 重复", "给其中一条换一个岗位内唯一的 id")
CALENDAR_OUTSIDE_YEAR = _code("WT803", ERROR, "records/calendar.yml 中的日期不在所写的年份内",
                              "把该日期移到对应年份（year）下")
DATE_OUT_OF_RANGE = _code("WT804", ERROR, "日期的年份不在 2000–2099 之间",
                          "核对年份（常见的是少打或多打一位，如 0206、20266）；本系统只接受 2000–2099 年的日期")
CALENDAR_DAY_BOTH = _code("WT805", ERROR, "records/calendar.yml 中同一天既是放假日又是调休上班日",
                          "对照国务院通知，从 holidays 的日期段或 workdays 中删去写错的一处")
CALENDAR_RANGE_REVERSED = _code("WT806", ERROR, "records/calendar.yml 中假期的 from 晚于 to",
                                "把 from 改成假期第一天、to 改成最后一天（只放一天可不写 to）")
CALENDAR_YEAR_TWICE = _code("WT807", ERROR, "records/calendar.yml 中同一年份写了两次",
                            "把两处的 holidays 和 workdays 合并到一个 year 下，删去另一处")
DUTY_RANGE_REVERSED = _code("WT808", ERROR, "职责周期中的时段或日期范围前后颠倒",
                            "先写开始、后写结束，例如 from: \"08:00\", to: \"12:00\"、days: [20, end]")
DUTY_BAD_NUMBER = _code("WT809", ERROR, "职责周期中的次数或天数不合理",
                        "times 写 1–24 的整数（每日几次），limit_days 写 0–365 的整数（0 表示不得过夜）")
DUTIES_VERSION = _code("WT810", ERROR, "records/duties.yml 的格式版本（version）不受支持",
                       "写 version: 1；格式见 handbook/reference/duties-format.md")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    severity: str
    code: str
    message: str

    def as_text(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.code} {self.message}"


def problem(code: str, path: str, line: int, message: str) -> Problem:
    """A problem of a registered code; the severity comes from the registry."""
    return Problem(path, line, CODES[code].severity, code, message)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def sort_key(p: Problem):
    return (p.path, p.line, p.code)


def format_text(problems: list[Problem]) -> str:
    return "".join(p.as_text() + "\n" for p in problems)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def format_codes() -> str:
    """The code list shown by `wutong validate --list-codes` and in the handbook."""
    lines = []
    for code in CODES.values():
        level = "错误" if code.severity == ERROR else "警告"
        lines.append(f"{code.id}  {level}  {code.summary}。处理：{code.fix}")
    return "\n".join(lines) + "\n"
