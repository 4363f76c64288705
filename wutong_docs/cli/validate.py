"""`wutong validate`: every problem in the records, one line each, and an exit status for scripts and the hook."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .chinese import Command
from .options import Context, relative


@click.command(cls=Command)
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
    outcome = None
    if staged:
        outcome = _validate_staged(root, paths)
        report = outcome.report
    else:
        from ..validate.pipeline import validate as run

        rels = sorted({rel for given in paths for rel in relative(root, given)}) if paths else None
        report = run(root, rels)
    found = report.problems
    click.echo(P.format_json(found) if fmt == "json" else P.format_text(found), nl=False)
    errors = sum(p.severity == P.ERROR for p in found)
    warnings = len(found) - errors
    if outcome is not None:  # the hook: one line with one count of files, the staged ones or all
        click.echo(outcome.summary(errors, warnings), err=True)
    else:
        click.echo(f"已校验 {report.checked} 个文件：{errors} 个错误，{warnings} 个警告", err=True)
    if staged and errors:
        click.echo("校验的是暂存区（git add 过的内容）：改正后请再 git add，然后提交", err=True)
    sys.exit(1 if errors else 0)


def _validate_staged(root: Path, paths):
    """`validate --staged`: what `git commit` would record, validated; exits 0 when records/ is untouched."""
    from ..validate.staged_files import validate_staged

    if paths:
        raise click.ClickException("--staged 校验的是暂存区中的全部改动，不能同时指定路径")
    outcome = validate_staged(root)
    if outcome is None:
        click.echo("暂存区中没有 records/ 下的改动，不需要校验", err=True)
        sys.exit(0)
    return outcome
