"""`wutong build` and `wutong serve`: the handbook site, built strictly for publishing or previewed while editing."""

from __future__ import annotations

import click

from .chinese import Command
from .options import Context


@click.command(cls=Command)
@click.option("-d", "--site-dir", metavar="DIR",
              help="输出目录（默认：仓库根目录下的 site/）；只能是不存在的、空的或以前生成的站点目录")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="生成站点所用的程序：mkdocs（mkdocs-material，默认）或 zensical（其后继，见工作手册“参考 › 工作手册站点”）")
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


@click.command(cls=Command)
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
