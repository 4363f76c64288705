"""`wutong report` and `wutong report attendance`: the month's figures, and the attendance sheet for the office."""

from __future__ import annotations

import click

from .chinese import Group
from .dates import MONTH
from .options import FORCE_OPTION, Context, emit

BINARY_TO_SCREEN = "{what}，不能输出到屏幕：请用 -o 写入文件，例如 -o {example}"


def _month_given(ctx: click.Context, month):
    """`--month` is required, but a group cannot mark it so (its subcommands would then need it before their name)."""
    if month is None:
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "month"))
    return month


@click.group(cls=Group, invoke_without_command=True, subcommand_metavar="[attendance [选项]]")
@click.option("--month", type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-11（必填）")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md", "json", "xlsx"]), default="html", show_default=True,
              help="html 网页（含图表）| pdf 打印版 A4，每节一页（须写 -o）| md 文字表格 | json 供其他程序读取 | xlsx Excel（每节一张工作表，须写 -o）")
@click.option("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕）；不写进 records/ 等仓库目录")
@FORCE_OPTION
@click.pass_context
def report(ctx: click.Context, month, fmt, output, force):
    """月报：某月的传递单、欠费、人员考勤与前台收费统计（主管每月 1—10 日的统计分析）。

    传递单按“当月开单、月末最后一刻的状态”统计（口径写在表格下方），并列出上月。

    欠费按财务当月第一份和最后一份欠费名单分片区统计，收缴率按 org.yml 的户数计。

    人员的在岗天数按当月排班表，没有排班表时按法定工作日。只有人数、户数和金额合计，不出现业主姓名和电话。

    html 和 pdf 带图表（传递单分类与近 12 个月走势、各片区欠费户数、满意度）；pdf 每节一页 A4，必须用 -o 写入文件。

    xlsx 每节一张工作表，数字是可以求和的数值，比率带百分号格式；必须用 -o 写入文件。

    每月 2 日前交办公室的考勤表用 wutong report attendance（见 wutong report attendance --help）。

    记录有错误时不生成，先列出全部问题。

    \b
    例：
      wutong report --month 2026-11 -o 11月月报.html
      wutong report --month 2026-11 --format pdf -o 11月月报.pdf
      wutong report --month 2026-11 --format md
      wutong report --month 2026-11 --format json
      wutong report --month 2026-11 --format xlsx -o 11月月报.xlsx
      wutong report attendance --month 2026-11 -o 11月考勤表.xlsx
    """
    if ctx.invoked_subcommand is not None:
        return  # `report attendance …`: the subcommand takes its own options
    from ..core.output import check_file
    from ..outputs import report as monthly

    obj: Context = ctx.obj
    month = _month_given(ctx, month)
    if fmt in ("xlsx", "pdf") and not output:
        what = "xlsx 月报是 Excel 文件" if fmt == "xlsx" else "PDF 月报是打印文件"
        raise click.ClickException(BINARY_TO_SCREEN.format(what=what, example=f"{month.label(year=False)}月报.{fmt}"))
    if output:
        check_file(obj.root, output, force)
    emit(obj.root, monthly.make_report(obj.root, month, fmt), output, force)


@report.command("attendance")
@click.option("--month", type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-11（必填）")
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
