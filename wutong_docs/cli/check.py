"""`wutong check`: the supervisor's daily check, the work the duty book asks for that the records do not show."""

from __future__ import annotations

import sys
from datetime import timedelta

import click

from .chinese import Command
from .dates import DAY
from .options import ROLE_HELP, ROLE_TYPE, Context


@click.command(cls=Command)
@click.option("--date", "day", type=DAY, help="检查到哪一天为止（含当天，默认昨天），例如 2026-11-26 或 今天、11月26日")
@click.option("--since", type=DAY, help="从哪一天查起（默认 --date 之前 30 天，共 31 天），例如 2026-11-01 或 11月1日")
@click.option("--staff", envvar="WUTONG_STAFF", metavar="ID",
              help="只看这位员工的缺失及其岗位的全部门事项（org.yml 中的 id；也可设环境变量 WUTONG_STAFF）")
@click.option("--role", type=ROLE_TYPE,
              help=f"只看一个岗位的人及该岗位的全部门事项：{ROLE_HELP}")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def check(obj: Context, day, since, staff, role, fmt):
    """每日检查：职责要求到某天应有、而记录里没有的工作，按人列出，每项一行写明要补什么。

    默认查最近 31 天（到 --date 为止，含当天），缺失不会在月初消失；--since 改起始日。
    从不查本小区记录开始之前的工作：records/org.yml 的 since（wutong init 写下建库那天）之前一概不查；
    没有 since 时，默认的 31 天不早于最早的一份日常记录。
    工作日志及巡查按当月排班表（records/roster/YYYY-MM.yml）查在岗的人，周末值班也查、请假调休的不查；
    没有排班表的月份按法定工作日查，并说明一次。还查周报（周五 14:00 前，遇休息日按职责说明改期）、
    传递单（逾期未完成、完成未回访、回访不满意未重新打开、回访后 3 个工作日内未关闭）、会议记录（周例会、月度例会、培训、早会、每季度的业主座谈）、
    会议待办中传递单未完成的事项，以及每条 record: cite 的职责在它的时段（每天、每周、每月某段、每季度、每年）
    内有没有人在工作日志里写【简称】、record: report 的职责有没有上月的月度分析。岗位没人在岗的职责记在全部门名下。
    有错误的记录（如还没填完的草稿）不参加检查，列在最前面；其余记录照常检查。
    先按人、再列全部门的事项；同一职责连续几天、几周的缺失合成一行，同一时段缺的几个【简称】合成一行；
    职责原文只在最后的图例中写一次。--staff 只看一个人（及其岗位的全部门事项），--role 只看一个岗位。
    全部齐全时退出码为 0，有缺失或有错误的记录时为 1。JSON 的各个键见工作手册“参考 › 工作日历与每日检查”。

    \b
    例：
      wutong check                       主管每天早上检查前一天为止的工作
      wutong check --date 2026-11-26
      wutong check --date 2026-11-30 --since 2026-11-01
      wutong check --staff 员工编号      只看这位员工的（设了 WUTONG_STAFF 时不必写）
      wutong check --role front_desk     只看前台岗位的
      wutong check --format json
    """
    from ..check.duty_gaps import run_check
    from ..check.listing import build, format_json, format_text, select, summary
    from ..core.dates import now

    if staff and role:
        raise click.UsageError("--staff 和 --role 只能给一个：看一个人用 --staff，看一个岗位用 --role")
    on = day or now().date() - timedelta(days=1)
    checked = select(run_check(obj.root, on, since), staff, role)
    report = build(checked, checked.since, on)
    click.echo(format_json(report) if fmt == "json" else format_text(report), nl=False)
    for note in checked.notes:
        click.echo(note, err=True)
    click.echo(summary(report), err=True)
    sys.exit(1 if report.failed else 0)
