"""`wutong calendar`: one role's (or one person's) month of work from the duty book, to print, publish or import."""

from __future__ import annotations

import click

from .chinese import Command, LabelledChoice
from .dates import MONTH
from .options import FORCE_OPTION, Context, emit


def _role_labels() -> dict[str, str]:
    from ..reference.org import ROLES
    return ROLES


@click.command(cls=Command)
@click.option("--role", type=LabelledChoice(["supervisor", "area_manager", "front_desk"], _role_labels),
              help="岗位：supervisor 主管 | area_manager 片区管理员 | front_desk 服务中心前台")
@click.option("--month", required=True, type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-12")
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
      wutong calendar --staff li-na --month 2026-12 --format ics -o 李娜.ics
      wutong calendar --role supervisor --month 2026-10 --format md
    """
    from ..core.output import check_file
    from ..outputs.calendar import make_calendar

    if output:
        check_file(obj.root, output, force)
    result = make_calendar(obj.root, month, role, staff, fmt)
    emit(obj.root, result, output, force)
