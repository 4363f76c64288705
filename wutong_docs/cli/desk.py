"""`wutong desk …` and `wutong renovation event`: the quick-entry commands, one library call each (`desk_entry.py`).

One module, as every command group has, so that the front desk's dozen commands read as
one page; main.py only adds the two groups. Each command prints the row it wrote as
`path:line: row`, the way validate points at a line.
"""

from __future__ import annotations

import click

from .chinese import Group
from .dates import MOMENT

STAFF = click.option("--staff", envvar="WUTONG_STAFF", metavar="ID",
                     help="登记人的员工编号（org.yml 中的 id；也可设环境变量 WUTONG_STAFF）")
AT = click.option("--at", type=MOMENT, help="补记时的时间 \"YYYY-MM-DD HH:MM\"（默认现在，北京时间）")


def _staff(root, staff: str | None) -> str:
    """The person registering; without one, the ids to choose from, as `wutong new` gives them."""
    if not staff:
        from ..authoring.new_record import known_staff, read_org

        known_staff(read_org(root), None, "--staff", "登记人的")   # refuses, listing every id
    return staff


def _echo(written) -> None:
    click.echo(written.as_text())


@click.group(cls=Group)
def desk():
    """前台登记：钥匙借用、包裹代收、业主卡/车卡/钥匙扣、放行条，一条命令登记一行。

    \b
    每条命令在今天的登记表 records/desk/YYYY/MM/YYYY-MM-DD.md 中加一行，或补全它点名的那一行
    （在原来那天的登记表中），时间为现在的北京时间；文件其余部分（注释、顺序、格式）原样保留。
    例：
      wutong desk key out 3-2-501 --to "装修工王师傅" --purpose 装修 --staff 员工编号
      wutong desk key back 3-2-501 --staff 员工编号
      wutong desk parcel in 6-1-302 --carrier 顺丰 --staff 员工编号
      wutong desk parcel picked P-20261126-01
      wutong desk card apply 2-1-1201 --kind owner_card --fee 20 --staff 员工编号
      wutong desk card notified 2-1-1201
      wutong desk pass 5-2-902 --items 旧沙发一套 --approved-by 员工编号 --staff 员工编号
    """


@desk.group()
def key():
    """钥匙借用：out 借出、back 归还（钥匙不得过夜）。"""


@key.command("out")
@click.argument("home")
@click.option("--to", "to", required=True, help="借用人，例如 \"装修工王师傅\"")
@click.option("--purpose", required=True, help="用途，例如 装修、维修")
@STAFF
@AT
@click.pass_obj
def key_out(obj, home, to, purpose, staff, at):
    """登记借出 HOME（楼栋-单元-房号）的钥匙。

    \b
    例：
      wutong desk key out 3-2-501 --to "装修工王师傅" --purpose 装修 --staff 员工编号
    """
    from ..authoring.desk_entry import key_out as run
    _echo(run(obj.root, home, to, purpose, _staff(obj.root, staff), at))


@key.command("back")
@click.argument("home")
@STAFF
@AT
@click.pass_obj
def key_back(obj, home, staff, at):
    """登记 HOME 的钥匙归还（补全借出那天登记表中的那一行）。

    \b
    例：
      wutong desk key back 3-2-501 --staff 员工编号
    """
    from ..authoring.desk_entry import key_back as run
    _echo(run(obj.root, home, _staff(obj.root, staff), at))


@desk.group()
def parcel():
    """包裹代收：in 收到、notified 已通知、picked 已领取。"""


@parcel.command("in")
@click.argument("home")
@click.option("--carrier", required=True, help="快递公司，例如 顺丰")
@STAFF
@AT
@click.pass_obj
def parcel_in(obj, home, carrier, staff, at):
    """登记代收 HOME 的一件包裹；编号 P-日期-序号 自动取当天下一个。

    \b
    例：
      wutong desk parcel in 6-1-302 --carrier 顺丰 --staff 员工编号
    """
    from ..authoring.desk_entry import parcel_in as run
    _echo(run(obj.root, home, carrier, _staff(obj.root, staff), at))


@parcel.command("notified")
@click.argument("parcel_id", metavar="ID")
@AT
@click.pass_obj
def parcel_notified(obj, parcel_id, at):
    """登记已通知业主领取包裹 ID。

    \b
    例：
      wutong desk parcel notified P-20261126-01
    """
    from ..authoring.desk_entry import parcel_done
    _echo(parcel_done(obj.root, parcel_id, "notified", at))


@parcel.command("picked")
@click.argument("parcel_id", metavar="ID")
@AT
@click.pass_obj
def parcel_picked(obj, parcel_id, at):
    """登记包裹 ID 已被领取。

    \b
    例：
      wutong desk parcel picked P-20261126-01
    """
    from ..authoring.desk_entry import parcel_done
    _echo(parcel_done(obj.root, parcel_id, "picked", at))


@desk.group()
def card():
    """业主卡、车卡、钥匙扣：apply 办理、notified 已通知领取、collected 已领取。"""


@card.command("apply")
@click.argument("home")
@click.option("--kind", type=click.Choice(["owner_card", "car_card", "key_fob"]), required=True,
              help="owner_card 业主卡 | car_card 车卡 | key_fob 钥匙扣")
@click.option("--fee", type=click.IntRange(min=0), help="收费（元）")
@STAFF
@AT
@click.pass_obj
def card_apply(obj, home, kind, fee, staff, at):
    """登记为 HOME 办理一张卡（12 点前办理的业主卡须在 12 点前通知，18 点前的须在 18 点前通知）。

    \b
    例：
      wutong desk card apply 2-1-1201 --kind owner_card --fee 20 --staff 员工编号
    """
    from ..authoring.desk_entry import card_apply as run
    _echo(run(obj.root, home, kind, fee, _staff(obj.root, staff), at))


@card.command("notified")
@click.argument("home")
@click.option("--kind", type=click.Choice(["owner_card", "car_card", "key_fob"]), help="只找这一种卡")
@AT
@click.pass_obj
def card_notified(obj, home, kind, at):
    """登记已通知 HOME 领取卡。

    \b
    例：
      wutong desk card notified 2-1-1201
    """
    from ..authoring.desk_entry import card_done
    _echo(card_done(obj.root, home, "notified", kind, at))


@card.command("collected")
@click.argument("home")
@click.option("--kind", type=click.Choice(["owner_card", "car_card", "key_fob"]), help="只找这一种卡")
@AT
@click.pass_obj
def card_collected(obj, home, kind, at):
    """登记 HOME 已领取卡。

    \b
    例：
      wutong desk card collected 2-1-1201
    """
    from ..authoring.desk_entry import card_done
    _echo(card_done(obj.root, home, "collected", kind, at))


@desk.command("pass")
@click.argument("home")
@click.option("--items", required=True, help="放行物品，例如 旧沙发一套")
@click.option("--approved-by", required=True, metavar="ID", help="批准人的员工编号")
@click.option("--checked-by", help="查验人，例如 门岗")
@STAFF
@AT
@click.pass_obj
def release_pass(obj, home, items, approved_by, checked_by, staff, at):
    """登记一张放行条；编号 F-日期-序号 自动取当天下一个。

    \b
    例：
      wutong desk pass 5-2-902 --items 旧沙发一套 --approved-by 员工编号 --checked-by 门岗 --staff 员工编号
    """
    from ..authoring.desk_entry import release_pass as run
    _staff(obj.root, staff)
    _echo(run(obj.root, home, items, approved_by, checked_by, staff, at))


@click.group(cls=Group)
def renovation():
    """装修档案：给住户的装修档案加一条记录。"""


@renovation.command("event")
@click.argument("home")
@click.argument("kind", metavar="TYPE")
@click.option("--note", help="说明")
@click.option("--slip", metavar="ID", help="违规时所开的传递单编号")
@STAFF
@AT
@click.pass_obj
def renovation_event(obj, home, kind, note, slip, staff, at):
    """给 HOME 的装修档案加一条 TYPE 记录。

    TYPE：inspection 巡查 | violation 违规 | waste_started 开始堆放装修垃圾 | waste_removed 清运 |
    completion 竣工验收（状态改为 completed）| refund 退还押金（状态改为 refunded）。

    \b
    例：
      wutong renovation event 3-2-501 waste_started --staff 员工编号
      wutong renovation event 3-2-501 violation --note 擅自拆改 --slip 传递单编号 --staff 员工编号
    """
    from ..authoring.desk_entry import renovation_event as run
    _echo(run(obj.root, home, kind, _staff(obj.root, staff), note, slip, at))
