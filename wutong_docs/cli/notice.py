"""`wutong notice render`: a notice laid out for the unit notice boards, one A4 sheet per board (or per household)."""

from __future__ import annotations

import click

from .chinese import Group
from .options import FORCE_OPTION, Context, relative


@click.group(cls=Group)
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
    from ..core.output import check_file, write_file
    from ..outputs.notices.render import render_notice, to_pdf

    root = obj.root
    rel = relative(root, path)[0]
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
