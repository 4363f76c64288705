"""The `wutong` command line: arguments in, one library call, the result out.

Heavy modules are imported inside each command so that `wutong --help` stays
instant. Library errors (`errors.WutongError`) become a one-line error only
here, at the edge, in one place (`Wutong.invoke`): invalid records
(`ProblemsError`) are printed as `wutong validate` prints them, then the summary.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import click

from . import chinese as cli_chinese
from .dates import DAY, MOMENT, MONTH

cli_chinese.install()  # before the decorators below read click's texts


def find_root(start: Path) -> Path | None:
    """The nearest folder upward from `start` that holds records/."""
    for folder in (start, *start.parents):
        if (folder / "records").is_dir():
            return folder
    return None


class Context:
    """What every command shares: the records repository's root, found lazily so that `--help` works anywhere."""
    def __init__(self, root: str | None):
        self._root = root

    @property
    def root(self) -> Path:
        """The repository root: `--root`, else the nearest folder upward holding records/; a Chinese error when there
        is none.
        """
        if self._root:
            root = Path(self._root).resolve()
            if not (root / "records").is_dir():
                raise click.ClickException(f"{self._root} 下没有 records/ 目录：--root 应指向记录仓库的根目录")
            return root
        root = find_root(Path.cwd().resolve())
        if root is None:
            raise click.ClickException("找不到 records/ 目录：请在记录仓库内运行，或用 --root 指定仓库根目录")
        return root


# commands whose standard output is a document (`> file.html`): problems go to standard error,
# so that they never end up inside the file; the others print them where validate does.
PRINTS_A_DOCUMENT = ("calendar", "notice", "report")


class Wutong(cli_chinese.Group):
    """The top-level group; it turns every library error of every command into the same one-line error."""

    def invoke(self, ctx):
        """Run the command; a `WutongError` (problems included) becomes one Chinese message and exit 1, never a
        traceback.
        """
        from ..core.errors import ProblemsError, WutongError

        try:
            return super().invoke(ctx)
        except click.MissingParameter as exc:
            raise click.UsageError(cli_chinese.missing_message(exc), exc.ctx) from None
        except WutongError as exc:
            if isinstance(exc, ProblemsError):
                from ..core.problems import format_text
                click.echo(format_text(exc.problems), nl=False, err=ctx.invoked_subcommand in PRINTS_A_DOCUMENT)
            raise click.ClickException(str(exc)) from None
        finally:
            _ran[:] = [ctx.invoked_subcommand or ""]   # known once the command has run (`main`)


@click.group(cls=Wutong, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", metavar="DIR", help="记录仓库的根目录（默认：从当前目录向上找到的第一个含 records/ 的目录）")
@click.option("--no-cache", is_flag=True,
              help="不读也不写校验缓存 .wutong-cache/（结果相同，只是慢些；也可设环境变量 WUTONG_NO_CACHE=1）")
@click.version_option(package_name="wutong-docs")
@click.pass_context
def cli(ctx, root, no_cache):
    """物业服务中心客服部的记录工具：校验、新建和打印记录，生成工作手册站点。

    \b
    每个命令一例（详细说明：wutong 命令 --help）：
      wutong init 银杏苑                  为一个小区建立新的记录仓库
      wutong validate                     校验全部记录
      wutong new log --staff li-na        新建今天的工作日志
      wutong check                        主管每日检查：到昨天为止缺了哪些工作
      wutong calendar --role front_desk --month 2026-12 -o 前台-12月.html
                                          打印一个岗位的月度工作日历
      wutong notice render records/notices/2026/12/x.md --pdf 通知.pdf
                                          打印单元公示栏通知（每个公示栏一页 A4）
      wutong report --month 2026-11 -o 11月月报.html
                                          某月的月报：传递单、欠费、人员考勤、前台收费
      wutong build                        校验记录后生成工作手册站点 site/
      wutong serve                        在本机预览工作手册站点
      wutong hook install                 以后每次 git commit 前自动校验
      wutong desk parcel in 6-1-302 --carrier 顺丰 --staff zhou-xue
                                          前台登记一件代收包裹（钥匙、业主卡、放行条同理）
      wutong renovation event 3-2-501 waste_started --staff li-na
                                          在装修档案中记一条记录
    """
    from ..validate import cache as validate_cache

    validate_cache.switch(on=not no_cache)  # every run says it, so one run's --no-cache never outlives it
    ctx.obj = Context(root)


def _relative(root: Path, given: str) -> list[str]:
    # the folders are resolved, the last name is not: a record that is a symlink is
    # checked as the link it is (and refused), not as the file it points to
    absolute = Path(os.path.abspath(given))
    path = absolute.parent.resolve() / absolute.name if absolute.name else absolute.resolve()
    if not os.path.lexists(path):
        raise click.ClickException(f"路径不存在：{given}")
    if not path.is_relative_to(root):
        raise click.ClickException(f"{given} 不在记录仓库 {root} 之内")
    if path.is_dir() and not path.is_symlink():
        from ..validate.loader import discover
        prefix = path.relative_to(root).as_posix()
        return [rel for rel in discover(root) if prefix in (".", "") or rel.startswith(prefix + "/")]
    return [path.relative_to(root).as_posix()]


@cli.command()
@click.argument("paths", nargs=-1, metavar="[路径]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式")
@click.option("--list-codes", is_flag=True, help="列出全部错误代码及处理办法")
@click.option("--staged", is_flag=True,
              help="只校验 git add 暂存、将要提交的内容（提交前钩子用；删除和改动 org.yml 等时校验暂存区全部记录）")
@click.option("--no-cache", is_flag=True, help="不用校验缓存，全部重新读取（同 wutong --no-cache validate）")
@click.pass_obj
def validate(obj: Context, paths, fmt, list_codes, staged, no_cache):
    """校验记录：格式、业务规则和相互引用，一次列出全部问题。

    每个问题一行：文件:行号: error|warning 代码 说明。有错误时退出码为 1，
    只有警告或没有问题时为 0。

    \b
    例：
      wutong validate                                   校验全部记录
      wutong validate records/logs/2026/11/             只校验 11 月的工作日志
      wutong validate --format json > problems.json     以 JSON 输出
      wutong validate --list-codes                      查看错误代码表
      wutong validate --staged                          只校验将要提交的内容（暂存区）
      wutong validate --no-cache                        不用缓存 .wutong-cache/，全部重新读取
    """
    from ..core import problems as P
    from ..validate import cache as validate_cache

    if no_cache:
        validate_cache.switch(on=False)

    if list_codes:
        click.echo(P.format_codes(), nl=False)
        return
    root = obj.root
    if staged:
        report = _validate_staged(root, paths)
    else:
        from ..validate.pipeline import validate as run

        rels = sorted({rel for given in paths for rel in _relative(root, given)}) if paths else None
        report = run(root, rels)
    found = report.problems
    click.echo(P.format_json(found) if fmt == "json" else P.format_text(found), nl=False)
    errors = sum(p.severity == P.ERROR for p in found)
    warnings = len(found) - errors
    click.echo(f"已校验 {report.checked} 个文件：{errors} 个错误，{warnings} 个警告", err=True)
    if staged and errors:
        click.echo("校验的是暂存区（git add 过的内容）：改正后请再 git add，然后提交", err=True)
    sys.exit(1 if errors else 0)


def _validate_staged(root: Path, paths):
    """`validate --staged`: the report on what `git commit` would record; exits 0 when records/ is untouched."""
    from ..validate.staged_files import validate_staged

    if paths:
        raise click.ClickException("--staged 校验的是暂存区中的全部改动，不能同时指定路径")
    outcome = validate_staged(root)
    if outcome is None:
        click.echo("暂存区中没有 records/ 下的改动，不需要校验", err=True)
        sys.exit(0)
    click.echo(outcome.scope, err=True)
    return outcome.report


@cli.group()
def hook():
    """Git 提交前钩子：每次 git commit 前校验将要提交的记录（wutong validate --staged）。"""


@hook.command("install")
@click.option("--force", is_flag=True,
              help="替换已有的、不是 wutong 写入的钩子，或标记行不成对的钩子（原钩子另存为 pre-commit.bak）")
@click.pass_obj
def hook_install(obj: Context, force):
    """安装提交前钩子，用的是运行本命令的这个 Python 和 wutong；重复安装不会改动。

    钩子中自己加的命令（写在 wutong 那一段之前或之后）重新安装时原样保留。

    \b
    例：
      wutong hook install                在记录仓库里运行一次
      wutong hook install --force        替换别的提交前钩子
    """
    from ..validate.git_hooks import install

    done = install(obj.root, force)
    _say_backup(done)
    kept = f"：你自己加的 {done.kept} 行原样保留" if done.kept else ""
    click.echo({"installed": f"已安装提交前钩子 {done.path}：每次 git commit 前校验暂存区中的记录",
                "updated": f"已更新提交前钩子 {done.path}{kept}",
                "unchanged": f"提交前钩子已经装好，没有改动：{done.path}"}[done.status])


@hook.command("uninstall")
@click.pass_obj
def hook_uninstall(obj: Context):
    """删除 wutong hook install 写入的提交前钩子（别的钩子不动；钩子中自己加的命令保留）。

    \b
    例：
      wutong hook uninstall
    """
    from ..validate.git_hooks import uninstall

    done = uninstall(obj.root)
    _say_backup(done)
    if done.kept:
        click.echo(f"已从提交前钩子 {done.path} 中删去 wutong 的部分，你自己加的 {done.kept} 行保留")
    else:
        click.echo(f"已删除提交前钩子 {done.path}")


def _say_backup(done) -> None:
    """Where the hook as it was went, and why wutong could not keep it whole (on stderr)."""
    if done.backup is None:
        return
    renewed = "已删去" if done.status == "removed" else "已换成新的"
    click.echo({"foreign": f"原有的钩子已另存为 {done.backup}",
                "broken": f"原有的钩子已另存为 {done.backup}",
                "edited": "钩子中 wutong 管理的那一段（从 # wutong-hook: 到 # wutong-hook-end）被改动过，"
                          f"{renewed}；改动前的钩子另存为 {done.backup}",
                "old": "这个钩子是旧版 wutong 写的，已换成新的写法（以后 wutong 那一段前后可以加自己的命令）；"
                       f"原钩子另存为 {done.backup}"}[done.why], err=True)


@cli.group()
def new():
    """新建记录：按 templates/new/ 中的模板生成，预填日期、员工和编号，从不覆盖已有文件。"""


STAFF_OPTION = click.option("--staff", envvar="WUTONG_STAFF", metavar="ID",
                            help="员工编号（org.yml 中的 id，或其姓名；也可设环境变量 WUTONG_STAFF）")


@new.command("log")
@STAFF_OPTION
@click.option("--date", "day", type=DAY, help="日期 YYYY-MM-DD（默认今天）")
@click.pass_obj
def new_log(obj: Context, staff, day):
    """新建工作日志（今日完成情况 + 次日工作计划）。

    \b
    例：
      wutong new log --staff li-na
      wutong new log --staff li-na --date 2026-11-26
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
      wutong new slip --staff wang-fang --channel phone --category repair \\
          --unit 3-2-501 --contact "陈先生 13812345678" --to engineering
    """
    from ..authoring.new_record import new_slip as make

    click.echo(make(obj.root, staff, opened, **fields))


@new.command("weekly")
@STAFF_OPTION
@click.option("--date", "day", type=DAY, help="该周内的任一天 YYYY-MM-DD（默认本周）")
@click.pass_obj
def new_weekly(obj: Context, staff, day):
    """新建本周的周报（本周工作 + 下周重点），每周五 14:00 前提交。

    \b
    例：
      wutong new weekly --staff li-na
      wutong new weekly --staff li-na --date 2026-11-27
    """
    from ..authoring.new_record import new_weekly as make

    click.echo(make(obj.root, staff, day))


@new.command("minutes")
@click.option("--kind", required=True, help="会议类型：morning | weekly | monthly | company-weekly | owner-forum | training")
@click.option("--date", "day", type=DAY, help="日期 YYYY-MM-DD（默认今天）")
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
@click.option("--posted", type=DAY, help="张贴日期 YYYY-MM-DD（默认今天）")
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
@click.option("--date", "day", type=DAY, help="日期 YYYY-MM-DD（默认今天）")
@click.pass_obj
def new_desk(obj: Context, staff, day):
    """新建当天的前台登记表（钥匙、包裹、业主卡/车卡/钥匙扣、放行条），在前台的人预填为 --staff。

    \b
    例：
      wutong new desk --staff xu-ting
      wutong new desk --staff xu-ting --date 2026-11-26
    平时用 wutong desk key out 等命令登记即可，当天没有登记表时它们会自动新建。
    """
    from ..authoring.new_record import new_desk as make

    click.echo(make(obj.root, staff, day))


@new.command("renovation")
@click.argument("home")
@click.option("--contractor", required=True, help="施工单位，例如 城南家装工程队")
@click.option("--applied", type=DAY, help="申请日期 YYYY-MM-DD（默认今天），决定档案名中的年月")
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


@new.command("survey")
@click.option("--home", required=True, help="楼栋-单元-房号，例如 3-2-501")
@click.option("--by", "staff", envvar="WUTONG_STAFF", metavar="ID",
              help="做调查的员工编号（org.yml 中的 id，或其姓名；也可设环境变量 WUTONG_STAFF）")
@click.option("--date", "day", type=DAY, help="调查日期 YYYY-MM-DD（默认今天）")
@click.pass_obj
def new_survey(obj: Context, home, staff, day):
    """新建一户的满意度调查 records/surveys/年/月/日期-房号.md，列出 duties.yml 中的全部调查项目，分数留空待填。

    \b
    例：
      wutong new survey --home 3-2-501 --by li-na
      wutong new survey --home 3-2-501 --by li-na --date 2026-11-12
    """
    from ..authoring.new_record import new_survey as make

    click.echo(make(obj.root, home, staff, day))


@new.command("roster")
@click.option("--month", required=True, type=MONTH, metavar="YYYY-MM", help="月份，例如 2026-12")
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
@click.option("--month", required=True, type=MONTH, metavar="YYYY-MM", help="所分析的月份，例如 2026-11")
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


def _role_labels() -> dict[str, str]:
    from ..reference.org import ROLES
    return ROLES


FORCE_OPTION = click.option("--force", is_flag=True, help="输出文件已存在时替换它（默认不覆盖）")


@cli.command()
@click.option("--role", type=cli_chinese.LabelledChoice(["supervisor", "area_manager", "front_desk"], _role_labels),
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
    from ..outputs.calendar import make_calendar
    from ..core.output import check_file

    if output:
        check_file(obj.root, output, force)
    result = make_calendar(obj.root, month, role, staff, fmt)
    _emit(obj.root, result, output, force)


BINARY_TO_SCREEN = "{what}，不能输出到屏幕：请用 -o 写入文件，例如 -o {example}"


def _month_given(ctx: click.Context, month):
    """`--month` is required, but a group cannot mark it so (its subcommands would then need it before their name)."""
    if month is None:
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "month"))
    return month


@cli.group(invoke_without_command=True, subcommand_metavar="[attendance [选项]]")
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
    from ..outputs import report as monthly
    from ..core.output import check_file

    obj: Context = ctx.obj
    month = _month_given(ctx, month)
    if fmt in ("xlsx", "pdf") and not output:
        what = "xlsx 月报是 Excel 文件" if fmt == "xlsx" else "PDF 月报是打印文件"
        raise click.ClickException(BINARY_TO_SCREEN.format(what=what, example=f"{int(month[5:])}月月报.{fmt}"))
    if output:
        check_file(obj.root, output, force)
    _emit(obj.root, monthly.make_report(obj.root, month, fmt), output, force)


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
    from ..outputs import report as monthly
    from ..core.output import check_file

    obj: Context = ctx.obj
    group = ctx.parent
    if group.get_parameter_source("fmt") is click.core.ParameterSource.COMMANDLINE:
        raise click.ClickException("考勤表只有 Excel（xlsx）一种格式：请去掉 --format")
    # `wutong report --month 2026-11 attendance -o …` means the same as with the options after attendance
    month = _month_given(ctx, month or group.params["month"])
    output, force = output or group.params["output"], force or group.params["force"]
    if not output:
        raise click.ClickException(BINARY_TO_SCREEN.format(what="考勤表是 Excel 文件", example=f"{int(month[5:])}月考勤表.xlsx"))
    check_file(obj.root, output, force)
    _emit(obj.root, monthly.make_attendance(obj.root, month), output, force)


@cli.command()
@click.option("--date", "day", type=DAY, help="检查到哪一天为止（含当天，默认昨天）")
@click.option("--since", type=DAY, help="从哪一天查起（默认 --date 之前 30 天，共 31 天）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def check(obj: Context, day, since, fmt):
    """每日检查：职责要求到某天应有、而记录里没有的工作，按人列出，每项一行写明要补什么。

    默认查最近 31 天（到 --date 为止，含当天），缺失不会在月初消失；--since 改起始日。
    工作日志及巡查次数按当月排班表（records/roster/YYYY-MM.yml）查在岗的人，周末值班也查、请假调休的不查；
    没有排班表的月份按法定工作日查，并说明一次。还查周报（周五 14:00 前，遇休息日按职责说明改期）、
    传递单（逾期未完成、完成未回访、回访不满意未重新打开）、部门周例会和月度例会记录、
    会议待办中传递单未完成的事项。有错误的记录（如还没填完的草稿）不参加检查，列在最前面；
    其余记录照常检查。先按人、再列全部门的事项，职责原文只在最后的图例中写一次。
    全部齐全时退出码为 0，有缺失或有错误的记录时为 1。JSON 的各个键见 README“每日检查的输出”。

    \b
    例：
      wutong check                       主管每天早上检查前一天为止的工作
      wutong check --date 2026-11-26
      wutong check --date 2026-11-30 --since 2026-11-01
      wutong check --format json
    """
    from ..check.duty_gaps import run_check
    from ..check.listing import build, format_json, format_text, summary
    from ..core.dates import now

    on = day or now().date() - timedelta(days=1)
    checked = run_check(obj.root, on, since)
    report = build(checked, checked.since, on)
    click.echo(format_json(report) if fmt == "json" else format_text(report), nl=False)
    for note in checked.notes:
        click.echo(note, err=True)
    click.echo(summary(report), err=True)
    sys.exit(1 if report.failed else 0)


def _emit(root: Path, result: str | bytes, output: str | None, force: bool) -> None:
    """Write a rendered document to a file (whole, guarded), or to standard output."""
    from ..core.output import write_file

    if output:
        write_file(root, output, result, force=force)
        click.echo(output, err=True)
    else:
        click.echo(result if isinstance(result, str) else result.decode("utf-8"), nl=False)


@cli.group()
def notice():
    """单元公示栏通知：排成 A4 打印版，每个公示栏一张，催缴函每户一封。"""


@notice.command("render")
@click.argument("path", metavar="路径", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "html_out", metavar="FILE", help="写入 HTML 文件（不写 -o 和 --pdf 时输出到屏幕）")
@click.option("--pdf", "pdf_out", metavar="FILE", help="写入 A4 PDF 文件（需要已安装中文字体）")
@FORCE_OPTION
@click.pass_obj
def notice_render(obj: Context, path, html_out, pdf_out, force):
    """先校验，再排版通知：每个目标单元公示栏一页 A4（页上写明张贴位置）；
    催缴函每户一封，只写本户欠费；收缴情况公示只有户数和收缴率。

    \b
    例：
      wutong notice render records/notices/2026/12/winter-heating.md --pdf 供暖通知.pdf
      wutong notice render records/notices/2026/12/new-year-greeting.md -o 元旦问候.html
    """
    from ..outputs.notices.render import render_notice, to_pdf
    from ..core.output import check_file, write_file

    root = obj.root
    rel = _relative(root, path)[0]
    for target in filter(None, (html_out, pdf_out)):  # refuse before the (slow) layout, not after
        check_file(root, target, force)
    rendered = render_notice(root, rel)
    pdf = to_pdf(rendered) if pdf_out else None
    if html_out:
        write_file(root, html_out, rendered.html, force=force)
    if pdf_out:
        write_file(root, pdf_out, pdf, force=force)
    if not (html_out or pdf_out):
        click.echo(rendered.html, nl=False)
    places = "、".join(sheet.place for sheet in rendered.sheets[:6]) + (" 等" if len(rendered.sheets) > 6 else "")
    click.echo(f"{len(rendered.sheets)} 张：{places}", err=True)


@cli.command()
@click.option("-d", "--site-dir", metavar="DIR",
              help="输出目录（默认：仓库根目录下的 site/）；只能是不存在的、空的或以前生成的站点目录")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="生成站点所用的程序：mkdocs（mkdocs-material，默认）或 zensical（其后继，见 README）")
@click.pass_obj
def build(obj: Context, site_dir, engine):
    """校验全部记录，再以严格模式生成工作手册站点（site/）。

    有校验错误时不生成，并列出全部错误（与 wutong validate 相同）。生成的站点
    不联网也能用：放到内网任意静态服务器上，或直接用浏览器打开 site/index.html。

    \b
    例：
      wutong build                       生成 site/
      wutong build -d /srv/www/handbook  生成到内网服务器的目录
      wutong build --engine zensical     用 Zensical 生成同样的站点
    """
    from ..core.output import check_site_dir
    from ..validate.pipeline import validated

    if engine == "zensical":
        from ..outputs.site.zensical_build import build_site, require_zensical
        require_zensical()  # before the validation: a missing engine should not wait for it
    else:
        from ..outputs.site.build import build_site

    root = obj.root
    site_dir = site_dir or root / "site"
    check_site_dir(root, site_dir)  # before the validation: a refusal should not wait for it
    report = validated(root, summary="记录有 {errors} 个错误，未生成站点：改正后再运行 wutong build")
    try:
        stats = build_site(root, report, site_dir)
    except KeyboardInterrupt:
        raise click.ClickException("已中断：站点没有生成完，原来的站点未改动") from None
    except Exception as exc:  # mkdocs reports strict-mode warnings and config errors as exceptions
        from mkdocs.exceptions import MkDocsException
        if isinstance(exc, MkDocsException):
            raise click.ClickException(f"站点生成失败：{exc}") from None
        raise
    click.echo(f"已生成站点 {stats['site_dir']}：{len(report.records)} 份记录，"
               f"检索索引 {stats.get('index_bytes', 0) / 1024:.0f} KB", err=True)


@cli.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT", help="预览地址")
@click.pass_obj
def serve(obj: Context, dev_addr):
    """在本机预览工作手册站点；改动 records/ 或 handbook/ 后自动重新生成并刷新。

    准备好后打印预览地址。有错误的记录（如还没填完的新记录）不会让预览停下：
    站点用其余记录生成，每页顶部列出这些错误（文件:行号、说明和处理办法），改正后自动刷新。
    org.yml、duties.yml、calendar.yml 或 mkdocs.yml 有错误时，预览保留上一次生成的站点并在每页顶部说明原因。
    发布用的 wutong build 仍然严格：有任何错误都不生成。

    \b
    例：
      wutong serve                       打开 http://127.0.0.1:8000/
      wutong serve -a 0.0.0.0:8000       让同一内网的电脑也能访问
    """
    from ..outputs.site.serve import serve_site

    serve_site(obj.root, dev_addr, say=click.echo)


@cli.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=True, dir_okay=True, path_type=Path))
@click.option("--estate", metavar="NAME", help="小区名，写进站点标题和各文件的说明（默认：DIR 的名字）")
def init(directory, estate):
    """为一个小区建立新的记录仓库：写好后立即能通过校验、生成站点。

    DIR 必须不存在或是空目录。写入基础资料样板 records/org.yml（须换成本小区的真实资料）、
    岗位职责 records/duties.yml、节假日 records/calendar.yml、站点配置 mkdocs.yml、
    首页 handbook/index.md、.gitignore、.pre-commit-config.yaml、
    Gitea Actions 的 CI（.gitea/workflows/wutong.yml）和服务器端钩子 hooks/pre-receive。

    \b
    例：
      wutong init 银杏苑                      在 ./银杏苑 中建立，小区名为 银杏苑
      wutong init /srv/records --estate 银杏苑
    """
    import shlex

    from ..authoring.new_estate import init as make

    written = make(directory, estate)
    click.echo(f"已建立记录仓库 {directory}（{len(written)} 个文件）。下一步：\n"
               f"  1. 把 records/org.yml 中的示例换成本小区的员工、部门、片区和楼栋，运行 wutong validate\n"
               f"  2. cd {shlex.quote(str(directory))} && git init -b main && git add -A && git commit -m \"建立记录仓库\"\n"
               f"  3. wutong hook install（以后每次提交前自动校验）")


# commands that may end without freeing what they built (`main`): they write through output.py
# (closed files) and start nothing that outlives them
QUICK_EXIT = frozenset({"validate", "report", "check"})
_ran: list[str] = []   # the subcommand this process ran last (`Wutong.invoke`), one item at most


def main():
    """The `wutong` console script (pyproject.toml's entry point).

    After `validate`, `report` or `check` over five years of records the process holds
    millions of small objects, and freeing them one by one at exit took longer than
    a warm validation's own checks (about 0.2 s of 1.5 at 50,000 records). So once such
    a command has finished and asked to exit with a status, the exit handlers run, both
    streams are flushed, and the process ends there (`os._exit`) with that same status,
    leaving the memory to the operating system. Anything unusual (a message as the
    exit value, a stream that cannot be flushed) takes Python's ordinary way out.
    """
    try:
        cli(prog_name="wutong")
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if not (_ran and _ran[-1] in QUICK_EXIT) or type(code) is not int:
            raise
        import atexit

        atexit._run_exitfuncs()   # what an ordinary exit would run (none is registered by wutong itself)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:   # a closed pipe: Python's own way reports it and sets the status
            raise exc from None
        os._exit(code)


def _add_quick_entry() -> None:
    from .desk import desk, renovation  # the front desk's quick-entry commands, one page of their own
    cli.add_command(desk)
    cli.add_command(renovation)


_add_quick_entry()
