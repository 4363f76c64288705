"""`wutong report`, `wutong report attendance` and `wutong report week`: the month's figures, the attendance sheet
for the office, and the front desk's weekly summary.

The weekly summary is a subcommand, as the attendance sheet is, rather than a `--week` beside
`--month`: `wutong report --month …` keeps every meaning it had, and each subcommand takes only
the options that fit it (the summary has no pdf or xlsx, the month report no week).
"""

from __future__ import annotations

from datetime import date

import click

from .chinese import Group
from .dates import MONTH
from .options import FORCE_OPTION, Context, emit

BINARY_TO_SCREEN = "{what}，不能输出到屏幕：请用 -o 写入文件，例如 -o {example}"
FUTURE_MONTH = "{month} 还没到：月报只含已有的记录"


def _month_given(ctx: click.Context, month):
    """`--month` is required, but a group cannot mark it so (its subcommands would then need it before their name)."""
    if month is None:
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "month"))
    return month


@click.group(cls=Group, invoke_without_command=True, subcommand_metavar="[attendance|week [选项]]")
@click.option("--month", type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-11 或 2026年11月、11月、上月（必填）")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md", "json", "xlsx"]), default="html", show_default=True,
              help="html 网页（含图表）| pdf 打印版 A4，每节一页（写 -o 或 > 文件）| md 文字表格 | json 供其他程序读取 | xlsx Excel（每节一张工作表，写 -o 或 > 文件）")
@click.option("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕）；不写进 records/ 等仓库目录")
@FORCE_OPTION
@click.pass_context
def report(ctx: click.Context, month, fmt, output, force):
    """月报：某月的传递单、欠费、人员考勤与前台收费统计（主管每月 1—10 日的统计分析）。

    传递单按“当月开单、月末最后一刻的状态”统计（口径写在表格下方），并列出上月。

    欠费按财务当月第一份和最后一份欠费名单分片区统计，收缴率按 org.yml 的户数计。

    人员的在岗天数按当月排班表，没有排班表时按法定工作日。只有人数、户数和金额合计，不出现业主姓名和电话。

    html 和 pdf 带图表（传递单分类与近 12 个月走势、各片区欠费户数、满意度）；pdf 每节一页 A4，用 -o 写入文件，或用 > 转存到文件（不能直接显示在屏幕上）。

    还没到的月份也生成，并提示月报只含已有的记录。

    xlsx 每节一张工作表，数字是可以求和的数值，比率带百分号格式；用 -o 写入文件，或用 > 转存到文件（不能直接显示在屏幕上）。

    每月 2 日前交办公室的考勤表用 wutong report attendance（见 wutong report attendance --help）。

    前台每周的汇总用 wutong report week（见 wutong report week --help）。

    考勤表和周汇总是子命令，各有自己的选项；月报仍是 wutong report --month，写法不变。

    记录有错误时不生成，先列出全部问题。

    \b
    例：
      wutong report --month 2026-11 -o 11月月报.html
      wutong report --month 2026-11 --format pdf -o 11月月报.pdf
      wutong report --month 2026-11 --format pdf > 11月月报.pdf
      wutong report --month 2026-11 --format md
      wutong report --month 2026-11 --format json
      wutong report --month 2026-11 --format xlsx -o 11月月报.xlsx
      wutong report --month 2026-11 --format xlsx > 11月月报.xlsx
      wutong report attendance --month 2026-11 -o 11月考勤表.xlsx
      wutong report week --week 2026-W47 --format md
    """
    if ctx.invoked_subcommand is not None:
        return  # `report attendance …`: the subcommand takes its own options
    from ..core.output import check_file
    from ..outputs import report as monthly

    obj: Context = ctx.obj
    month = _month_given(ctx, month)
    # a PDF or a workbook may go to standard output redirected to a file (`> 月报.xlsx`) or a pipe;
    # only a terminal would show its bytes as noise
    if fmt in ("pdf", "xlsx") and not output and stdout_is_terminal():
        what = "xlsx 月报是 Excel 文件" if fmt == "xlsx" else "PDF 月报是打印文件"
        raise click.ClickException(BINARY_TO_SCREEN.format(what=what, example=f"{month.label(year=False)}月报.{fmt}"))
    if output:
        check_file(obj.root, output, force)
    _warn_if_future(month)
    result = monthly.make_report(obj.root, month, fmt)
    if isinstance(result, bytes) and not output:
        click.echo(result, nl=False)   # bytes go to the binary stream as they are
        return
    emit(obj.root, result, output, force)


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (not a file or a pipe): a binary file there would be noise."""
    import sys

    return sys.stdout.isatty()


def _warn_if_future(month) -> None:
    """A month that has not begun (Beijing time) still gets its report, with a word that it holds only what exists."""
    from ..core import dates

    if month.first > dates.now().date():
        click.echo(FUTURE_MONTH.format(month=month), err=True)


@report.command("attendance")
@click.option("--month", type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-11 或 2026年11月、11月、上月（必填）")
@click.option("-o", "--output", metavar="FILE", help="写入的 Excel 文件（必填），例如 11月考勤表.xlsx；不写进 records/ 等仓库目录")
@FORCE_OPTION
@click.pass_context
def report_attendance(ctx: click.Context, month, output, force):
    """考勤表：每月 2 日前交办公室的 Excel 表，每人一行、每天一列。

    每格是 出勤 / 休 / 请假 / 调休，按当月的排班表 records/roster/YYYY-MM.yml。

    没有排班表的月份按法定工作日（含调休上班日）记出勤、其余记休，表上注明。

    要求写工作日志的岗位在岗而当天没有日志的，记“出勤△”（红底），出勤天数照常计。

    右边是每人的出勤天数、请假、调休和无日志天数；灰底列是休息日。

    记录有错误时不生成，先列出全部问题。

    \b
    例：
      wutong report attendance --month 2026-11 -o 11月考勤表.xlsx
      wutong report attendance --month 2026-11 -o 11月考勤表.xlsx --force
    """
    from ..core.output import check_file
    from ..outputs import report as monthly

    obj: Context = ctx.obj
    group = ctx.parent
    if group.get_parameter_source("fmt") is click.core.ParameterSource.COMMANDLINE:
        raise click.ClickException("考勤表只有 Excel（xlsx）一种格式：请去掉 --format")
    # `wutong report --month 2026-11 attendance -o …` means the same as with the options after attendance
    month = _month_given(ctx, month or group.params["month"])
    output, force = output or group.params["output"], force or group.params["force"]
    if not output:
        raise click.ClickException(BINARY_TO_SCREEN.format(what="考勤表是 Excel 文件", example=f"{month.label(year=False)}考勤表.xlsx"))
    check_file(obj.root, output, force)
    emit(obj.root, monthly.make_attendance(obj.root, month), output, force)


class WeekType(click.ParamType):
    """YYYY-Www (an ISO week, as weekly reports name it: 2026-W47) -> a Week; a bad value is a usage error (exit 2)."""
    name = "周次"
    example = "2026-W47"

    def get_metavar(self, *args, **kwargs) -> str:
        """The form in --help: --week YYYY-Www."""
        return "YYYY-Www"

    def convert(self, value, param, ctx):
        """The typed text as a Week; click's usage error (exit 2) saying what to write, with an example."""
        import re

        from ..core.dates import FIRST_YEAR, LAST_YEAR, RANGE_TEXT, year_in_range
        from ..outputs.report.week import Week

        if isinstance(value, Week):
            return value
        found = re.fullmatch(r"(\d{4})-?[Ww](\d{1,2})", str(value).strip())
        if found is None:
            self.fail(f"{value}，应写成 YYYY-Www（年份、W 和两位周次），例如 {self.example}", param, ctx)
        year, number = int(found.group(1)), int(found.group(2))
        if not year_in_range(year):
            self.fail(f"{value} 的年份不在 {RANGE_TEXT} 之间：请写 {FIRST_YEAR} 至 {LAST_YEAR} 年的周次，"
                      f"例如 {self.example}", param, ctx)
        weeks = Week.of(date(year, 12, 28)).number   # 28 December always lies in its year's last ISO week
        if not 1 <= number <= weeks:
            self.fail(f"{value} 不存在：{year} 年共 {weeks} 周（W01–W{weeks}），例如 {self.example}", param, ctx)
        return Week(year, number)


@report.command("week")
@click.option("--week", type=WeekType(), metavar="YYYY-Www",
              help="ISO 周次，例如 2026-W47（默认：今天之前最近一个完整的周，北京时间）")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default=None,
              help="html 网页 | md 文字表格 | json 供其他程序读取（默认 html）")
@click.option("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕）；不写进 records/ 等仓库目录")
@FORCE_OPTION
@click.pass_context
def report_week(ctx: click.Context, week, fmt, output, force):
    """前台周汇总：一周（周一至周日）前台各项工作的数字，即岗位职责“汇总本周前台各项工作信息”。

    包裹代收、领取和周末仍待领取；钥匙借出和过夜；业主卡、车卡、钥匙扣的办理与收费，业主卡是否按时通知领取。

    放行条和装修工人出入证；前台开的传递单和本周关闭的；本周的装修档案记录。

    钥匙过夜、业主卡未按时通知、出入证过期仍借钥匙，与 wutong check 的判断相同（时限取岗位职责）。

    不写 --week 时统计今天之前最近一个完整的周（北京时间）。业主姓名和电话一律打码。

    记录有错误时不生成，先列出全部问题。

    \b
    例：
      wutong report week
      wutong report week --week 2026-W47 --format md
      wutong report week --week 2026-W47 -o 第47周前台周汇总.html
      wutong report week --week 2026-W47 --format json
    """
    from ..core import dates
    from ..core.output import check_file
    from ..outputs.report.week import last_complete_week
    from ..outputs.report.week_render import make_week_report

    obj: Context = ctx.obj
    group = ctx.parent
    if group.params.get("month") is not None:
        raise click.UsageError("前台周汇总按周统计，不用 --month：请改用 --week，例如 --week 2026-W47", ctx)
    if fmt is None and group.get_parameter_source("fmt") is click.core.ParameterSource.COMMANDLINE:
        fmt = group.params["fmt"]   # `wutong report --format md week` means the same as `week --format md`
        if fmt not in ("html", "md", "json"):
            raise click.UsageError(f"前台周汇总没有 {fmt} 格式：请用 --format html、md 或 json", ctx)
    output, force = output or group.params["output"], force or group.params["force"]
    today = dates.now().date()
    week = week or last_complete_week(today)
    if output:
        check_file(obj.root, output, force)
    emit(obj.root, make_week_report(obj.root, week, fmt or "html", today), output, force)
