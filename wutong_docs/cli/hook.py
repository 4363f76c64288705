"""`wutong hook install|uninstall`: the git pre-commit hook that runs `wutong validate --staged`."""

from __future__ import annotations

import click

from .chinese import Group
from .options import Context


@click.group(cls=Group)
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
