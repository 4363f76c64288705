"""`wutong slip …`: a slip's next step (派工、处理、完成、回访、关闭、重新打开、作废), one library call each (`slip_events.py`).

One module for the group, as the front desk's quick entries have (desk.py). The slip's id may
come before the step, as staff say it (`wutong slip S-20261124-wang-fang-01 dispatch`), or after
it, as the help's usage line shows it (`wutong slip dispatch S-20261124-wang-fang-01`).
"""

from __future__ import annotations

import click

from .chinese import Group
from .dates import MOMENT

BY = click.option("--by", envvar="WUTONG_STAFF", metavar="ID",
                  help="记录人的员工编号（org.yml 中的 id，或其姓名；也可设环境变量 WUTONG_STAFF）")
AT = click.option("--at", type=MOMENT, help="补记时的时间 \"YYYY-MM-DD HH:MM\"（默认现在，北京时间）")
NOTE = click.option("--note", metavar="TEXT", help="说明，例如 \"工程部更换水龙头阀芯\"")
SLIP_ID = click.argument("slip_id", metavar="ID")


class SlipGroup(Group):
    """`wutong slip ID STEP …` read as `wutong slip STEP ID …`: the id first is how staff say it."""

    def parse_args(self, ctx, args):
        """Move a leading slip id after the step's name, so both orders run the same command."""
        if len(args) >= 2 and args[0] not in self.commands and args[1] in self.commands:
            args = [args[1], args[0], *args[2:]]
        elif args and args[0] not in self.commands and not args[0].startswith("-") and not ctx.resilient_parsing:
            raise click.UsageError(self._no_step(args), ctx)  # an id, then no step or one that is not: say which are
        return super().parse_args(ctx, args)

    def _no_step(self, args) -> str:
        import difflib

        steps = "、".join(self.commands)
        words = [a for a in args[:2] if not a.startswith("-") and not a.upper().startswith("S-")]
        if not words:  # a slip id and nothing after it
            return f"{args[0]} 之后请写上要记的一步：{steps}，例如 wutong slip {args[0]} done"
        close = difflib.get_close_matches(words[0], list(self.commands), n=1, cutoff=0.6)
        hint = f"（是不是 {close[0]}？）" if close else ""
        return f"{words[0]} 不是可记的一步{hint}；可用：{steps}"


@click.group(cls=SlipGroup)
def slip():
    """传递单的处理经过：派工、开始处理、完成、回访、关闭、重新打开、作废，一条命令记一步。

    \b
    每条命令在传递单 records/slips/YYYY/MM/ID.md 的 events 中加一条 {at, by, status, …}，
    时间为现在的北京时间；文件其余部分（注释、顺序、格式）原样保留。状态的先后与
    wutong validate 的规则相同：不合规的一步不写，说明原因和此时可用的命令。
    传递单编号即传递单的文件名（不带 .md），形如 S-20261124-员工编号-01；
    员工编号是 records/org.yml 中 staff 的 id。
    例：
      wutong slip 传递单编号 dispatch --to engineering --by 员工编号
      wutong slip 传递单编号 start --by 员工编号
      wutong slip 传递单编号 done --note 更换龙头 --by 员工编号
      wutong slip 传递单编号 revisit --result 满意 --by 员工编号
      wutong slip 传递单编号 close --by 员工编号
    """


def _run(obj, slip_id, step, by, at, note, **more) -> None:
    from ..authoring.slip_events import record_step

    click.echo(record_step(obj.root, slip_id, step, by, at, note=note, **more).as_text())


@slip.command("dispatch")
@SLIP_ID
@click.option("--to", "to", metavar="部门",
              help="派往部门：org.yml 中的编号或中文名，例如 engineering 或 工程部（默认传递单的 to）")
@BY
@AT
@NOTE
@click.pass_obj
def dispatch(obj, slip_id, to, by, at, note):
    """派工（或转派）：传递单 ID 派往 --to 部门，状态变为 dispatched 已派工。

    \b
    可在开单后、派工后（转派）、重新打开后派工。ID 也可以写在 dispatch 前面。
    例：
      wutong slip 传递单编号 dispatch --to engineering --by 员工编号
      wutong slip dispatch 传递单编号 --to 工程部 --at "2026-11-24 10:25"
    """
    _run(obj, slip_id, "dispatch", by, at, note, to=to)


@slip.command("start")
@SLIP_ID
@BY
@AT
@NOTE
@click.pass_obj
def start(obj, slip_id, by, at, note):
    """开始处理：状态变为 in_progress 处理中（处理中可再记，追加处理经过）。

    \b
    例：
      wutong slip 传递单编号 start --note 工程部已上门查看 --by 员工编号
      wutong slip start 传递单编号 --note 工程部已上门查看 --by 员工编号
    """
    _run(obj, slip_id, "start", by, at, note)


@slip.command("done")
@SLIP_ID
@BY
@AT
@NOTE
@click.pass_obj
def done(obj, slip_id, by, at, note):
    """处理完成：状态变为 done 已完成；之后须回访（revisit）才能关闭。

    \b
    例：
      wutong slip 传递单编号 done --note 工程部更换水龙头阀芯 --by 员工编号
      wutong slip done 传递单编号 --note 工程部更换水龙头阀芯 --by 员工编号
    """
    _run(obj, slip_id, "done", by, at, note)


@slip.command("revisit")
@SLIP_ID
@click.option("--result", required=True, metavar="结果",
              help="回访结果：satisfied 满意 | unsatisfied 不满意（编号或中文名）")
@BY
@AT
@NOTE
@click.pass_obj
def revisit(obj, slip_id, result, by, at, note):
    """回访：完成后回访业主，状态变为 revisited 已回访；不满意时下一步须重新打开（reopen）。

    \b
    例：
      wutong slip 传递单编号 revisit --result 满意 --by 员工编号
      wutong slip revisit 传递单编号 --result 满意 --by 员工编号
    """
    _run(obj, slip_id, "revisit", by, at, note, result=result)


@slip.command("close")
@SLIP_ID
@BY
@AT
@NOTE
@click.pass_obj
def close(obj, slip_id, by, at, note):
    """关闭：回访满意后关闭，状态变为 closed 已关闭；关闭后不能再记。

    \b
    例：
      wutong slip 传递单编号 close --by 员工编号
      wutong slip close 传递单编号 --by 员工编号
    """
    _run(obj, slip_id, "close", by, at, note)


@slip.command("reopen")
@SLIP_ID
@BY
@AT
@NOTE
@click.pass_obj
def reopen(obj, slip_id, by, at, note):
    """重新打开：完成或回访后问题仍在，状态变为 reopened 重新打开，再派工或处理。

    \b
    例：
      wutong slip 传递单编号 reopen --note 业主称仍有滴水 --by 员工编号
      wutong slip reopen 传递单编号 --note 业主称仍有滴水 --by 员工编号
    """
    _run(obj, slip_id, "reopen", by, at, note)


@slip.command("cancel")
@SLIP_ID
@BY
@AT
@NOTE
@click.pass_obj
def cancel(obj, slip_id, by, at, note):
    """作废：未完成的传递单作废（重复开单、业主撤回），状态变为 cancelled 已作废；作废后不能再记。

    \b
    例：
      wutong slip 传递单编号 cancel --note 重复开单 --by 员工编号
      wutong slip cancel 传递单编号 --note 重复开单 --by 员工编号
    """
    _run(obj, slip_id, "cancel", by, at, note)
