"""The `wutong` command group: global options, errors turned into one line, and the process's exit.

Each command lives in the module named after it (validate.py, new.py, report.py, site.py for
build and serve, …) and imports the library inside its function, so that `wutong --help`
stays instant; this module only gathers them (`_add_commands`). Library errors
(`errors.WutongError`) become a one-line error only here, at the edge, in one place
(`Wutong.invoke`): invalid records (`ProblemsError`) are printed as `wutong validate` prints
them, then the summary.
"""

from __future__ import annotations

import os
import sys

import click

from . import chinese as cli_chinese
from .options import Context

cli_chinese.install()  # before the decorators below read click's texts


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
      wutong new log --staff 员工编号     新建今天的工作日志
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
      wutong desk parcel in 6-1-302 --carrier 顺丰 --staff 员工编号
                                          前台登记一件代收包裹（钥匙、业主卡、放行条同理）
      wutong renovation event 3-2-501 waste_started --staff 员工编号
                                          在装修档案中记一条记录
      wutong slip done 传递单编号 --by 员工编号
                                          传递单记一步：派工、开始、完成、回访、关闭等

    例子中的“员工编号”请换成 records/org.yml 中自己的编号（staff 的 id），“传递单编号”换成传递单的文件名（不带 .md）。
    """
    from ..validate import cache as validate_cache

    validate_cache.switch(on=not no_cache)  # every run says it, so one run's --no-cache never outlives it
    ctx.obj = Context(root)


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


def _add_commands() -> None:
    """Every command, in the order the handbook's command reference lists them (`wutong --help` sorts by name)."""
    from . import calendar, check, desk, hook, init, new, notice, report, site, slip, validate

    for command in (validate.validate, hook.hook, new.new, calendar.calendar, report.report, check.check,
                    notice.notice, site.build, site.serve, init.init,
                    desk.desk, desk.renovation,  # the front desk's quick-entry commands, one page of their own
                    slip.slip):  # a slip's next step, recorded as the desk's entries are
        cli.add_command(command)


_add_commands()
