"""`wutong new …`: a new record from its template in templates/new/, dates, staff and numbers filled in."""

from __future__ import annotations

import click

from .chinese import Group
from .dates import DAY, MOMENT, MONTH
from .options import Context


@click.group(cls=Group)
def new():
    """新建记录：按 templates/new/ 中的模板生成，预填日期、员工和编号，从不覆盖已有文件。"""


STAFF_OPTION = click.option("--staff", envvar="WUTONG_STAFF", metavar="ID",
                            help="员工编号（org.yml 中的 id，或其姓名；也可设环境变量 WUTONG_STAFF）")


@new.command("log")
@STAFF_OPTION
@click.option("--date", "day", type=DAY, help="日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_log(obj: Context, staff, day):
    """新建工作日志（今日完成情况 + 次日工作计划）。

    \b
    例：
      wutong new log --staff 员工编号
      wutong new log --staff 员工编号 --date 2026-11-26
    """
    from ..authoring.new_record import new_log as make

    click.echo(make(obj.root, staff, day))


@new.command("slip")
@STAFF_OPTION
@click.option("--opened", type=MOMENT, help="开单时间 \"YYYY-MM-DD HH:MM\"（默认现在）")
@click.option("--channel", help="来源：phone 电话 | visit 来访 | patrol 巡查 | internal 内部（编号或中文名）")
@click.option("--category", help="类别：repair 报修 | complaint 投诉 | inquiry 咨询 | quality 房屋质量 | other 其他（编号或中文名）")
@click.option("--unit", help="楼栋-单元-房号，例如 3-2-501")
@click.option("--contact", help="业主称呼和电话，例如 \"陈先生 13812345678\"")
@click.option("--to", "to", help="派往部门：org.yml 中的编号或中文名，例如 engineering 或 工程部")
@click.pass_obj
def new_slip(obj: Context, staff, opened, **fields):
    """新建内部工作信息传递单，自动取当天该员工的下一个序号。

    \b
    例：
      wutong new slip --staff 员工编号 --channel phone --category repair \\
          --unit 3-2-501 --contact "陈先生 13812345678" --to engineering
    """
    from ..authoring.new_record import new_slip as make

    click.echo(make(obj.root, staff, opened, **fields))


@new.command("weekly")
@STAFF_OPTION
@click.option("--date", "day", type=DAY, help="该周内的任一天 YYYY-MM-DD 或 今天、11月26日（默认本周）")
@click.pass_obj
def new_weekly(obj: Context, staff, day):
    """新建本周的周报（本周工作 + 下周重点），每周五 14:00 前提交。

    \b
    例：
      wutong new weekly --staff 员工编号
      wutong new weekly --staff 员工编号 --date 2026-11-27
    """
    from ..authoring.new_record import new_weekly as make

    click.echo(make(obj.root, staff, day))


@new.command("minutes")
@click.option("--kind", required=True, help="会议类型：morning | weekly | monthly | company-weekly | owner-forum | training")
@click.option("--date", "day", type=DAY, help="日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.option("--chair", metavar="ID", help="主持人员工编号（默认主管）")
@click.pass_obj
def new_minutes(obj: Context, kind, day, chair):
    """新建会议记录或培训记录，出席名单预填全体员工。

    \b
    例：
      wutong new minutes --kind weekly
      wutong new minutes --kind training --date 2026-11-18
    """
    from ..authoring.new_record import new_minutes as make

    click.echo(make(obj.root, kind, day, chair))


@new.command("notice")
@click.option("--kind", required=True,
              help="通知类型：theme 月度主题 | activity 社区活动 | outage 停水停电 | greeting 节日问候 | "
                   "renovation 装修公示 | dunning 催缴函 | collection 收缴情况公示 | general 通知")
@click.option("--posted", type=DAY, help="张贴日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.option("--name", "slug", metavar="NAME", help="文件名（小写英文、数字、连字符，如 winter-heating；默认 类型-日期）")
@click.pass_obj
def new_notice(obj: Context, kind, posted, slug):
    """新建公示栏通知（或催缴函），预填张贴日期、撤下日期和张贴范围。

    \b
    例：
      wutong new notice --kind outage --posted 2026-12-08 --name building-2-power-cut
      wutong new notice --kind dunning --posted 2026-12-15
    """
    from ..authoring.new_record import new_notice as make

    click.echo(make(obj.root, kind, posted, slug))


@new.command("desk")
@STAFF_OPTION
@click.option("--date", "day", type=DAY, help="日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_desk(obj: Context, staff, day):
    """新建当天的前台登记表（钥匙、包裹、业主卡/车卡/钥匙扣、放行条），在前台的人预填为 --staff。

    \b
    例：
      wutong new desk --staff 员工编号
      wutong new desk --staff 员工编号 --date 2026-11-26
    平时用 wutong desk key out 等命令登记即可，当天没有登记表时它们会自动新建。
    """
    from ..authoring.new_record import new_desk as make

    click.echo(make(obj.root, staff, day))


@new.command("renovation")
@click.argument("home")
@click.option("--contractor", required=True, help="施工单位，例如 城南家装工程队")
@click.option("--applied", type=DAY, help="申请日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天），决定档案名中的年月")
@click.pass_obj
def new_renovation(obj: Context, home, contractor, applied):
    """新建一户的装修档案 records/renovations/房号-申请年月.md，许可、出入证、巡查记录留空待填。

    \b
    例：
      wutong new renovation 3-2-501 --contractor 城南家装工程队
      wutong new renovation 3-2-501 --contractor 城南家装工程队 --applied 2026-11-02
    """
    from ..authoring.new_record import new_renovation as make

    click.echo(make(obj.root, home, contractor, applied))


@new.command("inspection")
@click.option("--kind", required=True,
              help="检查种类：monthly 月检 | spot 抽查 | cleanliness 卫生 | vacant 空置房 | renovation 装修（中文名也可）")
@click.option("--area", required=True, help="片区编号（如 A，也可写 A区）；检查服务中心卫生写 center（或 服务中心）")
@click.option("--by", "staff", envvar="WUTONG_STAFF", metavar="ID",
              help="检查人的员工编号（org.yml 中的 id，或其姓名；也可设环境变量 WUTONG_STAFF）")
@click.option("--date", "day", type=DAY, help="检查日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_inspection(obj: Context, kind, area, staff, day):
    """新建检查记录 records/inspections/年/月/日期-种类-片区.md，列出 records/checklists.yml 中该种类的全部检查项目，结果留空待填。

    \b
    例：
      wutong new inspection --kind monthly --area A --by 员工编号 --date 2026-11-16
      wutong new inspection --kind 卫生 --area 服务中心 --by 员工编号
    """
    from ..authoring.new_record import new_inspection as make

    click.echo(make(obj.root, kind, area, staff, day))


@new.command("survey")
@click.option("--home", required=True, help="楼栋-单元-房号，例如 3-2-501")
@click.option("--by", "staff", envvar="WUTONG_STAFF", metavar="ID",
              help="做调查的员工编号（org.yml 中的 id，或其姓名；也可设环境变量 WUTONG_STAFF）")
@click.option("--date", "day", type=DAY, help="调查日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_survey(obj: Context, home, staff, day):
    """新建一户的满意度调查 records/surveys/年/月/日期-房号.md，列出 duties.yml 中的全部调查项目，分数留空待填。

    \b
    例：
      wutong new survey --home 3-2-501 --by 员工编号
      wutong new survey --home 3-2-501 --by 员工编号 --date 2026-11-12
    """
    from ..authoring.new_record import new_survey as make

    click.echo(make(obj.root, home, staff, day))


@new.command("roster")
@click.option("--month", required=True, type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-12 或 2026年12月、12月")
@click.pass_obj
def new_roster(obj: Context, month):
    """新建某月的排班表：平日按法定工作日，周末和节假日由前台、片区管理员轮流值班（按 org.yml 顺序），请假调休留空待填。

    \b
    例：
      wutong new roster --month 2026-12
    """
    from ..authoring.new_record import new_roster as make

    click.echo(make(obj.root, month))


@new.command("report")
@click.option("--month", required=True, type=MONTH, metavar="YYYY-MM", help="所分析的月份，例如 2026-11 或 2026年11月、11月、上月")
@click.option("--by", metavar="ID", help="撰写人员工编号（默认主管）")
@click.pass_obj
def new_report(obj: Context, month, by):
    """新建主管的月度分析 records/reports/YYYY-MM.md（本月概况、存在问题、整改措施），概况中预填本月统计数字。

    \b
    例：
      wutong new report --month 2026-11
    正文原样写进 wutong report 的“分析与整改”一节；其中的数字由 wutong validate 与记录核对。
    """
    from ..authoring.new_record import new_report as make

    click.echo(make(obj.root, month, by))


@new.command("case")
@click.option("--home", required=True, help="楼栋-单元-房号，例如 3-2-501")
@click.option("--amount", required=True, help="建档时的欠费（元，最多两位小数），例如 5230.00")
@click.option("--by", "staff", metavar="ID", help="建档人员工编号（默认主管）")
@click.option("--opened", type=DAY, help="建档日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_case(obj: Context, home, amount, staff, opened):
    """新建一户的欠费案件 records/cases/房号-序号.md（序号为该户的下一个），进展（律师函、起诉……结案）留空待填。

    \b
    例：
      wutong new case --home 3-2-501 --amount 5230.00
      wutong new case --home 3-2-501 --amount 5230.00 --by 员工编号 --opened 2026-11-12
    """
    from ..authoring.new_case_legacy import new_case as make

    click.echo(make(obj.root, home, amount, staff, opened))


@new.command("legacy")
@click.option("--title", required=True, help="问题，例如 7栋屋面防水渗漏")
@click.option("--area", required=True, help="片区编号或名称，例如 B 或 B区")
@click.option("--by", "staff", metavar="ID", help="建档人员工编号（默认主管）")
@click.option("--opened", type=DAY, help="建档日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_legacy(obj: Context, title, area, staff, opened):
    """新建一个历史遗留问题 records/legacy/L-年份-序号.md，处理计划和经过留空待填。

    \b
    例：
      wutong new legacy --title 7栋屋面防水渗漏 --area B
      wutong new legacy --title 4栋未办房产证 --area A区 --by 员工编号 --opened 2026-11-18
    """
    from ..authoring.new_case_legacy import new_legacy as make

    click.echo(make(obj.root, title, area, staff, opened))
@new.command("lease")
@click.option("--space", required=True, help="车位编号：区位-号，例如 B2-118")
@click.option("--home", required=True, help="租用的住户：楼栋-单元-房号，例如 3-2-501")
@click.option("--plate", required=True, help="车牌号，例如 浙A12345；新能源车 浙AD12345")
@click.option("--from", "start", required=True, type=DAY, help="起租日 YYYY-MM-DD 或 2026年12月1日、12月1日")
@click.option("--to", "end", required=True, type=DAY, help="到期日 YYYY-MM-DD 或 2027年11月30日（租期的最后一天）")
@click.option("--card", required=True, help="停车场 IC 卡号：照卡面抄写的 8–10 位数字")
@click.option("--by", "staff", envvar="WUTONG_STAFF", metavar="ID",
              help="经办人员工编号（也可设环境变量 WUTONG_STAFF；不写则不记经办人）")
@click.option("--signed", type=DAY, help="签约日 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天）")
@click.pass_obj
def new_lease(obj: Context, space, home, plate, start, end, card, staff, signed):
    """在车位租用登记 records/leases/车位.md 中加一份租用；车位第一次出租时新建这个文件。续租也用这条命令。

    \b
    例：
      wutong new lease --space B2-118 --home 3-2-501 --plate 浙A12345 \\
          --from 2026-11-01 --to 2027-10-31 --card 0012345678 --by 员工编号
    车位、房号、车牌、卡号或日期写错时不写入，并说明怎么改；输出新加的那一项所在的文件和行。
    """
    from ..authoring.lease_work import new_lease as make

    click.echo(make(obj.root, space, home, plate, start, end, card, staff, signed).as_text())


@new.command("workorder")
@click.option("--to", "to", required=True,
              help="接收单位：org.yml 的部门（编号或中文名，如 developer）或 outside 中的外部单位（如 居委会）")
@click.option("--subject", required=True, help="事由，一句话，例如 \"5栋外墙渗水维修\"")
@click.option("--by", "staff", envvar="WUTONG_STAFF", metavar="ID",
              help="发出人员工编号（也可设环境变量 WUTONG_STAFF）")
@click.option("--sent", type=DAY, help="发送日期 YYYY-MM-DD 或 今天、昨天、11月26日（默认今天），决定编号 W-YYYYMMDD-NN")
@click.pass_obj
def new_workorder(obj: Context, to, subject, staff, sent):
    """新建对外工作单 records/workorders/YYYY/MM/W-YYYYMMDD-NN.md，自动取当天的下一个序号。

    \b
    例：
      wutong new workorder --to 居委会 --subject "12栋楼道堆物清理" --by 员工编号
      wutong new workorder --to developer --subject "5栋外墙渗水维修" --by 员工编号 --sent 2026-11-05
    收到答复后在文件中填 answered 和 answer；发出 7 个工作日仍未答复，wutong check 会提醒主管。
    """
    from ..authoring.lease_work import new_workorder as make

    click.echo(make(obj.root, to, subject, staff, sent))
