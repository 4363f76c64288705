"""`wutong init`: a new records repository for one estate, valid and buildable as written."""

from __future__ import annotations

from pathlib import Path

import click

from .chinese import Command


@click.command(cls=Command)
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
