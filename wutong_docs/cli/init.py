"""`wutong init`: a new records repository for one estate, valid and buildable as written.

The Git server (mkdocs.yml's repo_url and edit_uri) comes from the options, or is asked
for when they are absent and someone sits at a terminal (stdin is one), or with --ask.
Without a terminal (CI, a script, a test) nothing is asked: init never waits on input
no one will type, and the two lines are written commented out.
"""

from __future__ import annotations

from pathlib import Path

import click

from .chinese import Command

ASK_URL = "记录仓库在 Git 服务器（Gitea）上的网址（没有就直接回车）"
ASK_BRANCH = "分支"


@click.command(cls=Command)
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=True, dir_okay=True, path_type=Path))
@click.option("--estate", metavar="NAME", help="小区名，写进站点标题和各文件的说明（默认：DIR 的名字）")
@click.option("--repo-url", metavar="URL",
              help="记录仓库在 Git 服务器上的网址，站点上的“在线修改”“我的今天”链接到它的网页编辑器")
@click.option("--branch", metavar="NAME", help="记录所在的分支（默认：main）")
@click.option("--server", type=click.Choice(["gitea", "github"]),
              help="Git 服务器的种类（默认：网址在 github.com 上的是 github，其余是 gitea）")
@click.option("--ask/--no-ask", default=None,
              help="没给 --repo-url 时是否询问 Git 服务器（默认：在终端中运行时询问）")
def init(directory, estate, repo_url, branch, server, ask):
    """为一个小区建立新的记录仓库：写好后立即能通过校验、生成站点。

    DIR 必须不存在或是空目录。写入基础资料样板 records/org.yml（须换成本小区的真实资料）、
    岗位职责 records/duties.yml、节假日 records/calendar.yml、站点配置 mkdocs.yml、
    首页 handbook/index.md、.gitignore、.pre-commit-config.yaml、
    Gitea Actions 的 CI（.gitea/workflows/wutong.yml）和服务器端钩子 hooks/pre-receive。
    mkdocs.yml 的 repo_url、edit_uri 写 Git 服务器的网址和分支；没给 --repo-url 时在终端中询问，
    不填则这两行写成注释，以后再填。

    \b
    例：
      wutong init 银杏苑                      在 ./银杏苑 中建立，小区名为 银杏苑
      wutong init /srv/records --estate 银杏苑 --repo-url https://git.example.org/yinxing/records
    """
    import os
    import shlex

    from ..authoring import new_estate

    # a folder that cannot be filled is refused before any question is asked
    new_estate.destination(Path(os.path.abspath(directory)))
    new_estate.check_estate(estate if estate is not None else Path(os.path.abspath(directory)).name)
    if repo_url is None and (ask if ask is not None else _stdin_is_a_terminal()):
        repo_url, branch = _ask(branch, server)
    git = new_estate.server_settings(repo_url and repo_url.strip(), "main" if branch is None else branch, server)
    written = new_estate.init(directory, estate, git=git)
    first = shlex.quote(branch) if git and branch else "main"   # the branch the site's links open
    click.echo(f"已建立记录仓库 {directory}（{len(written)} 个文件）。下一步：\n"
               f"  1. 把 records/org.yml 中的示例换成本小区的员工、部门、片区和楼栋，运行 wutong validate\n"
               f"  2. cd {shlex.quote(str(directory))} && git init -b {first} && git add -A && git commit -m \"建立记录仓库\"\n"
               f"  3. wutong hook install（以后每次提交前自动校验）")
    if git is None:
        click.echo("  4. 有了 Git 服务器上的记录仓库后，在 mkdocs.yml 中填上 repo_url 和 edit_uri（见其中的注释），"
                   "站点上就有“在线修改”链接")


def _stdin_is_a_terminal() -> bool:
    """Someone can answer: stdin is a terminal (not CI, a pipe or a test's runner)."""
    import sys

    return sys.stdin is not None and sys.stdin.isatty()


def _ask(branch: str | None, server: str | None) -> tuple[str | None, str | None]:
    """The Git server's address and branch, each asked until the site can link to it; (None, branch) for none.

    A --branch given on the command line is not asked for; when it is bad, init ends as it would without asking.
    """
    from ..authoring.new_estate import server_settings

    url = _answer(ASK_URL, "", "--repo-url", lambda value: server_settings(value, "main" if branch is None else branch, server))
    if not url or branch is not None:
        return url or None, branch
    return url, _answer(ASK_BRANCH, "main", "--branch", lambda value: server_settings(url, value, server))


def _answer(question: str, default: str, option: str, check) -> str:
    """The answer to `question`, asked again while `check` refuses it as a bad `option`; other refusals end init."""
    from ..authoring.new_estate import ServerOptionError

    while True:
        value = click.prompt(question, default=default, show_default=bool(default)).strip()
        try:
            check(value)
            return value
        except ServerOptionError as exc:
            if exc.option != option:
                raise
            click.echo(f"错误：{exc.reason}；请重新输入", err=True)
