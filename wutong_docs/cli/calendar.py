"""`wutong calendar`: one role's (or one person's) month of work from the duty book, to print, publish or import."""

from __future__ import annotations

import click

from .chinese import Command
from .dates import MONTH
from .options import FORCE_OPTION, ROLE_HELP, ROLE_TYPE, ROLE_WORDS, Context, emit


@click.command(cls=Command)
@click.option("--role", type=ROLE_TYPE,
              help=f"岗位：{ROLE_HELP}")
@click.option("--month", required=True, type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-12 或 2026年12月、12月、本月")
@click.option("--staff", metavar="ID", help="只看某位员工（按其岗位和片区）")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "ics"]), default="html", show_default=True,
              help="html 打印版（A4 横向）| md 站点用 | ics 手机日历")
@click.option("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕）；不写进 records/ 等仓库目录")
@FORCE_OPTION
@click.pass_obj
def calendar(obj: Context, role, month, staff, fmt, output, force):
    """岗位工作日历：按职责说明和中国法定节假日（含调休）排出某月每天的工作。

    \b
    例：
      wutong calendar --role area_manager --month 2026-12 -o 片区管理员-12月.html
      wutong calendar --staff 员工编号 --month 2026-12 --format ics -o 我的日历.ics
      wutong calendar --role supervisor --month 2026-10 --format md
    """
    from ..core.output import check_file
    from ..outputs.calendar import make_calendar

    if output:
        check_file(obj.root, output, force)
    result = make_calendar(obj.root, month, role, staff, fmt, role_words=ROLE_WORDS)
    emit(obj.root, result, output, force)
